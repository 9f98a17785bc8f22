// The opt-in heartbeat: the only write drsim ever makes to a source. A background thread
// inserts a row (run id, sequence number, server clock) into a drsim-owned table every interval
// (default 100 ms). The last row committed on the source, set against the newest row present in
// the restore, gives the measured RPO with a resolution of one interval. Each beat also notes the
// source's WAL insert location read just after its commit, so the newest beat a WAL archive holds
// can be told from the archive's end without replaying it (newest_before).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/pg_conn.hpp"

namespace drsim::drills {

struct Beat {
  long long seq = 0;
  double at_epoch = 0;    // the row's server timestamp, seconds since the Unix epoch
  std::uint64_t lsn = 0;  // the WAL insert location read after its commit (0: unknown)
};

class Heartbeat {
 public:
  Heartbeat(ConnTarget source, HeartbeatSpec spec, std::string run_id);
  ~Heartbeat();  // stops the thread
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;

  // Creates the table if needed and commits the first beat; throws EnvironmentError with a hint
  // when the source refuses the write. Then beats in the background.
  void start();
  // Stops beating (waits for the beat in flight) and returns the last committed beat.
  std::optional<Beat> stop();
  // The newest beat whose commit record certainly ends at or before WAL location `end`.
  std::optional<Beat> newest_before(std::uint64_t end) const;
  // The last committed beat so far.
  std::optional<Beat> last() const;
  // The error that stopped the background thread early, or "".
  std::string error() const;
  // Number of beats committed.
  long long count() const;

 private:
  void loop();
  Beat beat(PgConn& conn, long long seq);

  ConnTarget source_;
  HeartbeatSpec spec_;
  std::string run_id_;
  std::unique_ptr<PgConn> conn_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<Beat> beats_;  // every committed beat, in order
  std::string error_;
};

// The newest beat of run `run_id` in a restored server, or nothing if the table or rows are
// missing (a restore older than the first beat).
std::optional<Beat> newest_beat(PgConn& restored, const std::string& table,
                                const std::string& run_id);

}  // namespace drsim::drills
