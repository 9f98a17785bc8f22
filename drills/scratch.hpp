// Scratch resources a drill owns and must always give back: its run directory (in the owned state
// root `<scratch.dir>/drsim-runs`, one per run, so two drills never share anything), loopback
// ports reserved through lock files, and the PostgreSQL servers it starts there. The run
// directory (drsim's user, mode 0711, with a marker, see ownership.hpp) records the owning drsim
// process, every child process group and the directories it created elsewhere, so
// reap_stale_runs() — called at the start of every run and by `drsim drill cleanup` — can stop
// and remove what a killed runner left behind, and nothing else.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/pg_conn.hpp"
#include "drills/process.hpp"

namespace drsim::drills {

// What reaping found and removed, for the journal and `drsim drill cleanup`.
struct ReapReport {
  std::vector<std::string> removed_runs;     // run directories removed
  std::vector<std::string> left_alone;       // entries of the state root without drsim's marker
  std::vector<std::string> closed_journals;  // journals of killed runs marked "killed"
  int stopped_processes = 0;                 // postmasters and child process groups stopped
};

// Stops every process of runs in `<scratch_dir>/drsim-runs` whose drsim process is gone, removes
// their run directories and releases their ports. Runs of live drsim processes, and anything
// without drsim's marker, are left alone; nothing outside the state root is looked at.
ReapReport reap_stale_runs(const std::string& scratch_dir);

class RunDir {
 public:
  // Creates `<scratch_dir>/drsim-runs/<drill>-XXXXXX` (drsim's user, mode 0711, marked) and
  // records the current process as its owner.
  RunDir(const std::string& scratch_dir, const std::string& drill, const std::string& os_user);
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  ~RunDir();  // remove() if not done

  const std::string& path() const { return path_; }
  const std::string& id() const { return id_; }
  // Makes a subdirectory (mode 0700, owned by the OS user); returns its path.
  std::string make_dir(const std::string& name);
  // Reserves a free loopback port (`wanted` 0 = any); refuses a wanted port in use.
  int reserve_port(int wanted);
  // Creates the data directory for a server: `explicit_dir` (which must not exist; recorded so
  // that it is removed with the run), or `data` in the run directory when "".
  std::string make_data_dir(const std::string& explicit_dir);
  // Records a child process group so a reaper can stop it if this runner dies.
  void record_child(int pid);
  // Records the journal of this run, which a reaper closes as "killed" if this runner dies.
  void record_journal(const std::string& path);
  // Writes a file in the run directory with mode 0600 owned by the OS user.
  std::string write_private(const std::string& name, const std::string& content);
  // Hands a path to the OS user (recursive chown when running as root).
  void give_to_user(const std::string& path) const;
  // Stops recorded children, releases ports and deletes the directory tree; idempotent.
  void remove();
  const std::string& os_user() const { return os_user_; }

 private:
  std::string root_, path_, id_, os_user_;
  std::vector<int> ports_;
  bool removed_ = false;
};

// A PostgreSQL server in a run directory: its data directory, private socket directory and
// reserved loopback port. Stopping never throws and always ends with no process left.
// A value for postgresql.conf: single-quoted, with quotes doubled ('it''s').
std::string conf_quote(const std::string& value);

class ScratchServer {
 public:
  ScratchServer(const ScratchSpec& spec, RunDir& run, const std::string& data_dir, int port);

  const std::string& data_dir() const { return data_dir_; }
  const std::string& socket_dir() const { return socket_dir_; }
  const std::string& log_file() const { return log_file_; }
  int port() const { return port_; }

  // Runs a PostgreSQL tool from the bin directory as the OS user.
  platform::ProcessResult tool(const std::string& name, std::vector<std::string> args,
                               double timeout_s,
                               std::vector<std::pair<std::string, std::string>> env = {}) const;
  // Writes pg_hba.conf/pg_ident.conf, an empty postgresql.conf if missing, and appends drsim's
  // settings (port, sockets, no archiving, no synchronous standbys, `extra`) to
  // postgresql.auto.conf, whose last setting wins.
  void configure(const std::vector<std::pair<std::string, std::string>>& extra) const;
  // Writes (or appends to) a file in the data directory without following symlinks, owned by the
  // OS user.
  void write_file(const std::string& name, const std::string& text, bool append = false) const;
  // Starts the postmaster without waiting for it to accept connections.
  platform::ProcessResult start(double timeout_s);
  // True while the postmaster of this data directory runs.
  bool running() const;
  // Immediate shutdown, then SIGKILL; waits at most ~11 s; never throws.
  void stop() noexcept;
  // A clean shutdown (pg_ctl stop -m fast: a shutdown checkpoint, and a primary first sends its
  // standbys all of its WAL); its result, as for start().
  platform::ProcessResult stop_clean(double timeout_s);
  // Connection target for database `db` as role `user` over the private socket.
  ConnTarget target(const std::string& db, const std::string& what) const;
  // The last `bytes` of the server log.
  std::string log_tail(std::size_t bytes = 4000) const;

 private:
  const ScratchSpec& spec_;
  RunDir& run_;
  std::string data_dir_, socket_dir_, log_file_;
  int port_;
};

// Reads the postmaster pid of a data directory (first line of postmaster.pid), or 0.
int postmaster_pid(const std::string& data_dir);

// True if a path exists and is a directory with at least one entry.
bool dir_non_empty(const std::string& path);

// The size of a regular file, or of the regular files under a directory (0 if neither).
std::uintmax_t tree_bytes(const std::string& path);

}  // namespace drsim::drills
