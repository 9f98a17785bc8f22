// drsim's own discrete-event runtime for the executor (runtime.hpp): what trials run on, many
// per process, with no process start, no SimGrid Engine and no platform to build per run.
//  * Actors are coroutines with their own stacks (Boost.Context), run one at a time in FIFO order;
//    a new actor runs before the one that created it resumes, as in SimGrid.
//  * Time advances to the next timer or transfer event; timers at the same time fire in the
//    order they were set.
//  * Transfers follow the SimGrid platform's rules (engine/core/network.hpp route_links()): a
//    transfer waits out its route's latency, then shares every link and network card on the
//    route with the other transfers by max-min fairness (progressive filling), like SimGrid's
//    CM02 model with TCP-gamma 0 that engine/sim configures.
//  * notify_all() wakes the actors in wait_until() in the order they began waiting, and tests
//    each one's predicate when its turn comes, as SimGrid does. An actor in wait_for_flag() is
//    looked at only when some flag was raised since the last notify, and one whose flag is still
//    down keeps its place without a round through the ready queue. Only the order of actors
//    woken at the same moment can differ from SimGrid's.
//  * A lost domain takes down the hosts and links inside it; a transfer over one fails at once.
//  * stop_actors() unwinds every actor still blocked, so their stacks are released cleanly.
// A test runs every example scenario on both runtimes and requires the same RTO and RPO
// (tests/consistency/consistency_test.cpp).
#pragma once

#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "engine/core/executor.hpp"
#include "engine/core/network.hpp"
#include "engine/core/runtime.hpp"
#include "engine/core/scenario_run.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/scenario.hpp"

namespace drsim::engine {

class DesRuntime : public Runtime {
 public:
  explicit DesRuntime(const model::Model& m);
  ~DesRuntime() override;
  DesRuntime(const DesRuntime&) = delete;
  DesRuntime& operator=(const DesRuntime&) = delete;

  double now() const override { return now_; }
  void spawn(const ActorName& name, std::function<void()> body) override;
  void sleep_for(double seconds) override;
  bool wait_until(const std::function<bool()>& pred, double timeout) override;
  bool wait_for_flag(const bool& flag, double timeout) override;
  void raise(bool& flag) override;
  void notify_all() override;
  bool transfer(const std::string& store, const std::string& site, double bytes) override;
  void domain_changed(const std::string& domain, bool lost,
                      const std::vector<std::string>& lost_now) override;
  void run_until(double horizon) override;
  bool stop_actors() override;

  struct Actor;  // a coroutine (des_runtime.cpp)

 private:
  struct Timer {
    double at;
    std::uint64_t seq;  // valid while it is its actor's pending timer
    Actor* actor;
    bool operator>(const Timer& o) const { return at > o.at || (at == o.at && seq > o.seq); }
  };
  // An actor's entry among the waiters, stale once the actor stopped waiting (its wait_seq moved).
  struct Waiter {
    Actor* actor;
    std::uint64_t seq;
  };
  struct Flow {
    Actor* actor;
    std::vector<std::size_t> links;  // indexes into capacity_
    std::string from, to;            // the domains of its two hosts
    double remaining;                // bytes, as of updated_at
    double start_at;                 // the route's latency has passed
    double updated_at = 0;           // remaining was last brought up to date
    double rate = 0;                 // bytes per second while sharing
    double finish_at = 0;            // at this rate
    bool failed = false;
    bool done = false;
  };

  void actor_main(Actor* self, void* scheduler);  // an actor's life, on its own stack
  void block();  // switches the current actor out until something makes it ready
  bool wait_for(Actor* a, double timeout);  // wait_until() and wait_for_flag(), once set up
  void wait(Actor* a);  // puts `a` among the waiters, with a timer at its deadline
  void wake(Actor* a);  // from notify_all(): ready, to test what it waits for
  void make_ready(Actor* a);
  void set_timer(Actor* a, double at);
  std::size_t link_index(const RouteLink& l);
  void share_bandwidth();
  bool route_up(const Flow& f) const;
  void run_ready();

  const model::Model& m_;
  double now_ = 0;
  std::uint64_t seq_ = 0;
  std::vector<std::unique_ptr<Actor>> actors_;
  std::deque<Actor*> ready_;
  std::vector<Waiter> waiting_;        // in wait_until(), in the order they began waiting
  std::vector<Waiter> flag_waiting_;   // in wait_for_flag(), the same
  std::size_t flag_waiting_cap_ = 64;  // flag_waiting_ loses its stale entries at this size
  bool raised_ = false;                // a flag was raised since the last notify_all()
  std::vector<Waiter> woken_;          // notify_all()'s scratch
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<double> capacity_;  // per link, bytes per second
  std::map<std::string, std::size_t> link_ids_;
  std::vector<std::unique_ptr<Flow>> flows_;
  double next_flow_event_ = std::numeric_limits<double>::infinity();
  std::vector<std::string> lost_;
  Actor* current_ = nullptr;
  std::exception_ptr failure_;  // an exception an actor let escape, rethrown by run_until()
  struct Scheduler;
  std::unique_ptr<Scheduler> scheduler_;
};

// Simulates `scenario` on `m` with the executor on a DesRuntime (`detail`: scenario_run.hpp).
ScenarioResult simulate_in_process(const model::Model& m, const scenarios::Scenario& scenario,
                                   ResultDetail detail = ResultDetail::kFull);
// The same into `buffers` (executor.hpp), for many runs of one model on one thread.
const ScenarioResult& simulate_in_process(const model::Model& m,
                                          const scenarios::Scenario& scenario, ResultDetail detail,
                                          RunBuffers& buffers);

}  // namespace drsim::engine
