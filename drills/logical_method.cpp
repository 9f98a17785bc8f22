// The logical method: pg_dump -Fc of one database (taken by drsim inside an exported snapshot
// whose checksums become the reference, or an existing dump file), restored with pg_restore into
// a fresh scratch instance or into a new database on another server.
#include <regex>

#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/pass_file.hpp"

namespace drsim::drills {

void run_logical(Context& c) {
  const auto& spec = c.spec;
  std::string db = spec.backup.database.empty() ? c.source_db : spec.backup.database;
  c.verify_dbs = {db};
  std::string dump = spec.backup.dump_file;
  if (spec.backup.take) {
    c.step("backup", [&](StepLog& log) {
      // pg_dump reads the snapshot this transaction exports; the same snapshot gives the
      // reference checksums, so restore and reference describe the same instant.
      auto snap = c.begin_snapshot(db);
      auto row = snap->query("SELECT pg_export_snapshot(), extract(epoch FROM now())::text");
      std::string id = row.at(0).at(0).value_or("");
      c.consistency_epoch = std::stod(row.at(0).at(1).value_or("0"));
      c.consistency_what = "dump snapshot";
      dump = c.run->path() + "/backup.dump";
      auto keys = parse_conninfo(spec.source.conninfo);
      keys.erase("password");
      keys["dbname"] = db;
      PassFile pass(*c.run, "source.pgpass", c.source.password);
      auto r = c.tool("backup", "pg_dump",
                      {"-Fc", "-w", "--snapshot=" + id, "-f", dump, "-d", format_conninfo(keys)},
                      false, pass.env());
      log.output = r.output;
      c.expect_ok(r, "backup", "pg_dump", true);
      // pg_dump has imported the snapshot: read the reference in it, then release it.
      c.capture_reference(db, std::move(snap));
      log.detail = "pg_dump -Fc of database " + db + " in exported snapshot " + id;
    });
  } else {
    c.step("verify_backup", [&](StepLog& log) {
      auto r = c.tool("verify_backup", "pg_restore", {"-l", dump}, false);
      log.output = r.output.substr(0, 2000);
      if (r.timed_out || r.exit_code != 0) {
        std::string reason = "dump file is unreadable: " + last_error_line(r.output);
        throw DrillFailure(reason);
      }
      std::smatch m;
      static const std::regex re(R"(Archive created at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+))");
      if (std::regex_search(r.output, m, re)) {
        PgConn src = PgConn::connect(c.source);
        c.consistency_epoch =
            std::stod(src.scalar("SELECT extract(epoch FROM $1::timestamptz)::text", {m[1]}));
        c.consistency_what = "live source (existing dump created " + m[1].str() + ")";
      }
      log.detail = "table of contents readable";
    });
  }

  ScratchServer* server = nullptr;
  std::string restore_db = db;
  if (spec.scratch.kind == ScratchKind::kInstance) {
    c.step("provision", [&](StepLog& log) {
      std::string data = c.run->make_data_dir(spec.scratch.data_dir);
      auto r = c.tool("provision", "initdb",
                      {"-D", data, "-U", spec.scratch.user, "--auth-local=trust",
                       "--auth-host=reject", "-E", "UTF8", "--no-sync", "--no-instructions"},
                      true);
      log.output = r.output;
      c.expect_ok(r, "provision", "initdb", true);
      int port = c.run->reserve_port(spec.scratch.port);
      c.servers.push_back(std::make_unique<ScratchServer>(spec.scratch, *c.run, data, port));
      server = c.servers.back().get();
      server->configure({});
      auto s = server->start(spec.timeout_for("provision"));
      log.output += s.output;
      c.expect_ok(s, "provision", "pg_ctl start", true);
      std::string err;
      c.wait_until(
          "provision",
          [&] {
            return PgConn::try_connect(server->target("postgres", "the scratch server"), 2, err) !=
                   nullptr;
          },
          server);
      log.detail = "empty scratch instance on 127.0.0.1:" + std::to_string(port);
    });
  } else {
    restore_db = "drsim_scratch_" + c.run->id().substr(c.run->id().rfind('-') + 1);
    for (auto& ch : restore_db)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    c.step("provision", [&](StepLog& log) {
      if (c.scratch_admin->scalar("SELECT count(*) FROM pg_database WHERE datname = $1",
                                  {restore_db}) != "0") {
        throw EnvironmentError("scratch database " + restore_db + " already exists",
                               "drop it or let drsim pick another run id");
      }
      log.detail = "will restore into new database " + restore_db + " on the scratch server";
    });
  }

  if (spec.backup.loss_after_s > 0) sleep_cancellable(spec.backup.loss_after_s);
  c.step("declare_loss", [&](StepLog& log) {
    double snapshot_epoch = c.consistency_epoch;
    std::string what = c.consistency_what;
    c.declare_loss(log, !spec.backup.take);
    if (spec.backup.take || snapshot_epoch > 0) {
      c.consistency_epoch = snapshot_epoch;
      c.consistency_what = what;
    }
  });

  c.step("restore", [&](StepLog& log) {
    ConnTarget target;
    std::string password;
    if (server) {
      PgConn admin = PgConn::connect(server->target("postgres", "the scratch server"));
      if (restore_db != "postgres") {
        admin.exec("CREATE DATABASE " + quote_ident_path(restore_db) + " TEMPLATE template0");
      }
      target = server->target(restore_db, "the restored server");
    } else {
      c.scratch_admin->exec("CREATE DATABASE " + quote_ident_path(restore_db) +
                            " TEMPLATE template0");
      c.scratch_database = restore_db;
      target = ConnTarget{spec.scratch.conninfo, c.scratch_password, restore_db,
                          "the restored database"};
      password = c.scratch_password;
    }
    auto keys = parse_conninfo(target.conninfo);
    keys.erase("password");
    keys["dbname"] = restore_db;
    PassFile pass(*c.run, "scratch.pgpass", password);
    auto r = c.tool("restore", "pg_restore",
                    {"--no-owner", "--no-acl", "-w", "-d", format_conninfo(keys), dump}, false,
                    pass.env());
    log.output = r.output;
    if (r.timed_out) c.expect_ok(r, "restore", "pg_restore", false);
    if (r.exit_code != 0) {
      c.findings.push_back("pg_restore reported errors: " + last_error_line(r.output));
    }
    log.detail = "pg_restore into database " + restore_db;
  });
  if (server) {
    c.restored_target = [server, db, restore_db](const std::string& want) {
      return server->target(want == db ? restore_db : want, "the restored server");
    };
    c.wait_answers(*server, restore_db);
    c.wait_writable(*server, restore_db);
  } else {
    std::string conninfo = spec.scratch.conninfo, pw = c.scratch_password;
    c.restored_target = [conninfo, pw, restore_db](const std::string&) {
      return ConnTarget{conninfo, pw, restore_db, "the restored database"};
    };
    c.step("answers_queries", [&](StepLog& log) {
      PgConn r = PgConn::connect(c.restored_target(db));
      r.scalar("SELECT 1");
      c.answers = c.journal.now_s();
      log.detail = "SELECT 1 answered on database " + restore_db;
    });
    c.step("writable", [&](StepLog& log) {
      PgConn r = PgConn::connect(c.restored_target(db));
      r.exec("BEGIN; CREATE TEMP TABLE drsim_write_probe (x int); ROLLBACK");
      c.writable = c.journal.now_s();
      log.detail = "accepting writes";
    });
  }
  // What the restore built, for drsim calibrate's restore rate: asked once writable, so the
  // question is not part of the RTO.
  const std::string bytes = PgConn::connect(c.restored_target(db))
                                .scalar("SELECT pg_database_size(current_database())::text");
  c.journal.set_evidence("restore", {{"step", "restore"}, {"bytes", std::stoull(bytes)}});
}

}  // namespace drsim::drills
