// What `drsim history targets` computes, with exact numbers: nearest-rank percentiles with
// missing values ranked last, the age of the last verified restore against max_age, and which
// runs count.
#include "history/trends.hpp"

#include <catch2/catch.hpp>

#include "history/timestamp.hpp"

using namespace drsim::history;

namespace {

RunRecord run(long long id, const std::string& target, const std::string& status,
              const std::string& day, std::optional<double> rto, std::optional<double> rpo) {
  RunRecord r;
  r.id = id;
  r.target = target;
  r.status = status;
  r.started_at = day + "T03:00:00.000Z";
  r.ended_at = day + "T03:10:00.000Z";
  r.rto_s = rto;
  r.rpo_s = rpo;
  return r;
}

const double kNow = *parse_timestamp("2026-12-01T00:00:00Z");

}  // namespace

TEST_CASE("history::nearest_rank: the value at rank ceil(p/100 n), missing values last",
          "[history]") {
  CHECK(nearest_rank({3.0, 1.0, 2.0}, 50) == 2.0);       // rank 2 of 3
  CHECK(nearest_rank({3.0, 1.0, 2.0}, 95) == 3.0);       // rank 3 (2.85 up)
  CHECK(nearest_rank({1.0, 2.0, 3.0, 4.0}, 50) == 2.0);  // rank 2: no averaging
  CHECK(nearest_rank({7.0}, 50) == 7.0);
  CHECK(nearest_rank({7.0}, 95) == 7.0);
  std::vector<std::optional<double>> twenty;
  for (int i = 1; i <= 20; ++i) twenty.push_back(i * 10.0);
  CHECK(nearest_rank(twenty, 95) == 190.0);  // rank 19
  CHECK(nearest_rank(twenty, 50) == 100.0);  // rank 10
  CHECK(nearest_rank({std::nullopt, 5.0, 1.0}, 50) == 5.0);
  CHECK_FALSE(nearest_rank({std::nullopt, 5.0, 1.0}, 95));  // rank 3: not measured
  CHECK_FALSE(nearest_rank({}, 50));
}

TEST_CASE("history::target_trends: last run, last success, age and percentiles per target",
          "[history]") {
  std::vector<RunRecord> runs = {
      run(1, "orders-db", "passed", "2026-10-01", 61.2, 0.5),
      run(2, "orders-db", "passed", "2026-11-01", 58.4, 0.7),
      run(3, "orders-db", "failed", "2026-11-20", 64.0, std::nullopt),
      run(4, "billing-db", "passed", "2026-10-15", 12.5, 0.0),
  };
  runs[0].max_age_s = 10 * 86400.0;  // an older policy: the newest run that gives one counts
  runs[1].max_age_s = 35 * 86400.0;
  const auto trends = target_trends(runs, kNow, kDefaultLast);
  REQUIRE(trends.size() == 2);

  const TargetTrend& billing = trends[0];  // targets in name order
  CHECK(billing.target == "billing-db");
  CHECK(billing.runs == 1);
  CHECK(billing.max_age_default);
  CHECK(billing.max_age_s == 35 * 86400.0);
  CHECK(billing.age_s == Approx(46 * 86400.0 + 20 * 3600 + 50 * 60));  // from 10-15 03:10
  CHECK(billing.stale);
  CHECK_FALSE(billing.last_run_failed);
  CHECK(billing.needs_attention());

  const TargetTrend& orders = trends[1];
  CHECK(orders.target == "orders-db");
  CHECK(orders.runs == 3);
  CHECK(orders.last_run.id == 3);
  CHECK(orders.last_run.status == "failed");
  REQUIRE(orders.last_success);
  CHECK(orders.last_success->id == 2);
  CHECK(orders.age_s == Approx(29 * 86400.0 + 20 * 3600 + 50 * 60));  // from 11-01 03:10
  CHECK_FALSE(orders.max_age_default);
  CHECK(orders.max_age_s == 35 * 86400.0);
  CHECK_FALSE(orders.stale);
  CHECK(orders.last_run_failed);
  CHECK(orders.trend_runs == 3);
  CHECK(orders.rto_p50_s == 61.2);
  CHECK(orders.rto_p95_s == 64.0);
  CHECK(orders.rpo_p50_s == 0.7);
  CHECK_FALSE(orders.rpo_p95_s);  // the failed restore had no usable recovery point

  // --last 2: the two newest completed runs only.
  const auto last_two = target_trends(runs, kNow, 2);
  CHECK(last_two[1].trend_runs == 2);
  CHECK(last_two[1].rto_p50_s == 58.4);
  CHECK(last_two[1].rto_p95_s == 64.0);
}

TEST_CASE("history::target_trends: stale only past max_age, and stale when never verified",
          "[history]") {
  RunRecord ok = run(1, "t", "passed", "2026-11-01", 1.0, 0.0);
  ok.max_age_s =
      *parse_timestamp("2026-12-01T00:00:00Z") - *parse_timestamp("2026-11-01T03:10:00Z");
  auto at = [&](double now) { return target_trends({ok}, now, kDefaultLast).front(); };
  CHECK_FALSE(at(kNow).stale);  // exactly max_age old
  CHECK(at(kNow + 1).stale);
  CHECK(at(kNow - 40 * 86400.0).age_s == 0.0);  // a --now before the run: age 0, not negative

  const auto never =
      target_trends({run(1, "t", "failed", "2026-11-30", 2.0, std::nullopt)}, kNow, kDefaultLast)
          .front();
  CHECK_FALSE(never.last_success);
  CHECK_FALSE(never.age_s);
  CHECK(never.stale);
  CHECK(never.last_run_failed);
}

TEST_CASE("history::target_trends: interrupted and stopped runs count as runs, not as trend",
          "[history]") {
  const auto t =
      target_trends({run(1, "t", "passed", "2026-11-28", 5.0, 0.1),
                     run(2, "t", "interrupted", "2026-11-29", std::nullopt, std::nullopt),
                     run(3, "t", "error", "2026-11-30", std::nullopt, std::nullopt)},
                    kNow, kDefaultLast)
          .front();
  CHECK(t.runs == 3);
  CHECK(t.trend_runs == 1);
  CHECK(t.rto_p50_s == 5.0);
  CHECK(t.rpo_p95_s == 0.1);
  CHECK(t.last_run.status == "error");
  CHECK(t.last_run_failed);
  CHECK_FALSE(t.stale);
}
