// What the targets whose heartbeat is one keyed value (Redis and etcd keys, a MariaDB row keyed by
// run id, an S3 object) share beyond RunState: the opt-in heartbeat — the
// time in Unix ms written to one key on the source every interval, on a thread of its own,
// through the target's `put`; the last write the source acknowledged is the beat the RPO is
// measured from; the key is the only thing a drill writes on a source, and the target deletes it
// at cleanup — and the steps that depend only on it (declare_loss, measure_rpo) and the probes.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drills/run_state.hpp"

namespace drsim::drills {

class KeyHeartbeat {
 public:
  // Writes `value` to `key` on the source; throws (any std::exception) when it is refused.
  using Put = std::function<void(const std::string& key, const std::string& value)>;

  KeyHeartbeat(std::string key, double interval_s, Put put);
  ~KeyHeartbeat();  // stops the thread
  KeyHeartbeat(const KeyHeartbeat&) = delete;
  KeyHeartbeat& operator=(const KeyHeartbeat&) = delete;

  // Writes the first beat (throwing what `put` throws), then beats on until stop() or a refusal.
  void start();
  // Stops beating; returns the last beat the source acknowledged (Unix ms).
  std::optional<long long> stop();
  const std::string& key() const { return key_; }
  // Why the thread stopped early ("" if it did not).
  std::string error() const;

 private:
  void beat();  // one write; throws what `put` throws

  std::string key_;
  double interval_s_;
  Put put_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::optional<long long> last_;
  std::string error_;
};

// The run of a target with a keyed heartbeat (Redis, etcd, MariaDB, S3): its heartbeat, and the
// steps that only depend on it — declaring the loss and measuring the RPO.
struct KeyValueRun : RunState {
  using RunState::RunState;

  std::unique_ptr<KeyHeartbeat> heartbeat;
  std::optional<long long> last_beat_ms;  // the source's last acknowledged beat (Unix ms)
  double t0_epoch = 0;                    // the declared loss, Unix seconds

  // The heartbeat step (when the spec turns it on): beats `key` through `put` (`verb` names the
  // write, "SET", "put"); a source that refuses the first beat is an EnvironmentError.
  void start_heartbeat(const std::string& key, KeyHeartbeat::Put put, const std::string& verb);
  // The declare_loss step: stops the heartbeat, keeps its last beat, sets t0.
  void declare_loss();
  // The measure_rpo step. With the heartbeat: the source's last beat against the one in the
  // restored copy (`restored_beat()`: the heartbeat key's value there, nullopt if it is missing:
  // a finding). Without: the age of the snapshot at the declared loss (`snapshot_epoch`, "when"
  // saying what that time is, e.g. "snapshot made"); none: not measured.
  void measure_rpo(const std::function<std::optional<std::string>()>& restored_beat,
                   std::optional<double> snapshot_epoch, const std::string& when);
  // The probes step (none configured: no step): `answer(probe)` is what the restored copy
  // answers, as text; each probe whose answer is not its `expect` is a finding.
  void run_probes(const std::function<std::string(const ProbeSpec&)>& answer);
};

}  // namespace drsim::drills
