// The etcd target (docs/drill-format.md "etcd"): method `snapshot` restores an etcd snapshot —
// one drsim takes from the source (`etcdctl snapshot save`, a read of the source's backend) or
// an existing file — into a scratch single-member cluster on loopback ports drsim reserves,
// measures the time to a member that reports healthy and takes a write (RTO) and the data lost
// (RPO: the opt-in heartbeat key, else the snapshot's age), checks that the restored revision is
// the snapshot's and that every key and value equals the source's at that revision, runs the
// probes, and always stops the member and removes the run directory.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drills/run_state.hpp"
#include "platform/child.hpp"

namespace drsim::drills {

struct EtcdRun;

// The opt-in heartbeat on the source: `etcdctl put <key> <Unix ms>` every interval, the only
// write an etcd drill makes on the source, deleted at cleanup.
class EtcdHeartbeat {
 public:
  EtcdHeartbeat(EtcdRun& run, std::string key);
  ~EtcdHeartbeat();  // stops the thread
  EtcdHeartbeat(const EtcdHeartbeat&) = delete;
  EtcdHeartbeat& operator=(const EtcdHeartbeat&) = delete;
  // Writes the first beat (throws EnvironmentError when the source refuses it), then beats on.
  void start();
  // Stops beating; returns the last beat the source acknowledged (Unix ms).
  std::optional<long long> stop();
  const std::string& key() const { return key_; }
  std::string error() const;

 private:
  bool beat();
  EtcdRun& run_;
  std::string key_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::optional<long long> last_;
  std::string error_;
};

struct EtcdRun : RunState {
  using RunState::RunState;
  ~EtcdRun() override { cleanup(); }

  std::string password;
  std::unique_ptr<EtcdHeartbeat> heartbeat;
  std::optional<long long> last_beat_ms;
  std::string backup_file;
  double backup_epoch = 0;  // when the snapshot was taken (its file's time, for an existing one)
  std::string member_dir, log_file;
  int client_port = 0, peer_port = 0;
  platform::Child server;
  long long snapshot_revision = 0;
  long long restored_revision = 0;
  double t0_epoch = 0;

  // etcdctl against `endpoint` (host:port) as the drill's user; `step` gives the timeout.
  platform::ProcessResult etcdctl(const std::string& step, const std::string& endpoint,
                                  std::vector<std::string> args);
  std::string source_endpoint() const { return spec.source.address; }
  std::string scratch_endpoint() const { return "127.0.0.1:" + std::to_string(client_port); }

  std::string restored_how() const override;
  std::string restored_into() const override { return "a scratch etcd member"; }
  void cleanup() noexcept override;
  bool cleaned_up = false;
};

std::unique_ptr<EtcdRun> make_etcd_run(const DrillSpec& spec, Journal& journal,
                                       std::function<void(const std::string&)> progress);
void run_etcd(EtcdRun& r, bool& past_preflight);

// The key-values of `etcdctl get -w json` output, sorted by key: "key=value@mod_revision" per
// key (base64 as etcd gives them), and the header's revision; nullopt if it is not that JSON.
struct EtcdRange {
  long long revision = 0;
  std::vector<std::string> kvs;
};
std::optional<EtcdRange> parse_etcd_range(const std::string& output);

}  // namespace drsim::drills
