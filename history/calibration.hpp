// Calibration: what drills measured, set against what the model predicts for the same recovery
// (docs/history.md "Calibration"). `drsim calibrate MODEL` reads the passed runs of every target
// that is a service of the model and compares, per service:
//
//  * restore drills (pitr, logical), run by run:
//    - restored size: the bytes the restore moved (the journal's evidence.restore.bytes: the base
//      backup copied, or the size of the database pg_restore built) — model: data.size;
//    - restore rate: those bytes / the duration of the step that moved them (copy_base, restore)
//      — model: the route's bandwidth from the backup's store to the primary's zone
//      (engine::restore_bandwidth) × restore.throughput;
//    - restore overhead: the RTO less that step — everything else until writable: checking the
//      archive, the first-start flush, starting the server and log replay — model:
//      restore.overhead;
//    - restore time: the RTO — model: the overhead plus the measured size at the model's rate,
//      i.e. what the model predicts for the restore the drill did;
//  * failover drills: promotion, the RTO — model: failover.promotion (in-region scope).
//
// Drift is (model − measured) / measured: +50 % means the model says half as much again as was
// measured (a time too pessimistic, a rate too optimistic). The measured value is the median of
// the runs as a `samples` distribution takes it, so a simulation with the calibrated overlay uses
// exactly that value.
//
// The calibrated figures, written as an overlay (model/overlay.hpp), are the runs' own values:
// restore.overhead and failover.promotion as `samples`, restore.throughput as `samples` of each
// run's rate over the route's bandwidth (at most 1: a drill that copied faster than the model's
// route is noted, and the route stays the limit), and data.size as the newest run's bytes.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "history/run_record.hpp"
#include "model/model.hpp"

namespace drsim::history {

enum class Figure { kRestoredSize, kRestoreRate, kRestoreOverhead, kRestoreTime, kPromotion };
const char* to_string(Figure f);  // "restored_size", "restore_rate", ...
const char* label(Figure f);      // "restored size", "restore rate", ...

struct FigureRow {
  Figure figure = Figure::kRestoreTime;
  std::optional<double> model;     // the model's value (its median); none: it has none
  std::vector<double> samples;     // each run's value, oldest run first
  std::optional<double> measured;  // the median of samples; none without samples
  std::optional<double> drift;     // (model − measured) / measured; none without both or at 0
};

struct ServiceCalibration {
  std::string service;
  std::vector<long long> restore_runs, failover_runs;  // run ids measured, oldest first
  std::vector<FigureRow> figures;                      // in Figure order, those measured
  std::vector<std::string> notes;                      // what a reader must know about a figure
  // The calibrated values the overlay writes (empty / none: not calibrated).
  std::optional<double> size;
  std::vector<double> overhead, throughput, promotion;
  std::string failover_mode;  // the model's, which the overlay repeats beside promotion

  const FigureRow* find(Figure f) const;
};

struct Calibration {
  int last = 0;                              // runs per target and kind, newest passed ones
  std::vector<ServiceCalibration> services;  // drilled services, in model order
  std::vector<std::string> not_in_model;     // drilled targets that are no service of the model
};

// The calibration of `m` from `runs` (any order, any target): for each service, its `last` newest
// passed restore runs and failover runs. The runs' own fields choose them (Store::runs() gives
// those); `complete` gives the whole record (steps, evidence) of each restore run chosen, so a
// long history is not read in full. Without it, `runs` must be whole already.
Calibration calibrate(const model::Model& m, const std::vector<RunRecord>& runs, int last,
                      const std::function<RunRecord(const RunRecord&)>& complete = nullptr);

// "drsim.calibration/1" (docs/history.md "Calibration").
nlohmann::ordered_json to_json(const Calibration& c, const std::string& model_source,
                               const std::string& history);
// The table and notes as text (`markdown` false) or a Markdown section.
std::string calibration_text(const Calibration& c, const std::string& model_source,
                             const std::string& history, bool markdown);
// The calibrated figures as an overlay of the model, in YAML, with a header saying where they
// came from; "" when nothing was calibrated.
std::string calibration_overlay(const Calibration& c, const std::string& model_source,
                                const std::string& history);

}  // namespace drsim::history
