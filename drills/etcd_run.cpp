#include "drills/etcd_run.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/conninfo.hpp"
#include "drills/tls_check.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

constexpr const char* kMissingTools =
    "install Debian's etcd-server and etcd-client, or set scratch.bin_dir";

// The first line of `output` that starts with `prefix` (etcdctl mixes its logs and prompts
// into what it prints), "" if none.
std::string line_starting(const std::string& output, const std::string& prefix) {
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

// What etcdctl says went wrong: its "Error: ..." line, else the last line.
std::string etcd_error(const std::string& output) {
  std::string last;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Error: ", 0) == 0) return line.substr(7);
    if (!line.empty()) last = line;
  }
  return last;
}

// GET /health on the scratch member's client port: true once it reports healthy.
bool healthy(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buf[4096];
      for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
        reply.append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  ::close(fd);
  return reply.find("\"health\":\"true\"") != std::string::npos;
}

// etcd's JSON gives keys and values in base64.
std::string base64_decode(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return text;
  std::size_t size = static_cast<std::size_t>(n);
  for (auto it = text.rbegin(); it != text.rend() && *it == '=' && size > 0; ++it) --size;
  out.resize(size);
  return out;
}

void preflight_etcd(EtcdRun& r) {
  const auto& spec = r.spec;
  r.step("preflight", [&](StepLog& log) {
    const std::vector<std::string> tools{"etcd", "etcdctl"};
    r.check_tools(tools, tools, "etcd tool", kMissingTools);
    const TlsSpec& tls = spec.source.tls;
    for (const std::string* file : {&tls.ca_file, &tls.cert_file, &tls.key_file}) {
      if (!file->empty() && ::access(file->c_str(), R_OK) != 0) {
        throw EnvironmentError("cannot read the TLS file " + *file,
                               "check source.tls: drsim's user must be able to read it");
      }
    }
    if (!spec.backup.take) {
      std::error_code ec;
      if (!fs::is_regular_file(spec.backup.snapshot_file, ec) ||
          ::access(spec.backup.snapshot_file.c_str(), R_OK) != 0) {
        throw EnvironmentError("cannot read the snapshot file " + spec.backup.snapshot_file,
                               "point backup.snapshot_file at a file of 'etcdctl snapshot save'");
      }
    }
    r.open_run_dir("");
    auto res = r.etcdctl("preflight", r.source_endpoint(), {"endpoint", "status", "-w", "json"});
    if (!res.ok()) {
      // etcdctl hides why TLS failed ("context deadline exceeded"): drsim looks itself.
      const std::string why = tls.enabled() ? tls_problem(r.source_endpoint(), tls, 5) : "";
      throw EnvironmentError(
          "cannot reach the etcd source at " + r.source_endpoint() + ": " +
              (why.empty() ? etcd_error(res.output) : why),
          why.empty() ? "check the endpoint, that it runs, and the user and password"
                      : "check source.tls: ca_file must have signed the source's certificate, and "
                        "a source that asks for a client certificate needs cert_file and key_file");
    }
    std::string version;
    try {
      const auto status = nlohmann::json::parse(line_starting(res.output, "[{"));
      version = status.at(0).at("Status").at("version").get<std::string>();
    } catch (const std::exception&) {
      version = "(version unknown)";
    }
    r.member_dir = r.run->path() + "/member";
    r.log_file = r.run->path() + "/etcd.log";
    r.client_port = r.run->reserve_port(0);
    r.peer_port = r.run->reserve_port(0);
    log.detail = "source etcd " + version + " at " + r.source_endpoint() + ", run " + r.run->path();
  });
}

void take_backup(EtcdRun& r) {
  r.step("backup", [&](StepLog& log) {
    r.backup_file = r.run->path() + "/backup.db";
    r.backup_epoch = epoch_now();
    auto res = r.etcdctl("backup", r.source_endpoint(), {"snapshot", "save", r.backup_file});
    log.output = res.output;
    r.expect_ok(res, "backup", "etcdctl snapshot save", true);
    std::error_code ec;
    const auto bytes = fs::file_size(r.backup_file, ec);
    log.detail = "snapshot saved (" + std::to_string(ec ? 0 : bytes) + " bytes)";
  });
  if (r.spec.backup.loss_after_s > 0) sleep_cancellable(r.spec.backup.loss_after_s);
}

void restore_snapshot(EtcdRun& r) {
  r.step("verify_backup", [&](StepLog& log) {
    auto res = r.run_command("verify_backup",
                             {r.bin("etcdctl"), "snapshot", "status", r.backup_file, "-w", "json"},
                             {}, kMissingTools);
    log.output = res.output;
    if (res.timed_out) r.expect_ok(res, "verify_backup", "etcdctl snapshot status", false);
    try {
      const auto status = nlohmann::json::parse(line_starting(res.output, "{\"hash\""));
      r.snapshot_revision = status.at("revision").get<long long>();
      r.journal.set_evidence("snapshot", {{"revision", r.snapshot_revision},
                                          {"hash", status.at("hash")},
                                          {"total_keys", status.at("totalKey")}});
      log.detail = "revision " + std::to_string(r.snapshot_revision) + ", " +
                   std::to_string(status.at("totalKey").get<long long>()) + " keys in its backend";
    } catch (const std::exception&) {
      throw DrillFailure("the snapshot is damaged: " + etcd_error(res.output) +
                         " (etcdctl snapshot status)");
    }
  });
  r.step("restore", [&](StepLog& log) {
    const std::string peer = "http://127.0.0.1:" + std::to_string(r.peer_port);
    auto res = r.run_command(
        "restore",
        {r.bin("etcdctl"), "snapshot", "restore", r.backup_file, "--name", "drsim", "--data-dir",
         r.member_dir, "--initial-cluster", "drsim=" + peer, "--initial-cluster-token",
         "drsim-" + r.run->id(), "--initial-advertise-peer-urls", peer},
        {}, kMissingTools);
    log.output = res.output;
    if (res.timed_out) r.expect_ok(res, "restore", "etcdctl snapshot restore", false);
    if (res.exit_code != 0) {
      std::string why = etcd_error(res.output);
      // etcd 3.4 prints both hashes as lists of 32 numbers: say what they mean instead.
      if (why.rfind("expected sha256", 0) == 0) {
        why = "its SHA-256 does not match the one it carries";
      }
      throw DrillFailure("the snapshot is damaged: " + why + " (etcdctl snapshot restore)");
    }
    std::error_code ec;
    const auto bytes = fs::file_size(r.backup_file, ec);
    r.journal.set_evidence("restore", {{"step", "restore"}, {"bytes", ec ? 0 : bytes}});
    log.detail = "a new single-member cluster from " + r.backup_file;
  });
}

// The last line of the member's log that says why it stopped ("" if none).
std::string log_reason(const std::string& log_file) {
  std::ifstream in(log_file);
  std::string line, found;
  while (std::getline(in, line)) {
    if (line.find("\"level\":\"fatal\"") != std::string::npos ||
        line.find("\"level\":\"error\"") != std::string::npos ||
        line.find("\"level\":\"panic\"") != std::string::npos) {
      try {
        found = nlohmann::json::parse(line).at("msg").get<std::string>();
      } catch (const std::exception&) {
        found = line;
      }
    }
  }
  return found;
}

void start_server(EtcdRun& r) {
  r.step("start_server", [&](StepLog& log) {
    const std::string client = "http://127.0.0.1:" + std::to_string(r.client_port);
    const std::string peer = "http://127.0.0.1:" + std::to_string(r.peer_port);
    std::vector<std::string> argv{r.bin("etcd"),
                                  "--name=drsim",
                                  "--data-dir=" + r.member_dir,
                                  "--listen-client-urls=" + client,
                                  "--advertise-client-urls=" + client,
                                  "--listen-peer-urls=" + peer,
                                  "--initial-advertise-peer-urls=" + peer,
                                  "--initial-cluster=drsim=" + peer,
                                  "--logger=zap",
                                  "--log-outputs=" + r.log_file};
    platform::ProcessSpec p;
    p.argv = std::move(argv);
    p.missing_hint = kMissingTools;
    r.server = platform::start_process(p);
    r.run->record_child(r.server.pid());
    log.detail = "etcd pid " + std::to_string(r.server.pid()) +
                 " on 127.0.0.1:" + std::to_string(r.client_port) + " (peer port " +
                 std::to_string(r.peer_port) + ")";
  });
}

std::string server_stopped(EtcdRun& r) {
  if (!r.server.try_wait()) return "";
  const std::string why = log_reason(r.log_file);
  return "the restored member stopped" + (why.empty() ? std::string() : ": " + why);
}

void wait_ready(EtcdRun& r) {
  const auto answered = r.step("answers_queries", [&](StepLog& log) {
    r.poll(
        "answers_queries", [&] { return healthy(r.client_port); },
        [&] { return server_stopped(r); });
    auto res = r.etcdctl("answers_queries", r.scratch_endpoint(), {"get", "x", "-w", "json"});
    const auto range = parse_etcd_range(res.output);
    if (range) r.restored_revision = range->revision;
    log.detail = "healthy at revision " + std::to_string(r.restored_revision);
  });
  r.answers = r.journal.steps()[answered].end_s;
  const auto wrote = r.step("writable", [&](StepLog& log) {
    const std::string key = "drsim/writable/" + r.run->id();
    r.poll(
        "writable",
        [&] {
          if (!r.etcdctl("writable", r.scratch_endpoint(), {"put", key, "1"}).ok()) return false;
          r.etcdctl("writable", r.scratch_endpoint(), {"del", key});
          return true;
        },
        [&] { return server_stopped(r); });
    log.detail = "accepted a write";
  });
  r.writable = r.journal.steps()[wrote].end_s;
}

void measure_rpo(EtcdRun& r) {
  r.measure_rpo(
      [&]() -> std::optional<std::string> {
        auto res = r.etcdctl("measure_rpo", r.scratch_endpoint(),
                             {"get", r.heartbeat->key(), "--print-value-only"});
        r.expect_ok(res, "measure_rpo", "etcdctl get", false);
        // The value is the line of digits (etcdctl may print a password prompt before it).
        std::istringstream in(res.output);
        for (std::string line; std::getline(in, line);) {
          if (!line.empty() && std::all_of(line.begin(), line.end(),
                                           [](unsigned char c) { return std::isdigit(c) != 0; })) {
            return line;
          }
        }
        return std::nullopt;
      },
      r.backup_epoch, r.spec.backup.take ? "snapshot taken" : "snapshot file written");
}

void verify_keys(EtcdRun& r) {
  r.step("verify_keys", [&](StepLog& log) {
    if (r.restored_revision != r.snapshot_revision) {
      throw DrillFailure("the restored member is at revision " +
                         std::to_string(r.restored_revision) + ", the snapshot at " +
                         std::to_string(r.snapshot_revision));
    }
    const std::string rev = "--rev=" + std::to_string(r.snapshot_revision);
    auto restored = parse_etcd_range(
        r.etcdctl("verify_keys", r.scratch_endpoint(), {"get", "", "--prefix", rev, "-w", "json"})
            .output);
    if (!restored) throw DrillFailure("the restored member could not list its keys");
    r.journal.set_evidence("keys",
                           {{"restored", restored->kvs.size()}, {"revision", r.snapshot_revision}});
    auto source =
        r.etcdctl("verify_keys", r.source_endpoint(), {"get", "", "--prefix", rev, "-w", "json"});
    auto expected = parse_etcd_range(source.output);
    if (!expected) {
      // Compacted past the snapshot's revision: the source no longer has it to compare.
      log.detail = std::to_string(restored->kvs.size()) +
                   " keys restored at the snapshot's revision; the source could not be read "
                   "there to compare (" +
                   etcd_error(source.output) + ")";
      r.journal.add_note("keys not compared with the source: " + etcd_error(source.output));
      return;
    }
    if (restored->kvs != expected->kvs) {
      // Both lists are sorted (parse_etcd_range).
      std::vector<std::string> only;
      std::set_symmetric_difference(restored->kvs.begin(), restored->kvs.end(),
                                    expected->kvs.begin(), expected->kvs.end(),
                                    std::back_inserter(only));
      throw DrillFailure("the restored keys differ from the source's at revision " +
                         std::to_string(r.snapshot_revision) + ": " + std::to_string(only.size()) +
                         " key-value(s) in one but not the other (" +
                         std::to_string(restored->kvs.size()) + " restored, " +
                         std::to_string(expected->kvs.size()) + " on the source)");
    }
    log.detail = std::to_string(restored->kvs.size()) +
                 " keys, every key and value equal to the source's at revision " +
                 std::to_string(r.snapshot_revision);
  });
}

void run_probes(EtcdRun& r) {
  r.run_probes([&](const ProbeSpec& p) -> std::string {
    auto res = r.etcdctl("probes", r.scratch_endpoint(), {"get", p.key, "-w", "json"});
    if (!parse_etcd_range(res.output)) return "error: " + etcd_error(res.output);
    const auto doc = nlohmann::json::parse(line_starting(res.output, "{\"header\""));
    if (!doc.contains("kvs") || doc["kvs"].empty()) return "(no such key)";
    return base64_decode(doc["kvs"][0].value("value", std::string()));
  });
}

}  // namespace

std::optional<EtcdRange> parse_etcd_range(const std::string& output) {
  try {
    const auto doc = nlohmann::json::parse(line_starting(output, "{\"header\""));
    EtcdRange out;
    out.revision = doc.at("header").at("revision").get<long long>();
    if (doc.contains("kvs")) {
      for (const auto& kv : doc["kvs"]) {
        out.kvs.push_back(kv.at("key").get<std::string>() + "=" + kv.value("value", std::string()) +
                          "@" + std::to_string(kv.at("mod_revision").get<long long>()));
      }
    }
    std::sort(out.kvs.begin(), out.kvs.end());
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

platform::ProcessResult EtcdRun::etcdctl(const std::string& step, const std::string& endpoint,
                                         std::vector<std::string> args) {
  const TlsSpec& tls = spec.source.tls;
  // The scratch member is reached over plain HTTP on loopback; the source as its spec says.
  const bool secure = tls.enabled() && endpoint == source_endpoint();
  std::vector<std::string> argv{bin("etcdctl"),
                                "--endpoints=" + std::string(secure ? "https://" : "") + endpoint,
                                "--dial-timeout=2s", "--command-timeout=30s"};
  if (secure) {
    argv.push_back("--cacert=" + tls.ca_file);
    if (!tls.cert_file.empty()) {
      argv.insert(argv.end(), {"--cert=" + tls.cert_file, "--key=" + tls.key_file});
    }
  }
  std::string input;
  if (!spec.source.user.empty()) {
    // The password is asked for on standard input: never on a command line or in an environment.
    argv.push_back("--user=" + spec.source.user);
    input = password + "\n";
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(step, argv, input, kMissingTools);
}

std::string EtcdRun::restored_how() const {
  return spec.backup.take ? "etcd snapshot taken from the source restored"
                          : "etcd snapshot file " + spec.backup.snapshot_file + " restored";
}

void EtcdRun::cleanup() noexcept {
  cleanup_step([&](std::string& detail, std::vector<KeptLog>& logs) {
    if (heartbeat) {
      heartbeat->stop();
      auto res = etcdctl("cleanup", source_endpoint(), {"del", heartbeat->key()});
      detail += res.ok() ? "deleted the heartbeat key " + heartbeat->key() + " on the source; "
                         : "could not delete the heartbeat key: " + etcd_error(res.output) + "; ";
      heartbeat.reset();
    }
    if (server.pid() > 0) {
      detail += "stopped etcd pid " + std::to_string(server.pid()) + "; ";
      server.kill(5);
    }
    logs.push_back({log_file, "etcd.log"});
  });
}

void run_etcd(EtcdRun& r, bool& past_preflight) {
  const auto& spec = r.spec;
  r.password = read_password(spec.source.password, "the source");
  preflight_etcd(r);
  past_preflight = true;
  r.start_heartbeat(
      spec.heartbeat.key + "/" + r.run->id(),
      [&r](const std::string& key, const std::string& value) {
        auto res = r.etcdctl("heartbeat", r.source_endpoint(), {"put", key, value});
        if (!res.ok()) throw std::runtime_error(etcd_error(res.output));
      },
      "put");
  if (spec.backup.take) {
    take_backup(r);
  } else {
    r.backup_file = spec.backup.snapshot_file;
    std::error_code ec;
    const auto written = fs::last_write_time(r.backup_file, ec);
    r.backup_epoch =
        ec ? epoch_now()
           : std::chrono::duration<double>(
                 (written - fs::file_time_type::clock::now() + std::chrono::system_clock::now())
                     .time_since_epoch())
                 .count();
  }
  r.declare_loss();
  restore_snapshot(r);
  start_server(r);
  wait_ready(r);
  measure_rpo(r);
  verify_keys(r);
  run_probes(r);
}

}  // namespace drsim::drills
