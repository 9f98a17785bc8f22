// What the executor (executor.hpp) needs from a discrete-event simulator: a clock, actors that
// sleep and wait, restore transfers that share the network, and failure domains going out and
// coming back. Two implement it: SimGrid (engine/sim/simgrid_runtime.hpp, the reference) and
// drsim's own event loop (des_runtime.hpp, for trials), and a test runs the same scenarios on
// both. The executor's rules are written once, against this interface.
#pragma once

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace drsim::engine {

// An actor's name, "role:id" or "role". Only a runtime that shows names (SimGrid) builds the text:
// drsim's own event loop starts thousands of actors a trial run and would build names nobody reads.
struct ActorName {
  ActorName(const char* r) : role(r) {}  // NOLINT: a plain role converts
  ActorName(const char* r, const std::string& i) : role(r), id(&i) {}
  std::string str() const { return id ? std::string(role) + ":" + *id : std::string(role); }
  const char* role;
  const std::string* id = nullptr;  // must outlive the spawn() call
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // Seconds since the run started (t0 = 0).
  virtual double now() const = 0;
  // Starts an actor running `body`; it runs once the calling actor blocks or yields, after the
  // actors already waiting to run, in creation order.
  virtual void spawn(const ActorName& name, std::function<void()> body) = 0;
  // Blocks the calling actor for `seconds`.
  virtual void sleep_for(double seconds) = 0;
  // Blocks the calling actor until `pred` holds, checked again on every notify_all(), or until
  // `timeout` seconds have passed; returns pred() at the end.
  virtual bool wait_until(const std::function<bool()>& pred,
                          double timeout = std::numeric_limits<double>::infinity()) = 0;
  // wait_until() for a flag: blocks until `flag` is true, checked again on every notify_all(), or
  // until `timeout` seconds have passed; returns flag. What most of the executor's waits are (a
  // timed step that ends early when its service comes back), and cheaper to check than a
  // predicate where a runtime looks at the flag itself (des_runtime.hpp).
  virtual bool wait_for_flag(const bool& flag,
                             double timeout = std::numeric_limits<double>::infinity()) {
    return wait_until([&flag] { return flag; }, timeout);
  }
  // Sets `flag` for the actors in wait_for_flag() on it, which see it at the next notify_all().
  // A flag that actors wait for is set only this way (a runtime may look only at raised flags).
  virtual void raise(bool& flag) { flag = true; }
  // Wakes every actor blocked in wait_until() or wait_for_flag() to check what it waits for.
  virtual void notify_all() = 0;
  // Moves `bytes` from store `store` to the compute host of domain `site` over the route between
  // them, sharing links with the other transfers (max-min fairness), after the route's latency;
  // false if a host or link on the way is lost before it ends (or was already).
  virtual bool transfer(const std::string& store, const std::string& site, double bytes) = 0;
  // Domain `domain` is lost (`lost`) or back; `lost_now` is every domain out after the change.
  // Hosts and links inside it go down or come back (a host only when no enclosing domain is out).
  virtual void domain_changed(const std::string& domain, bool lost,
                              const std::vector<std::string>& lost_now) = 0;
  // Runs the actors until the clock would pass `horizon`.
  virtual void run_until(double horizon) = 0;
  // Ends every actor still blocked (after run_until), unwinding its stack; false if this runtime
  // cannot (SimGrid: whatever the actors refer to must then stay alive until the process ends).
  virtual bool stop_actors() = 0;
  // Counts one processed event, for benchmarks.
  long long events = 0;
};

}  // namespace drsim::engine
