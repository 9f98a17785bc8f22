#include "history/trends.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "history/timestamp.hpp"

namespace drsim::history {

std::optional<double> nearest_rank(std::vector<std::optional<double>> values, double p) {
  if (values.empty()) return std::nullopt;
  // Missing values after every number.
  std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
    if (!a || !b) return a.has_value() && !b.has_value();
    return *a < *b;
  });
  const auto n = static_cast<double>(values.size());
  const auto rank = static_cast<std::size_t>(std::clamp(std::ceil(p / 100 * n), 1.0, n));
  return values[rank - 1];
}

std::vector<TargetTrend> target_trends(const std::vector<RunRecord>& runs, double now_s, int last) {
  // Newest first: the stored times have milliseconds, so their text sorts as the time does.
  std::map<std::string, std::vector<const RunRecord*>> by_target;
  for (const auto& r : runs) by_target[r.target].push_back(&r);
  std::vector<TargetTrend> out;
  for (auto& [target, list] : by_target) {
    std::sort(list.begin(), list.end(), [](const RunRecord* a, const RunRecord* b) {
      return a->started_at != b->started_at ? a->started_at > b->started_at : a->id > b->id;
    });
    TargetTrend t;
    t.target = target;
    t.runs = static_cast<long long>(list.size());
    auto mark = [](const RunRecord& r) {
      return RunMark{r.id, r.started_at, r.ended_at, r.status};
    };
    t.last_run = mark(*list.front());
    t.last_run_failed = !list.front()->passed();
    std::vector<std::optional<double>> rto, rpo;
    for (const RunRecord* r : list) {
      if (r->passed() && !t.last_success) t.last_success = mark(*r);
      if (r->max_age_s && t.max_age_default) {
        t.max_age_s = *r->max_age_s;
        t.max_age_default = false;
      }
      if (r->completed() && static_cast<int>(rto.size()) < last) {
        rto.push_back(r->rto_s);
        rpo.push_back(r->rpo_s);
      }
    }
    t.trend_runs = static_cast<int>(rto.size());
    t.rto_p50_s = nearest_rank(rto, 50);
    t.rto_p95_s = nearest_rank(rto, 95);
    t.rpo_p50_s = nearest_rank(rpo, 50);
    t.rpo_p95_s = nearest_rank(rpo, 95);
    if (t.last_success) {
      if (auto end = parse_timestamp(t.last_success->ended_at)) {
        // To the millisecond, as the times are kept.
        t.age_s = std::max(0.0, std::round((now_s - *end) * 1000) / 1000);
      }
    }
    t.stale = !t.age_s || *t.age_s > t.max_age_s;
    out.push_back(std::move(t));
  }
  return out;
}

nlohmann::ordered_json to_json(const TargetTrend& t) {
  using Json = nlohmann::ordered_json;
  auto opt = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  auto mark = [](const RunMark& m) {
    return Json{
        {"id", m.id}, {"started_at", m.started_at}, {"ended_at", m.ended_at}, {"status", m.status}};
  };
  return {{"target", t.target},
          {"runs", t.runs},
          {"last_run", mark(t.last_run)},
          {"last_success", t.last_success ? mark(*t.last_success) : Json(nullptr)},
          {"age_s", opt(t.age_s)},
          {"max_age_s", t.max_age_s},
          {"max_age_default", t.max_age_default},
          {"stale", t.stale},
          {"last_run_failed", t.last_run_failed},
          {"trend_runs", t.trend_runs},
          {"rto", {{"p50_s", opt(t.rto_p50_s)}, {"p95_s", opt(t.rto_p95_s)}}},
          {"rpo", {{"p50_s", opt(t.rpo_p50_s)}, {"p95_s", opt(t.rpo_p95_s)}}}};
}

}  // namespace drsim::history
