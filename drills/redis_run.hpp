// The Redis target (docs/drill-format.md "Redis"): method `rdb` restores an RDB snapshot — one
// drsim fetches from the source over the replication protocol (`redis-cli --rdb`: the source
// forks and streams it, writes nothing of drsim's), or an existing file — into a scratch
// redis-server that listens on a private Unix socket in the run directory (no TCP port at all),
// measures the time to a server that answers and takes a write (RTO) and the data lost (RPO:
// the opt-in heartbeat key, else the snapshot's own creation time), checks the snapshot with
// redis-check-rdb, the restored key count against it and the probes, and always shuts the
// scratch server down and removes the run directory.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "drills/key_value_run.hpp"
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

// What redis-check-aof says of an AOF directory (its manifest): sound; or only the last command
// of the newest file cut short — as a copy of a live AOF can be, and as Redis loads it
// (aof-load-truncated), dropping that command; or damaged, and why.
struct AofCheck {
  bool valid = false;
  bool truncated_tail = false;
  std::string why;  // redis-check-aof's first complaint
};
AofCheck parse_aof_check(const std::string& output);

struct RedisRun : KeyValueRun {
  using KeyValueRun::KeyValueRun;
  ~RedisRun() override { cleanup(); }

  RedisAddress source;
  std::string password;
  std::string backup_file;  // the snapshot restored from (rdb)
  std::string data_dir, socket_path, pid_file, log_file;
  int server_pid = 0;
  RdbCheck snapshot;

  std::string restored_how() const override;
  std::string restored_into() const override { return "a scratch redis-server"; }
  void cleanup() noexcept override;
};

// The steps of a Redis drill for the runner (runner.cpp); sets `past_preflight` once preflight
// passed.
void run_redis(RedisRun& r, bool& past_preflight);

}  // namespace drsim::drills
