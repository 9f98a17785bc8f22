#include "drills/redis_run.hpp"

#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/conninfo.hpp"
#include "drills/process.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"
#include "platform/process_info.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

constexpr double kConnectTimeout = 5;

// The number after `label` on the line holding it ("[info] 201 keys read" -> 201), or -1.
long long number_before(const std::string& output, const std::string& label) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find(label);
    if (at == std::string::npos) continue;
    std::istringstream words(line.substr(0, at));
    std::string w, last;
    while (words >> w) last = w;
    try {
      return std::stoll(last);
    } catch (const std::exception&) {
      return -1;
    }
  }
  return -1;
}

constexpr const char* kMissingTools =
    "install Debian's redis-server and redis-tools, or set scratch.bin_dir";

// The last line of the scratch server's log that says why it stopped ("" if none).
std::string log_reason(const std::string& log_file) {
  std::ifstream in(log_file);
  std::string line, found;
  while (std::getline(in, line)) {
    for (const char* word : {"rror", "Short read", "Bad file", "Wrong", "CRC", "atal", "Can't",
                             "failed", "Unrecognized"}) {
      if (line.find(word) != std::string::npos) {
        found = line;
        break;
      }
    }
  }
  return found;
}

int read_pid(const std::string& pid_file) {
  std::ifstream in(pid_file);
  int pid = 0;
  in >> pid;
  return pid;
}

// The manifest of an appendonlydir ("" if it has none).
std::string aof_manifest(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 9 && name.compare(name.size() - 9, 9, ".manifest") == 0) {
      return e.path().string();
    }
  }
  return "";
}

void preflight_redis(RedisRun& r) {
  const auto& spec = r.spec;
  const bool aof = spec.method == Method::kAof;
  r.step("preflight", [&](StepLog& log) {
    const std::vector<std::string> tools{"redis-server", "redis-cli",
                                         aof ? "redis-check-aof" : "redis-check-rdb"};
    r.check_tools(tools, tools, "Redis tool", kMissingTools);
    std::string version;
    try {
      RedisConn conn(r.source, r.password, kConnectTimeout);
      if (conn.command({"PING"}) != "PONG") {
        throw RedisError("the source at " + r.source.shown() + " did not answer PING");
      }
      version = info_field(conn.command({"INFO", "server"}), "redis_version");
    } catch (const RedisError& e) {
      throw EnvironmentError(e.what(),
                             "check the source's address, that it runs, and the "
                             "password (password_env / password_file)");
    }
    if (aof && aof_manifest(spec.backup.aof_dir).empty()) {
      throw EnvironmentError(
          "cannot read an AOF manifest in " + spec.backup.aof_dir,
          "point backup.aof_dir at an appendonlydir of Redis 7 (it holds appendonly.aof.manifest)");
    }
    if (!spec.backup.take && !aof) {
      std::error_code ec;
      if (!fs::is_regular_file(spec.backup.rdb_file, ec) ||
          ::access(spec.backup.rdb_file.c_str(), R_OK) != 0) {
        throw EnvironmentError("cannot read the RDB file " + spec.backup.rdb_file,
                               "point backup.rdb_file at a readable RDB snapshot");
      }
    }
    r.open_run_dir("");
    r.data_dir = r.run->make_dir("data");
    r.socket_path = r.run->path() + "/redis.sock";
    r.pid_file = r.run->path() + "/redis.pid";
    r.log_file = r.run->path() + "/redis.log";
    if (r.socket_path.size() >= sizeof(sockaddr_un{}.sun_path)) {
      throw EnvironmentError("the scratch server's socket path " + r.socket_path + " is too long",
                             "choose a shorter scratch.dir or drill name");
    }
    log.detail = "source Redis " + version + " at " + r.source.shown() + ", run " + r.run->path();
  });
}

void take_backup(RedisRun& r) {
  const auto& spec = r.spec;
  r.step("backup", [&](StepLog& log) {
    r.backup_file = r.run->path() + "/backup.rdb";
    std::vector<std::string> argv{r.bin("redis-cli")};
    if (r.source.socket.empty()) {
      const auto colon = r.source.address.rfind(':');
      argv.insert(argv.end(), {"-h", r.source.address.substr(0, colon), "-p",
                               r.source.address.substr(colon + 1)});
    } else {
      argv.insert(argv.end(), {"-s", r.source.socket});
    }
    std::string input;
    if (!r.password.empty()) {
      argv.push_back("--askpass");  // read from standard input: never in argv or the environment
      input = r.password + "\n";
    }
    argv.insert(argv.end(), {"--rdb", r.backup_file});
    auto res = r.run_command("backup", argv, input, kMissingTools);
    log.output = res.output;
    r.expect_ok(res, "backup", "redis-cli --rdb", true);
    std::error_code ec;
    const auto bytes = fs::file_size(r.backup_file, ec);
    log.detail = "snapshot fetched over the replication protocol (" +
                 std::to_string(ec ? 0 : bytes) + " bytes)";
  });
  if (spec.backup.loss_after_s > 0) sleep_cancellable(spec.backup.loss_after_s);
}

void restore_snapshot(RedisRun& r) {
  r.step("restore", [&](StepLog& log) {
    const std::string target = r.data_dir + "/dump.rdb";
    std::error_code ec;
    fs::copy_file(r.backup_file, target, fs::copy_options::none, ec);
    if (ec) {
      throw DrillFailure("cannot copy the snapshot " + r.backup_file + ": " + ec.message());
    }
    const auto bytes = fs::file_size(target, ec);
    r.journal.set_evidence("restore", {{"step", "restore"}, {"bytes", ec ? 0 : bytes}});
    log.detail = "copied " + std::to_string(bytes) + " bytes of " + r.backup_file;
  });
  r.step("verify_backup", [&](StepLog& log) {
    auto res = r.run_command("verify_backup", {r.bin("redis-check-rdb"), r.data_dir + "/dump.rdb"},
                             {}, kMissingTools);
    log.output = res.output;
    if (res.timed_out) r.expect_ok(res, "verify_backup", "redis-check-rdb", false);
    auto check = res.exit_code == 0 ? parse_rdb_check(res.output) : std::nullopt;
    if (!check) {
      // redis-check-rdb says what it found on the line after its error banner.
      std::string why;
      const auto banner = res.output.find("--- RDB ERROR DETECTED ---");
      if (banner != std::string::npos) {
        std::istringstream in(res.output.substr(banner));
        std::getline(in, why);
        std::getline(in, why);
        if (why.rfind("[offset", 0) == 0 && why.find("] ") != std::string::npos) {
          why = why.substr(why.find("] ") + 2);
        }
      }
      throw DrillFailure("the RDB snapshot is damaged: " + (why.empty()
                                                                ? "redis-check-rdb did not pass it"
                                                                : why + " (redis-check-rdb)"));
    }
    r.snapshot = *check;
    nlohmann::ordered_json ev{{"keys", check->keys}, {"expires", check->expires}};
    if (check->ctime) ev["created_at"] = iso_utc(*check->ctime);
    r.journal.set_evidence("snapshot", ev);
    log.detail = std::to_string(check->keys) + " keys, " + std::to_string(check->expires) +
                 " with a time to live" +
                 (check->ctime ? ", made " + iso_utc(*check->ctime) : std::string());
  });
}

// The AOF directory, as it is at the declared loss, copied into the scratch server's directory
// and checked with redis-check-aof.
void restore_aof(RedisRun& r) {
  const std::string target = r.data_dir + "/appendonlydir";
  r.step("restore", [&](StepLog& log) {
    std::error_code ec;
    fs::copy(r.spec.backup.aof_dir, target, fs::copy_options::recursive, ec);
    if (ec) {
      throw DrillFailure("cannot copy the AOF directory " + r.spec.backup.aof_dir + ": " +
                         ec.message());
    }
    const std::uintmax_t bytes = tree_bytes(target);
    r.journal.set_evidence("restore", {{"step", "restore"}, {"bytes", bytes}});
    log.detail = "copied " + std::to_string(bytes) + " bytes of " + r.spec.backup.aof_dir;
  });
  r.step("verify_backup", [&](StepLog& log) {
    auto res = r.run_command("verify_backup", {r.bin("redis-check-aof"), aof_manifest(target)}, {},
                             kMissingTools);
    log.output = res.output;
    if (res.timed_out) r.expect_ok(res, "verify_backup", "redis-check-aof", false);
    const AofCheck check = parse_aof_check(res.output);
    if (!check.valid && !check.truncated_tail) {
      throw DrillFailure("the AOF is damaged: " +
                         (check.why.empty() ? "redis-check-aof did not pass it" : check.why) +
                         " (redis-check-aof)");
    }
    if (check.truncated_tail) {
      r.journal.add_note("the newest AOF file ends in a command cut short (" + check.why +
                         "): Redis drops it on load (aof-load-truncated), as after a crash");
    }
    log.detail = check.valid ? "every AOF file and the manifest are valid"
                             : "valid but for a cut-short last command";
  });
}

// Why the scratch server is gone, or "" while it runs (or may still be starting).
std::string server_stopped(const RedisRun& r, double started) {
  const int pid = r.server_pid ? r.server_pid : read_pid(r.pid_file);
  if (pid > 0 ? platform::process_alive(pid) : r.journal.now_s() - started < 10) return "";
  const std::string why = log_reason(r.log_file);
  return "the restored server stopped" + (why.empty() ? std::string() : ": " + why);
}

void start_server(RedisRun& r) {
  r.step("start_server", [&](StepLog& log) {
    auto res = r.run_command("start_server",
                             {r.bin("redis-server"),
                              "--port",
                              "0",
                              "--unixsocket",
                              r.socket_path,
                              "--unixsocketperm",
                              "700",
                              "--dir",
                              r.data_dir,
                              "--dbfilename",
                              "dump.rdb",
                              "--save",
                              "",
                              "--appendonly",
                              r.spec.method == Method::kAof ? "yes" : "no",
                              "--appenddirname",
                              "appendonlydir",
                              "--daemonize",
                              "yes",
                              "--pidfile",
                              r.pid_file,
                              "--logfile",
                              r.log_file,
                              "--protected-mode",
                              "yes"},
                             {}, kMissingTools);
    log.output = res.output;
    r.expect_ok(res, "start_server", "redis-server", true);
    // A daemon leads its own session: recorded, a reaper stops it if this runner dies.
    r.poll(
        "start_server",
        [&] {
          r.server_pid = read_pid(r.pid_file);
          return r.server_pid > 0;
        },
        [&, started = r.journal.now_s()] { return server_stopped(r, started); });
    r.run->record_child(r.server_pid);
    log.detail = "redis-server pid " + std::to_string(r.server_pid) + " on " + r.socket_path +
                 " (no TCP port)";
  });
}

RedisAddress scratch_address(const RedisRun& r) { return {"", r.socket_path}; }

void wait_ready(RedisRun& r) {
  auto stopped = [&, started = r.journal.now_s()] { return server_stopped(r, started); };
  const auto answered = r.step("answers_queries", [&](StepLog& log) {
    r.poll(
        "answers_queries",
        [&] {
          try {
            RedisConn conn(scratch_address(r), "", kConnectTimeout);
            return info_field(conn.command({"INFO", "persistence"}), "loading") == "0";
          } catch (const RedisError&) {
            return false;  // not listening yet, or still loading the snapshot
          }
        },
        stopped);
    log.detail = "the snapshot is loaded and the server answers";
  });
  r.answers = r.journal.steps()[answered].end_s;
  const auto wrote = r.step("writable", [&](StepLog& log) {
    r.poll(
        "writable",
        [&] {
          try {
            RedisConn conn(scratch_address(r), "", kConnectTimeout);
            const std::string key = "drsim:writable:" + r.run->id();
            if (conn.command({"SET", key, "1"}) != "OK") return false;
            conn.command({"DEL", key});  // the write proved it; the key count stays the snapshot's
            return true;
          } catch (const RedisError&) {
            return false;
          }
        },
        stopped);
    log.detail = "accepted a write";
  });
  r.writable = r.journal.steps()[wrote].end_s;
}

void measure_rpo(RedisRun& r) {
  r.measure_rpo(
      [&]() -> std::optional<std::string> {
        const std::string value =
            RedisConn(scratch_address(r), "", kConnectTimeout).command({"GET", r.heartbeat->key()});
        return value == "(nil)" ? std::nullopt : std::optional<std::string>(value);
      },
      r.spec.method == Method::kAof ? std::nullopt : r.snapshot.ctime,
      "snapshot made (RDB ctime, 1 s resolution)");
}

void verify_keys(RedisRun& r) {
  r.step("verify_keys", [&](StepLog& log) {
    RedisConn conn(scratch_address(r), "", kConnectTimeout);
    const std::string keyspace = conn.command({"INFO", "keyspace"});
    long long restored = 0;
    std::istringstream in(keyspace);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("db", 0) != 0) continue;
      const auto at = line.find("keys=");
      if (at != std::string::npos) restored += std::stoll(line.substr(at + 5));
    }
    const long long expected = r.snapshot.keys - r.snapshot.already_expired;
    // Keys with a time to live may expire between the check and the count.
    const long long lowest = expected - r.snapshot.expires;
    log.detail = std::to_string(restored) + " keys restored, " + std::to_string(expected) +
                 " in the snapshot";
    r.journal.set_evidence("keys", {{"restored", restored}, {"snapshot", expected}});
    if (restored > expected || restored < lowest) {
      throw DrillFailure("the restored server holds " + std::to_string(restored) +
                         " keys, the snapshot " + std::to_string(expected));
    }
  });
}

// Compares the values (DUMP) of up to verify.sample keys of the restored server, in SCAN order,
// with the source's: a key missing there or holding another value is a finding (a source that
// changed them since the backup needs `sample: 0` and probes instead). The heartbeat's keys are
// left out.
void sample_values(RedisRun& r) {
  const int wanted = r.spec.verify.sample;
  if (wanted <= 0) return;
  r.step("sample_values", [&](StepLog& log) {
    RedisConn restored(scratch_address(r), "", kConnectTimeout);
    RedisConn source(r.source, r.password, kConnectTimeout);
    std::vector<std::string> keys;
    std::string cursor = "0";
    do {
      const std::string reply = restored.command({"SCAN", cursor, "COUNT", "1000"});
      std::istringstream in(reply);
      std::getline(in, cursor);
      for (std::string key; std::getline(in, key) && static_cast<int>(keys.size()) < wanted;) {
        if (key.rfind(r.spec.heartbeat.key, 0) != 0) keys.push_back(key);
      }
    } while (cursor != "0" && static_cast<int>(keys.size()) < wanted);
    int equal = 0;
    std::vector<std::string> differ;
    for (const auto& key : keys) {
      if (restored.command({"DUMP", key}) == source.command({"DUMP", key})) {
        ++equal;
      } else {
        differ.push_back(key);
      }
    }
    r.journal.set_evidence("sampled", {{"keys", keys.size()}, {"equal", equal}});
    log.detail = std::to_string(equal) + " of " + std::to_string(keys.size()) +
                 " sampled keys hold the source's value";
    if (!differ.empty()) {
      r.findings.push_back(
          std::to_string(differ.size()) + " of " + std::to_string(keys.size()) +
          " sampled keys differ from the source's value (first: " + differ.front() + ")");
    }
  });
}

void run_probes(RedisRun& r) {
  std::unique_ptr<RedisConn> conn;
  r.run_probes([&](const ProbeSpec& p) {
    try {
      if (!conn) conn = std::make_unique<RedisConn>(scratch_address(r), "", kConnectTimeout);
      return conn->command(p.command);
    } catch (const RedisError& e) {
      return std::string("error: ") + e.what();
    }
  });
}

}  // namespace

std::optional<RdbCheck> parse_rdb_check(const std::string& output) {
  if (output.find("RDB looks OK") == std::string::npos) return std::nullopt;
  RdbCheck c;
  c.keys = number_before(output, "keys read");
  c.expires = std::max(0LL, number_before(output, "expires"));
  c.already_expired = std::max(0LL, number_before(output, "already expired"));
  if (c.keys < 0) return std::nullopt;
  const std::string marker = "AUX FIELD ctime = '";
  if (auto at = output.find(marker); at != std::string::npos) {
    try {
      c.ctime = std::stod(output.substr(at + marker.size()));
    } catch (const std::exception&) {
    }
  }
  return c;
}

AofCheck parse_aof_check(const std::string& output) {
  AofCheck c;
  c.valid = output.find("All AOF files and manifest are valid") != std::string::npos;
  if (c.valid) return c;
  // Each file's check ends "AOF analyzed: ..." after its complaint, if any; then the file found
  // not valid is named.
  std::istringstream in(output);
  std::string line, previous, complaint, bad_file;
  while (std::getline(in, line)) {
    if (line.rfind("AOF analyzed: ", 0) == 0) complaint = previous;
    if (line.find(" is not valid") != std::string::npos && bad_file.empty()) {
      bad_file = line;
      const auto colon = complaint.find(": ");
      c.why = colon == std::string::npos ? complaint : complaint.substr(colon + 2);
    }
    if (!line.empty()) previous = line;
  }
  // Cut short at the end of the newest (INCR) file: redis-check-aof hit its end mid-command.
  c.truncated_tail = bad_file.find(".incr.aof is not valid") != std::string::npos &&
                     c.why.find(", got 0 bytes") != std::string::npos;
  return c;
}

std::string RedisRun::restored_how() const {
  if (spec.method == Method::kAof) return "AOF directory " + spec.backup.aof_dir + " replayed";
  return spec.backup.take ? "RDB snapshot fetched from the source loaded"
                          : "RDB file " + spec.backup.rdb_file + " loaded";
}

void RedisRun::cleanup() noexcept {
  cleanup_step([&](std::string& detail, std::vector<KeptLog>& logs) {
    if (heartbeat) {
      heartbeat->stop();
      try {
        RedisConn(source, password, kConnectTimeout).command({"DEL", heartbeat->key()});
        detail += "deleted the heartbeat key " + heartbeat->key() + " on the source; ";
      } catch (const std::exception& e) {
        detail += std::string("could not delete the heartbeat key: ") + e.what() + "; ";
      }
      heartbeat.reset();
    }
    const int pid = server_pid ? server_pid : (pid_file.empty() ? 0 : read_pid(pid_file));
    if (pid > 0 && platform::process_alive(pid)) {
      try {
        RedisConn(scratch_address(*this), "", kConnectTimeout).command({"SHUTDOWN", "NOSAVE"});
      } catch (const std::exception&) {
        // SHUTDOWN closes the connection without a reply; a stuck server is stopped below.
      }
      platform::stop_process(pid, SIGTERM, 5);
      detail += "stopped redis-server pid " + std::to_string(pid) + "; ";
    }
    logs.push_back({log_file, "redis.log"});
  });
}

void run_redis(RedisRun& r, bool& past_preflight) {
  const auto& spec = r.spec;
  r.source = {spec.source.address, spec.source.socket};
  r.password = read_password(spec.source.password, "the source");
  preflight_redis(r);
  past_preflight = true;
  // The heartbeat writes on a connection of its own, which it owns (it outlives this function
  // when a step fails before the loss is declared: cleanup stops it).
  r.start_heartbeat(
      spec.heartbeat.key + ":" + r.run->id(),
      [conn = std::shared_ptr<RedisConn>(), &r](const std::string& key,
                                                const std::string& value) mutable {
        if (!conn) conn = std::make_shared<RedisConn>(r.source, r.password, kConnectTimeout);
        conn->command({"SET", key, value});
      },
      "SET");
  const bool aof = spec.method == Method::kAof;
  if (spec.backup.take) {
    take_backup(r);
  } else {
    r.backup_file = spec.backup.rdb_file;
  }
  r.declare_loss();
  if (aof) {
    restore_aof(r);
  } else {
    restore_snapshot(r);
  }
  start_server(r);
  wait_ready(r);
  measure_rpo(r);
  if (!aof) verify_keys(r);  // an AOF says nothing of its key count
  sample_values(r);
  run_probes(r);
}

}  // namespace drsim::drills
