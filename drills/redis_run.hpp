// The Redis target (docs/drill-format.md "Redis"): method `rdb` restores an RDB snapshot — one
// drsim fetches from the source over the replication protocol (`redis-cli --rdb`: the source
// forks and streams it, writes nothing of drsim's), or an existing file — into a scratch
// redis-server that listens on a private Unix socket in the run directory (no TCP port at all),
// measures the time to a server that answers and takes a write (RTO) and the data lost (RPO:
// the opt-in heartbeat key, else the snapshot's own creation time), checks the snapshot with
// redis-check-rdb, the restored key count against it and the probes, and always shuts the
// scratch server down and removes the run directory.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drills/redis_conn.hpp"
#include "drills/run_state.hpp"

namespace drsim::drills {

// What redis-check-rdb says of a snapshot.
struct RdbCheck {
  long long keys = 0;             // "keys read"
  long long expires = 0;          // keys with a time to live
  long long already_expired = 0;  // keys whose time to live had passed (not loaded)
  std::optional<double> ctime;    // the AUX field ctime: when the snapshot was made (Unix s)
};

// Reads redis-check-rdb's output; nullopt when it does not say the file is sound.
std::optional<RdbCheck> parse_rdb_check(const std::string& output);

// The opt-in heartbeat on the source: SET <key>:<run id> <Unix ms> every interval on its own
// connection; the only write a Redis drill makes on the source, and deleted at cleanup.
class RedisHeartbeat {
 public:
  RedisHeartbeat(RedisAddress source, std::string password, std::string key, double interval_s);
  ~RedisHeartbeat();  // stops the thread
  RedisHeartbeat(const RedisHeartbeat&) = delete;
  RedisHeartbeat& operator=(const RedisHeartbeat&) = delete;
  // Writes the first beat (throws RedisError when the source refuses it), then beats on.
  void start();
  // Stops beating; returns the last beat the source acknowledged (Unix ms).
  std::optional<long long> stop();
  // Deletes the heartbeat key on the source; never throws ("" or why it could not).
  std::string remove() noexcept;
  const std::string& key() const { return key_; }
  std::string error() const;

 private:
  void loop();
  RedisAddress source_;
  std::string password_, key_;
  double interval_s_;
  std::unique_ptr<RedisConn> conn_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::optional<long long> last_;
  std::string error_;
};

struct RedisRun : RunState {
  using RunState::RunState;
  ~RedisRun() override { cleanup(); }

  RedisAddress source;
  std::string password;
  std::unique_ptr<RedisHeartbeat> heartbeat;
  std::optional<long long> last_beat_ms;
  std::string backup_file;  // the snapshot restored from
  std::string data_dir, socket_path, pid_file, log_file;
  int server_pid = 0;
  RdbCheck snapshot;
  double t0_epoch = 0;  // the declared loss, Unix seconds

  std::string restored_how() const override;
  std::string restored_into() const override { return "a scratch redis-server"; }
  void cleanup() noexcept override;
  bool cleaned_up = false;
};

// A new run of a Redis drill, and its steps for the runner (runner.cpp): sets `past_preflight`
// once preflight passed.
std::unique_ptr<RedisRun> make_redis_run(const DrillSpec& spec, Journal& journal,
                                         std::function<void(const std::string&)> progress);
void run_redis(RedisRun& r, bool& past_preflight);

}  // namespace drsim::drills
