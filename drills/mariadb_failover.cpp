// The MariaDB replica failover (method failover; docs/drill-format.md "MariaDB"): drsim seeds a
// replica of the source from a mariabackup backup, starts it in the run directory replicating
// from the source's binary log position, lets it catch up, and at the declared loss promotes it
// (replication stopped and forgotten, read_only off); the time to a write is the RTO, the
// heartbeat rows that never reached it the data loss. With tables compared, the replica is
// stopped before the reference snapshot and held at its binary log position (START SLAVE
// UNTIL), so that it is promoted holding exactly what the snapshot saw, however much the source
// writes meanwhile. The source is never written beyond the heartbeat.
#include <unistd.h>

#include "drills/cancel.hpp"
#include "drills/mariadb_steps.hpp"
#include "model/errors.hpp"

namespace drsim::drills {
namespace {

// The replica's position in the source's binary log: what it has received and executed.
struct ReplicaState {
  bool io = false, sql = false;
  BinlogPosition received, executed;
  std::string error;
};

ReplicaState replica_state(MariadbConn& replica) {
  auto s = replica.row_by_name("SHOW SLAVE STATUS");
  ReplicaState out;
  if (s.empty()) return out;
  out.io = s["Slave_IO_Running"] == "Yes";
  out.sql = s["Slave_SQL_Running"] == "Yes";
  auto pos = [](const std::string& v) { return v.empty() ? 0LL : std::stoll(v); };
  out.received = {s["Master_Log_File"], pos(s["Read_Master_Log_Pos"])};
  out.executed = {s["Relay_Master_Log_File"], pos(s["Exec_Master_Log_Pos"])};
  out.error = !s["Last_IO_Error"].empty() ? s["Last_IO_Error"] : s["Last_SQL_Error"];
  return out;
}

bool at_or_past(const BinlogPosition& a, const BinlogPosition& b) {
  return a.file > b.file || (a.file == b.file && a.pos >= b.pos);
}

// A server id of the replica's own (replication refuses the source's).
std::string replica_server_id(const std::string& source_id) {
  long long id = 1000000 + ::getpid() % 1000000;
  if (std::to_string(id) == source_id) ++id;
  return std::to_string(id);
}

void provision_replica(MariadbRun& r) {
  r.step("provision", [&](StepLog& log) {
    prepare_copy(r, "provision", log);
    start_server(r, true, log, "provision");
    MariadbConn replica(r.scratch(), "", kConnectTimeout);
    const auto colon = r.source.address.rfind(':');
    // The password goes over the private socket into the replica's own master.info, which is
    // removed with the run directory.
    replica.query(
        "CHANGE MASTER TO MASTER_HOST = " + replica.literal(r.source.address.substr(0, colon)) +
        ", MASTER_PORT = " + r.source.address.substr(colon + 1) + ", MASTER_USER = " +
        replica.literal(r.source.user) + ", MASTER_PASSWORD = " + replica.literal(r.password) +
        ", MASTER_LOG_FILE = " + replica.literal(r.backup_pos->file) +
        ", MASTER_LOG_POS = " + std::to_string(r.backup_pos->pos) + ", MASTER_CONNECT_RETRY = 1");
    replica.query("START SLAVE");
    log.detail += "; replicating from " + r.source.address + " at " + r.backup_pos->shown();
  });
}

// Polls the replica until `done` holds; its replication errors end the wait as a failure.
void wait_replica(MariadbRun& r, const std::string& step,
                  const std::function<bool(const ReplicaState&)>& done) {
  MariadbConn replica(r.scratch(), "", kConnectTimeout);
  r.poll(step, [&] {
    const auto s = replica_state(replica);
    if (!s.error.empty()) throw DrillFailure("the replica stopped replicating: " + s.error);
    return done(s);
  });
}

void catch_up(MariadbRun& r) {
  r.step("catch_up", [&](StepLog& log) {
    MariadbConn source(r.source, r.password, kConnectTimeout);
    const auto status = source.row_by_name("SHOW MASTER STATUS");
    const BinlogPosition now{status.count("File") ? status.at("File") : "",
                             status.count("Position") ? std::stoll(status.at("Position")) : 0};
    wait_replica(r, "catch_up", [&](const ReplicaState& s) {
      return s.io && s.sql && at_or_past(s.executed, now);
    });
    log.detail = "replicating, executed past the source's " + now.shown();
  });
}

// The reference point: the replica stops, the snapshot is read, and the replica replicates on
// but executes only up to the snapshot's position.
void hold_at_reference(MariadbRun& r) {
  std::unique_ptr<MariadbConn> replica;
  take_reference(
      r,
      [&] {
        replica = std::make_unique<MariadbConn>(r.scratch(), "", kConnectTimeout);
        replica->query("STOP SLAVE");
      },
      [&](StepLog& log) {
        if (!r.reference_pos) return;
        replica->query(
            "START SLAVE UNTIL MASTER_LOG_FILE = " + replica->literal(r.reference_pos->file) +
            ", MASTER_LOG_POS = " + std::to_string(r.reference_pos->pos));
        wait_replica(r, "reference", [&](const ReplicaState& s) {
          return !s.sql && s.executed == *r.reference_pos;
        });
        r.rolled_forward = true;
        log.detail += "; the replica replicates on and executes up to it";
      });
}

void promote(MariadbRun& r) {
  r.step("promote", [&](StepLog& log) {
    MariadbConn replica(r.scratch(), "", kConnectTimeout);
    // What it has received by the loss is what a promotion can hold.
    replica.query("STOP SLAVE IO_THREAD");
    const auto received = replica_state(replica).received;
    if (!r.rolled_forward) {
      // Everything received is executed before the promotion, as a failover would.
      wait_replica(r, "promote", [&](const ReplicaState& s) { return s.executed == received; });
    }
    replica.query("STOP SLAVE");
    replica.query("RESET SLAVE ALL");
    replica.query("SET GLOBAL read_only = OFF");
    r.journal.set_evidence("replica", {{"received_end", received.shown()},
                                       {"promoted_at", r.rolled_forward ? r.reference_pos->shown()
                                                                        : received.shown()}});
    log.detail =
        "replication stopped (received to " + received.shown() + ") and reset, read_only off";
  });
}

}  // namespace

void run_mariadb_failover(MariadbRun& r) {
  const auto& spec = r.spec;
  if (!r.log_bin) {
    throw EnvironmentError("the source writes no binary log: a replica cannot follow it",
                           "start the source with log_bin and a server_id, or drill it with "
                           "method physical or logical");
  }
  start_heartbeat(r);
  take_backup(r);
  if (!r.backup_pos) {
    throw DrillFailure(
        "the backup has no binary log position (xtrabackup_binlog_info): a "
        "replica cannot start from it");
  }
  {
    MariadbConn source(r.source, r.password, kConnectTimeout);
    r.server_extra = {"--server-id=" + replica_server_id(source.scalar("SELECT @@server_id")),
                      "--read-only"};
  }
  provision_replica(r);
  catch_up(r);
  if (spec.backup.loss_after_s > 0) sleep_cancellable(spec.backup.loss_after_s);
  if (spec.verify.compare_tables) hold_at_reference(r);
  r.declare_loss();
  promote(r);
  wait_ready(r);
  measure_rpo(r);
  verify_tables(r);
  check_tables(r);
  run_probes(r);
}

}  // namespace drsim::drills
