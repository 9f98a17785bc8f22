// The preflight step of every drill: the tools exist and are trusted, the source answers with a
// usable version, and the scratch target is safe (not the source, not running, not in use),
// then leftovers of killed runs are reaped and this run's directory is created.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "drills/conninfo.hpp"
#include "drills/drill_context.hpp"
#include "drills/standby_names.hpp"
#include "model/errors.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

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

}  // namespace

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
    // Every tool of bin_dir that drsim may run must be trusted, not only those this method needs.
    c.check_tools(tools,
                  {"pg_ctl", "postgres", "initdb", "pg_basebackup", "pg_verifybackup", "pg_dump",
                   "pg_restore", "pg_amcheck"},
                  "PostgreSQL tool",
                  "install PostgreSQL 15 (Debian: apt-get install postgresql) or set "
                  "'scratch.bin_dir'");
    if (platform::running_as_root() && ::access("/usr/sbin/runuser", X_OK) != 0) {
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
    if (spec.method == Method::kFailover) {
      std::string names = src.scalar("SHOW synchronous_standby_names");
      if (standby_names_include(names, kReplicaName)) {
        throw EnvironmentError(
            "the source's synchronous_standby_names '" + names +
                "' would make the drill's replica a synchronous standby: the source's commits "
                "would wait for it, and hang once the drill stops or promotes it",
            std::string("name the standbys that must confirm commits instead of '*' (the "
                        "replica connects as application_name '") +
                kReplicaName + "'), or run the failover drill against a copy of the source");
      }
    }
    check_scratch_safety(c);
    c.open_run_dir(spec.scratch.os_user);
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

}  // namespace drsim::drills
