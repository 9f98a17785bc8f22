// Analytic bounds behind `drsim analyze`: per data set, the worst-case and mean RPO for the loss
// of the primary's zone, region and vendor, and for logical corruption found after a delay, plus
// RTO lower bounds from the recovery procedures — instantly, without simulating.
//
// RPO bounds do not restate the RPO rule: they evaluate achieved_rpo() (recovery_points.hpp)
// over every fault time in one schedule period (the least common multiple of the backup
// periods, at most 30 days) in steady state. Between two events (a run arriving at or expiring
// from a location, or falling out of a log archive's reach) the achieved RPO is linear in the
// fault time, so evaluating it 1 ms inside both ends of each interval and extrapolating gives
// the exact supremum (worst case; the value approached just before a copy lands, e.g.
// 24 h 20 min in worked case 1) and the exact time average (mean) over the period. Schedules
// that run more often than once a minute (log archives, object versions, and snapshots, dumps or
// copies every few seconds) are treated as continuous, so the sweep's cost does not grow with
// their frequency; their bounds are exact to within that interval (a backup run's worst case
// gets one period added, so it stays a bound).
//
// RTO lower bounds come from the recovery planner (planner.hpp), the same plan `simulate`
// executes: the sum of its fixed steps, transfers priced alone at their route's bottleneck
// bandwidth, and the on-call gate no earlier than the team can have decided
// (plan_terms()). Queueing on shared links, waits for other services and dependencies only add
// time in a simulation, so the bound holds for any scenario of that loss alone. A plan that waits
// for the outage or is blocked has no bound ("never"). The bound is the smallest over the fault
// phases the RPO sweep evaluates, since log replay and the point restored change with the phase.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/planner.hpp"
#include "engine/core/recovery_points.hpp"
#include "model/model.hpp"

namespace drsim::engine {

// Bounds for one kind of loss of one service.
struct LossBound {
  std::string loss;             // "zone", "region", "vendor", "corruption"
  std::string target;           // the lost domain ("apse2-az1"), or the service for corruption
  bool rpo_applicable = false;  // false: the service holds no data (RPO fields stay empty)
  // RPO over the fault phase; nullopt worst = at some phase there is no recovery point.
  std::optional<double> rpo_worst_s;
  std::optional<double> rpo_mean_s;  // time average; nullopt unless a point always exists
  std::optional<double> rpo_best_s;
  double catastrophic_fraction = 0;  // share of the period with no recovery point, 0..1
  // Fault time (s since epoch) where the worst case was evaluated: 1 ms inside the interval
  // whose end it approaches (e.g. just before a copy lands), or the first phase without a
  // recovery point.
  double worst_phase_s = 0;
  std::string worst_explanation;  // the recovery point used at the worst phase
  // RTO lower bound and its terms for the recovery point at the worst phase; nullopt = no
  // procedure can bring the service back.
  std::optional<double> rto_lower_s;
  std::vector<RtoTerm> rto_terms;
  Procedure rto_via = Procedure::kNone;  // the plan's procedure
};

struct ServiceBounds {
  std::string service;
  bool stateful = false;
  std::vector<LossBound> losses;  // zone, region, vendor (those that exist), then corruption
};

struct AnalyzeOptions {
  double detect_after_s = 3600;  // corruption: seconds until the damage is noticed
};

struct Analysis {
  double period_s = 86400;   // the schedule period swept
  double steady_from_s = 0;  // start of the swept period (s since epoch)
  double detect_after_s = 3600;
  std::vector<ServiceBounds> services;  // model order
};

// Worst-case/mean/best RPO of `service` over fault times in [from_s, from_s + period_s) for
// `loss` (its fault_s and detected_s are shifted along; detected_s - fault_s stays fixed), with
// the points the planner's procedures may use. Fills the RPO fields of a LossBound (loss/target
// left empty). `visit`, if given, is called with every fault time the sweep evaluates and the
// point the planner would restore then (nullptr: none).
LossBound sweep_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss,
                    double from_s, double period_s,
                    const std::function<void(double, const RecoveryPoint*)>& visit = nullptr);

// RTO lower bound of `service` under `situation` (the plan from its normal state); fills
// rto_lower_s, rto_terms and rto_via of `out`.
void rto_lower_bound(const model::Model& m, const model::Service& service,
                     const Situation& situation, LossBound& out);

// The period swept by analyze(): LCM of the backup periods (whole seconds) of the model, capped at
// 30 days (then the longest); 86400 without backups. A backup whose runs can expire before the
// next one has landed and damage found `detect_after_s` later is noticed (an hourly snapshot
// kept only as the first run of each day) adds its retention calendars too — 1 d for daily,
// 7 d for weekly, 30 d for monthly rules — since which runs are kept repeats with them.
double schedule_period(const model::Model& m, double detect_after_s = 0);

// The first start of a schedule period at which every backup has run and landed at least once
// (and logical damage found `detect_after_s` later has history too), and not before
// `not_before_s`: where analyze() sweeps from, and the moment blast-radius assumes for its
// recovery plans.
double steady_state_start(const model::Model& m, double detect_after_s, double not_before_s = 0);

// Bounds for every service of the model, in model order.
Analysis analyze(const model::Model& m, const AnalyzeOptions& options = {});

}  // namespace drsim::engine
