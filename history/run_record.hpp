// One drill run as the history keeps it (docs/history.md "Schema"): what `drsim drill run`
// produced — the result in the shared drsim.result/1 shape and the journal of every step — taken
// over field by field, never re-derived, plus what the run was given from outside (the drill's
// max_age policy, the files it wrote). record_of() builds one from a finished or stopped drill.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace drsim::drills {
struct DrillOutcome;
}

namespace drsim::history {

// One journal step.
struct StepRecord {
  std::string name;
  std::string status;            // ok, failed, timeout, interrupted, skipped, running
  std::string begin_at, end_at;  // ISO 8601 UTC; end_at "" if it never ended
  double begin_s = 0;            // seconds since the drill started
  std::optional<double> end_s;
  std::string detail, error;
  // end_s - begin_s, none for a step that never ended.
  std::optional<double> duration_s() const;
};

// One judged objective of the run's target.
struct ObjectiveRecord {
  std::string kind;  // rto, rpo
  std::optional<double> target_s, achieved_s;
  std::string verdict;  // met, breached, not_applicable, missing_policy
};

// One table compared with the source (the journal's evidence.tables).
struct TableCheck {
  std::string database, table;
  std::optional<long long> source_rows, restored_rows;  // none: not read
  std::string source_checksum, restored_checksum;       // "" when not read
};

struct RunRecord {
  long long id = 0;          // the history's run id (RUN_ID), given by Store::record()
  std::string drill_run_id;  // the journal's run id ("orders-pitr-Ab12Cd"); "" before preflight
  std::string drill;         // the drill's name
  std::string target;        // the service id the drill restores
  std::string method;        // pitr, logical, failover
  std::string status;        // passed, failed, interrupted, error
  std::string started_at, ended_at;  // ISO 8601 UTC with milliseconds
  std::string drsim_version;
  std::string spec_file, spec_checksum;  // the drill file and "sha256:<hex>" of its bytes
  std::optional<double> max_age_s;       // the drill's max_age; none: not given
  std::optional<double> t0_s;            // the declared loss, seconds after the start
  std::optional<double> rto_s, rpo_s;    // as the result has them: none = not reached / measured
  std::string impact, recovery_process, data_loss;
  std::vector<ObjectiveRecord> objectives;
  std::vector<StepRecord> steps;
  std::vector<TableCheck> tables;
  std::vector<std::string> findings, notes;
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();  // the journal's evidence
  std::string journal_file, result_file;                               // "" when not written

  bool passed() const { return status == "passed"; }
  // A run that got to judge its restore (passed or failed), not one stopped on the way.
  bool completed() const { return status == "passed" || status == "failed"; }
  // A failover drill (a replica promoted); every other method restores a backup (pitr, logical).
  bool failover() const;
};

// What a run was given from outside its outcome.
struct RunFiles {
  std::string journal;  // the journal file written, "" for none
  std::string result;   // the result file written, "" for none
};

// The record of `outcome`: its result (drill, target, version, spec checksum, RTO, RPO,
// objectives, impact) and journal (run id, method, status, times, steps, evidence, notes) and
// findings; `max_age_s` from the drill spec. Times are normalised to milliseconds; the run ends
// when its last step does.
RunRecord record_of(const drills::DrillOutcome& outcome, std::optional<double> max_age_s,
                    const RunFiles& files);

// The record as JSON ("drsim.history-run/1", docs/history.md); `full` adds steps, objectives,
// tables, findings, notes and evidence (history show), else only the run's own fields (list).
nlohmann::ordered_json to_json(const RunRecord& run, bool full);

}  // namespace drsim::history
