// Running a program to completion as a child process: optionally as another OS user via runuser,
// with a minimal environment of its own (PATH, LANG=C and what the caller adds; never drsim's
// own), its output captured, a deadline, and a hook that may abandon it; a child that overruns or
// is abandoned is killed with its whole process group. Drills run the PostgreSQL tools so.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/child.hpp"

namespace drsim::platform {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is an absolute path or found on PATH
  std::vector<std::pair<std::string, std::string>> env;  // added to PATH and LANG=C
  std::string as_user;  // run via `runuser -u` when drsim is root and this is not ""
  // Written to the child's standard input, which is then closed (else it reads /dev/null): a
  // secret a tool asks for there rather than on its command line or in its environment. At most
  // 4 KiB, which a pipe takes without waiting for the child.
  std::string input;
  // Else a file the child reads as its standard input (a dump or a binary log replay for a
  // client), opened by drsim before the child starts.
  std::string input_file;
  double timeout_s = 600;
  std::function<void(int pid)> on_start;  // told the child pid (its process group id)
  // Called about every 50 ms while the child runs; if it throws, the child's process group is
  // killed and the exception goes on to the caller (drills throw Cancelled on SIGINT/SIGTERM).
  std::function<void()> on_wait;
  std::string missing_hint;  // the hint of the error for a program that cannot be run
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string output;  // stdout and stderr interleaved, the last 64 KiB
  double seconds = 0;  // wall time
  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Runs a process to completion or deadline (then kills its group: timed_out). Throws
// EnvironmentError when it cannot be started, and whatever spec.on_wait throws.
ProcessResult run_process(const ProcessSpec& spec);

// Starts a process that runs on in the background (a server), in a process group of its own,
// with the same program lookup and minimal environment as run_process() and its standard streams
// on /dev/null (it writes its own log); `input`, `timeout_s` and `on_wait` do not apply. The
// returned Child kills the group when destroyed unless it was reaped. Throws EnvironmentError
// when it cannot be started.
Child start_process(const ProcessSpec& spec);

// True if drsim runs as root (it must then start servers as their own OS user).
bool running_as_root();

}  // namespace drsim::platform
