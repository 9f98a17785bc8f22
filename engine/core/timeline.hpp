// The time side of a scenario: the state of one service over time as a piecewise-constant
// timeline (up / degraded / down), and the RTO rule of DESIGN.md §4 read off such a timeline.
// Times are seconds after t0 (the fault start); a timeline covers [0, horizon].
#pragma once

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <vector>

namespace drsim::engine {

// Ordered from best to worst so that "the worse of two states" is std::max.
enum class State { kUp = 0, kDegraded = 1, kDown = 2 };

const char* to_string(State s);

// One stretch of constant state, [begin, end) in seconds after t0.
struct Interval {
  double begin = 0;
  double end = 0;
  State state = State::kUp;
};

// Stretches of a timeline; a few inline, as a timeline keeps its points.
using Intervals = boost::container::small_vector<Interval, 4>;

// A service's state over [0, horizon]; starts up. Changes are kept sorted and merged, so two
// timelines with the same states compare equal whatever order they were built in.
class Timeline {
 public:
  explicit Timeline(double horizon = 0) : horizon_(horizon) {}

  // Sets the state on [from, to) (clamped to [0, horizon]); later calls override earlier ones.
  void set(double from, double to, State s);
  // Sets the state from `from` (seconds) to the horizon.
  void set_from(double from, State s) { set(from, horizon_, s); }
  // The state at time t (seconds after t0); the horizon itself reads as the last state.
  State at(double t) const;
  // Maximal stretches of equal state covering [0, horizon], in time order.
  Intervals intervals() const;
  // The same handed to `f(const Interval&)` one by one, without a list (the result of every
  // trial reads every timeline).
  template <typename F>
  void for_each_interval(F f) const {
    for (std::size_t i = 0; i < points_.size(); ++i) {
      const double end = i + 1 < points_.size() ? points_[i + 1].t : horizon_;
      if (points_[i].t < end || (i == 0 && horizon_ == 0))
        f(Interval{points_[i].t, end, points_[i].s});
    }
  }
  // True if the state is ever `s` (for a non-empty stretch).
  bool ever(State s) const;
  // True if up all along (cheaper than asking ever() twice).
  bool always_up() const {
    return std::all_of(points_.begin(), points_.end(),
                       [](const Point& p) { return p.s == State::kUp; });
  }
  double horizon() const { return horizon_; }

  // Pointwise worst of two timelines (the horizon is the larger of both).
  static Timeline worst(const Timeline& a, const Timeline& b);
  // Pointwise best of two timelines (the horizon is the larger of both).
  static Timeline best(const Timeline& a, const Timeline& b);

  bool operator==(const Timeline& o) const {
    return horizon_ == o.horizon_ && points_ == o.points_;
  }

 private:
  struct Point {
    double t;
    State s;
    bool operator==(const Point& o) const { return t == o.t && s == o.s; }
  };
  void normalize();
  template <typename Pick>
  static Timeline combine(const Timeline& a, const Timeline& b, Pick pick);
  // A few points inline: most timelines of a run have one to three, and a run makes thousands.
  using Points = boost::container::small_vector<Point, 4>;
  double horizon_;
  Points points_{{0, State::kUp}};  // state from t until the next point
};

// The RTO rule: seconds from t0 until the service is up again for good (degraded counts as
// not down); 0 if it was never down; nullopt if it is still down at the horizon.
std::optional<double> achieved_rto(const Timeline& t);

// The timeline of a service whose queued dependency has timeline `dep` and whose queue holds
// `buffer` seconds of work (0 = unbounded): degraded while the dependency is down and the
// buffer lasts, down once it has overflowed, until the dependency is up again.
Timeline queued_effect(const Timeline& dep, double buffer);

// The timeline a hard dependency `dep` imposes on a dependant that rides through `tolerate`
// seconds of outage by retrying: up for outages no longer than that, down from `tolerate` after
// the start of a longer one until the dependency is up; degraded passes through unchanged.
Timeline hard_effect(const Timeline& dep, double tolerate);

}  // namespace drsim::engine
