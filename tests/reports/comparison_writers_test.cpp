// The comparison of designs as text, JSON and HTML (reports/comparison_writers.hpp): every value
// worded once by build_compare_report(), the HTML self-contained.
#include "reports/comparison_writers.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

using namespace drsim;

namespace {

// Two designs: "dear" meets every objective, "cheap" breaches one; dear ranks first.
engine::Comparison two_designs() {
  engine::Comparison c;
  c.currency = "EUR";
  engine::DesignEvaluation cheap;
  cheap.name = "cheap";
  cheap.source = "cheap.yaml";
  cheap.met = 3;
  cheap.breached = 1;
  cheap.running_annual = 1800;
  cheap.expected_loss_annual = 17216.67;
  cheap.availability = engine::outage_availability({{0.1, 10290, 82800.0}});
  engine::DesignScenario s;
  s.scenario = "region:us-east-1";
  s.down = true;
  s.rto_s = 10290;
  s.rpo_s = 82800;
  s.met = 3;
  s.breached = 1;
  s.cost.annual_frequency = 0.1;
  s.cost.frequency_assumed = false;
  s.cost.downtime = 57166.67;
  s.cost.data_loss = 115000;
  cheap.scenarios.push_back(s);
  engine::DesignEvaluation dear = cheap;
  dear.name = "dear <&>";
  dear.breached = 0;
  dear.met = 4;
  dear.running_annual = 36600;
  dear.expected_loss_annual = 0.14;
  dear.availability = engine::outage_availability({});
  dear.scenarios[0].breached = 0;
  dear.scenarios[0].down = false;
  dear.scenarios[0].rpo_s = 1;
  c.designs = {cheap, dear};
  c.ranking = {1, 0};
  return c;
}

}  // namespace

TEST_CASE("reports::compare: the table words every figure and the conclusion", "[reports]") {
  const auto report = reports::build_compare_report(two_designs());
  std::ostringstream out;
  reports::write_compare_text(report, out);
  CHECK(out.str() ==
        "DR design comparison: cheap, dear <&>\n"
        "1 scenario, costs in EUR\n\n"
        "SCENARIO          DESIGN    RTO              RPO   VERDICT   FREQUENCY       OUTAGE COST\n"
        "region:us-east-1  cheap     2 h 51 min 30 s  23 h  BREACHED  1 per 10 years  172,167 EUR\n"
        "region:us-east-1  dear <&>  -                1 s   met       1 per 10 years  172,167 EUR\n"
        "\n"
        "RANK  DESIGN    OBJECTIVES         AVAILABILITY  DOWNTIME/YEAR  DATA LOSS/YEAR  "
        "RUNNING/YEAR  EXPECTED LOSS/YEAR  TOTAL/YEAR\n"
        "1     dear <&>  4 met, 0 breached  100.00000 %   0 s            0 s             "
        "36,600 EUR    0 EUR               36,600 EUR\n"
        "2     cheap     3 met, 1 breached  99.99674 %    17 min 9 s     2 h 18 min      "
        "1,800 EUR     17,217 EUR          19,017 EUR\n"
        "\n"
        "cheapest design that meets every objective: dear <&> (36,600 EUR a year: 36,600 EUR "
        "running + 0 EUR expected loss)\n");
}

TEST_CASE("reports::compare: JSON names the choice, designs in the order given", "[reports]") {
  const auto c = two_designs();
  const auto json = reports::compare_to_json(c, reports::build_compare_report(c),
                                             {"0.1.0", "2026-11-22T03:00:00Z", 1});
  CHECK(json["schema"] == "drsim.compare/1");
  CHECK(json["choice"] == "dear <&>");
  CHECK(json["closest"].is_null());
  CHECK(json["designs"][0]["name"] == "cheap");
  CHECK(json["designs"][0]["rank"] == 2);
  CHECK(json["designs"][0]["availability"] == 0.999967394);
  CHECK(json["designs"][0]["downtime_s_per_year"].dump() == "1028.966");
  CHECK(json["designs"][0]["total_annual"] == 19016.67);
  CHECK(json["designs"][0]["scenarios"][0]["outage_cost"] == 172166.67);
  CHECK(json["designs"][1]["markov_states"] == 1);
}

TEST_CASE("reports::compare: the HTML page is self-contained and escapes names", "[reports]") {
  auto c = two_designs();
  c.designs[1].breached = 2;  // now none meets: no row is the choice
  c.ranking = {0, 1};
  std::ostringstream out;
  reports::write_compare_html(reports::build_compare_report(c), {"0.1.0", "", 1}, out);
  const std::string html = out.str();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("dear &lt;&amp;&gt;") != std::string::npos);
  CHECK(html.find("dear <&>") == std::string::npos);
  CHECK(html.find("class=\"choice\"") == std::string::npos);
  CHECK(html.find("✗ none meets every objective: the closest is cheap (1 objective breached, "
                  "19,017 EUR a year)") != std::string::npos);
  CHECK(html.find("run not recorded") != std::string::npos);
}
