// The failback of a failover drill (recovery.failback; docs/drill-format.md "Failback"). After
// the promoted replica R has been verified, the old primary returns: its stand-in, a second
// replica of the source that went down with it at the loss, is started once as a primary on the
// source's timeline — as the real one would come back, holding whatever the source wrote after
// R's promotion point — and made a replica of R with
// pg_rewind (or, when it cannot be rewound, re-cloned from R), catches up with R, and takes over
// again in a planned switchover: R is stopped cleanly, so that it first sends all of its WAL,
// and the old primary is promoted. Rows written on R while it was the primary, and every table
// of the verified databases, must then be on the old primary. Nothing here touches the source;
// both servers are scratch servers of the run.
#include <filesystem>

#include "drills/drill_context.hpp"
#include "model/units.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

constexpr int kPromotedRows = 1000;  // rows drsim writes on the promoted side

// The table of those rows, quoted (a run id holds '-').
std::string table_of(const Context& c) { return "public.\"drsim_failback_" + c.run->id() + "\""; }

// The old primary as it returns: its stand-in (failover_method.cpp), a replica of the source
// until it went down at the loss, started without recovery signals — crash recovery, then a
// primary on the source's timeline holding the WAL the source wrote past the promotion point —
// and stopped cleanly, as pg_rewind needs.
void bring_back_old_primary(Context& c, ScratchServer& old) {
  c.step("old_primary_returns", [&](StepLog& log) {
    std::error_code ec;
    fs::remove(old.data_dir() + "/standby.signal", ec);
    auto r = old.start(c.spec.timeout_for("old_primary_returns"));
    log.output += r.output;
    c.expect_ok(r, "old_primary_returns", "pg_ctl start", true);
    std::string error;
    c.wait_until(
        "old_primary_returns",
        [&] {
          auto conn = PgConn::try_connect(old.target("postgres", "the old primary"), 2, error);
          return conn && conn->scalar("SELECT pg_is_in_recovery()") == "f";
        },
        &old);
    PgConn conn = PgConn::connect(old.target("postgres", "the old primary"));
    const std::string timeline =
        conn.scalar("SELECT timeline_id::text FROM pg_control_checkpoint()");
    const std::string end = conn.scalar("SELECT pg_current_wal_lsn()::text");
    r = old.stop_clean(c.spec.timeout_for("old_primary_returns"));
    log.output += r.output;
    c.expect_ok(r, "old_primary_returns", "pg_ctl stop", true);
    log.detail = "the old primary restarted as a primary on timeline " + timeline + " (WAL to " +
                 end + ") and stopped cleanly";
  });
}

// Rows written on the promoted side, which the failback must not lose.
void write_on_promoted(Context& c, ScratchServer& promoted) {
  c.step("promoted_writes", [&](StepLog& log) {
    PgConn conn = PgConn::connect(promoted.target(c.source_db, "the promoted replica"));
    conn.exec("CREATE TABLE " + table_of(c) +
              " (seq int PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())");
    conn.exec("INSERT INTO " + table_of(c) + " (seq) SELECT generate_series(1, " +
              std::to_string(kPromotedRows) + ")");
    log.detail = std::to_string(kPromotedRows) + " rows written to " + c.source_db + "." +
                 table_of(c) + " on the promoted replica";
  });
}

// Makes the old primary a standby of the promoted one: pg_rewind, or a new base backup of the
// promoted one when the old primary cannot be rewound. Returns how ("pg_rewind", "re-clone").
std::string rewind(Context& c, ScratchServer& old, ScratchServer& promoted) {
  std::string path = "pg_rewind";
  c.step("rewind", [&](StepLog& log) {
    // pg_rewind reads the source's timeline from its control file, which a promoted server
    // updates only at its first checkpoint after the promotion: before that (a loaded machine),
    // pg_rewind finds both on one timeline, rewinds nothing, and the old primary can never
    // follow. The PostgreSQL manual asks for this CHECKPOINT.
    PgConn::connect(promoted.target("postgres", "the promoted replica")).exec("CHECKPOINT");
    const std::string source = promoted.target("postgres", "").conninfo + " dbname='postgres'";
    auto r = c.tool("rewind", "pg_rewind",
                    {"--target-pgdata=" + old.data_dir(), "--source-server=" + source, "--no-sync",
                     "--progress"},
                    true);
    log.output = r.output;
    if (r.timed_out) c.expect_ok(r, "rewind", "pg_rewind", false);
    if (r.exit_code == 0) {
      const auto at = r.output.find("servers diverged at ");
      log.detail = at == std::string::npos
                       ? "pg_rewind: " + first_error_line(r.output)
                       : "pg_rewind: " + r.output.substr(at, r.output.find('\n', at) - at);
      return;
    }
    // The old primary was not run with data checksums or wal_log_hints: the real one could not
    // be rewound either, and would be cloned again from the promoted side.
    if (r.output.find("wal_log_hints") == std::string::npos) {
      c.expect_ok(r, "rewind", "pg_rewind", false);
    }
    path = "re-clone";
    c.journal.add_note(
        "pg_rewind refused the old primary (neither data checksums nor wal_log_hints = on): the "
        "failback clones it again from the promoted replica; set wal_log_hints = on on the "
        "source to rewind instead");
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(old.data_dir(), ec)) fs::remove_all(e.path(), ec);
    auto clone = c.tool("rewind", "pg_basebackup",
                        {"-D", old.data_dir(), "-X", "stream", "--no-sync", "-c", "fast", "-d",
                         promoted.target("postgres", "").conninfo},
                        true);
    log.output += clone.output;
    c.expect_ok(clone, "rewind", "pg_basebackup from the promoted replica", false);
    log.detail = "re-cloned from the promoted replica with pg_basebackup (pg_rewind refused)";
  });
  return path;
}

// Starts the old primary as a standby of the promoted one and waits until it has replayed the
// promoted one's current WAL.
void resync(Context& c, ScratchServer& old, ScratchServer& promoted) {
  c.step("resync", [&](StepLog& log) {
    const std::string upstream =
        promoted.target("postgres", "").conninfo + " application_name='drsim_failback'";
    // pg_rewind and pg_basebackup copy the promoted replica's settings, recovery target included.
    old.configure({{"primary_conninfo", conf_quote(upstream)},
                   {"restore_command", "''"},
                   {"recovery_target_lsn", conf_quote("")}});
    old.write_file("standby.signal", "");
    auto r = old.start(c.spec.timeout_for("resync"));
    log.output = r.output;
    c.expect_ok(r, "resync", "pg_ctl start", false);
    PgConn up = PgConn::connect(promoted.target("postgres", "the promoted replica"));
    const std::string lsn = up.scalar("SELECT pg_current_wal_lsn()::text");
    std::string error;
    c.wait_until(
        "resync",
        [&] {
          auto conn = PgConn::try_connect(old.target("postgres", "the old primary"), 2, error);
          return conn && conn->scalar("SELECT coalesce(pg_last_wal_replay_lsn() >= '" + lsn +
                                      "'::pg_lsn, false)") == "t";
        },
        &old);
    log.detail = "the old primary streams from the promoted replica and replayed past " + lsn;
  });
}

}  // namespace

void run_failback(Context& c) {
  const auto& spec = c.spec;
  ScratchServer& promoted = *c.servers.front();
  ScratchServer& old = *c.servers.at(1);  // the old primary's stand-in (failover_method.cpp)
  bring_back_old_primary(c, old);
  write_on_promoted(c, promoted);
  const double started = c.journal.now_s();
  const std::string path = rewind(c, old, promoted);
  resync(c, old, promoted);

  // The switchover: what the promoted side holds, then it stops and the old primary takes over.
  std::map<std::string, DbSnapshot> promoted_side;
  double down = 0;
  c.step("switchover", [&](StepLog& log) {
    for (const auto& db : c.verify_dbs) {
      PgConn conn = PgConn::connect(promoted.target(db, "the promoted replica"));
      promoted_side[db] = capture_snapshot(
          conn, {spec.verify.tables, spec.heartbeat.table, false, spec.timeout_for("switchover")});
    }
    PgConn up = PgConn::connect(promoted.target("postgres", "the promoted replica"));
    const std::string lsn = up.scalar("SELECT pg_current_wal_lsn()::text");
    down = c.journal.now_s();
    auto r = promoted.stop_clean(spec.timeout_for("switchover"));
    log.output = r.output;
    c.expect_ok(r, "switchover", "pg_ctl stop of the promoted replica", false);
    PgConn conn = PgConn::connect(old.target("postgres", "the old primary"));
    c.wait_until(
        "switchover",
        [&] {
          return conn.scalar("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn") == "t";
        },
        &old);
    conn.scalar("SELECT pg_promote(false)");
    log.detail = "the promoted replica stopped cleanly at " + lsn +
                 ", the old primary replayed it all and was told to promote";
  });
  const double up = c.poll_step("failback_writable", old, "postgres", accepts_writes,
                                "the old primary is out of recovery and accepts writes");
  c.journal.set_evidence("failback", {{"path", path},
                                      {"duration_s", up - started},
                                      {"downtime_s", up - down},
                                      {"promoted_rows", kPromotedRows}});

  c.step("verify_failback", [&](StepLog& log) {
    std::vector<std::string> reasons, notes;
    std::size_t tables = 0;
    for (const auto& [db, reference] : promoted_side) {
      PgConn conn = PgConn::connect(old.target(db, "the old primary"));
      const DbSnapshot back = capture_snapshot(
          conn,
          {spec.verify.tables, spec.heartbeat.table, false, spec.timeout_for("verify_failback")},
          &reference);
      tables += reference.tables.size();
      for (const auto& r : compare_snapshots(db, reference, back, true, notes)) {
        reasons.push_back("after failback: " + r);
      }
    }
    PgConn conn = PgConn::connect(old.target(c.source_db, "the old primary"));
    const std::string rows = conn.scalar("SELECT count(*)::text FROM " + table_of(c));
    if (rows != std::to_string(kPromotedRows)) {
      reasons.push_back("after failback: " + rows + " of the " + std::to_string(kPromotedRows) +
                        " rows written on the promoted side are on the old primary");
    }
    for (const auto& n : notes) c.journal.add_note(n);
    for (const auto& r : reasons) c.findings.push_back(r);
    log.detail = std::to_string(tables) + " tables and the " + std::to_string(kPromotedRows) +
                 " rows written on the promoted side compared: " +
                 (reasons.empty() ? "all on the old primary" : reasons.front()) + "; failback " +
                 units::format_measured(up - started) + " (" + path + "), downtime " +
                 units::format_measured(up - down);
    if (!reasons.empty()) throw DrillFailure(reasons.front());
  });
}

}  // namespace drsim::drills
