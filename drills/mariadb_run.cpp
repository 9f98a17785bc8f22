#include "drills/mariadb_run.hpp"

#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/conninfo.hpp"
#include "drills/mariadb_steps.hpp"
#include "drills/ownership.hpp"
#include "drills/process.hpp"
#include "model/errors.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

constexpr const char* kMissingTools =
    "install Debian's mariadb-server, mariadb-client and mariadb-backup, or set scratch.bin_dir";
constexpr const char* kRedoLog = "--innodb-log-file-size=8M";  // a small scratch instance

// A value for a MariaDB option file: double-quoted, with backslashes and quotes escaped.
std::string option_value(const std::string& v) {
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '\\' || ch == '"') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string read_head(const std::string& path, std::size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string s(bytes, '\0');
  in.read(s.data(), static_cast<std::streamsize>(bytes));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::string read_tail(const std::string& path, std::size_t bytes) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
  const std::size_t from = size > bytes ? size - bytes : 0;
  in.seekg(static_cast<std::streamoff>(from));
  std::string s(size - from, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

// The last line of the scratch server's error log that says why it stopped ("" if none).
std::string log_reason(const std::string& log_file) {
  std::ifstream in(log_file);
  std::string line, found;
  while (std::getline(in, line)) {
    if (line.find("[ERROR]") != std::string::npos) found = line.substr(line.find("[ERROR]") + 8);
  }
  return found;
}

std::string joined(const std::vector<std::string>& names) {
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return all.empty() ? std::string("none") : all;
}

}  // namespace

void preflight_mariadb(MariadbRun& r) {
  const auto& spec = r.spec;
  const bool physical = spec.method != Method::kLogical;  // failover seeds with mariabackup
  r.step("preflight", [&](StepLog& log) {
    std::vector<std::string> needed{"mariadb", "mariadb-binlog"};
    needed.push_back(physical ? "mariabackup" : "mariadb-install-db");
    if (!physical && spec.backup.take) needed.push_back("mariadb-dump");
    r.check_tools(
        needed, {"mariadb", "mariadb-binlog", "mariabackup", "mariadb-install-db", "mariadb-dump"},
        "MariaDB tool", kMissingTools);
    if (::access(r.server_program().c_str(), X_OK) != 0) {
      throw EnvironmentError("the MariaDB server " + r.server_program() + " is missing",
                             kMissingTools);
    }
    check_trusted_program(r.server_program(), "'scratch.bin_dir'");
    std::string version, datadir;
    try {
      MariadbConn conn(r.source, r.password, kConnectTimeout);
      const auto row =
          conn.query("SELECT @@version, @@log_bin, @@log_bin_basename, @@datadir, @@binlog_format");
      version = row.at(0).at(0).value_or("");
      r.log_bin = row.at(0).at(1).value_or("0") == "1";
      r.binlog_base = fs::path(row.at(0).at(2).value_or("")).filename().string();
      datadir = spec.source.datadir.empty() ? row.at(0).at(3).value_or("") : spec.source.datadir;
      const std::string format = row.at(0).at(4).value_or("");
      if (r.log_bin && format != "ROW" && !physical && !spec.backup.databases.empty()) {
        r.journal.add_note("the source logs statements (binlog_format " + format +
                           "): replaying its binary log for some databases only finds a "
                           "statement by its default database (USE), so writes naming another "
                           "database are missed; set binlog_format=ROW, or dump every database");
      }
      for (const auto& db : conn.query("SHOW DATABASES")) {
        const std::string name = db.at(0).value_or("");
        if (system_database(name)) continue;
        if (physical || spec.backup.databases.empty() ||
            std::count(spec.backup.databases.begin(), spec.backup.databases.end(), name)) {
          r.databases.push_back(name);
        }
      }
    } catch (const MariadbError& e) {
      throw EnvironmentError(e.what(),
                             "check the source's address, that it runs, its user and the "
                             "password (password_env / password_file)");
    }
    for (const auto& db : spec.backup.databases) {
      if (!std::count(r.databases.begin(), r.databases.end(), db)) {
        throw EnvironmentError(
            "the source has no database '" + db + "'",
            "correct backup.databases (the source has: " + joined(r.databases) + ")");
      }
    }
    std::error_code ec;
    if (physical && spec.backup.take && ::access(datadir.c_str(), R_OK | X_OK) != 0) {
      throw EnvironmentError("cannot read the source's data directory " + datadir,
                             "mariabackup copies it: run the drill on the source's host as a user "
                             "who may read it, or set source.datadir");
    }
    if (!spec.backup.take && physical &&
        !fs::is_regular_file(spec.backup.backup_dir + "/xtrabackup_checkpoints", ec)) {
      throw EnvironmentError(spec.backup.backup_dir + " is not a mariabackup directory",
                             "point backup.backup_dir at a directory of 'mariabackup --backup' "
                             "(it holds xtrabackup_checkpoints)");
    }
    if (!spec.backup.take && !physical &&
        (!fs::is_regular_file(spec.backup.dump_file, ec) ||
         ::access(spec.backup.dump_file.c_str(), R_OK) != 0)) {
      throw EnvironmentError("cannot read the dump file " + spec.backup.dump_file,
                             "point backup.dump_file at a readable file of mariadb-dump");
    }
    if (!spec.backup.binlog_dir.empty() &&
        (!fs::is_directory(spec.backup.binlog_dir, ec) ||
         ::access(spec.backup.binlog_dir.c_str(), R_OK | X_OK) != 0)) {
      throw EnvironmentError("cannot read the binary log directory " + spec.backup.binlog_dir,
                             "point backup.binlog_dir at where the source's binary logs (or "
                             "copies of them) are");
    }
    r.open_run_dir(spec.scratch.os_user);
    // The server's own directories belong to the OS user it runs as.
    r.data_dir = r.run->make_dir("data");
    const std::string own = r.run->make_dir("mysqld");
    r.socket_path = own + "/sock";
    r.pid_file = own + "/pid";
    r.log_file = own + "/error.log";
    if (r.socket_path.size() >= sizeof(sockaddr_un{}.sun_path)) {
      throw EnvironmentError("the scratch server's socket path " + r.socket_path + " is too long",
                             "choose a shorter scratch.dir or drill name");
    }
    std::string client = "[client]\nuser=" + r.source.user + "\n";
    if (!r.password.empty()) client += "password=" + option_value(r.password) + "\n";
    if (r.source.socket.empty()) {
      const auto colon = r.source.address.rfind(':');
      client += "host=" + r.source.address.substr(0, colon) +
                "\nport=" + r.source.address.substr(colon + 1) + "\nprotocol=tcp\n";
    } else {
      client += "socket=" + option_value(r.source.socket) + "\nprotocol=socket\n";
    }
    r.source_cnf = r.run->write_private("source.cnf", client);
    log.detail = "source MariaDB " + version + " at " + r.source.shown() +
                 (r.log_bin ? ", binary log on" : ", binary log off") + ", databases " +
                 joined(r.databases) + ", run " + r.run->path();
  });
}

namespace {

// The heartbeat table's database and name, quoted.
std::string heartbeat_table(const DrillSpec& spec) {
  const auto dot = spec.heartbeat.table.find('.');
  return quote_name(spec.heartbeat.table.substr(0, dot)) + "." +
         quote_name(spec.heartbeat.table.substr(dot + 1));
}

}  // namespace

void start_heartbeat(MariadbRun& r) {
  r.start_heartbeat(
      r.run->id(),
      [conn = std::shared_ptr<MariadbConn>(), &r](const std::string& key,
                                                  const std::string& value) mutable {
        if (!conn) {
          // Its database as the default one: a statement-logged beat is then found by
          // mariadb-binlog --database.
          const auto& table = r.spec.heartbeat.table;
          conn = std::make_shared<MariadbConn>(r.source, r.password, kConnectTimeout,
                                               table.substr(0, table.find('.')));
          conn->query("CREATE TABLE IF NOT EXISTS " + heartbeat_table(r.spec) +
                      " (run_id VARCHAR(128) PRIMARY KEY, beat_ms BIGINT NOT NULL) ENGINE=InnoDB");
        }
        conn->query("REPLACE INTO " + heartbeat_table(r.spec) + " VALUES (" + conn->literal(key) +
                    ", " + value + ")");
      },
      "CREATE TABLE IF NOT EXISTS and REPLACE on " + r.spec.heartbeat.table + ", a row");
}

void take_backup(MariadbRun& r) {
  const auto& spec = r.spec;
  r.step("backup", [&](StepLog& log) {
    r.backup_epoch = epoch_now();
    if (spec.method != Method::kLogical) {  // physical, and failover's replica seed
      r.backup_path = r.run->path() + "/backup";
      std::vector<std::string> argv{r.bin("mariabackup"), "--defaults-file=" + r.source_cnf,
                                    "--backup", "--target-dir=" + r.backup_path};
      if (!spec.source.datadir.empty()) argv.push_back("--datadir=" + spec.source.datadir);
      auto res = r.run_command("backup", argv, {}, kMissingTools);
      log.output = res.output;
      r.expect_ok(res, "backup", "mariabackup --backup", true);
      r.backup_pos = parse_binlog_info(read_head(r.backup_path + "/xtrabackup_binlog_info", 4096));
      log.detail = "mariabackup --backup into " + r.backup_path;
    } else {
      r.backup_path = r.run->path() + "/backup.sql";
      std::vector<std::string> argv{r.bin("mariadb-dump"),  "--defaults-file=" + r.source_cnf,
                                    "--single-transaction", "--routines",
                                    "--triggers",           "--events",
                                    "--hex-blob",           "--result-file=" + r.backup_path};
      // The binary log position of the dump's snapshot (MariaDB reads it without a lock).
      if (r.log_bin) argv.push_back("--master-data=2");
      argv.push_back("--databases");
      argv.insert(argv.end(), r.databases.begin(), r.databases.end());
      auto res = r.run_command("backup", argv, {}, kMissingTools);
      log.output = res.output;
      r.expect_ok(res, "backup", "mariadb-dump", true);
      r.backup_pos = parse_dump_position(read_head(r.backup_path, 64 * 1024));
      std::error_code ec;
      log.detail = "mariadb-dump --single-transaction of " + std::to_string(r.databases.size()) +
                   " database(s), " + std::to_string(fs::file_size(r.backup_path, ec)) + " bytes";
    }
    if (r.backup_pos) log.detail += ", ends at binary log " + r.backup_pos->shown();
  });
}

namespace {

void verify_backup(MariadbRun& r) {
  const auto& spec = r.spec;
  r.step("verify_backup", [&](StepLog& log) {
    if (spec.method == Method::kPhysical) {
      r.backup_path = spec.backup.backup_dir;
      const std::string checkpoints = read_head(r.backup_path + "/xtrabackup_checkpoints", 4096);
      if (checkpoints.find("backup_type = full-") == std::string::npos) {
        throw DrillFailure("the backup in " + r.backup_path +
                           " is not a full mariabackup backup (xtrabackup_checkpoints)");
      }
      r.backup_pos = parse_binlog_info(read_head(r.backup_path + "/xtrabackup_binlog_info", 4096));
      log.detail = "a full mariabackup backup";
    } else {
      r.backup_path = spec.backup.dump_file;
      const std::string head = read_head(r.backup_path, 64 * 1024);
      if (head.find("-- MariaDB dump") == std::string::npos &&
          head.find("-- MySQL dump") == std::string::npos) {
        throw DrillFailure("the dump file " + r.backup_path + " was not written by mariadb-dump");
      }
      if (read_tail(r.backup_path, 512).find("-- Dump completed") == std::string::npos) {
        throw DrillFailure("the dump file " + r.backup_path +
                           " is incomplete: it does not end with mariadb-dump's 'Dump completed' "
                           "line");
      }
      r.backup_pos = parse_dump_position(head);
      log.detail = "a complete mariadb-dump file";
    }
    log.detail += r.backup_pos ? ", ends at binary log " + r.backup_pos->shown()
                               : ", without a binary log position";
  });
}

}  // namespace

namespace {

std::vector<std::string> server_argv(const MariadbRun& r, bool physical) {
  std::vector<std::string> argv{r.server_program()};
  // A physical backup carries the InnoDB settings its files need (page size, redo log).
  argv.push_back(physical ? "--defaults-file=" + r.data_dir + "/backup-my.cnf" : "--no-defaults");
  if (!physical) argv.push_back(kRedoLog);
  argv.insert(argv.end(),
              {"--datadir=" + r.data_dir, "--socket=" + r.socket_path, "--skip-networking",
               "--skip-grant-tables", "--skip-slave-start", "--event-scheduler=DISABLED",
               "--log-error=" + r.log_file, "--pid-file=" + r.pid_file});
  if (platform::running_as_root()) argv.push_back("--user=" + r.spec.scratch.os_user);
  argv.insert(argv.end(), r.server_extra.begin(), r.server_extra.end());
  return argv;
}

std::string server_stopped(MariadbRun& r) {
  if (r.server.pid() <= 0 || !r.server.try_wait()) return "";
  const std::string why = log_reason(r.log_file);
  return "the restored server stopped" + (why.empty() ? std::string() : ": " + why);
}

}  // namespace

// Starts the scratch server and waits until it answers.
void start_server(MariadbRun& r, bool physical, StepLog& log, const std::string& step) {
  platform::ProcessSpec p;
  p.argv = server_argv(r, physical);
  p.missing_hint = kMissingTools;
  r.server = platform::start_process(p);
  r.run->record_child(r.server.pid());
  r.poll(
      step,
      [&] {
        try {
          MariadbConn(r.scratch(), "", kConnectTimeout).query("SELECT 1");
          return true;
        } catch (const MariadbError&) {
          return false;
        }
      },
      [&] { return server_stopped(r); });
  log.detail = "mariadbd pid " + std::to_string(r.server.pid()) + " on " + r.socket_path +
               " (no TCP port, no grant tables)";
}

namespace {

void provision(MariadbRun& r) {
  r.step("provision", [&](StepLog& log) {
    std::vector<std::string> argv{r.bin("mariadb-install-db"),
                                  "--no-defaults",
                                  "--datadir=" + r.data_dir,
                                  "--auth-root-authentication-method=normal",
                                  "--skip-test-db",
                                  kRedoLog};
    if (platform::running_as_root()) argv.push_back("--user=" + r.spec.scratch.os_user);
    auto res = r.run_command("provision", argv, {}, kMissingTools);
    log.output = res.output;
    r.expect_ok(res, "provision", "mariadb-install-db", true);
    start_server(r, false, log, "provision");
    log.detail = "an empty instance: " + log.detail;
  });
}

}  // namespace

// Stops the heartbeat and reads the source's tables in one snapshot, with its binary log
// position: what the restored copy must hold once rolled forward to that position.
void take_reference(MariadbRun& r, const std::function<void()>& before,
                    const std::function<void(StepLog&)>& after) {
  const auto& spec = r.spec;
  if (!spec.verify.compare_tables && spec.backup.binlog_dir.empty()) return;
  r.step("reference", [&](StepLog& log) {
    if (before) before();
    if (r.heartbeat) r.last_beat_ms = r.heartbeat->stop();
    MariadbConn conn(r.source, r.password, spec.timeout_for("reference"));
    pin_mariadb_session(conn);
    conn.query("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    conn.query("START TRANSACTION WITH CONSISTENT SNAPSHOT");
    if (r.log_bin) {
      BinlogPosition p;
      for (const auto& row : conn.query("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
        if (row.at(0) == std::optional<std::string>("Binlog_snapshot_file"))
          p.file = row.at(1).value_or("");
        if (row.at(0) == std::optional<std::string>("Binlog_snapshot_position"))
          p.pos = std::stoll(row.at(1).value_or("0"));
      }
      if (!p.file.empty()) r.reference_pos = p;
    }
    r.reference_epoch = std::stod(conn.scalar("SELECT UNIX_TIMESTAMP(NOW(6))"));
    if (spec.verify.compare_tables && spec.recovery.target_time.empty()) {
      r.reference = sum_mariadb_tables(conn, r.databases, spec.verify.tables,
                                       spec.heartbeat.enabled ? spec.heartbeat.table : "");
    }
    conn.query("COMMIT");
    log.detail = std::string(r.reference ? std::to_string(r.reference->size()) + " tables read"
                                         : "no tables read") +
                 " in one snapshot" +
                 (r.reference_pos ? " at binary log " + r.reference_pos->shown()
                                  : std::string(" (no binary log position)"));
    if (r.reference) {
      nlohmann::ordered_json tables = nlohmann::ordered_json::object();
      for (const auto& t : *r.reference) tables[t.name] = {{"rows", t.rows}, {"sum", t.sum}};
      r.journal.set_evidence(
          "reference",
          {{"position", r.reference_pos ? r.reference_pos->shown() : ""}, {"tables", tables}});
    }
    if (after) after(log);
  });
}

void prepare_copy(MariadbRun& r, const std::string& step, StepLog& log) {
  std::error_code ec;
  fs::copy(r.backup_path, r.data_dir, fs::copy_options::recursive, ec);  // into the empty dir
  if (ec) throw DrillFailure("cannot copy the backup " + r.backup_path + ": " + ec.message());
  auto res = r.run_command(
      step, {r.bin("mariabackup"), "--no-defaults", "--prepare", "--target-dir=" + r.data_dir}, {},
      kMissingTools);
  log.output += res.output;
  r.expect_ok(res, step, "mariabackup --prepare", false);
  r.run->give_to_user(r.data_dir);
}

namespace {

// The binary log files from the backup's position on, copied from binlog_dir as they are at the
// declared loss (the source may rotate or purge them while the drill runs).
void freeze_binlogs(MariadbRun& r, StepLog& log) {
  const auto& spec = r.spec;
  if (spec.backup.binlog_dir.empty()) return;
  if (!r.backup_pos) {
    r.journal.add_note("the backup has no binary log position: the binary logs are not replayed");
    return;
  }
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(spec.backup.binlog_dir, ec)) {
    const std::string name = e.path().filename().string();
    const auto dot = name.rfind('.');
    if (dot == std::string::npos || name.substr(0, dot) != r.binlog_base) continue;
    const std::string seq = name.substr(dot + 1);
    if (seq.size() != 6 || !std::all_of(seq.begin(), seq.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; })) {
      continue;
    }
    if (name >= r.backup_pos->file) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  if (names.empty() || names.front() != r.backup_pos->file) {
    throw DrillFailure("the binary log " + r.backup_pos->file +
                       " where the backup ends is not in " + spec.backup.binlog_dir +
                       ": the logs cannot roll it forward");
  }
  const std::string dir = r.run->make_dir("binlogs");
  std::uintmax_t bytes = 0;
  for (const auto& name : names) {
    const std::string to = dir + "/" + name;
    fs::copy_file(spec.backup.binlog_dir + "/" + name, to, ec);
    if (ec) throw DrillFailure("cannot copy the binary log " + name + ": " + ec.message());
    bytes += fs::file_size(to, ec);
    r.frozen_binlogs.push_back(to);
  }
  log.detail = std::to_string(names.size()) + " binary log(s) copied (" + std::to_string(bytes) +
               " bytes, " + names.front() + " to " + names.back() + "); ";
}

// Replays binary log events from the backup's position into the scratch server, up to `stop`
// (exclusive) or the target time, from `files` (paths) or, `remote`, from the source itself.
// When the restore holds every database of the source, every event is replayed; else only those
// of the restored databases, one database at a time (mariadb-binlog --database: row events by
// their table's database, statements by their default database).
void replay(MariadbRun& r, const std::string& step, const std::vector<std::string>& files,
            bool remote, const std::optional<BinlogPosition>& stop, StepLog& log) {
  const std::string sql = r.run->path() + "/replay.sql";
  const bool whole = r.spec.method == Method::kPhysical || r.spec.backup.databases.empty();
  const std::vector<std::string> filters = whole ? std::vector<std::string>{""} : r.databases;
  for (const auto& db : filters) {
    platform::ProcessSpec read;
    read.argv = {r.bin("mariadb-binlog"),
                 remote ? "--defaults-file=" + r.source_cnf : "--no-defaults",
                 "--verify-binlog-checksum",
                 "--start-position=" + std::to_string(r.backup_pos->pos), "--result-file=" + sql};
    if (remote) read.argv.push_back("--read-from-remote-server");
    if (!db.empty()) read.argv.push_back("--database=" + db);
    if (stop) read.argv.push_back("--stop-position=" + std::to_string(stop->pos));
    if (!r.spec.recovery.target_time.empty()) {
      read.argv.push_back("--stop-datetime=" + r.spec.recovery.target_time);
      read.env = {{"TZ", "UTC"}};  // --stop-datetime is read in the local time zone
    }
    read.argv.insert(read.argv.end(), files.begin(), files.end());
    read.missing_hint = kMissingTools;
    auto res = r.run_command(step, read);
    log.output += res.output;
    r.expect_ok(res, step, "mariadb-binlog", remote);
    // It reports a damaged event (a failed checksum) and a refused read but exits 0 even so.
    if (const auto at = res.output.find("ERROR: "); at != std::string::npos) {
      const std::string why = res.output.substr(at + 7, res.output.find('\n', at) - at - 7);
      if (remote) throw EnvironmentError("mariadb-binlog could not read the source: " + why);
      throw DrillFailure("the binary logs are damaged: " + why + " (mariadb-binlog)");
    }
    // --force goes on past statements the scratch server refuses, to judge them after: account
    // changes (ERROR 1290: it runs without grant tables) are noted, any other error fails.
    platform::ProcessSpec apply;
    apply.argv = {r.bin("mariadb"), "--no-defaults", "--socket=" + r.socket_path,
                  "--user=root",    "--binary-mode", "--force"};
    apply.input_file = sql;
    apply.missing_hint = kMissingTools;
    res = r.run_command(step, apply);
    log.output += res.output;
    if (res.timed_out) r.expect_ok(res, step, "replaying the binary log", false);
    std::istringstream lines(res.output);
    std::vector<std::string> refused;
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("ERROR ", 0) != 0) continue;
      if (line.rfind("ERROR 1290 ", 0) != 0) {
        throw DrillFailure("replaying the binary log" + (db.empty() ? "" : " of " + db) +
                           " failed: " + line);
      }
      refused.push_back(line);
    }
    if (res.exit_code != 0 && refused.empty()) {
      r.expect_ok(res, step, "replaying the binary log", false);
    }
    if (!refused.empty()) {
      r.journal.add_note(std::to_string(refused.size()) +
                         " account statement(s) of the binary log not replayed: the scratch "
                         "server runs without grant tables (" +
                         refused.front() + ")");
    }
  }
}

// The binary log files from the backup's file to the stop's, by name, as the source lists them.
std::vector<std::string> source_binlogs(MariadbRun& r, const BinlogPosition& stop) {
  MariadbConn conn(r.source, r.password, kConnectTimeout);
  std::vector<std::string> names;
  for (const auto& row : conn.query("SHOW BINARY LOGS")) {
    const std::string name = row.at(0).value_or("");
    if (name >= r.backup_pos->file && name <= stop.file) names.push_back(name);
  }
  return names;
}

void restore(MariadbRun& r) {
  const auto& spec = r.spec;
  const bool physical = spec.method == Method::kPhysical;
  r.step("restore", [&](StepLog& log) {
    freeze_binlogs(r, log);
    if (physical) {
      prepare_copy(r, "restore", log);
      log.detail += "copied and prepared the backup";
    } else {
      platform::ProcessSpec p;
      p.argv = {r.bin("mariadb"), "--no-defaults", "--socket=" + r.socket_path, "--user=root"};
      p.input_file = r.backup_path;
      p.missing_hint = kMissingTools;
      auto res = r.run_command("restore", p);
      log.output = res.output;
      r.expect_ok(res, "restore", "loading the dump", false);
      log.detail += "loaded the dump";
    }
    r.journal.set_evidence("restore", {{"step", "restore"}, {"bytes", tree_bytes(r.backup_path)}});
  });
  if (physical) {
    r.step("start_server", [&](StepLog& log) { start_server(r, true, log, "start_server"); });
  }
  if (r.frozen_binlogs.empty()) return;
  r.step("replay_binlogs", [&](StepLog& log) {
    // To the reference point when there is one, else to the end of the frozen logs.
    const auto stop = spec.recovery.target_time.empty() ? r.reference_pos : std::nullopt;
    replay(r, "replay_binlogs", r.frozen_binlogs, false, stop, log);
    r.rolled_forward = spec.recovery.target_time.empty() && stop.has_value();
    log.detail =
        "replayed from " + r.backup_pos->shown() +
        (stop                                 ? " to " + stop->shown()
         : !spec.recovery.target_time.empty() ? " to " + spec.recovery.target_time + " UTC"
                                              : std::string(" to the end of the frozen logs"));
  });
}

}  // namespace

void wait_ready(MariadbRun& r) {
  const auto answered = r.step("answers_queries", [&](StepLog& log) {
    r.poll(
        "answers_queries",
        [&] {
          try {
            MariadbConn conn(r.scratch(), "", kConnectTimeout);
            for (const auto& db : r.databases) conn.query("USE " + quote_name(db));
            return true;
          } catch (const MariadbError&) {
            return false;
          }
        },
        [&] { return server_stopped(r); });
    log.detail = "every restored database answers";
  });
  r.answers = r.journal.steps()[answered].end_s;
  const auto wrote = r.step("writable", [&](StepLog& log) {
    const std::string db = quote_name("drsim_writable_" + r.run->id());
    r.poll(
        "writable",
        [&] {
          try {
            MariadbConn conn(r.scratch(), "", kConnectTimeout);
            conn.query("CREATE DATABASE " + db);
            conn.query("DROP DATABASE " + db);
            return true;
          } catch (const MariadbError&) {
            return false;
          }
        },
        [&] { return server_stopped(r); });
    log.detail = "created and dropped a database";
  });
  r.writable = r.journal.steps()[wrote].end_s;
}

void measure_rpo(MariadbRun& r) {
  // A replica moved on from its backup: without the reference point its RPO is not measured.
  std::optional<double> consistent =
      r.spec.method == Method::kFailover ? std::nullopt : r.backup_epoch;
  std::string when = "backup taken";
  if (r.rolled_forward) {
    consistent = r.reference_epoch;
    when = "binary logs replayed to the reference point at";
  }
  r.measure_rpo(
      [&]() -> std::optional<std::string> {
        MariadbConn conn(r.scratch(), "", kConnectTimeout);
        const std::string beat = conn.scalar("SELECT beat_ms FROM " + heartbeat_table(r.spec) +
                                             " WHERE run_id = " + conn.literal(r.run->id()));
        return beat.empty() ? std::nullopt : std::optional<std::string>(beat);
      },
      consistent, when);
}

namespace {

// Brings the restored copy to the reference point when it stopped short of it, so that the
// tables compare exactly: the binary log from the backup's position to the reference's, read
// from the source (after the RTO: verification, not recovery).
void catch_up(MariadbRun& r) {
  if (!r.reference || r.rolled_forward || !r.backup_pos || !r.reference_pos) return;
  if (*r.backup_pos == *r.reference_pos) return;
  r.step("catch_up", [&](StepLog& log) {
    try {
      replay(r, "catch_up", source_binlogs(r, *r.reference_pos), true, r.reference_pos, log);
      log.detail = "replayed the source's binary log from " + r.backup_pos->shown() +
                   " to the reference point " + r.reference_pos->shown();
    } catch (const EnvironmentError& e) {
      r.reference.reset();
      r.journal.add_note(std::string("tables not compared: the source wrote after the backup and "
                                     "its binary log could not be read to catch up (") +
                         e.what() +
                         "); grant the drill's user REPLICATION SLAVE, or give backup.binlog_dir");
      log.detail = "not possible: tables not compared";
    }
  });
}

}  // namespace

void verify_tables(MariadbRun& r) {
  if (!r.reference) return;
  r.step("verify_tables", [&](StepLog& log) {
    MariadbConn conn(r.scratch(), "", r.spec.timeout_for("verify_tables"));
    pin_mariadb_session(conn);
    const auto restored =
        sum_mariadb_tables(conn, r.databases, r.spec.verify.tables,
                           r.spec.heartbeat.enabled ? r.spec.heartbeat.table : "");
    const auto reasons = compare_mariadb_tables(*r.reference, restored);
    for (const auto& why : reasons) r.findings.push_back(why);
    long long rows = 0;
    for (const auto& t : restored) rows += t.rows;
    log.detail =
        std::to_string(r.reference->size() - std::min(reasons.size(), r.reference->size())) +
        " of " + std::to_string(r.reference->size()) + " tables match the source (" +
        std::to_string(rows) + " rows restored)";
  });
}

void check_tables(MariadbRun& r) {
  if (r.spec.verify.level == VerifyLevel::kQuick) return;
  r.step("check_tables", [&](StepLog& log) {
    MariadbConn conn(r.scratch(), "", r.spec.timeout_for("check_tables"));
    int checked = 0;
    for (const auto& db : r.databases) {
      for (const auto& t : conn.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                                      "TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = " +
                                      conn.literal(db) + " ORDER BY TABLE_NAME")) {
        const std::string name = quote_name(db) + "." + quote_name(t.at(0).value_or(""));
        ++checked;
        for (const auto& row : conn.query("CHECK TABLE " + name)) {
          const std::string type = row.at(2).value_or(""), text = row.at(3).value_or("");
          if (type == "error" || (type == "status" && text != "OK")) {
            r.findings.push_back("CHECK TABLE " + db + "." + t.at(0).value_or("") + ": " + text);
          }
        }
      }
    }
    log.detail = "CHECK TABLE on " + std::to_string(checked) + " tables";
  });
}

void run_probes(MariadbRun& r) {
  r.run_probes([&](const ProbeSpec& p) {
    try {
      MariadbConn conn(r.scratch(), "", r.spec.timeout_for("probes"), p.database);
      return conn.scalar(p.sql);
    } catch (const MariadbError& e) {
      return std::string("error: ") + e.what();
    }
  });
}

std::string MariadbRun::server_program() const {
  const std::string here = bin("mariadbd");
  if (::access(here.c_str(), F_OK) == 0) return here;
  return (fs::path(spec.scratch.bin_dir).parent_path() / "sbin" / "mariadbd").string();
}

std::string MariadbRun::restored_how() const {
  if (spec.method == Method::kFailover) return "replica promoted";
  std::string how =
      spec.method == Method::kPhysical
          ? (spec.backup.take ? "mariabackup backup prepared"
                              : "mariabackup directory " + spec.backup.backup_dir + " prepared")
          : (spec.backup.take ? "mariadb-dump loaded"
                              : "mariadb-dump file " + spec.backup.dump_file + " loaded");
  if (!frozen_binlogs.empty()) how += ", binary logs replayed";
  return how;
}

void MariadbRun::cleanup() noexcept {
  cleanup_step([&](std::string& detail, std::vector<KeptLog>& logs) {
    if (heartbeat) {
      heartbeat->stop();
      try {
        MariadbConn conn(source, password, kConnectTimeout);
        conn.query("DELETE FROM " + heartbeat_table(spec) +
                   " WHERE run_id = " + conn.literal(heartbeat->key()));
        detail += "deleted the heartbeat row " + heartbeat->key() + " on the source; ";
      } catch (const std::exception& e) {
        detail += std::string("could not delete the heartbeat row: ") + e.what() + "; ";
      }
      heartbeat.reset();
    }
    if (server.pid() > 0) {
      detail += "stopped mariadbd pid " + std::to_string(server.pid()) + "; ";
      server.kill(30);
    }
    if (!log_file.empty()) logs.push_back({log_file, "mysqld.log"});
  });
}

void run_mariadb(MariadbRun& r, bool& past_preflight) {
  const auto& spec = r.spec;
  r.source = {spec.source.address, spec.source.socket, spec.source.user};
  r.password = read_password(spec.source.password, "the source");
  preflight_mariadb(r);
  past_preflight = true;
  if (spec.method == Method::kFailover) return run_mariadb_failover(r);
  start_heartbeat(r);
  if (spec.backup.take) {
    take_backup(r);
  } else {
    verify_backup(r);
  }
  if (spec.method == Method::kLogical) provision(r);
  if (spec.backup.loss_after_s > 0) sleep_cancellable(spec.backup.loss_after_s);
  take_reference(r);
  r.declare_loss();
  restore(r);
  wait_ready(r);
  measure_rpo(r);
  catch_up(r);
  verify_tables(r);
  check_tables(r);
  run_probes(r);
}

}  // namespace drsim::drills
