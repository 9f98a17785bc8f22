// The etcd target (docs/drill-format.md "etcd"): method `snapshot` restores an etcd snapshot —
// one drsim takes from the source (`etcdctl snapshot save`, a read of the source's backend) or
// an existing file — into a scratch single-member cluster on loopback ports drsim reserves,
// measures the time to a member that reports healthy and takes a write (RTO) and the data lost
// (RPO: the opt-in heartbeat key, else the snapshot's age), checks that the restored revision is
// the snapshot's and that every key and value equals the source's at that revision, runs the
// probes, and always stops the member and removes the run directory.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drills/key_value_run.hpp"
#include "drills/run_state.hpp"
#include "platform/child.hpp"

namespace drsim::drills {

struct EtcdRun : KeyValueRun {
  using KeyValueRun::KeyValueRun;
  ~EtcdRun() override { cleanup(); }

  std::string password;
  std::string backup_file;
  double backup_epoch = 0;  // when the snapshot was taken (its file's time, for an existing one)
  std::string member_dir, log_file;
  int client_port = 0, peer_port = 0;
  platform::Child server;
  long long snapshot_revision = 0;
  long long restored_revision = 0;

  // etcdctl against `endpoint` (host:port) as the drill's user; `step` gives the timeout.
  platform::ProcessResult etcdctl(const std::string& step, const std::string& endpoint,
                                  std::vector<std::string> args);
  std::string source_endpoint() const { return spec.source.address; }
  std::string scratch_endpoint() const { return "127.0.0.1:" + std::to_string(client_port); }

  std::string restored_how() const override;
  std::string restored_into() const override { return "a scratch etcd member"; }
  void cleanup() noexcept override;
};

// The steps of an etcd drill for the runner (runner.cpp); sets `past_preflight` once preflight
// passed.
void run_etcd(EtcdRun& r, bool& past_preflight);

// The key-values of `etcdctl get -w json` output, sorted by key: "key=value@mod_revision" per
// key (base64 as etcd gives them), and the header's revision; nullopt if it is not that JSON.
struct EtcdRange {
  long long revision = 0;
  std::vector<std::string> kvs;
};
std::optional<EtcdRange> parse_etcd_range(const std::string& output);

}  // namespace drsim::drills
