// The drill journal (docs/drill-format.md, "Journal"): every step the runner takes with its
// begin and end (wall clock and seconds since the drill started), status, an excerpt of the
// tools' output and the error. It is rewritten to disk after every step change, so a runner
// killed mid-drill leaves a journal saying how far it got. Secrets never reach it: they are kept
// out of every text where the text is built (conninfo rendering masks passwords), not searched
// for afterwards.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace drsim::drills {

struct JournalStep {
  std::string name;
  std::string status = "running";  // running, ok, failed, timeout, interrupted, skipped
  std::string begin_at;            // ISO 8601 UTC with milliseconds
  std::string end_at;
  double begin_s = 0;  // seconds since the drill started
  double end_s = 0;
  std::string detail;  // one human line
  std::string output;  // excerpt of tool output (last 2000 characters)
  std::string error;
};

class Journal {
 public:
  // `path` "" keeps the journal in memory only.
  Journal(std::string drill, std::string method, std::string run_id, std::string path);

  // Starts a step; returns its index.
  std::size_t begin(const std::string& name);
  // Ends step `i` with `status`; the output is cut to its last 2000 characters.
  void end(std::size_t i, const std::string& status, const std::string& detail = {},
           const std::string& output = {}, const std::string& error = {});
  // Records a step that did not run and why.
  void skip(const std::string& name, const std::string& why);

  // Seconds since the drill started (monotonic clock).
  double now_s() const;
  // Overall outcome: running, passed, failed, error, interrupted.
  void set_status(const std::string& status) { status_ = status; }
  void set_t0(double t0_s) { t0_s_ = t0_s; }
  void set_run_id(const std::string& id) { run_id_ = id; }
  void set_measures(std::optional<double> rto_s, std::optional<double> rpo_s) {
    rto_s_ = rto_s;
    rpo_s_ = rpo_s;
  }
  void add_finding(const std::string& reason) { findings_.push_back(reason); }
  void add_note(const std::string& note) { notes_.push_back(note); }
  // Evidence an auditor needs (docs/drill-format.md, "Journal"): `evidence.<key>` is set to
  // `value`, or gets `item` appended.
  void set_evidence(const std::string& key, nlohmann::ordered_json value) {
    evidence_[key] = std::move(value);
  }
  void add_evidence_item(const std::string& key, nlohmann::ordered_json item) {
    evidence_[key].push_back(std::move(item));
  }

  const std::vector<JournalStep>& steps() const { return steps_; }
  const std::vector<std::string>& findings() const { return findings_; }
  const std::vector<std::string>& notes() const { return notes_; }
  const std::string& status() const { return status_; }
  std::optional<double> t0_s() const { return t0_s_; }
  const std::string& started_at() const { return started_at_; }
  const std::string& path() const { return path_; }

  nlohmann::ordered_json to_json() const;
  // Writes the journal to its path (atomically: temporary file, then rename); no-op without one.
  void flush() const;

 private:
  std::string drill_, method_, run_id_, path_;
  std::vector<JournalStep> steps_;
  std::vector<std::string> findings_, notes_;
  nlohmann::ordered_json evidence_ = nlohmann::ordered_json::object();
  std::string status_ = "running";
  std::string started_at_;
  std::optional<double> t0_s_, rto_s_, rpo_s_;
  std::chrono::steady_clock::time_point start_;
};

// The current UTC time as ISO 8601 with milliseconds ("2026-11-22T03:00:00.123Z").
std::string iso_now();

}  // namespace drsim::drills
