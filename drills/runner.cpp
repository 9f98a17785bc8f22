#include "drills/runner.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/ownership.hpp"
#include "drills/pass_file.hpp"
#include "drsim/version.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

std::string first_error_line(const std::string& output) {
  std::istringstream in(output);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find("error") != std::string::npos || line.find("FATAL") != std::string::npos ||
        line.find("PANIC") != std::string::npos) {
      return line;
    }
    if (!line.empty()) last = line;
  }
  return last;
}

// Refuses a scratch target that is the source, already runs, or would overwrite something.
void check_scratch_safety(Context& c) {
  const auto& sc = c.spec.scratch;
  if (sc.kind == ScratchKind::kInstance) {
    if (!sc.data_dir.empty()) {
      std::error_code ec;
      if (fs::exists(sc.data_dir + "/postmaster.pid", ec)) {
        throw EnvironmentError(
            "scratch data directory " + sc.data_dir + " belongs to a server that may be running",
            "stop that server and give an empty or new directory");
      }
      if (dir_non_empty(sc.data_dir)) {
        throw EnvironmentError("scratch data directory " + sc.data_dir + " is not empty",
                               "give a new or empty directory; drsim never overwrites data");
      }
      // drsim removes the data directory afterwards, so it must be one drsim creates.
      if (fs::exists(fs::symlink_status(sc.data_dir, ec))) {
        throw EnvironmentError(
            "scratch data directory " + sc.data_dir + " already exists",
            "give a path that does not exist yet: drsim creates the data directory and removes "
            "it afterwards, and never deletes what it did not create");
      }
      PgConn src = PgConn::connect(c.source);
      std::string source_dir;
      try {
        source_dir = src.scalar("SELECT current_setting('data_directory')");
      } catch (const PgError&) {
      }
      std::error_code e1;
      if (!source_dir.empty() && fs::equivalent(source_dir, sc.data_dir, e1)) {
        throw EnvironmentError(
            "scratch data directory " + sc.data_dir + " is the source's data directory",
            "give a new or empty directory for the scratch server");
      }
    }
    auto keys = parse_conninfo(c.spec.source.conninfo);
    std::string src_port = keys.count("port") ? keys["port"] : "5432";
    std::string host = keys.count("host") ? keys["host"] : "";
    bool local = host.empty() || host[0] == '/' || host == "localhost" || host == "127.0.0.1" ||
                 host == "::1";
    if (sc.port != 0 && local && std::to_string(sc.port) == src_port) {
      throw EnvironmentError("scratch port " + std::to_string(sc.port) + " is the source's port",
                             "set 'scratch.port: auto' or another free port");
    }
    return;
  }
  // A scratch database on another server: refuse the source server itself.
  ConnTarget t{sc.conninfo, c.scratch_password, "", "the scratch server"};
  PgConn scratch = PgConn::connect(t);
  PgConn src = PgConn::connect(c.source);
  auto ident = [](PgConn& conn) {
    try {
      return conn.scalar("SELECT system_identifier::text FROM pg_control_system()");
    } catch (const PgError&) {
      return std::string();
    }
  };
  std::string a = ident(scratch), b = ident(src);
  std::string same_addr_sql =
      "SELECT coalesce(inet_server_addr()::text, 'local') || ':' || current_setting('port')";
  bool same = (!a.empty() && a == b) ||
              (a.empty() && scratch.scalar(same_addr_sql) == src.scalar(same_addr_sql) &&
               scratch.scalar("SELECT current_setting('cluster_name')") ==
                   src.scalar("SELECT current_setting('cluster_name')"));
  if (same) {
    throw EnvironmentError("the scratch server is the source server",
                           "restore into another PostgreSQL server, or use 'kind: instance'");
  }
  c.scratch_admin = std::make_unique<PgConn>(std::move(scratch));
}

void preflight(Context& c) {
  const auto& spec = c.spec;
  c.step("preflight", [&](StepLog& log) {
    std::vector<std::string> tools{"pg_ctl", "postgres"};
    if (spec.method == Method::kLogical) {
      tools.insert(tools.end(), {"pg_dump", "pg_restore", "initdb"});
    } else {
      tools.insert(tools.end(), {"pg_basebackup", "initdb"});
      if (!spec.backup.take) tools.push_back("pg_verifybackup");
    }
    for (const auto& t : tools) {
      std::string p = spec.scratch.bin_dir + "/" + t;
      if (::access(p.c_str(), X_OK) != 0) {
        throw EnvironmentError("PostgreSQL tool " + p + " is missing",
                               "install PostgreSQL 15 (Debian: apt-get install postgresql) or "
                               "set 'scratch.bin_dir'");
      }
    }
    // Every tool of bin_dir that drsim may run, not only those this method needs.
    for (const auto& t : {"pg_ctl", "postgres", "initdb", "pg_basebackup", "pg_verifybackup",
                          "pg_dump", "pg_restore", "pg_amcheck"}) {
      std::string p = spec.scratch.bin_dir + "/" + t;
      if (::access(p.c_str(), F_OK) == 0) check_trusted_program(p, "'scratch.bin_dir'");
    }
    if (running_as_root() && ::access("/usr/sbin/runuser", X_OK) != 0) {
      throw EnvironmentError(
          "runuser is missing; drsim runs as root and needs it to start "
          "PostgreSQL as '" +
              spec.scratch.os_user + "'",
          "install util-linux or run drsim as the PostgreSQL OS user");
    }
    if (spec.method == Method::kPitr) {
      if (!fs::is_directory(spec.backup.archive_dir)) {
        throw EnvironmentError(
            "WAL archive directory " + spec.backup.archive_dir + " does not exist",
            "set 'backup.archive_dir' to where the source's archive_command "
            "copies WAL");
      }
      if (!spec.backup.take && !fs::exists(spec.backup.base_dir + "/backup_label")) {
        throw EnvironmentError("base backup " + spec.backup.base_dir +
                                   " has no backup_label: it is not a plain-format base backup",
                               "point 'backup.base_dir' at a pg_basebackup -Fp directory");
      }
    }
    if (spec.method == Method::kLogical && !spec.backup.take &&
        !fs::is_regular_file(spec.backup.dump_file)) {
      throw EnvironmentError("dump file " + spec.backup.dump_file + " does not exist",
                             "point 'backup.dump_file' at a pg_dump -Fc file");
    }
    PgConn src = PgConn::connect(c.source);
    std::string version = src.scalar("SHOW server_version_num");
    c.source_db = src.scalar("SELECT current_database()");
    int major = std::atoi(version.c_str()) / 10000;
    if (spec.method != Method::kLogical && major != 15) {
      throw EnvironmentError("the source runs PostgreSQL " + std::to_string(major) +
                                 "; physical restores need the same major version (15)",
                             "set 'scratch.bin_dir' to that version's binaries");
    }
    if (spec.method == Method::kLogical && major > 15) {
      throw EnvironmentError(
          "pg_dump 15 cannot dump a PostgreSQL " + std::to_string(major) + " server",
          "set 'scratch.bin_dir' to a newer version's binaries");
    }
    check_scratch_safety(c);
    ReapReport reaped = reap_stale_runs(spec.scratch.dir);
    for (const auto& r : reaped.removed_runs) c.journal.add_note("removed leftover run " + r);
    c.run = std::make_unique<RunDir>(spec.scratch.dir, spec.name, spec.scratch.os_user);
    c.journal.set_run_id(c.run->id());
    // So that `drsim drill cleanup` can close the journal of a runner killed with SIGKILL.
    if (!c.journal.path().empty()) c.run->record_journal(fs::absolute(c.journal.path()).string());
    c.verify_dbs = spec.verify.databases.empty() ? std::vector<std::string>{c.source_db}
                                                 : spec.verify.databases;
    // Level thorough compares every database a physical restore brings back.
    if (spec.verify.level == VerifyLevel::kThorough && spec.method != Method::kLogical &&
        spec.verify.databases.empty()) {
      c.verify_dbs.clear();
      for (const auto& row : src.query("SELECT datname FROM pg_database WHERE datallowconn AND "
                                       "NOT datistemplate ORDER BY 1")) {
        c.verify_dbs.push_back(row.at(0).value_or(""));
      }
    }
    c.compare_tables = spec.verify.compare_tables;
    log.detail =
        "source PostgreSQL " + version + ", database " + c.source_db + ", run " + c.run->path();
  });
}

RunResult build_result(const Context& c, bool failed) {
  const auto& spec = c.spec;
  RunResult run;
  run.kind = "drill";
  run.model = spec.name;
  run.model_source = spec.file;
  run.model_checksum = spec.checksum;
  run.tool_version = kVersion;
  run.generated_at = c.journal.started_at().substr(0, 19) + "Z";
  run.seed = 0;
  ScenarioResult sc;
  sc.id = spec.name;
  sc.cls = "drill";
  double t0 = c.t0.value_or(0);
  sc.t0_s = t0;
  sc.horizon_s = std::max(0.0, c.journal.now_s() - t0);
  TargetResult t;
  t.id = spec.service;
  t.down = true;
  t.recovered = c.writable.has_value();
  if (c.writable) t.rto_s = std::max(0.0, *c.writable - t0);
  t.rpo_s = failed ? std::nullopt : c.rpo_s;
  for (const auto& s : c.journal.steps()) {
    if (!c.t0 || s.end_at.empty() || s.end_s < t0 || s.name == "cleanup") continue;
    PathStep p;
    p.step = s.name;
    p.begin_s = std::max(0.0, s.begin_s - t0);
    p.end_s = std::max(p.begin_s, s.end_s - t0);
    p.detail =
        s.status == "ok" ? s.detail : s.status + ": " + (s.error.empty() ? s.detail : s.error);
    t.path.push_back(p);
  }
  t.objectives.push_back(judge("rto", spec.objectives.rto_s, t.rto_s, true));
  t.objectives.push_back(judge("rpo", spec.objectives.rpo_s, t.rpo_s, true));
  // A restore that failed verification is no usable recovery point, with or without an RPO
  // objective: breached, so every report (Markdown, HTML, JUnit) shows the failure.
  if (failed) t.objectives.back().verdict = Verdict::kBreached;
  sc.impact = failed || !t.recovered ? Impact::kCatastrophic : Impact::kSevere;
  std::string how = spec.method == Method::kPitr      ? "base backup + WAL archive restored"
                    : spec.method == Method::kLogical ? "pg_dump archive restored"
                                                      : "streaming replica promoted";
  sc.recovery_process =
      how + std::string(" into a scratch ") +
      (spec.scratch.kind == ScratchKind::kDatabase ? "database" : "instance") +
      (c.writable ? ", writable after " + seconds_text(*c.writable - t0) : ", never writable");
  if (failed) {
    sc.data_loss = "verification failed: " + (c.findings.empty() ? "" : c.findings.front());
  } else if (c.rpo_s) {
    sc.data_loss = *c.rpo_s == 0 ? "none (heartbeat)" : "up to " + c.rpo_detail;
  } else {
    sc.data_loss = "not measured (no heartbeat)";
  }
  sc.services.push_back(t);
  run.scenarios.push_back(sc);
  return run;
}

}  // namespace

// ----- Context -------------------------------------------------------------------------------

std::size_t Context::step(const std::string& name, const std::function<void(StepLog&)>& f) {
  std::size_t i = journal.begin(name);
  if (progress) progress(name + " ...");
  StepLog log;
  auto finish = [&](const std::string& status, const std::string& error) {
    journal.end(i, status, log.detail, log.output, error);
    const auto& s = journal.steps()[i];
    if (progress) {
      progress(name + " " + status + " (" + seconds_text(s.end_s - s.begin_s) + ")" +
               (s.detail.empty() ? "" : ": " + s.detail) + (s.error.empty() ? "" : ": " + s.error));
    }
  };
  try {
    f(log);
  } catch (const StepTimeout& e) {
    finish("timeout", e.what());
    throw;
  } catch (const Cancelled& e) {
    finish("interrupted", e.what());
    throw;
  } catch (const std::exception& e) {
    finish("failed", e.what());
    throw;
  }
  finish("ok", "");
  return i;
}

ProcessResult Context::tool(const std::string& step_name, const std::string& name,
                            std::vector<std::string> args, bool as_os_user,
                            std::vector<std::pair<std::string, std::string>> env) {
  ProcessSpec p;
  p.argv.push_back(name[0] == '/' ? name : spec.scratch.bin_dir + "/" + name);
  p.argv.insert(p.argv.end(), args.begin(), args.end());
  p.env = std::move(env);
  if (as_os_user) p.as_user = spec.scratch.os_user;
  p.timeout_s = spec.timeout_for(step_name);
  RunDir* r = run.get();
  p.on_start = [r](int pid) {
    if (r) r->record_child(pid);
  };
  return run_process(p);
}

void Context::base_backup(const std::string& dir, StepLog& log) {
  PassFile pass(*run, "source.pgpass", source.password);
  auto r = tool("backup", "pg_basebackup",
                {"-D", dir, "-X", "stream", "--no-sync", "-w", "-c",
                 spec.backup.fast_checkpoint ? "fast" : "spread", "-d", source_conninfo},
                true, pass.env());
  log.output = r.output;
  expect_ok(r, "backup", "pg_basebackup", true);
}

void Context::expect_ok(const ProcessResult& r, const std::string& step_name,
                        const std::string& what, bool environment_problem) {
  if (r.timed_out) {
    throw StepTimeout(what + " timed out after " +
                      units::format_duration(spec.timeout_for(step_name)));
  }
  if (r.exit_code == 0) return;
  std::string msg =
      what + " failed (exit " + std::to_string(r.exit_code) + "): " + first_error_line(r.output);
  if (environment_problem) throw EnvironmentError(msg, "see the step output in the journal");
  throw DrillFailure(msg);
}

void Context::wait_until(const std::string& step_name, const std::function<bool()>& ready,
                         const ScratchServer* server) {
  double limit = spec.timeout_for(step_name);
  double start = journal.now_s();
  bool seen_pid = false;
  while (true) {
    if (ready()) return;
    if (server) {
      int pid = postmaster_pid(server->data_dir());
      if (pid > 0) seen_pid = true;
      bool dead = (pid > 0 && !process_alive(pid)) || (seen_pid && pid == 0) ||
                  (pid == 0 && journal.now_s() - start > 10);
      if (dead) {
        std::string log = server->log_tail(8000);
        std::string reason = "the restored server stopped";
        std::istringstream in(log);
        std::string line;
        while (std::getline(in, line)) {
          if (line.find("FATAL:") != std::string::npos ||
              line.find("PANIC:") != std::string::npos) {
            reason = "the restored server stopped: " + line.substr(line.find_first_of("FP"));
          }
        }
        if (log.find("recovery ended before configured recovery target was reached") !=
            std::string::npos) {
          reason = "recovery target time '" + spec.recovery.target_time +
                   "' is beyond the end of the archived WAL: the server refused to start";
        }
        throw DrillFailure(reason);
      }
    }
    if (journal.now_s() - start > limit) {
      throw StepTimeout(step_name + " timed out after " + units::format_duration(limit));
    }
    sleep_cancellable(0.02);
  }
}

void Context::wait_answers(ScratchServer& server, const std::string& db) {
  // The measure is the step's own end time, so the result and the journal agree exactly.
  std::size_t i = step("answers_queries", [&](StepLog& log) {
    std::string last_error;
    wait_until(
        "answers_queries",
        [&] {
          auto conn = PgConn::try_connect(server.target(db, "the restored server"), 2, last_error);
          if (!conn) return false;
          try {
            return conn->scalar("SELECT 1") == "1";
          } catch (const PgError& e) {
            last_error = e.what();
            return false;
          }
        },
        &server);
    log.detail = "SELECT 1 answered on database " + db;
  });
  answers = journal.steps()[i].end_s;
}

void Context::wait_writable(ScratchServer& server, const std::string& db) {
  std::size_t i = step("writable", [&](StepLog& log) {
    std::string err;
    wait_until(
        "writable",
        [&] {
          auto conn = PgConn::try_connect(server.target(db, "the restored server"), 2, err);
          if (!conn) return false;
          try {
            if (conn->scalar("SELECT pg_is_in_recovery()") != "f") return false;
            conn->exec("BEGIN; CREATE TEMP TABLE drsim_write_probe (x int); ROLLBACK");
            return true;
          } catch (const PgError&) {
            return false;
          }
        },
        &server);
    log.detail = "out of recovery and accepting writes";
  });
  writable = journal.steps()[i].end_s;
}

void Context::capture_references() {
  references.clear();
  for (const auto& db : verify_dbs) {
    ConnTarget t = source;
    t.dbname = db;
    auto conn = std::make_unique<PgConn>(PgConn::connect(t));
    conn->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    conn->scalar("SELECT 1");  // the first query takes the snapshot
    capture_reference(db, std::move(conn));
  }
}

void Context::capture_reference(const std::string& db, std::unique_ptr<PgConn> conn) {
  if (!compare_tables) return;
  CaptureOptions options{spec.verify.tables, spec.heartbeat.table,
                         spec.verify.level != VerifyLevel::kQuick,
                         spec.timeout_for("verify_tables")};
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
  PgConn src = PgConn::connect(source);
  consistency_epoch = std::stod(src.scalar("SELECT extract(epoch FROM clock_timestamp())::text"));
  consistency_what = "declared loss";
  log.detail =
      "primary declared lost" +
      (source_last_beat ? "; last heartbeat committed #" + std::to_string(source_last_beat->seq)
                        : std::string());
}

void Context::cleanup() noexcept {
  // Journaling must not stop the cleanup itself (an unwritable journal path, say).
  std::optional<std::size_t> i;
  try {
    i = journal.begin("cleanup");
  } catch (...) {
  }
  std::string detail;
  try {
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
      // The restored server's log is evidence: keep it next to the journal.
      if (!journal.path().empty()) {
        std::string kept = (fs::absolute(journal.path()).parent_path() /
                            (run->id() + "-server-" + std::to_string(s->port()) + ".log"))
                               .string();
        std::error_code ec;
        fs::copy_file(s->log_file(), kept, fs::copy_options::overwrite_existing, ec);
        if (!ec) journal.add_note("server log kept at " + kept);
      }
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
    if (run) {
      detail += "stopped " + std::to_string(stopped) + " server(s), removed " + run->path();
      run->remove();
      run.reset();
    }
    if (i) journal.end(*i, "ok", detail);
  } catch (const std::exception& e) {
    if (run) run->remove();
    try {
      if (i) journal.end(*i, "failed", detail, "", e.what());
    } catch (...) {
    }
  } catch (...) {
  }
}

// ----- helpers -------------------------------------------------------------------------------

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

std::string read_password(const PasswordSource& source, const std::string& what) {
  if (!source.env.empty()) {
    const char* v = std::getenv(source.env.c_str());
    if (!v || !*v) {
      throw EnvironmentError("the password of " + what + " is not set: environment variable " +
                                 source.env + " is empty or unset",
                             "export " + source.env + " before running the drill");
    }
    return v;
  }
  if (!source.file.empty()) {
    std::ifstream in(source.file);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
      throw EnvironmentError("cannot read the password of " + what + " from " + source.file,
                             "put the password on the first line of that file");
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
  }
  return "";
}

std::map<std::string, std::string> parse_conninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "invalid connection string";
    if (err) PQfreemem(err);
    throw EnvironmentError("invalid connection string: " + msg,
                           "use libpq syntax, e.g. 'host=db1 port=5432 user=drill dbname=app'");
  }
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (o->val && *o->val) out[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  return out;
}

std::string format_conninfo(const std::map<std::string, std::string>& keys) {
  std::string out;
  for (const auto& [k, v] : keys) {
    std::string q;
    // Masked where it is inserted: a conninfo is rendered for command lines and messages.
    for (char ch : k == "password" ? std::string(kMasked) : v) {
      if (ch == '\'' || ch == '\\') q += '\\';
      q += ch;
    }
    out += (out.empty() ? "" : " ") + k + "='" + q + "'";
  }
  return out;
}

ReapReport cleanup_drills(const std::string& state_dir) { return reap_stale_runs(state_dir); }

DrillOutcome run_drill(const DrillSpec& spec, const DrillOptions& options) {
  SignalGuard guard;
  Journal journal(spec.name, to_string(spec.method), "", options.journal_path);
  Context c(spec, journal, options.progress);
  DrillOutcome outcome;
  bool failed = false;
  try {
    auto keys = parse_conninfo(spec.source.conninfo);
    keys.erase("password");
    c.source_conninfo = format_conninfo(keys);
    c.source = ConnTarget{spec.source.conninfo, read_password(spec.source.password, "the source"),
                          "", "the source"};
    if (spec.scratch.kind == ScratchKind::kDatabase) {
      c.scratch_password = read_password(spec.scratch.password, "the scratch server");
    }
    preflight(c);
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
      }
      if (!c.servers.empty()) restrict_to_verify_role(c);
      measure_rpo(c);
      verify_restore(c);
    } catch (const DrillFailure& e) {
      failed = true;
      if (std::find(c.findings.begin(), c.findings.end(), e.what()) == c.findings.end()) {
        c.findings.insert(c.findings.begin(), e.what());
      }
    } catch (const PgError& e) {
      // The restored copy refused a query (damaged pages, missing relations): a finding.
      if (!c.t0) throw;
      failed = true;
      c.findings.push_back(std::string("the restore could not be read: ") + e.what());
    }
    if (!c.findings.empty()) failed = true;
    if (spec.scratch.keep_for_s > 0 && c.writable) {
      c.step("hold", [&](StepLog& log) {
        log.detail = "kept the restored server up for inspection";
        sleep_cancellable(spec.scratch.keep_for_s);
      });
    }
  } catch (const Cancelled& e) {
    c.cleanup();
    journal.set_status("interrupted");
    journal.flush();
    throw EnvironmentError(
        std::string(e.what()) + "; everything the drill started was stopped and removed",
        "run it again when it may finish; the journal shows how far it got");
  } catch (...) {
    c.cleanup();
    journal.set_status("error");
    journal.flush();
    throw;
  }
  c.cleanup();
  for (const auto& f : c.findings) journal.add_finding(f);
  outcome.result = build_result(c, failed);
  const auto& target = outcome.result.scenarios.front().services.front();
  outcome.passed = !failed && !any_breached(outcome.result);
  outcome.findings = journal.findings();
  for (const auto& o : target.objectives) {
    // A failed verification breaches the RPO; its findings already say why.
    if (o.verdict == Verdict::kBreached && !(failed && o.kind == "rpo")) {
      std::string f = o.kind + " objective breached: " +
                      (o.achieved_s ? seconds_text(*o.achieved_s) : std::string("none")) +
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

}  // namespace drsim::drills
