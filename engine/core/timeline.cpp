#include "engine/core/timeline.hpp"

#include <algorithm>

namespace drsim::engine {

const char* to_string(State s) {
  switch (s) {
    case State::kUp:
      return "up";
    case State::kDegraded:
      return "degraded";
    case State::kDown:
      return "down";
  }
  return "?";
}

void Timeline::set(double from, double to, State s) {
  from = std::max(from, 0.0);
  to = std::min(to, horizon_);
  if (!(from < to)) return;
  if (from >= points_.back().t) {
    // The usual case (a run's changes come in time order): appended, with what normalize()
    // would leave — a point at `from` replaced, no point that repeats the state before it.
    const State after = points_.back().s;
    if (points_.back().t == from) points_.pop_back();
    if (points_.empty() || points_.back().s != s) points_.push_back({from, s});
    if (to < horizon_ && points_.back().s != after) points_.push_back({to, after});
    return;
  }
  State after = at(to);
  Points out;
  out.reserve(points_.size() + 2);
  for (const auto& p : points_) {
    if (p.t < from) out.push_back(p);
  }
  out.push_back({from, s});
  if (to < horizon_) out.push_back({to, after});
  for (const auto& p : points_) {
    if (p.t > to) out.push_back(p);
  }
  points_ = std::move(out);
  normalize();
}

void Timeline::normalize() {
  // In place: the kept prefix never overtakes the point being read.
  std::size_t n = 0;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const Point p = points_[i];
    if (n > 0 && points_[n - 1].t == p.t) {
      points_[n - 1].s = p.s;
    } else {
      points_[n++] = p;
    }
    // A point that repeats the previous state is no change at all.
    if (n >= 2 && points_[n - 2].s == points_[n - 1].s) --n;
  }
  points_.resize(n);
}

State Timeline::at(double t) const {
  State s = State::kUp;
  for (const auto& p : points_) {
    if (p.t > t) break;
    s = p.s;
  }
  return s;
}

Intervals Timeline::intervals() const {
  Intervals out;
  out.reserve(points_.size());
  for_each_interval([&out](const Interval& i) { out.push_back(i); });
  return out;
}

bool Timeline::ever(State s) const {
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const double end = i + 1 < points_.size() ? points_[i + 1].t : horizon_;
    if (points_[i].s == s && end > points_[i].t) return true;
  }
  return false;
}

template <typename Pick>
Timeline Timeline::combine(const Timeline& a, const Timeline& b, Pick pick) {
  // One pass over both point lists in time order: at each time either changes, the picked
  // state of the two states then, kept only where it changes (what normalize() would leave).
  Timeline out(std::max(a.horizon_, b.horizon_));
  out.points_.clear();
  out.points_.reserve(a.points_.size() + b.points_.size());
  const auto &pa = a.points_, &pb = b.points_;
  State sa = State::kUp, sb = State::kUp;
  std::size_t i = 0, j = 0;
  while (i < pa.size() || j < pb.size()) {
    const double t = j == pb.size() || (i < pa.size() && pa[i].t < pb[j].t) ? pa[i].t : pb[j].t;
    for (; i < pa.size() && pa[i].t == t; ++i) sa = pa[i].s;
    for (; j < pb.size() && pb[j].t == t; ++j) sb = pb[j].s;
    const State s = pick(sa, sb);
    if (out.points_.empty() || out.points_.back().s != s) out.points_.push_back({t, s});
  }
  return out;
}

Timeline Timeline::worst(const Timeline& a, const Timeline& b) {
  return combine(a, b, [](State x, State y) { return std::max(x, y); });
}

Timeline Timeline::best(const Timeline& a, const Timeline& b) {
  return combine(a, b, [](State x, State y) { return std::min(x, y); });
}

std::optional<double> achieved_rto(const Timeline& t) {
  double last_down_end = 0;
  bool down = false, at_horizon = false;
  t.for_each_interval([&](const Interval& i) {
    if (i.state != State::kDown || !(i.end > i.begin)) return;
    down = true;
    at_horizon = at_horizon || i.end >= t.horizon();
    last_down_end = i.end;
  });
  if (at_horizon) return std::nullopt;
  return down ? last_down_end : 0.0;
}

Timeline queued_effect(const Timeline& dep, double buffer) {
  Timeline out(dep.horizon());
  for (const auto& i : dep.intervals()) {
    if (i.state == State::kUp) continue;
    if (i.state == State::kDegraded || buffer <= 0) {
      out.set(i.begin, i.end, State::kDegraded);
      continue;
    }
    out.set(i.begin, std::min(i.end, i.begin + buffer), State::kDegraded);
    out.set(i.begin + buffer, i.end, State::kDown);
  }
  return out;
}

Timeline hard_effect(const Timeline& dep, double tolerate) {
  if (tolerate <= 0) return dep;
  Timeline out(dep.horizon());
  for (const auto& i : dep.intervals()) {
    if (i.state == State::kUp) continue;
    if (i.state == State::kDegraded) {
      out.set(i.begin, i.end, State::kDegraded);
      continue;
    }
    // Retries hide the first `tolerate` seconds; a longer outage shows from then on.
    out.set(i.begin + tolerate, i.end, State::kDown);
  }
  return out;
}

}  // namespace drsim::engine
