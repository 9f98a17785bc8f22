#include "drills/runner.hpp"

#include <algorithm>
#include <csignal>
#include <exception>
#include <optional>

#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/etcd_run.hpp"
#include "drills/mariadb_run.hpp"
#include "drills/redis_run.hpp"
#include "drills/s3_run.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::drills {

ReapReport cleanup_drills(const std::string& state_dir) { return reap_stale_runs(state_dir); }

namespace {

// A PostgreSQL drill's own steps.
void run_postgresql(Context& c, bool& past_preflight) {
  const DrillSpec& spec = c.spec;
  auto keys = parse_conninfo(spec.source.conninfo);
  keys.erase("password");
  c.source_conninfo = format_conninfo(keys);
  c.source = ConnTarget{spec.source.conninfo, read_password(spec.source.password, "the source"), "",
                        "the source"};
  if (spec.scratch.kind == ScratchKind::kDatabase) {
    c.scratch_password = read_password(spec.scratch.password, "the scratch server");
  }
  preflight(c);
  past_preflight = true;
  if (spec.heartbeat.enabled) {
    c.step("heartbeat", [&](StepLog& log) {
      ConnTarget t = c.source;
      c.heartbeat = std::make_unique<Heartbeat>(t, spec.heartbeat, c.run->id());
      c.heartbeat->start();
      log.detail = "writing a row to " + spec.heartbeat.table + " every " +
                   format_interval(spec.heartbeat.interval_s) + " (run id " + c.run->id() + ")";
    });
  }
  try {
    switch (spec.method) {
      case Method::kPitr:
        run_pitr(c);
        break;
      case Method::kLogical:
        run_logical(c);
        break;
      case Method::kFailover:
        run_failover(c);
        break;
      default:
        throw InternalError(std::string("method ") + to_string(spec.method) +
                            " is no PostgreSQL method");
    }
    if (!c.servers.empty()) restrict_to_verify_role(c);
    measure_rpo(c);
    verify_restore(c);
    if (spec.recovery.failback) run_failback(c);
  } catch (const PgError& e) {
    // The restored copy refused a query (damaged pages, missing relations): a finding.
    if (!c.t0) throw;
    c.findings.push_back(std::string("the restore could not be read: ") + e.what());
  }
}

// The part of a run that every target shares around its own steps (`body`: passwords, preflight,
// heartbeat, restore, verification; it sets `past_preflight` once preflight passed): a
// DrillFailure or findings make a failed drill, `hold` keeps the restored copy up, cleanup runs
// exactly once whatever happened, and a stopped run is journaled and handed to on_stopped.
DrillOutcome run_target(RunState& c, const DrillOptions& options,
                        const std::function<void(bool& past_preflight)>& body) {
  const DrillSpec& spec = c.spec;
  Journal& journal = c.journal;
  DrillOutcome outcome;
  bool failed = false;
  std::optional<Cancelled> interrupted;
  std::exception_ptr error;
  std::string error_text;
  bool past_preflight = false;
  try {
    try {
      body(past_preflight);
    } catch (const DrillFailure& e) {
      if (std::find(c.findings.begin(), c.findings.end(), e.what()) == c.findings.end()) {
        c.findings.insert(c.findings.begin(), e.what());
      }
    }
    if (!c.findings.empty()) failed = true;
    if (spec.scratch.keep_for_s > 0 && c.writable) {
      c.step("hold", [&](StepLog& log) {
        log.detail = "kept the restored server up for inspection";
        sleep_cancellable(spec.scratch.keep_for_s);
      });
    }
  } catch (const Cancelled& e) {
    interrupted = e;
  } catch (const std::exception& e) {
    error = std::current_exception();
    error_text = e.what();
  } catch (...) {
    error = std::current_exception();
  }
  // The one place a run gives back what it started, whatever happened above.
  c.cleanup();
  // A stopped run's journal says why; past preflight, what it got goes to on_stopped.
  auto stop = [&](const std::string& status, const std::string& reason) {
    journal.set_status(status);
    for (const auto& f : c.findings) journal.add_finding(f);
    if (!reason.empty()) journal.add_finding(reason);
    if (past_preflight && options.on_stopped) {
      DrillOutcome stopped;
      stopped.result = build_result(c, true, reason);
      stopped.findings = journal.findings();
      stopped.journal = journal.to_json();
      try {
        // The file is final before it is recorded: the evidence chain hashes its bytes.
        journal.flush();
        options.on_stopped(stopped);
      } catch (const std::exception& e) {
        // The drill's own error is what the caller must see; this one stays in the journal.
        journal.add_note(std::string("the stopped run could not be recorded: ") + e.what());
      }
    }
    journal.flush();
  };
  if (interrupted) {
    const std::string message =
        interrupted->what() + std::string("; everything the drill started was stopped and removed");
    stop("interrupted", message);
    throw InterruptedError(interrupted->signal() == SIGTERM, message,
                           "run it again when it may finish; the journal shows how far it got");
  }
  if (error) {
    stop("error", error_text);
    std::rethrow_exception(error);
  }
  for (const auto& f : c.findings) journal.add_finding(f);
  outcome.result = build_result(c, failed);
  const auto& target = outcome.result.scenarios.front().services.front();
  outcome.passed = !failed && !any_breached(outcome.result);
  outcome.findings = journal.findings();
  for (const auto& o : target.objectives) {
    // A failed verification breaches the RPO; its findings already say why.
    if (o.verdict == Verdict::kBreached && !(failed && o.kind == ObjectiveKind::kRpo)) {
      std::string f = std::string(to_string(o.kind)) +
                      " objective breached: " + units::format_measured(o.achieved_s) +
                      " achieved, target " + units::format_duration(o.target_s.value_or(0));
      outcome.findings.push_back(f);
      journal.add_finding(f);
    }
  }
  journal.set_measures(target.rto_s, target.rpo_s);
  if (c.t0) journal.set_t0(*c.t0);
  journal.set_status(outcome.passed ? "passed" : "failed");
  journal.flush();
  outcome.journal = journal.to_json();
  return outcome;
}

}  // namespace

DrillOutcome run_drill(const DrillSpec& spec, const DrillOptions& options) {
  SignalGuard guard;
  Journal journal(spec.name, to_string(spec.method), "", options.journal_path);
  switch (spec.target) {
    case Target::kRedis: {
      RedisRun run(spec, journal, options.progress);  // its destructor releases what is left
      return run_target(run, options, [&](bool& past) { run_redis(run, past); });
    }
    case Target::kEtcd: {
      EtcdRun run(spec, journal, options.progress);
      return run_target(run, options, [&](bool& past) { run_etcd(run, past); });
    }
    case Target::kMariadb: {
      MariadbRun run(spec, journal, options.progress);
      return run_target(run, options, [&](bool& past) { run_mariadb(run, past); });
    }
    case Target::kS3: {
      S3Run run(spec, journal, options.progress);
      return run_target(run, options, [&](bool& past) { run_s3(run, past); });
    }
    case Target::kPostgresql:
      break;
  }
  Context c(spec, journal, options.progress);  // its destructor releases what is left
  return run_target(c, options, [&](bool& past) { run_postgresql(c, past); });
}

}  // namespace drsim::drills
