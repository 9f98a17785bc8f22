// The failover method: drsim builds a streaming replica of the source in its run directory,
// lets it catch up, declares the primary lost (stops the heartbeat) and promotes the replica at
// once; time to writable and the heartbeat transactions that never reached the replica are the
// measured RTO and data loss. The source is never touched beyond the heartbeat.
#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/pass_file.hpp"

namespace drsim::drills {

void run_failover(Context& c) {
  const auto& spec = c.spec;
  std::string data = c.run->make_data_dir(spec.scratch.data_dir);
  int port = c.run->reserve_port(spec.scratch.port);
  c.step("backup", [&](StepLog& log) {
    c.base_backup(data, log);
    log.detail = "replica seeded with pg_basebackup into " + data;
  });
  c.servers.push_back(std::make_unique<ScratchServer>(spec.scratch, *c.run, data, port));
  ScratchServer& server = *c.servers.back();
  c.restored_target = [&server](const std::string& db) {
    return server.target(db, "the promoted replica");
  };
  c.step("provision", [&](StepLog& log) {
    std::string conninfo = c.source_conninfo + " application_name='drsim_replica'";
    // The replica reads its password from a passfile that lives as long as the run.
    if (!c.source.password.empty()) {
      conninfo +=
          " passfile='" + c.run->write_private("pgpass", pgpass_line(c.source.password)) + "'";
    }
    // synchronous_standby_names copied from the primary would make every commit hang after
    // promotion; configure() resets it.
    server.configure({{"primary_conninfo", conf_quote(conninfo)}, {"restore_command", "''"}});
    server.write_file("standby.signal", "");
    auto r = server.start(spec.timeout_for("provision"));
    log.output = r.output;
    c.expect_ok(r, "provision", "pg_ctl start", true);
    std::string err;
    c.wait_until(
        "provision",
        [&] {
          auto conn = PgConn::try_connect(server.target("postgres", "the replica"), 2, err);
          return conn != nullptr;
        },
        &server);
    log.detail = "hot standby on 127.0.0.1:" + std::to_string(port);
  });
  c.step("catch_up", [&](StepLog& log) {
    PgConn src = PgConn::connect(c.source);
    std::string target_lsn = src.scalar("SELECT pg_current_wal_lsn()::text");
    PgConn replica = PgConn::connect(server.target("postgres", "the replica"));
    c.wait_until(
        "catch_up",
        [&] {
          std::string streaming = replica.scalar(
              "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'");
          std::string caught =
              replica.scalar("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", {target_lsn});
          return streaming == "1" && caught == "t";
        },
        &server);
    log.detail = "streaming, replayed past " + target_lsn;
  });
  if (spec.backup.loss_after_s > 0) sleep_cancellable(spec.backup.loss_after_s);
  c.step("declare_loss", [&](StepLog& log) {
    c.declare_loss(log, false);
    // Promote at once: WAL the replica has not received by now is what a real loss would cost.
    PgConn replica = PgConn::connect(server.target("postgres", "the replica"));
    replica.scalar("SELECT pg_promote(false)");
    c.capture_references();
    log.detail += "; replica told to promote";
  });
  c.wait_answers(server, "postgres");
  c.wait_writable(server, "postgres");
}

}  // namespace drsim::drills
