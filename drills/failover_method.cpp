// The failover method: drsim builds a streaming replica of the source in its run directory,
// lets it catch up, declares the primary lost (stops the heartbeat) and promotes the replica at
// once; time to writable and the heartbeat transactions that never reached the replica are the
// measured RTO and data loss. The source is never touched beyond the heartbeat.
#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/pass_file.hpp"
#include "drills/standby_names.hpp"
#include "drills/wal.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// Configures `server` with `settings`, starts it as a standby and waits (as part of `step`)
// until it accepts connections.
void start_standby(Context& c, ScratchServer& server, const Settings& settings,
                   const std::string& step, StepLog& log) {
  server.configure(settings);
  server.write_file("standby.signal", "");
  auto r = server.start(c.spec.timeout_for(step));
  log.output += r.output;
  c.expect_ok(r, step, "pg_ctl start", true);
  std::string err;
  c.wait_until(
      step,
      [&] {
        return PgConn::try_connect(server.target("postgres", "the replica"), 2, err) != nullptr;
      },
      &server);
}

// The "reference" step (docs/drill-format.md, "The reference point"): the replica is stopped,
// references are taken on the source at an exact reference point P, and the replica is started
// again to stream on but stop replay just before P (recovery_target_lsn, action pause), so that
// promotion ends recovery at P however much the source writes meanwhile. Everything the stopped
// replica had received lies before P, so its replay cannot have passed P. Falls back to
// comparing at the declared loss, with a plain streaming replica, when no exact point can be had
// or the replica does not reach it (a source that writes nothing after P).
void hold_at_reference(Context& c, ScratchServer& server, const Settings& standby) {
  c.step("reference", [&](StepLog& log) {
    server.stop();
    std::string why;
    auto lsn = c.open_reference_point(why);
    auto fall_back = [&](const std::string& reason) {
      Settings plain = standby;
      plain.emplace_back("recovery_target_lsn", conf_quote(""));
      start_standby(c, server, plain, "reference", log);
      c.drop_reference_point(reason, "rows written while the replica was promoted", log);
    };
    if (!lsn) return fall_back(why);
    Settings held = standby;
    held.insert(held.end(), {{"recovery_target_lsn", conf_quote(format_lsn(*lsn))},
                             {"recovery_target_inclusive", "off"},
                             {"recovery_target_action", conf_quote("pause")}});
    start_standby(c, server, held, "reference", log);
    PgConn src = PgConn::connect(c.source);
    PgConn replica = PgConn::connect(server.target("postgres", "the replica"));
    const double limit = c.spec.timeout_for("reference"), start = c.journal.now_s();
    QuietWatch quiet(c.journal);
    while (replica.scalar("SELECT pg_get_wal_replay_pause_state()") != "paused") {
      // Replay stops at the first record at or after P: one must be written.
      if (quiet.quiet(src.scalar("SELECT pg_snapshot_xmax(pg_current_snapshot())::text"))) {
        server.stop();
        return fall_back("no transaction wrote on the source for " +
                         units::format_duration(QuietWatch::kSeconds) +
                         " after the reference point, so the replica cannot stop at it");
      }
      if (c.journal.now_s() - start > limit) {
        throw StepTimeout("the replica did not reach the reference point " + format_lsn(*lsn) +
                          " within " + units::format_duration(limit));
      }
      sleep_cancellable(0.02);
    }
    c.reference_lsn = *lsn;
    log.detail = why + "; the replica streams on and holds replay just before it";
  });
}

}  // namespace

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
  // The replicas read the password from a passfile that lives as long as the run.
  const std::string passfile =
      c.source.password.empty()
          ? std::string()
          : " passfile='" + c.run->write_private("pgpass", pgpass_line(c.source.password)) + "'";
  // synchronous_standby_names copied from the primary would make every commit hang after
  // promotion; configure() resets it.
  auto streaming_from_source = [&](const std::string& application_name) -> Settings {
    return {{"primary_conninfo", conf_quote(c.source_conninfo + " application_name='" +
                                            application_name + "'" + passfile)},
            {"restore_command", "''"}};
  };
  const Settings standby = streaming_from_source(kReplicaName);
  c.step("provision", [&](StepLog& log) {
    start_standby(c, server, standby, "provision", log);
    log.detail = "hot standby on 127.0.0.1:" + std::to_string(port);
  });
  if (spec.recovery.failback) {
    // The old primary's stand-in streams from the source until the loss, so that it holds the
    // source's WAL from before the promotion point to the loss, as the real one would.
    c.servers.push_back(std::make_unique<ScratchServer>(
        spec.scratch, *c.run, c.run->make_dir("old-primary"), c.run->reserve_port(0)));
    ScratchServer& old = *c.servers.back();
    c.step("old_primary", [&](StepLog& log) {
      c.base_backup(old.data_dir(), log, "old_primary");
      start_standby(c, old, streaming_from_source("drsim_old_primary"), "old_primary", log);
      log.detail = "a second replica of the source on 127.0.0.1:" + std::to_string(old.port()) +
                   ", standing in for the old primary until the loss";
    });
  }
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
  if (c.compare_tables) hold_at_reference(c, server, standby);
  c.step("declare_loss", [&](StepLog& log) {
    // The old primary's stand-in goes down with the source, abruptly.
    if (spec.recovery.failback) c.servers.at(1)->stop();
    c.declare_loss(log, false);
    PgConn replica = PgConn::connect(server.target("postgres", "the replica"));
    if (c.reference_lsn) {
      // What a promotion without the stop would hold: everything received by now.
      auto received =
          parse_lsn(replica.scalar("SELECT coalesce(pg_last_wal_receive_lsn()::text, '')"));
      c.wal_end_lsn = received.value_or(c.reference_lsn);
      c.journal.set_evidence("replica", {{"reference_point_lsn", format_lsn(c.reference_lsn)},
                                         {"received_end_lsn", format_lsn(c.wal_end_lsn)}});
      if (c.wal_end_lsn > c.reference_lsn) {
        c.journal.add_note("the replica held replay at the reference point: replaying the " +
                           std::to_string(c.wal_end_lsn - c.reference_lsn) +
                           " bytes of WAL it had received past it is not in the measured RTO");
      }
    }
    // Promote at once: WAL the replica has not received by now is what a real loss would cost.
    replica.scalar("SELECT pg_promote(false)");
    if (!c.reference_lsn) c.capture_references();
    log.detail += "; replica told to promote";
    if (c.reference_lsn) log.detail += " (received to " + format_lsn(c.wal_end_lsn) + ")";
  });
  c.wait_answers(server, "postgres");
  c.wait_writable(server, "postgres");
}

}  // namespace drsim::drills
