#include "drills/drill_context.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/pass_file.hpp"
#include "drills/wal.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"
#include "platform/process_info.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {

platform::ProcessResult Context::tool(const std::string& step_name, const std::string& name,
                                      std::vector<std::string> args, bool as_os_user,
                                      std::vector<std::pair<std::string, std::string>> env) {
  platform::ProcessSpec p;
  p.argv.push_back(name[0] == '/' ? name : bin(name));
  p.argv.insert(p.argv.end(), args.begin(), args.end());
  p.env = std::move(env);
  if (as_os_user) p.as_user = spec.scratch.os_user;
  return run_command(step_name, std::move(p));
}

void Context::base_backup(const std::string& dir, StepLog& log, const std::string& step) {
  PassFile pass(*run, "source.pgpass", source.password);
  auto r = tool(step, "pg_basebackup",
                {"-D", dir, "-X", "stream", "--no-sync", "-w", "-c",
                 spec.backup.fast_checkpoint ? "fast" : "spread", "-d", source_conninfo},
                true, pass.env());
  log.output = r.output;
  expect_ok(r, step, "pg_basebackup", true);
}

void Context::wait_until(const std::string& step_name, const std::function<bool()>& ready,
                         const ScratchServer* server) {
  if (!server) {
    poll(step_name, ready);
    return;
  }
  const double start = journal.now_s();
  bool seen_pid = false;
  poll(step_name, ready, [&]() -> std::string {
    int pid = postmaster_pid(server->data_dir());
    if (pid > 0) seen_pid = true;
    bool dead = (pid > 0 && !platform::process_alive(pid)) || (seen_pid && pid == 0) ||
                (pid == 0 && journal.now_s() - start > 10);
    if (!dead) return "";
    std::string log = server->log_tail(8000);
    std::string reason = "the restored server stopped";
    std::istringstream in(log);
    std::string line;
    while (std::getline(in, line)) {
      if (line.find("FATAL:") != std::string::npos || line.find("PANIC:") != std::string::npos) {
        reason = "the restored server stopped: " + line.substr(line.find_first_of("FP"));
      }
    }
    if (log.find("recovery ended before configured recovery target was reached") !=
        std::string::npos) {
      reason = spec.recovery.target_time.empty()
                   ? "recovery ended before the reference point " + format_lsn(reference_lsn) +
                         ": the archived WAL is damaged or missing before it"
                   : "recovery target time '" + spec.recovery.target_time +
                         "' is beyond the end of the archived WAL: the server refused to start";
    }
    return reason;
  });
}

double Context::poll_step(const std::string& name, ScratchServer& server, const std::string& db,
                          const std::function<bool(PgConn&)>& ready, const std::string& detail) {
  // The measure is the step's own end time, so the result and the journal agree exactly.
  std::size_t i = step(name, [&](StepLog& log) {
    std::string error;
    wait_until(
        name,
        [&] {
          auto conn = PgConn::try_connect(server.target(db, "the restored server"), 2, error);
          if (!conn) return false;
          try {
            return ready(*conn);
          } catch (const PgError&) {
            return false;
          }
        },
        &server);
    log.detail = detail;
  });
  return journal.steps()[i].end_s;
}

void Context::wait_answers(ScratchServer& server, const std::string& db) {
  answers = poll_step(
      "answers_queries", server, db, [](PgConn& conn) { return conn.scalar("SELECT 1") == "1"; },
      "SELECT 1 answered on database " + db);
}

bool accepts_writes(PgConn& conn) {
  if (conn.scalar("SELECT pg_is_in_recovery()") != "f") return false;
  conn.exec("BEGIN; CREATE TEMP TABLE drsim_write_probe (x int); ROLLBACK");
  return true;
}

void Context::wait_writable(ScratchServer& server, const std::string& db) {
  writable =
      poll_step("writable", server, db, accepts_writes, "out of recovery and accepting writes");
}

std::unique_ptr<PgConn> Context::begin_snapshot(const std::string& db) const {
  ConnTarget t = source;
  t.dbname = db;
  auto conn = std::make_unique<PgConn>(PgConn::connect(t));
  conn->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  return conn;
}

void Context::capture_references() {
  references.clear();
  for (const auto& db : verify_dbs) {
    auto conn = begin_snapshot(db);
    conn->scalar("SELECT 1");  // the first query takes the snapshot
    capture_reference(db, std::move(conn));
  }
}

void Context::capture_reference(const std::string& db, std::unique_ptr<PgConn> conn) {
  if (!compare_tables) return;
  CaptureOptions options{spec.verify.tables, spec.heartbeat.table,
                         spec.verify.level != VerifyLevel::kQuick,
                         spec.timeout_for("verify_tables")};
  // Roles are the cluster's: compared once, with the source's database, where they are restored.
  options.roles = options.structure && spec.method != Method::kLogical && db == source_db;
  references[db] = std::async(std::launch::async, [conn = std::move(conn), options]() {
                     DbSnapshot s = capture_snapshot(*conn, options);
                     conn->exec("COMMIT");  // release the snapshot (and the source's xmin) now
                     return s;
                   }).share();
}

void Context::declare_loss(StepLog& log, bool open) {
  if (heartbeat) {
    source_last_beat = heartbeat->stop();
    std::string err = heartbeat->error();
    if (!err.empty()) journal.add_note("heartbeat stopped early: " + err);
  }
  t0 = journal.now_s();
  if (open) capture_references();
  if (reference_lsn == 0) {
    PgConn src = PgConn::connect(source);
    consistency_epoch = std::stod(src.scalar("SELECT extract(epoch FROM clock_timestamp())::text"));
    consistency_what = "declared loss";
  }
  log.detail =
      "primary declared lost" +
      (source_last_beat ? "; last heartbeat committed #" + std::to_string(source_last_beat->seq)
                        : std::string());
}

std::string Context::restored_how() const {
  switch (spec.method) {
    case Method::kPitr:
      return "base backup + WAL archive restored";
    case Method::kLogical:
      return "pg_dump archive restored";
    default:
      return "streaming replica promoted";
  }
}

std::string Context::restored_into() const {
  return spec.scratch.kind == ScratchKind::kDatabase ? "a scratch database" : "a scratch instance";
}

void Context::cleanup() noexcept {
  cleanup_step([&](std::string& detail, std::vector<KeptLog>& logs) {
    if (heartbeat) {
      heartbeat->stop();
      heartbeat.reset();
    }
    for (auto& [db, f] : references) f.wait();  // queries end on a signal or their deadline
    references.clear();
    int stopped = 0;
    for (auto& s : servers) {
      if (s->running()) ++stopped;
      s->stop();
      logs.push_back({s->log_file(), "server-" + std::to_string(s->port()) + ".log"});
    }
    servers.clear();
    if (scratch_admin && !scratch_database.empty()) {
      try {
        scratch_admin->exec(
            "DROP DATABASE IF EXISTS " + quote_ident_path(scratch_database) + " WITH (FORCE)", 60);
        detail += "dropped scratch database " + scratch_database + "; ";
      } catch (const std::exception& e) {
        detail += std::string("could not drop scratch database: ") + e.what() + "; ";
      }
    }
    scratch_admin.reset();
    if (run) detail += "stopped " + std::to_string(stopped) + " server(s), ";
  });
}

}  // namespace drsim::drills
