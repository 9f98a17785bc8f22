// What the run of every drill target carries through its steps — spec, journal, run directory,
// measurements, findings — and the helper they all use to run a journaled step. A target's run
// derives from it (PostgreSQL: drill_context.hpp; MariaDB, Redis, etcd, S3: mariadb_run.hpp,
// redis_run.hpp, etcd_run.hpp, s3_run.hpp, through key_value_run.hpp) and gives back what it
// started in cleanup(), which the runner calls exactly once, whatever happened (runner.cpp).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/journal.hpp"
#include "drills/process.hpp"
#include "drills/scratch.hpp"
#include "model/outcome.hpp"

namespace drsim::drills {

// The restore could not be completed or verified: a finding (exit 1), not an environment error.
class DrillFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A step overran its timeout (also a finding: recovery did not finish in the allowed time).
class StepTimeout : public DrillFailure {
 public:
  using DrillFailure::DrillFailure;
};

// What a step reports into the journal.
struct StepLog {
  std::string detail;
  std::string output;
};

// A server log a cleanup keeps next to the journal (as `<run id>-<name>`): evidence.
struct KeptLog {
  std::string file;
  std::string name;
};

struct RunState {
  RunState(const DrillSpec& s, Journal& j, std::function<void(const std::string&)> p)
      : spec(s), journal(j), progress(std::move(p)) {}
  RunState(const RunState&) = delete;
  RunState& operator=(const RunState&) = delete;
  virtual ~RunState() = default;

  const DrillSpec& spec;
  Journal& journal;
  std::function<void(const std::string&)> progress;
  std::unique_ptr<RunDir> run;

  // Measurements, in journal seconds: the declared loss, the restored copy answering, accepting
  // a write (the RTO ends there).
  std::optional<double> t0, answers, writable;
  std::optional<double> rpo_s;
  std::string rpo_detail;
  std::vector<std::string> findings;

  // Runs `f` as journaled step `name`; failures are journaled with their status and rethrown.
  // Returns the step's index in the journal.
  std::size_t step(const std::string& name, const std::function<void(StepLog&)>& f);
  // Polls `ready` every 20 ms until it returns true; throws StepTimeout after the step's timeout
  // and, when `stopped` returns a reason, DrillFailure with it.
  void poll(const std::string& step, const std::function<bool()>& ready,
            const std::function<std::string()>& stopped = {});

  // Reaps what killed runs left in the state root, then creates this run's directory (`run`)
  // and records the journal in it, so `drsim drill cleanup` can close it if the runner is killed.
  void open_run_dir(const std::string& os_user);

  // The tools check of every preflight: each of `needed` must be an executable file in
  // scratch.bin_dir (else EnvironmentError "<what> <path> is missing" with `hint`), and each of
  // `runs` that is there — every program of bin_dir the target may run — must be trusted
  // (check_trusted_program: owned by root or drsim's user, not writable by others).
  void check_tools(const std::vector<std::string>& needed, const std::vector<std::string>& runs,
                   const std::string& what, const std::string& hint) const;
  // The path of program `name` of scratch.bin_dir.
  std::string bin(const std::string& name) const { return spec.scratch.bin_dir + "/" + name; }
  // Runs a tool of the target to completion with the step's timeout (`input` on its standard
  // input: a password it asks for), recorded in the run directory while it runs.
  platform::ProcessResult run_command(const std::string& step, std::vector<std::string> argv,
                                      std::string input = {}, std::string missing_hint = {});
  // The same for a process described in full (its standard input from a file, say); the step's
  // timeout and the recording are set here.
  platform::ProcessResult run_command(const std::string& step, platform::ProcessSpec p);
  // Throws StepTimeout if `r` timed out, else, if it failed, EnvironmentError
  // (`environment_problem`) or DrillFailure saying `what` failed with first_error_line().
  void expect_ok(const platform::ProcessResult& r, const std::string& step, const std::string& what,
                 bool environment_problem) const;

  // The cleanup step every target's cleanup() runs (the first call does the work, later ones
  // nothing): `release` stops what the target started (servers, heartbeat) and says so in
  // `detail`, naming the logs to keep; then the logs are copied next to the journal and the run
  // directory is removed. Never throws.
  void cleanup_step(
      const std::function<void(std::string& detail, std::vector<KeptLog>& logs)>& release) noexcept;
  // The RPO from the heartbeat: the source's last acknowledged beat against the one found in the
  // restored copy (Unix ms); sets rpo_s and rpo_detail and says so in `log`.
  void rpo_from_beats(long long last_ms, double restored_ms, StepLog& log);

  // How the copy was restored, for the result ("pg_dump archive restored").
  virtual std::string restored_how() const = 0;
  // What it was restored into ("a scratch instance").
  virtual std::string restored_into() const = 0;
  // Stops and removes everything the run started. Never throws; the first call does the work.
  virtual void cleanup() noexcept = 0;

 private:
  bool cleaned_up_ = false;
};

// Seconds since the Unix epoch, now; and such a time as ISO 8601 UTC to the second.
double epoch_now();
std::string iso_utc(double epoch_s);

// The first line of a tool's output that reports an error (error, FATAL, PANIC), else its last
// non-empty line.
std::string first_error_line(const std::string& output);
// The last line of a tool's output that mentions "error" ("" if none).
std::string last_error_line(const std::string& output);

// The drill's result (drill_result.cpp) in the shared shape (kind "drill"); `failed`:
// verification failed or the drill stopped; `stopped`: why the drill stopped before judging its
// restore ("" when it did not).
RunResult build_result(const RunState& c, bool failed, const std::string& stopped = {});

}  // namespace drsim::drills
