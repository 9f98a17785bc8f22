#include "reports/report_model.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "reports/result_json.hpp"
#include "tests/reports/priced_design.hpp"

using drsim::ObjectiveKind;
using drsim::RunResult;
using drsim::StepKind;
using drsim::Verdict;
using drsim::reports::build_report;
using drsim::reports::load_result;
using drsim::reports::ReportModel;

namespace {

const std::string kData = std::string(DRSIM_SOURCE_DIR) + "/tests/data/results/";

RunResult shop() { return load_result(kData + "shop-simulation.json"); }
RunResult drill() { return load_result(kData + "orders-db-drill.json"); }
// seed-001-managed: a region lost at its worst phase, at 01:00, and a zone lost (no data at risk).
RunResult phases() { return load_result(kData + "managed-phases.json"); }

}  // namespace

TEST_CASE("reports::build_report: counts every objective by verdict", "[reports]") {
  ReportModel r = build_report(shop());
  CHECK(r.title == "DR report: shop (simulation)");
  CHECK(r.totals.objectives == 30);
  CHECK(r.totals.met == 17);
  CHECK(r.totals.breached == 2);
  CHECK(r.totals.missing_policy == 3);
  CHECK(r.totals.not_applicable == 8);
  CHECK(r.any_breached);
}

TEST_CASE("reports::build_report: words breached objectives with achieved and target",
          "[reports]") {
  ReportModel r = build_report(shop());
  const auto& region = r.scenarios.at(0);
  REQUIRE(region.services.size() == 5);
  const auto& db = region.objectives.at(*region.services[2].rpo_objective);
  CHECK(db.service == "orders-db");
  CHECK(db.achieved == "24 h 10 min");
  CHECK(db.target == "1 h");
  CHECK(db.message == "rpo 24 h 10 min exceeds target 1 h");
  const auto& checkout = region.objectives.at(*region.services[1].rto_objective);
  CHECK(checkout.message == "rto 2 h 6 min 30 s exceeds target 1 h");
  const auto& reporting = region.objectives.at(*region.services[4].rto_objective);
  CHECK(reporting.message ==
        "no rto objective defined for region disruptions (achieved 2 h 35 min 30 s)");
  CHECK(region.t0 == "02:10");
  CHECK(region.horizon == "3 d");
  CHECK(region.down == 5);
}

TEST_CASE("reports::build_report: hides unaffected services that met everything", "[reports]") {
  ReportModel r = build_report(shop());
  const auto& dep = r.scenarios.at(1);
  REQUIRE(dep.services.size() == 1);
  CHECK(dep.services[0].id == "checkout");
  CHECK(dep.services[0].state == "degraded");
  CHECK(dep.hidden_unaffected == 4);
  CHECK(dep.degraded == 1);
  CHECK(dep.unaffected == 4);
}

TEST_CASE("reports::build_report: orders the timeline worst recovery first", "[reports]") {
  ReportModel r = build_report(shop());
  const auto& region = r.scenarios.at(0);
  REQUIRE(region.timeline.size() == 5);
  CHECK(region.timeline[0].service == "reporting");
  CHECK(region.timeline[4].service == "payments-queue");
  // Fitted to what happened: reporting's rebuild ends at 9,330 s; + 5 %, to the next 15 min.
  CHECK(region.timeline_axis.end_s == 9900);
  CHECK_FALSE(region.timeline_axis.beyond_s);
  CHECK(region.timeline[2].bars.size() == 3);
  REQUIRE(region.rto_bars.size() == 5);
  CHECK(region.rto_bars[0].service == "checkout");  // breached first
  CHECK(region.rto_bars[1].verdict == Verdict::kMissingPolicy);
  REQUIRE(region.rpo_bars.size() == 2);
  CHECK(region.rpo_bars[0].label == "orders-db: achieved 24 h 10 min, target 1 h (BREACHED)");
}

TEST_CASE("reports::build_report: caps timelines and bars of big scenarios", "[reports]") {
  drsim::reports::ReportLimits limits;
  limits.timeline_rows = 2;
  limits.bar_rows = 3;
  ReportModel r = build_report(shop(), limits);
  const auto& region = r.scenarios.at(0);
  CHECK(region.timeline.size() == 2);
  CHECK(region.timeline_omitted == 3);
  CHECK(region.rto_bars.size() == 3);
  CHECK(region.bars_omitted == 2);
  CHECK(region.services.size() == 5);  // the tables keep every affected service
}

TEST_CASE("reports::build_report: big tables keep charted services and the worst verdicts",
          "[reports]") {
  drsim::reports::ReportLimits limits;
  limits.timeline_rows = 1;
  limits.bar_rows = 1;
  limits.table_rows = 1;
  ReportModel r = build_report(shop(), limits);
  const auto& region = r.scenarios.at(0);
  // Charted: reporting (longest RTO) and checkout (breached RTO, first RTO bar), orders-db
  // (breached RPO, first RPO bar): three rows kept in result order, two cut.
  REQUIRE(region.services.size() == 3);
  CHECK(region.services[0].id == "checkout");
  CHECK(region.services[1].id == "orders-db");
  CHECK(region.services[2].id == "reporting");
  CHECK(region.services_omitted == 2);
}

TEST_CASE("reports::build_report: a sweep shares chart rows, giving small scenarios all they need",
          "[reports]") {
  drsim::reports::ReportLimits limits;
  limits.chart_rows_total = 9;  // region needs 5, dependency 1, az 2: the region gets the rest
  ReportModel r = build_report(shop(), limits);
  CHECK(r.scenarios.at(0).timeline.size() == 5);
  limits.chart_rows_total = 7;
  r = build_report(shop(), limits);
  CHECK(r.scenarios.at(1).timeline.size() == 1);
  CHECK(r.scenarios.at(2).timeline.size() == 2);
  CHECK(r.scenarios.at(0).timeline.size() == 5);  // never fewer than 5 rows
}

TEST_CASE("reports::build_report: the budget goes to the scenarios in order, then the minimum",
          "[reports]") {
  // A section is decided when its scenario arrives (a streamed report): region takes the 5 rows it
  // needs, dependency the last one, and az, which needs 2, gets the minimum of 1.
  drsim::reports::ReportLimits limits;
  limits.chart_rows_total = 6;
  limits.chart_rows_min = 1;
  ReportModel r = build_report(shop(), limits);
  CHECK(r.scenarios.at(0).timeline.size() == 5);
  CHECK(r.scenarios.at(1).timeline.size() == 1);
  CHECK(r.scenarios.at(2).timeline.size() == 1);
  CHECK(r.scenarios.at(2).timeline_omitted == 1);
}

TEST_CASE("reports::build_report: compliance rows give the worst outcome and its evidence",
          "[reports]") {
  ReportModel r = build_report(shop());
  // Per class (region, dependency, az): web rto, checkout rto (and rpo where it applies),
  // orders-db x2, queue x2, reporting rto; all-n/a rows dropped.
  REQUIRE(r.compliance.size() == 22);
  const auto& db_rpo = r.compliance[3];
  CHECK(db_rpo.cls == "region");
  CHECK(db_rpo.service == "orders-db");
  CHECK(db_rpo.kind == ObjectiveKind::kRpo);
  CHECK(db_rpo.scenarios == 1);
  CHECK(db_rpo.breached == 1);
  CHECK(db_rpo.verdict == Verdict::kBreached);
  CHECK(db_rpo.worst_scenario == "region:eu-west-1");
  CHECK(db_rpo.section == 0);
  CHECK(db_rpo.achieved == "24 h 10 min");
  const auto& queue_rto = r.compliance[4];
  CHECK(queue_rto.service == "payments-queue");
  CHECK(queue_rto.verdict == Verdict::kMet);
  CHECK(queue_rto.achieved == "2 min 30 s");
  CHECK(queue_rto.target == "15 min");
}

TEST_CASE("reports::build_report: each disruption class shows the target that applies to it",
          "[reports]") {
  ReportModel r = build_report(shop());
  // web must be back within 4 h after a region loss, 1 h after a dependency loss and 15 min
  // after a zone loss: three rows, never one target for all three.
  std::vector<std::string> web;
  for (const auto& c : r.compliance) {
    if (c.service == "web") web.push_back(c.cls + " " + c.target + " " + c.achieved);
  }
  CHECK(web == std::vector<std::string>{"region 4 h 2 h 6 min 30 s", "dependency 1 h 0 s",
                                        "az 15 min 0 s"});
  // Rows are grouped by class, in the order the classes first appear.
  REQUIRE(r.classes.size() == 3);
  const auto& region = r.classes[0];
  CHECK(region.cls == "region");
  CHECK(region.scenarios == std::vector<std::size_t>{0});
  CHECK(region.compliance_begin == 0);
  CHECK(region.compliance_end == 7);
  CHECK(region.met == 4);
  CHECK(region.breached == 2);
  CHECK(region.missing == 1);
  CHECK(region.verdict == Verdict::kBreached);
  CHECK(r.classes[1].cls == "dependency");
  CHECK(r.classes[1].compliance_begin == 7);
  CHECK(r.classes[1].compliance_end == 15);
  CHECK(r.classes[1].verdict == Verdict::kMissingPolicy);
  CHECK(r.classes[2].cls == "az");
  CHECK(r.classes[2].compliance_end == 22);
  for (const auto& c : r.classes) {
    for (auto i = c.compliance_begin; i < c.compliance_end; ++i)
      CHECK(r.compliance[i].cls == c.cls);
  }
  // A drill is its own class.
  ReportModel both = build_report(std::vector<RunResult>{shop(), drill()});
  REQUIRE(both.classes.size() == 4);
  CHECK(both.classes[3].cls == "drill");
  CHECK(both.classes[3].scenarios == std::vector<std::size_t>{3});
  CHECK(both.compliance[both.classes[3].compliance_begin].service == "orders-db");
}

TEST_CASE("reports::build_report: a service not recovered breaks the timeline axis, not stretch it",
          "[reports]") {
  RunResult result = shop();
  auto& reporting = result.scenarios.at(0).services.at(4);
  REQUIRE(reporting.id == "reporting");
  reporting.recovered = false;
  reporting.rto_s.reset();
  reporting.path.back().end_s = result.scenarios[0].horizon_s;  // its rebuild never finishes
  ReportModel r = build_report(result);
  const auto& axis = r.scenarios.at(0).timeline_axis;
  // The rest recovered by 7,590 s; the rebuild started at 7,530 s: 7,590 s + 5 %, to 15 min.
  CHECK(axis.end_s == 8100);
  REQUIRE(axis.beyond_s);
  CHECK(*axis.beyond_s == 259200);
  CHECK(axis.beyond_label == "3 d (horizon)");
  REQUIRE(axis.ticks.size() == 5);
  CHECK(axis.ticks.back().label == "2 h");
  // Bars are fitted to the largest achieved value or target drawn: orders-db's 24 h 10 min RPO.
  CHECK(r.scenarios.at(0).rpo_axis.end_s == 97200);
  CHECK(r.scenarios.at(0).rpo_axis.ticks.back().label == "24 h");
}

TEST_CASE("reports::build_report: sets a drill's measured values next to the predicted ones",
          "[reports]") {
  ReportModel r = build_report(std::vector<RunResult>{shop(), drill()});
  CHECK(r.title == "DR report: shop, orders-db-pitr (simulation and drill)");
  REQUIRE(r.comparison.size() == 2);
  CHECK(r.comparison[0].service == "orders-db");
  CHECK(r.comparison[0].kind == ObjectiveKind::kRto);
  CHECK(r.comparison[0].predicted == "2 h 5 min 30 s (shop / region:eu-west-1)");
  CHECK(r.comparison[0].measured == "1.4 s (orders-db-pitr)");
  CHECK(r.comparison[1].predicted == "24 h 10 min (shop / region:eu-west-1)");
  CHECK(r.comparison[1].measured_verdict == Verdict::kMet);
  CHECK(r.grid.scenarios.size() == 4);
}

TEST_CASE("reports::build_report: the grid holds the worst verdict per scenario and service",
          "[reports]") {
  ReportModel r = build_report(shop());
  REQUIRE(r.grid.scenarios.size() == 3);
  REQUIRE(r.grid.services.size() == 5);
  CHECK(r.grid.cells[0][1] == Verdict::kBreached);       // region x checkout
  CHECK(r.grid.cells[0][4] == Verdict::kMissingPolicy);  // region x reporting
  CHECK(r.grid.cells[2][2] == Verdict::kMet);            // az x orders-db
  drsim::reports::ReportLimits limits;
  limits.grid_columns = 2;
  ReportModel small = build_report(shop(), limits);
  REQUIRE(small.grid.services.size() == 2);
  CHECK(small.grid.services[0] == "checkout");
  CHECK(small.grid.services[1] == "orders-db");
  CHECK(small.grid.services_omitted == 3);
}

TEST_CASE("reports::build_report: a single scenario has no grid", "[reports]") {
  CHECK(build_report(drill()).grid.scenarios.empty());
}

TEST_CASE("reports::build_report: says which phase each scenario ran at and why", "[reports]") {
  ReportModel r = build_report(phases());
  REQUIRE(r.scenarios.size() == 3);
  const auto& worst = r.scenarios[0];
  CHECK(worst.phase ==
        "worst phase for documents (RPO up to 26 h: yesterday's 03:00 copy daily-copy in "
        "snapshots-apse1); --at sets another");
  CHECK(worst.worst_rpo_known);
  CHECK(worst.t0 == "day 2, 04:59:59");  // 1 ms before the copy lands: cut, not rounded up
  CHECK(r.scenarios[1].phase == "as given");
  CHECK(r.scenarios[1].t0 == "day 1, 01:00");
  CHECK(r.scenarios[2].phase == "no data lost at any phase: the default start");
}

TEST_CASE("reports::build_report: gives every service at risk its worst RPO over every fault time",
          "[reports]") {
  ReportModel r = build_report(phases());
  const auto& given = r.scenarios.at(1);
  REQUIRE(given.services.size() == 5);
  CHECK(given.services[0].id == "web");
  CHECK(given.services[0].rpo_worst == "-");  // holds no data: none at risk
  CHECK(given.services[3].id == "main-db");
  CHECK(given.services[3].rpo == "23 h");
  CHECK(given.services[3].rpo_worst == "24 h 50 min");  // = analyze, whatever the phase
  CHECK(given.services[4].id == "documents");
  CHECK(given.services[4].rpo == "22 h");
  CHECK(given.services[4].rpo_worst == "26 h");
  const auto& rpo = given.objectives.at(*given.services[4].rpo_objective);
  CHECK(rpo.worst ==
        "worst rpo over every fault time: 26 h (yesterday's 03:00 copy daily-copy in "
        "snapshots-apse1)");
  CHECK(given.objectives.at(*given.services[4].rto_objective).worst.empty());
  CHECK(given.objectives.at(*given.services[0].rpo_objective).worst.empty());
}

TEST_CASE("reports::build_report: a worst case without a recovery point says why", "[reports]") {
  RunResult result = phases();
  auto& documents = result.scenarios.at(0).services.at(4);
  REQUIRE(documents.id == "documents");
  documents.rpo_worst =
      drsim::WorstRpo{std::nullopt, 0, "no recovery point: every replica and backup copy was lost"};
  ReportModel r = build_report(result);
  const auto& row = r.scenarios.at(0).services.at(4);
  CHECK(row.rpo_worst == "no recovery point");
  CHECK(r.scenarios.at(0).objectives.at(*row.rpo_objective).worst ==
        "worst rpo over every fault time: no recovery point: every replica and backup copy was "
        "lost");
  CHECK(drsim::reports::worst_rpo_text(std::nullopt) == "-");
  CHECK(drsim::reports::worst_rpo_text(drsim::WorstRpo{5400, 0, ""}) == "1 h 30 min");
}

TEST_CASE("reports::build_report: results that do not say their phase have no worst RPO",
          "[reports]") {
  for (const auto& result : {shop(), drill()}) {
    ReportModel r = build_report(result);
    for (const auto& s : r.scenarios) {
      CHECK(s.phase.empty());
      CHECK_FALSE(s.worst_rpo_known);
      for (const auto& row : s.services) CHECK(row.rpo_worst.empty());
    }
    for (const auto& sec : r.scenarios) {
      for (const auto& o : sec.objectives) CHECK(o.worst.empty());
    }
  }
}

TEST_CASE("reports::build_report: rows of several designs name their design and their cost",
          "[reports]") {
  RunResult a = shop();
  RunResult b = drsim::test::priced_design(shop(), "shop-multi-site", 0.1, true, 1234567.4);
  ReportModel one = build_report(a);
  CHECK_FALSE(one.several_runs);
  CHECK_FALSE(one.costs);
  CHECK(one.runs[0].label == "shop");
  CHECK(one.scenarios[0].name == "region:eu-west-1");  // one result: ids as they are
  ReportModel both = build_report(std::vector<RunResult>{a, b});
  CHECK(both.several_runs);
  CHECK(both.costs);
  const auto& row = both.scenarios[a.scenarios.size()];
  CHECK(row.run_label == "shop-multi-site");
  CHECK(row.frequency == "1 per 10 years (assumed)");
  CHECK(row.outage_cost == "1,234,567 EUR");
  CHECK(both.scenarios[0].run_label == a.model);
  CHECK(both.scenarios[0].outage_cost.empty());
  CHECK(drsim::reports::money_text(999.5, "USD") == "1,000 USD");
  CHECK(drsim::reports::money_text(0, "EUR") == "0 EUR");
}

TEST_CASE("reports::build_report: results that share scenario ids name their run in every row",
          "[reports]") {
  // The same model simulated twice (two seeds, two dates) and a drill: issue 15 item 7.
  RunResult first = shop();
  RunResult second = shop();
  second.seed = 7;
  ReportModel r = build_report(std::vector<RunResult>{first, second, drill()});
  REQUIRE(r.runs.size() == 3);
  CHECK(r.several_runs);
  CHECK(r.runs[0].label == "shop #1");
  CHECK(r.runs[1].label == "shop #2");
  CHECK(r.runs[2].label == "orders-db-pitr");
  REQUIRE(r.scenarios.size() == 7);
  CHECK(r.scenarios[0].name == "shop #1 / region:eu-west-1");
  CHECK(r.scenarios[3].name == "shop #2 / region:eu-west-1");
  CHECK(r.scenarios[3].run_label == "shop #2");
  CHECK(r.scenarios[3].id == "region:eu-west-1");
  // A drill's scenario is named after the drill: its label would only repeat it.
  CHECK(r.scenarios[6].name == "orders-db-pitr");
  for (const auto& sec : r.scenarios) {
    for (const auto& o : sec.objectives) CHECK(o.scenario == sec.name);
  }
  // Every compliance row, the grid and predicted-vs-measured name the run that produced them.
  // 22 per shop run (a row per class), 2 for the drill; grouped by class, region first.
  REQUIRE(r.compliance.size() == 46);
  CHECK(r.compliance[1].worst_scenario == "shop #1 / region:eu-west-1");
  CHECK(r.compliance[9].worst_scenario == "shop #2 / region:eu-west-1");
  CHECK(r.grid.scenarios.at(3) == "shop #2 / region:eu-west-1");
  REQUIRE(r.comparison.size() == 2);
  CHECK(r.comparison[0].predicted == "2 h 5 min 30 s (shop #1 / region:eu-west-1)");
  CHECK(r.comparison[0].measured == "1.4 s (orders-db-pitr)");
}

TEST_CASE("reports::judge_drill_failures: a failed drill breaches whatever its objectives",
          "[reports]") {
  RunResult failed = load_result(kData + "failed-drill-no-objectives.json");
  // As older results recorded it: no objective at all breached.
  CHECK_FALSE(drsim::any_breached(failed));
  ReportModel r = build_report(failed);
  CHECK(r.any_breached);
  CHECK(r.totals.breached == 1);
  CHECK(r.totals.missing_policy == 1);
  const auto& rpo = r.scenarios.at(0).objectives.at(1);
  CHECK(rpo.kind == ObjectiveKind::kRpo);
  CHECK(rpo.verdict == Verdict::kBreached);
  CHECK(rpo.achieved == "no recovery point");
  // The reason comes with the verdict (JUnit's failure message shows only this line).
  CHECK(rpo.message ==
        "rpo: no usable recovery point (target none): verification failed: app/public.items: "
        "10000 rows restored, 9900 on the source");
  CHECK(r.scenarios.at(0).objectives.at(0).verdict ==
        Verdict::kMissingPolicy);  // it did become writable

  // A drill that never became writable breaches its RTO too; one with no RPO objective gets one.
  RunResult never = failed;
  auto& t = never.scenarios[0].services[0];
  t.recovered = false;
  t.rto_s.reset();
  t.objectives = {drsim::judge(ObjectiveKind::kRto, std::nullopt, std::nullopt, true)};
  drsim::reports::judge_drill_failures(never);
  REQUIRE(t.objectives.size() == 2);
  CHECK(t.objectives[0].verdict == Verdict::kBreached);
  CHECK(t.objectives[1].kind == ObjectiveKind::kRpo);
  CHECK(t.objectives[1].verdict == Verdict::kBreached);
  RunResult twice = never;
  drsim::reports::judge_drill_failures(twice);
  CHECK(twice.scenarios[0].services[0].objectives.size() == 2);

  // A drill that passed and simulations are left as they are.
  RunResult passed = drill();
  drsim::reports::judge_drill_failures(passed);
  CHECK(passed.scenarios[0].services[0].objectives[1].verdict == Verdict::kMet);
  RunResult sim = shop();
  sim.scenarios[0].impact = drsim::Impact::kCatastrophic;
  drsim::reports::judge_drill_failures(sim);
  CHECK(build_report(sim).totals.breached == 2);
}

TEST_CASE("reports::build_report: the title names each model once, however the names overlap",
          "[reports]") {
  RunResult multi = shop();
  multi.model = "shop-multi-site";
  // "shop" is part of "shop-multi-site" but another model: both are named.
  CHECK(build_report(std::vector<RunResult>{multi, shop(), shop()}).title ==
        "DR report: shop-multi-site, shop (simulation)");
}

TEST_CASE("reports::build_report: a compact run has the totals and counts of the full run",
          "[reports]") {
  const RunResult full = shop();
  RunResult compact = full;
  for (auto& s : compact.scenarios) drsim::compact(s);
  const ReportModel a = build_report({full});
  const ReportModel b = build_report({compact});
  CHECK(b.totals.objectives == a.totals.objectives);
  CHECK(b.totals.met == a.totals.met);
  CHECK(b.totals.breached == a.totals.breached);
  CHECK(b.totals.not_applicable == a.totals.not_applicable);
  CHECK(b.totals.missing_policy == a.totals.missing_policy);
  CHECK(b.listed.objectives < a.listed.objectives);  // the unlisted services have no rows
  CHECK(a.listed.objectives == a.totals.objectives);
  REQUIRE(b.scenarios.size() == a.scenarios.size());
  std::size_t compacted = 0;
  for (std::size_t i = 0; i < a.scenarios.size(); ++i) {
    INFO(a.scenarios[i].id);
    CHECK(b.scenarios[i].down == a.scenarios[i].down);
    CHECK(b.scenarios[i].degraded == a.scenarios[i].degraded);
    CHECK(b.scenarios[i].unaffected == a.scenarios[i].unaffected);
    CHECK(b.scenarios[i].hidden_unaffected == a.scenarios[i].hidden_unaffected);
    CHECK(b.scenarios[i].services.size() == a.scenarios[i].services.size());
    CHECK(a.scenarios[i].compacted == 0);
    compacted += b.scenarios[i].compacted;
  }
  CHECK(compacted > 0);
}
