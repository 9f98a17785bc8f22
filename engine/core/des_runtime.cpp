#include "engine/core/des_runtime.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <boost/context/detail/fcontext.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/core/executor.hpp"
#include "engine/core/planner.hpp"
#include "model/errors.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define DRSIM_FIBER_ASAN 1
#endif

namespace drsim::engine {
namespace {

namespace ctx = boost::context::detail;

constexpr double kInf = std::numeric_limits<double>::infinity();
// Room for the executor and the planner, with AddressSanitizer's larger frames; pages are only
// committed when touched.
constexpr std::size_t kStackBytes = std::size_t{1} << 20;

// Thrown into an actor blocked at the end of a run, so that its stack unwinds (stop_actors()).
// Not a std::exception: nothing in the executor may catch it by accident.
struct ActorStopped {};

// Stacks are reused across runs (a trial run makes thousands of actors); each has a guard page
// below it, so an overflow faults instead of corrupting memory.
class StackPool {
 public:
  StackPool() = default;
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;
  ~StackPool() {
    for (void* s : free_) ::munmap(static_cast<char*>(s) - page(), kStackBytes + page());
  }
  void* get() {
    if (!free_.empty()) {
      void* s = free_.back();
      free_.pop_back();
      return s;
    }
    void* base = ::mmap(nullptr, kStackBytes + page(), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) throw std::bad_alloc();
    ::mprotect(base, page(), PROT_NONE);
    return static_cast<char*>(base) + page();
  }
  void put(void* stack) { free_.push_back(stack); }

 private:
  static std::size_t page() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }
  std::vector<void*> free_;
};

thread_local StackPool t_stacks;

}  // namespace

struct DesRuntime::Actor {
  std::function<void()> body;
  ctx::fcontext_t context = nullptr;  // where it resumes
  void* stack = nullptr;
  DesRuntime* runtime = nullptr;
  bool done = false;
  bool stop = false;       // unwind when it next resumes
  bool in_ready = false;   // queued in ready_
  bool timed_out = false;  // a timer, not a notify, made it ready
  // In wait_until(): its predicate and deadline. A notify makes it ready with `recheck`, and the
  // scheduler tests the predicate in its place, switching to it only when it holds: the result
  // is the same as the actor looking and waiting again, without two context switches.
  const std::function<bool()>* pred = nullptr;
  const bool* flag = nullptr;  // in wait_for_flag(): the flag, tested by notify_all() itself
  double deadline = 0;
  bool recheck = false;
  std::uint64_t timer = 0;     // the sequence number of its pending timer; 0 = none
  std::uint64_t wait_seq = 0;  // its entry among the waiters; 0 = none
  void* fake_stack = nullptr;  // AddressSanitizer's bookkeeping for this stack

  // What it waits for holds (an actor that waits for nothing is never among the waiters).
  bool holds() const { return flag ? *flag : !pred || (*pred)(); }
};

// Switches between the scheduler and the actors with Boost.Context's fcontext: a few
// instructions, no system call (ucontext's swapcontext saves the signal mask with one each time).
struct DesRuntime::Scheduler {
  ctx::fcontext_t context = nullptr;   // where an actor that blocks returns to
  const void* stack_bottom = nullptr;  // the scheduler's stack, for AddressSanitizer
  std::size_t stack_size = 0;

  // Runs `a` until it blocks or ends.
  void resume(Actor* a) {
#ifdef DRSIM_FIBER_ASAN
    void* fake = nullptr;
    __sanitizer_start_switch_fiber(&fake, a->stack, kStackBytes);
    a->context = ctx::jump_fcontext(a->context, a).fctx;
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#else
    a->context = ctx::jump_fcontext(a->context, a).fctx;
#endif
  }

  // From actor `a` back to the scheduler (for good when it is done).
  void suspend(Actor* a) {
#ifdef DRSIM_FIBER_ASAN
    __sanitizer_start_switch_fiber(a->done ? nullptr : &a->fake_stack, stack_bottom, stack_size);
    context = ctx::jump_fcontext(context, nullptr).fctx;
    __sanitizer_finish_switch_fiber(a->fake_stack, &stack_bottom, &stack_size);
#else
    (void)a;
    context = ctx::jump_fcontext(context, nullptr).fctx;
#endif
  }

  // First thing on an actor's own stack: `from` is the scheduler it came from.
  void entered(Actor* a, ctx::fcontext_t from) {
    context = from;
#ifdef DRSIM_FIBER_ASAN
    __sanitizer_finish_switch_fiber(a->fake_stack, &stack_bottom, &stack_size);
#else
    (void)a;
#endif
  }
};

DesRuntime::DesRuntime(const model::Model& m) : m_(m), scheduler_(std::make_unique<Scheduler>()) {}

DesRuntime::~DesRuntime() { stop_actors(); }

void DesRuntime::spawn(const ActorName& /*name: only SimGrid shows it*/,
                       std::function<void()> body) {
  auto a = std::make_unique<Actor>();
  a->body = std::move(body);
  a->stack = t_stacks.get();
  a->runtime = this;
  a->context = ctx::make_fcontext(static_cast<char*>(a->stack) + kStackBytes, kStackBytes,
                                  [](ctx::transfer_t from) {
                                    auto* self = static_cast<Actor*>(from.data);
                                    self->runtime->actor_main(self, from.fctx);
                                  });
  Actor* raw = a.get();
  actors_.push_back(std::move(a));
  make_ready(raw);
  // As in SimGrid, the new actor runs before its creator resumes.
  if (current_) {
    make_ready(current_);
    block();
  }
}

void DesRuntime::actor_main(Actor* self, void* scheduler) {
  scheduler_->entered(self, scheduler);
  if (!self->stop) {  // stop_actors() may reach an actor that never ran
    try {
      self->body();
    } catch (const ActorStopped&) {
      // stop_actors(): unwound
    } catch (...) {
      failure_ = std::current_exception();
    }
  }
  self->body = nullptr;
  self->done = true;
  scheduler_->suspend(self);  // never returns: a done actor is not resumed
}

void DesRuntime::make_ready(Actor* a) {
  if (a->in_ready || a->done) return;
  a->in_ready = true;
  ready_.push_back(a);
}

void DesRuntime::set_timer(Actor* a, double at) {
  a->timer = ++seq_;
  timers_.push({at, a->timer, a});
}

void DesRuntime::block() {
  Actor* a = current_;
  if (!a) throw InternalError("a simulated actor blocked outside of an actor");
  scheduler_->suspend(a);
  if (a->stop) throw ActorStopped{};
}

void DesRuntime::sleep_for(double seconds) {
  set_timer(current_, now_ + std::max(0.0, seconds));
  block();
}

bool DesRuntime::wait_until(const std::function<bool()>& pred, double timeout) {
  if (!current_) throw InternalError("a simulated actor waited outside of an actor");
  current_->pred = &pred;
  return wait_for(current_, timeout);
}

bool DesRuntime::wait_for_flag(const bool& flag, double timeout) {
  if (!current_) throw InternalError("a simulated actor waited outside of an actor");
  current_->flag = &flag;
  return wait_for(current_, timeout);
}

bool DesRuntime::wait_for(Actor* a, double timeout) {
  // As SimGrid's condition variable: until the predicate holds or the deadline passes.
  a->deadline = std::isinf(timeout) ? kInf : now_ + timeout;
  a->timed_out = false;
  while (!a->holds()) {
    wait(a);
    block();
    if (a->timed_out) break;
  }
  const bool held = a->holds();
  a->pred = nullptr;
  a->flag = nullptr;
  a->timer = 0;  // a deadline not reached is forgotten
  return held;
}

void DesRuntime::wait(Actor* a) {
  if (a->wait_seq == 0) {
    a->wait_seq = ++seq_;
    if (!a->flag) {
      waiting_.push_back({a, a->wait_seq});
    } else {
      if (flag_waiting_.size() >= flag_waiting_cap_) {
        flag_waiting_.erase(
            std::remove_if(flag_waiting_.begin(), flag_waiting_.end(),
                           [](const Waiter& w) { return w.actor->wait_seq != w.seq; }),
            flag_waiting_.end());
        flag_waiting_cap_ = std::max<std::size_t>(64, 2 * flag_waiting_.size());
      }
      flag_waiting_.push_back({a, a->wait_seq});
    }
  }
  // The timer of its deadline stays set while it waits again after a notify.
  if (std::isfinite(a->deadline) && a->timer == 0) set_timer(a, std::max(a->deadline, now_));
}

void DesRuntime::raise(bool& flag) {
  flag = true;
  raised_ = true;
}

void DesRuntime::notify_all() {
  // The flag waiters whose flag is up, in the order they began waiting; the others keep their
  // places.
  woken_.clear();
  if (std::exchange(raised_, false)) {
    std::size_t kept = 0;
    for (const Waiter& w : flag_waiting_) {
      if (w.actor->wait_seq != w.seq) continue;  // stale
      if (*w.actor->flag) {
        woken_.push_back(w);
      } else {
        flag_waiting_[kept++] = w;
      }
    }
    flag_waiting_.resize(kept);
  }
  // Both lists are in the order the actors began waiting: merged, every woken actor is ready in
  // that order.
  std::size_t i = 0;
  for (const Waiter& w : waiting_) {
    if (w.actor->wait_seq != w.seq) continue;  // its timer came first
    for (; i < woken_.size() && woken_[i].seq < w.seq; ++i) wake(woken_[i].actor);
    wake(w.actor);
  }
  for (; i < woken_.size(); ++i) wake(woken_[i].actor);
  waiting_.clear();
}

void DesRuntime::wake(Actor* a) {
  a->wait_seq = 0;
  a->recheck = true;
  make_ready(a);
}

std::size_t DesRuntime::link_index(const RouteLink& l) {
  auto [it, added] = link_ids_.emplace(l.key, capacity_.size());
  if (added) capacity_.push_back(l.spec.bandwidth);
  return it->second;
}

bool DesRuntime::transfer(const std::string& store_id, const std::string& site, double bytes) {
  const model::Store* store = m_.find_store(store_id);
  if (!store) throw InternalError("transfer from unknown store " + store_id);
  auto flow = std::make_unique<Flow>();
  flow->actor = current_;
  double latency = 0;
  for (const auto& l : restore_route(m_, *store, site)) {
    flow->links.push_back(link_index(l));
    latency += l.spec.latency;
  }
  flow->from = store->domain;
  flow->to = site;
  // SimGrid moves whole bytes.
  flow->remaining = static_cast<double>(std::llround(bytes));
  flow->start_at = now_ + latency;
  flow->updated_at = now_;
  if (!route_up(*flow)) {
    set_timer(current_, now_);  // a failure is noticed in the next round, as in SimGrid
    block();
    return false;
  }
  Flow* f = flow.get();
  flows_.push_back(std::move(flow));
  share_bandwidth();
  block();
  const bool ok = !f->failed;
  flows_.erase(std::find_if(flows_.begin(), flows_.end(),
                            [f](const std::unique_ptr<Flow>& x) { return x.get() == f; }));
  return ok;
}

bool DesRuntime::route_up(const Flow& f) const {
  // Both ends of a route lie inside every domain that owns one of its links, so the route is up
  // exactly when both hosts are.
  return alive(m_, f.from, lost_) && alive(m_, f.to, lost_);
}

void DesRuntime::domain_changed(const std::string&, bool lost,
                                const std::vector<std::string>& lost_now) {
  lost_ = lost_now;
  if (!lost) return;
  bool changed = false;
  for (auto& f : flows_) {
    if (f->failed || route_up(*f)) continue;
    f->failed = true;
    make_ready(f->actor);
    changed = true;
  }
  if (changed) share_bandwidth();
}

void DesRuntime::share_bandwidth() {
  // Every transfer's bytes so far at its old rate; then max-min fairness by progressive filling:
  // the most constrained link fixes the rate of every flow through it, which then leaves the
  // others more room.
  std::vector<Flow*> open;
  for (auto& f : flows_) {
    if (f->failed || f->done) continue;
    if (f->rate > 0) f->remaining -= f->rate * (now_ - f->updated_at);
    f->updated_at = now_;
    f->rate = 0;
    if (now_ >= f->start_at) open.push_back(f.get());
  }
  std::vector<double> room = capacity_;
  std::vector<int> users(capacity_.size(), 0);
  for (Flow* f : open) {
    for (auto l : f->links) ++users[l];
  }
  std::vector<Flow*> pending = open;
  while (!pending.empty()) {
    double share = kInf;
    for (std::size_t i = 0; i < capacity_.size(); ++i) {
      if (users[i] > 0) share = std::min(share, room[i] / users[i]);
    }
    std::vector<Flow*> rest;
    for (Flow* f : pending) {
      const bool bottlenecked = std::any_of(f->links.begin(), f->links.end(), [&](std::size_t l) {
        return users[l] > 0 && room[l] / users[l] <= share;
      });
      if (bottlenecked) {
        f->rate = share;
      } else {
        rest.push_back(f);
      }
    }
    for (Flow* f : pending) {
      if (f->rate <= 0) continue;
      for (auto l : f->links) {
        room[l] = std::max(0.0, room[l] - f->rate);
        --users[l];
      }
    }
    pending.swap(rest);
  }
  // The next moment a transfer starts sharing or ends.
  next_flow_event_ = kInf;
  for (auto& f : flows_) {
    if (f->failed || f->done) continue;
    f->finish_at = f->rate > 0 ? now_ + f->remaining / f->rate : kInf;
    next_flow_event_ = std::min(next_flow_event_, now_ < f->start_at ? f->start_at : f->finish_at);
  }
}

void DesRuntime::run_ready() {
  while (!ready_.empty()) {
    Actor* a = ready_.front();
    ready_.pop_front();
    a->in_ready = false;
    if (a->done) continue;
    if (std::exchange(a->recheck, false) && !a->holds()) {
      wait(a);  // woken by a notify, but what it waits for does not hold yet
      continue;
    }
    current_ = a;
    scheduler_->resume(a);
    current_ = nullptr;
    if (a->done && a->stack) {
      t_stacks.put(a->stack);
      a->stack = nullptr;
    }
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }
}

void DesRuntime::run_until(double horizon) {
  run_ready();
  while (true) {
    const double next = std::min(timers_.empty() ? kInf : timers_.top().at, next_flow_event_);
    if (!(next <= horizon)) break;
    now_ = next;
    if (next_flow_event_ <= now_) {
      // Transfers that end now are done; those whose latency has passed start sharing.
      for (auto& f : flows_) {
        if (f->failed || f->done || f->finish_at > now_) continue;
        f->done = true;
        make_ready(f->actor);
      }
      share_bandwidth();
    }
    while (!timers_.empty() && timers_.top().at <= now_) {
      const Timer t = timers_.top();
      timers_.pop();
      if (t.seq != t.actor->timer || t.actor->done) continue;  // stale
      t.actor->timer = 0;
      t.actor->wait_seq = 0;  // its entry among the waiters is stale now
      t.actor->timed_out = true;
      t.actor->recheck = false;
      make_ready(t.actor);
    }
    run_ready();
  }
}

bool DesRuntime::stop_actors() {
  for (auto& a : actors_) {
    if (a->done || !a->stack) continue;
    a->stop = true;
    current_ = a.get();
    scheduler_->resume(a.get());
    current_ = nullptr;
    if (a->stack) {
      t_stacks.put(a->stack);
      a->stack = nullptr;
    }
  }
  failure_ = nullptr;
  return true;
}

ScenarioResult simulate_in_process(const model::Model& m, const scenarios::Scenario& scenario,
                                   ResultDetail detail) {
  DesRuntime rt(m);
  return execute(m, scenario, rt, detail);
}

const ScenarioResult& simulate_in_process(const model::Model& m,
                                          const scenarios::Scenario& scenario, ResultDetail detail,
                                          RunBuffers& buffers) {
  DesRuntime rt(m);
  return execute(m, scenario, rt, detail, buffers);
}

}  // namespace drsim::engine
