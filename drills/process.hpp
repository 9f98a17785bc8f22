// Process control for drills, in one place: running the PostgreSQL tools a drill needs
// (pg_basebackup, pg_dump, pg_ctl, ...) as child processes — optionally as another OS user via
// runuser, with a minimal environment of their own (PATH, LANG=C and what the caller adds; never
// drsim's own, and never a password: those go in a private passfile), output captured, a
// deadline, and cancellation by SIGINT/SIGTERM; a child that overruns or is cancelled is killed
// with its whole process group — and telling processes apart (start times, children) so that
// only drsim's own are ever signalled.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace drsim::drills {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is an absolute path or found on PATH
  std::vector<std::pair<std::string, std::string>> env;  // added to PATH and LANG=C
  std::string as_user;  // run via `runuser -u` when drsim is root and this is not ""
  double timeout_s = 600;
  std::function<void(int pid)> on_start;  // told the child pid (its process group id)
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string output;  // stdout and stderr interleaved, the last 64 KiB
  double seconds = 0;  // wall time
  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Runs a process to completion or deadline. Throws Cancelled (after killing the child's process
// group) when a termination signal arrives, EnvironmentError when it cannot be started.
ProcessResult run_process(const ProcessSpec& spec);

// True if drsim runs as root (it must then start servers as their own OS user).
bool running_as_root();

// Sends `sig` to process `pid`; returns false if it does not exist.
bool signal_process(int pid, int sig);
// True if process `pid` exists (and is not a zombie we could reap).
bool process_alive(int pid);
// Field 22 of /proc/<pid>/stat: the start time in clock ticks, which tells a reused pid apart
// ("" if there is no such process).
std::string process_start_time(int pid);
// True if `pid` is alive and started at `started` (see process_start_time).
bool same_process(int pid, const std::string& started);
// The direct children of `pid`.
std::vector<int> child_processes(int pid);
// Waits up to `seconds` for `pid` to exit; true if it is gone.
bool wait_gone(int pid, double seconds);

}  // namespace drsim::drills
