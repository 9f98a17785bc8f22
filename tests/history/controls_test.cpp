// The compliance report of `drsim evidence report`, with exact wording: which evidence bears on
// which control, and the gaps — a target not drilled in the period, a failed drill with no
// passing one after it, a last verified restore over its max_age at the period's end.
#include "history/controls.hpp"

#include <catch2/catch.hpp>

#include "history/timestamp.hpp"

using namespace drsim::history;

namespace {

RunRecord drill(long long id, const std::string& target, const std::string& method,
                const std::string& status, const std::string& day) {
  RunRecord r;
  r.id = id;
  r.drill = target + "-" + method;
  r.target = target;
  r.method = method;
  r.status = status;
  r.started_at = day + "T03:00:00.000Z";
  r.ended_at = day + "T03:10:00.000Z";
  r.rto_s = 35.0;
  r.rpo_s = 0.5;
  r.max_age_s = 35 * 86400.0;
  if (status != "passed") {
    r.objectives.push_back({"rpo", 60.0, std::nullopt, "breached"});
    r.findings.push_back("rpo not measured");
  }
  return r;
}

const ControlSection& section(const ControlsReport& r, const std::string& id) {
  for (const auto& s : r.controls) {
    if (s.control->id == id) return s;
  }
  FAIL("no control " << id);
  throw;
}

const double kFrom = *parse_timestamp("2026-10-01T00:00:00Z");
const double kTo = *parse_timestamp("2026-12-31T23:59:59Z");

}  // namespace

TEST_CASE("history::build_controls: every control covered by passing drills and a simulation",
          "[history]") {
  const std::vector<RunRecord> runs = {drill(1, "orders-db", "pitr", "passed", "2026-11-20"),
                                       drill(2, "orders-db", "failover", "passed", "2026-12-20")};
  const auto r = build_controls(runs, {{"shop.json", "shop", "2026-12-01T00:00:00Z", 4, 1}}, kFrom,
                                kTo, "h.sqlite");
  CHECK(r.from == "2026-10-01T00:00:00Z");
  CHECK(r.to == "2026-12-31T23:59:59Z");
  CHECK(r.targets == std::vector<std::string>{"orders-db"});
  REQUIRE(r.evidence.size() == 3);
  CHECK(r.evidence[0].what == "drill run 1: orders-db-pitr (pitr) of orders-db");
  CHECK(r.evidence[0].outcome == "passed: RTO 35.000 s, RPO 0.500 s");
  // Oldest first: the simulation of 1 December between the two drills.
  CHECK(r.evidence[1].what == "simulation of shop (shop.json)");
  CHECK(r.evidence[1].outcome == "done: 4 scenarios, 1 objective breached");
  CHECK(r.controls.size() == 9);
  CHECK(r.covered == 9);
  CHECK(r.gaps.empty());
  // A.8.13 (backup tested) takes restore drills only; A1.3 drills of both kinds, no simulation.
  CHECK(section(r, "A.8.13").evidence == std::vector<std::size_t>{0});
  CHECK(section(r, "A1.3").evidence == std::vector<std::size_t>{0, 2});
  CHECK(section(r, "8.5").evidence == std::vector<std::size_t>{0, 1, 2});
}

TEST_CASE("history::build_controls: gaps name the target, the run and the period", "[history]") {
  const std::vector<RunRecord> runs = {
      drill(1, "billing-db", "logical", "passed", "2026-07-01"),  // before the period
      drill(2, "orders-db", "pitr", "passed", "2026-10-10"),
      drill(3, "orders-db", "pitr", "failed", "2026-11-20"),
      drill(4, "search-db", "failover", "passed", "2026-12-30")};
  const auto r = build_controls(runs, {}, kFrom, kTo, "h.sqlite");
  CHECK(r.targets == std::vector<std::string>{"billing-db", "orders-db", "search-db"});
  CHECK(r.evidence.size() == 3);
  CHECK(r.covered == 0);
  const auto& backup = section(r, "A.8.13");
  CHECK_FALSE(backup.covered);
  CHECK(backup.gaps ==
        std::vector<std::string>{
            "billing-db: no restore drill between 2026-10-01T00:00:00Z and 2026-12-31T23:59:59Z",
            "billing-db: its last verified restore was 183 d 20 h 49 min 59 s old at the "
            "period's end, over its max_age of 35 d",
            "orders-db: drill run 3 failed on 2026-11-20T03:00:00Z and no passing run followed "
            "in the period",
            "orders-db: its last verified restore was 82 d 20 h 49 min 59 s old at the period's "
            "end, over its max_age of 35 d",
            "search-db: no restore drill between 2026-10-01T00:00:00Z and 2026-12-31T23:59:59Z"});
  // A failover drill covers search-db for the controls that take one.
  const auto& a13 = section(r, "A1.3");
  CHECK(std::find(a13.gaps.begin(), a13.gaps.end(),
                  "search-db: no restore or failover drill between 2026-10-01T00:00:00Z and "
                  "2026-12-31T23:59:59Z") == a13.gaps.end());
  CHECK(r.evidence[1].outcome ==
        "failed: RTO 35.000 s, RPO 0.500 s, rpo breached (rpo not "
        "measured)");
}

TEST_CASE("history::build_controls: an empty period is a gap of every control", "[history]") {
  const auto r = build_controls({}, {}, kFrom, kTo, "h.sqlite");
  CHECK(r.covered == 0);
  for (const auto& s : r.controls) {
    CHECK(s.gaps == std::vector<std::string>{
                        "no evidence between 2026-10-01T00:00:00Z and 2026-12-31T23:59:59Z"});
  }
  CHECK(r.gaps.size() == 1);
  const std::string md = controls_markdown(r);
  CHECK(md.rfind("# Recovery testing controls: 2026-10-01T00:00:00Z to 2026-12-31T23:59:59Z\n\n"
                 "Drill history h.sqlite; 0 pieces of evidence in the period; 0 of 9 controls "
                 "covered; 1 gap.\n",
                 0) == 0);
  const std::string html = controls_html(r);
  CHECK(html.find("<h1>Recovery testing controls: 2026-10-01T00:00:00Z to "
                  "2026-12-31T23:59:59Z</h1>") != std::string::npos);
  CHECK(html.find("<td class=\"v-breached\">gap</td>") != std::string::npos);
}

TEST_CASE("history::build_controls: only the period's runs are read in full", "[history]") {
  std::vector<RunRecord> whole = {drill(1, "billing-db", "logical", "passed", "2026-07-01"),
                                  drill(3, "orders-db", "pitr", "failed", "2026-11-20")};
  std::vector<RunRecord> own = whole;  // as Store::runs() gives them: no objectives, findings
  for (auto& r : own) {
    r.objectives.clear();
    r.findings.clear();
  }
  std::vector<long long> read;
  const auto r = build_controls(own, {}, kFrom, kTo, "h.sqlite", [&](const RunRecord& run) {
    read.push_back(run.id);
    return whole[run.id == 1 ? 0 : 1];
  });
  CHECK(read == std::vector<long long>{3});
  REQUIRE(r.evidence.size() == 1);
  CHECK(r.evidence[0].outcome ==
        "failed: RTO 35.000 s, RPO 0.500 s, rpo breached (rpo not measured)");
}
