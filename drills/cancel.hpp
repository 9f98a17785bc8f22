// Cancellation of a running drill by SIGINT or SIGTERM. The signal handler only records the
// signal; every wait loop and child process watcher polls cancelled() and unwinds with
// Cancelled, so the runner's cleanup always runs before the process exits.
#pragma once

#include <stdexcept>
#include <string>

namespace drsim::drills {

// Thrown from a wait when a termination signal arrived; the runner cleans up and reports it.
class Cancelled : public std::runtime_error {
 public:
  explicit Cancelled(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Installs SIGINT/SIGTERM handlers that record the signal; restored by the destructor.
class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
};

// The signal received since the guard was installed, or 0.
int pending_signal();
// Throws Cancelled if a termination signal arrived.
void throw_if_cancelled();
// Sleeps `seconds` (>= 0) in short slices, throwing Cancelled as soon as a signal arrives.
void sleep_cancellable(double seconds);

}  // namespace drsim::drills
