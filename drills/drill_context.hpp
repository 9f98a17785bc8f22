// Internal to the drills layer: the state one drill run carries through its steps (spec,
// journal, run directory, heartbeat, scratch servers, measurements, findings) and the helpers
// every method uses to run a journaled step, a PostgreSQL tool or a wait loop with a deadline.
// cleanup() releases everything the run started and is safe to call at any point.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "drills/conninfo.hpp"
#include "drills/drill_spec.hpp"
#include "drills/heartbeat.hpp"
#include "drills/journal.hpp"
#include "drills/pg_conn.hpp"
#include "drills/process.hpp"
#include "drills/reference.hpp"
#include "drills/run_state.hpp"
#include "drills/scratch.hpp"
#include "drills/verify.hpp"
#include "model/outcome.hpp"

namespace drsim::drills {

// A PostgreSQL drill's run (RunState: spec, journal, run directory, measurements, findings).
struct Context : RunState {
  using RunState::RunState;
  ~Context() override {
    cleanup();
  }  // owns the run's resources, released even if nobody called
     // cleanup()

  ConnTarget source;            // with the password
  std::string source_db;        // the source connection's database
  std::string source_conninfo;  // the conninfo in key='value' form (no password)
  std::string scratch_password;
  std::unique_ptr<Heartbeat> heartbeat;
  // The restored server first; a failback drill adds the old primary's stand-in second.
  std::vector<std::unique_ptr<ScratchServer>> servers;
  // The reference of each verified database, captured on the source in a REPEATABLE READ
  // snapshot at the consistency point by a background task that ends the transaction as soon as
  // it has read everything (so the source's xmin is not held while the restore runs).
  std::map<std::string, std::shared_future<DbSnapshot>> references;
  std::string scratch_database;  // scratch kind database: the database drsim created
  std::unique_ptr<PgConn> scratch_admin;

  std::optional<Beat> source_last_beat;
  double consistency_epoch = 0;  // source clock, seconds since the Unix epoch
  std::string consistency_what;  // "declared loss", "dump snapshot", "target time", ...
  // The WAL location the references are exact at and the restore stops before (0: compared at
  // the declared loss), and the end of the WAL a recovery without that stop would replay, which
  // the RPO is measured to: the frozen archive's readable end (pitr, check_recovery) or what the
  // replica had received when it was promoted (failover, declare_loss).
  std::uint64_t reference_lsn = 0;
  std::uint64_t wal_end_lsn = 0;
  bool compare_tables = true;
  std::vector<std::string> verify_dbs;
  // How to reach the restored copy of source database `db`.
  std::function<ConnTarget(const std::string& db)> restored_target;

  // Runs a PostgreSQL binary from the bin directory (or `name` if it is an absolute path);
  // `as_os_user` runs it as scratch.os_user.
  platform::ProcessResult tool(const std::string& step, const std::string& name,
                               std::vector<std::string> args, bool as_os_user,
                               std::vector<std::pair<std::string, std::string>> env = {});
  // Takes a base backup of the source with pg_basebackup (WAL streamed) into `dir`, as part of
  // step `step` whose `log` gets the tool output.
  void base_backup(const std::string& dir, StepLog& log, const std::string& step = "backup");
  // Polls `ready` every 20 ms until it returns true; throws StepTimeout after the step's timeout
  // and DrillFailure if `server` (when given) stops running meanwhile.
  void wait_until(const std::string& step, const std::function<bool()>& ready,
                  const ScratchServer* server = nullptr);
  // Journaled step `name` that polls `ready` on a new connection to `db` on `server` until it
  // returns true (a failed query counts as not ready); returns the step's end in journal seconds.
  double poll_step(const std::string& name, ScratchServer& server, const std::string& db,
                   const std::function<bool(PgConn&)>& ready, const std::string& detail);
  // Waits until `server` answers `SELECT 1` on database `db`; records `answers`.
  void wait_answers(ScratchServer& server, const std::string& db);
  // Waits until `server` has left recovery and accepts a write; records `writable`.
  void wait_writable(ScratchServer& server, const std::string& db);
  // Stops the heartbeat, records the last committed beat and captures the references; sets t0
  // (the declared loss) to now.
  void declare_loss(StepLog& log, bool capture);
  // A new connection to source database `db` in a READ ONLY REPEATABLE READ transaction, whose
  // first query takes its snapshot.
  std::unique_ptr<PgConn> begin_snapshot(const std::string& db) const;
  // Opens a REPEATABLE READ snapshot of every verified source database and captures its
  // reference in the background.
  void capture_references();
  // The reference point (reference_point.cpp): opens a snapshot of every verified source
  // database that is exact at one WAL location P, captures the references from them in the
  // background and returns P; nullopt (and nothing captured) when the source was too busy for an
  // exact point after some attempts. `why` says what happened.
  std::optional<std::uint64_t> open_reference_point(std::string& why);
  // Gives up the reference point for `reason`: drops the references read from it (the tables are
  // compared at the declared loss instead, where `differences` then show as differences) and
  // says so in a journal note and `log`.
  void drop_reference_point(const std::string& reason, const std::string& differences,
                            StepLog& log);
  // Captures the reference of `db` in the background from `conn`, whose open REPEATABLE READ
  // transaction holds the consistency point; commits and closes it when done.
  void capture_reference(const std::string& db, std::unique_ptr<PgConn> conn);
  // The superuser connection to the restored copy (drsim's own role on a scratch instance).
  std::function<ConnTarget(const std::string& db)> admin_target;
  std::string restored_how() const override;
  std::string restored_into() const override;
  // Stops servers and the heartbeat, ends source transactions, drops a scratch database and
  // removes the run directory. Never throws; the first call does the work, later ones nothing.
  void cleanup() noexcept override;
};

// True once the server behind `conn` has left recovery and takes a write (a temporary table,
// rolled back); a failed query throws PgError.
bool accepts_writes(PgConn& conn);

// Whether the source has been quiet, starting no writing transaction (assigning no transaction
// id) for kSeconds: fed the source's next transaction id at every poll.
class QuietWatch {
 public:
  static constexpr double kSeconds = 1;
  explicit QuietWatch(const Journal& journal) : journal_(journal), moved_(journal.now_s()) {}
  bool quiet(const std::string& next_xid);

 private:
  const Journal& journal_;
  double moved_;
  std::string next_xid_;
};

// The preflight step (preflight.cpp): tools, source, scratch safety, reaping, the run directory.
void preflight(Context& c);

// Verification (verification.cpp): moves verification to a least-privileged role on a scratch
// instance; measures the RPO from the heartbeat; compares the restore with the references,
// runs pg_amcheck, probes and freshness checks as the verification level says.
void restrict_to_verify_role(Context& c);
void measure_rpo(Context& c);
void verify_restore(Context& c);

// The methods; each leaves `t0`, `answers`, `writable`, `restored_target` and the reference set.
void run_pitr(Context& c);
void run_logical(Context& c);
void run_failover(Context& c);
// After a verified failover (recovery.failback, failback.cpp): the old primary returns, is made
// a replica of the promoted one (pg_rewind, else a re-clone) and takes over again in a planned
// switchover; every row of the promoted side must then be on it.
void run_failback(Context& c);

}  // namespace drsim::drills
