// Child processes drsim owns, and the pipes it reads them through: a file descriptor that closes
// itself, a child that is always reaped — and killed first if nobody waited for it — however its
// owner unwinds, and a worker forked to compute something and send it back through a pipe
// (engine/sim runs every scenario so; run_process() execs the tools of a drill so). Linux only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace drsim::platform {

// An owned file descriptor, closed when destroyed or reset.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  // Closes the descriptor held, if any, and holds `fd` instead.
  void reset(int fd = -1);
  // Hands the descriptor over without closing it.
  int release();

 private:
  int fd_ = -1;
};

// How a child ended.
struct ExitStatus {
  int code = -1;   // its exit code, or -1 if a signal ended it
  int signal = 0;  // the signal that ended it, or 0
  bool exited() const { return code >= 0; }
};

// A child process of this process that must be reaped. Destroying one that nobody waited for
// kills it with kill() and reaps it, so no path leaves a zombie or a runaway child behind.
class Child {
 public:
  Child() = default;
  // Owns child `pid`; `group`: it leads its own process group, which kill() ends as a whole.
  Child(int pid, bool group) : pid_(pid), group_(group) {}
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  int pid() const { return pid_; }
  // Reaps it if it has exited; never blocks.
  std::optional<ExitStatus> try_wait();
  // Blocks until it exits and reaps it.
  ExitStatus wait_exit();
  // SIGTERM to it (to its group if it leads one), up to `grace_s` seconds to exit, then SIGKILL
  // (to the group's stragglers too); reaps it.
  ExitStatus kill(double grace_s = 2);

 private:
  int pid_ = -1;  // -1 once reaped (or never started)
  bool group_ = false;
};

// A forked worker and the read end of the pipe it writes to.
struct ForkedChild {
  Child child;
  Fd out;
};

// Forks a worker that runs `work(write_fd)` and leaves with _Exit(0) (with 70 if `work` throws):
// none of the parent's atexit handlers or destructors run in it, and stdio is flushed before
// the fork so nothing buffered is written twice; SIGINT and SIGTERM take their default action in
// it again, whatever handlers drsim installed, so kill() ends it. `own_group`: the worker leads a
// process group of its own, which Child::kill() ends with whatever it started; otherwise it stays
// in drsim's, so a Ctrl-C reaches it too. Throws EnvironmentError if no pipe or process can be
// made.
ForkedChild fork_worker(const std::function<void(int write_fd)>& work, bool own_group = false);

// What read_chunk() found.
enum class ReadStatus { kData, kNone, kEnd };

// Reads once from `fd` (at most 64 KiB) and appends it to `out`: kData; kNone when nothing is
// there yet (non-blocking `fd`, or interrupted); kEnd at end of file or on an error.
ReadStatus read_chunk(int fd, std::string& out);
// Makes `fd` non-blocking, so read_chunk() drains it without waiting for more.
void set_nonblocking(int fd);
// Waits up to `timeout_ms` (-1: no limit) until one of `fds` has data or was closed by its
// writer; which ones are ready, in the order given (none if interrupted by a signal).
std::vector<bool> wait_readable(const std::vector<int>& fds, int timeout_ms);
// Writes all of `bytes` to `fd`; stops early only if the reader has gone.
void write_all(int fd, const std::string& bytes);

}  // namespace drsim::platform
