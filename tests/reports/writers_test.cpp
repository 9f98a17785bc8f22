#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/html_page.hpp"
#include "reports/html_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "reports/result_json.hpp"
#include "reports/write_reports.hpp"
#include "tests/reports/priced_design.hpp"

using drsim::RunResult;
using drsim::reports::build_report;
using drsim::reports::load_result;
using drsim::reports::ReportModel;

namespace {

const std::string kData = std::string(DRSIM_SOURCE_DIR) + "/tests/data/results/";
const std::string kGolden = std::string(DRSIM_SOURCE_DIR) + "/tests/reports/golden/";

ReportModel shop() { return build_report(load_result(kData + "shop-simulation.json")); }
// A simulation that says its phases (tests/reports/managed-phases.yaml): worst, given, none at
// risk.
ReportModel phases() { return build_report(load_result(kData + "managed-phases.json")); }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compares with a golden file; DRSIM_UPDATE_GOLDEN=1 rewrites it (then review the diff).
void check_golden(const std::string& actual, const std::string& name) {
  if (std::getenv("DRSIM_UPDATE_GOLDEN")) {
    std::ofstream(kGolden + name, std::ios::binary) << actual;
  }
  std::string expected = read(kGolden + name);
  REQUIRE_FALSE(expected.empty());
  CHECK(actual == expected);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// The text of the first element that starts with `open`, up to `close`.
std::string element(const std::string& text, const std::string& open, const std::string& close,
                    std::size_t from = 0) {
  auto begin = text.find(open, from);
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find(close, begin) - begin);
}

}  // namespace

TEST_CASE("reports::write_markdown: matches the golden report of the shop simulation",
          "[reports]") {
  std::ostringstream out;
  drsim::reports::write_markdown(shop(), out);
  check_golden(out.str(), "shop.md");
}

TEST_CASE("reports::write_markdown: sets a drill beside the simulation (golden)", "[reports]") {
  std::ostringstream out;
  drsim::reports::write_markdown(
      build_report(std::vector<RunResult>{load_result(kData + "shop-simulation.json"),
                                          load_result(kData + "orders-db-drill.json")}),
      out);
  check_golden(out.str(), "shop-with-drill.md");
}

TEST_CASE("reports::write_junit: matches the golden JUnit XML of the shop simulation",
          "[reports]") {
  std::ostringstream out;
  drsim::reports::write_junit(shop(), out);
  check_golden(out.str(), "shop.junit.xml");
}

TEST_CASE("reports::write_markdown: a phase line and a Worst RPO column (golden)", "[reports]") {
  std::ostringstream out;
  drsim::reports::write_markdown(phases(), out);
  check_golden(out.str(), "managed-phases.md");
  const std::string md = out.str();
  CHECK(md.find("Fault at day 2, 04:59:59, horizon 3 d; 5 down, 0 degraded, 3 unaffected.\n\n"
                "Phase: worst phase for documents (RPO up to 26 h: yesterday's 03:00 copy "
                "daily-copy in snapshots-apse1); --at sets another.\n\n"
                "Outage: 12 h (default for region).\n") != std::string::npos);
  CHECK(md.find("| documents | down | RPO | 24 h | 26 h | **✗ BREACHED** | 26 h |\n") !=
        std::string::npos);
  CHECK(md.find("| main-db | down | RPO | 24 h | 23 h | ✓ met | 24 h 50 min |\n") !=
        std::string::npos);
  CHECK(count(md, "| Worst RPO |") == 3);
  // A result that does not say its phase keeps the old layout.
  std::ostringstream old;
  drsim::reports::write_markdown(shop(), old);
  CHECK(old.str().find("Phase:") == std::string::npos);
  CHECK(old.str().find("Worst RPO") == std::string::npos);
}

TEST_CASE(
    "reports::write_junit: the phase as a suite property, the worst RPO in system-out (golden)",
    "[reports]") {
  std::ostringstream out;
  drsim::reports::write_junit(phases(), out);
  check_golden(out.str(), "managed-phases.junit.xml");
  const std::string xml = out.str();
  CHECK(count(xml, "<property name=\"phase\" ") == 3);
  CHECK(xml.find("<property name=\"phase\" value=\"as given\"/>") != std::string::npos);
  // Breached: the worst case follows the failure, as the JUnit schema orders them.
  CHECK(xml.find("<testcase classname=\"region-loss-worst-phase\" name=\"documents rpo\">\n"
                 "      <failure message=\"rpo 26 h exceeds target 24 h\" type=\"breached\">") !=
        std::string::npos);
  CHECK(xml.find("</failure>\n      <system-out>worst rpo over every fault time: 26 h "
                 "(yesterday&#39;s 03:00 copy daily-copy in snapshots-apse1)</system-out>\n"
                 "    </testcase>") != std::string::npos);
  CHECK(xml.find("<system-out>rpo 23 h within target 24 h\nworst rpo over every fault time: "
                 "24 h 50 min (yesterday&#39;s 02:00 snapshot daily-snapshot in "
                 "snapshots-apse1)</system-out>") != std::string::npos);
}

TEST_CASE("reports::write_junit: states target and achieved in failure messages", "[reports]") {
  std::ostringstream out;
  drsim::reports::write_junit(shop(), out);
  std::string xml = out.str();
  CHECK(count(xml, "<testcase ") == 30);
  CHECK(count(xml, "<failure ") == 2);
  CHECK(count(xml, "<skipped ") == 11);
  CHECK(xml.find("<testsuites name=\"DR report: shop (simulation)\" tests=\"30\" failures=\"2\" "
                 "errors=\"0\" skipped=\"11\">") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"region:eu-west-1\" name=\"orders-db rpo\">\n"
                 "      <failure message=\"rpo 24 h 10 min exceeds target 1 h\" "
                 "type=\"breached\">") != std::string::npos);
}

TEST_CASE("reports::write_junit: escapes XML special characters from result strings", "[reports]") {
  RunResult r = load_result(kData + "orders-db-drill.json");
  r.scenarios[0].id = "a<b>&\"c'";
  r.scenarios[0].services[0].id = "db\x01";
  std::ostringstream out;
  drsim::reports::write_junit(build_report(r), out);
  CHECK(out.str().find("classname=\"a&lt;b&gt;&amp;&quot;c&#39;\" name=\"db  rto\"") !=
        std::string::npos);
}

TEST_CASE("reports::write_html: draws the expected bars, rows and cells for the shop result",
          "[reports]") {
  std::ostringstream out;
  drsim::reports::write_html(shop(), out);
  std::string html = out.str();
  // Timelines: region 3+3+6+2+2 steps, dependency 2 (checkout), az 2+2.
  CHECK(count(html, "<svg class=\"timeline\"") == 3);
  CHECK(count(html, "<rect class=\"bar st-") == 22);
  std::string region_timeline = element(html, "<svg class=\"timeline\"", "</svg>");
  CHECK(count(region_timeline, "<g class=\"row\">") == 5);
  CHECK(count(region_timeline, "<line class=\"rto\"") == 5);
  // Bars: RTO region 5, dependency 1, az 2; RPO region 2, dependency 1, az 1.
  CHECK(count(html, "<svg class=\"bars bars-rto\"") == 3);
  CHECK(count(html, "<svg class=\"bars bars-rpo\"") == 3);
  std::string region_rto = element(html, "<svg class=\"bars bars-rto\"", "</svg>");
  CHECK(count(region_rto, "<rect class=\"bar ") == 5);
  CHECK(count(region_rto, "<rect class=\"bar v-breached\"") == 1);
  CHECK(count(region_rto, "<line class=\"target\"") == 4);  // reporting has no target
  CHECK(count(html, "<rect class=\"bar v-") == 12);
  // Grid: 3 scenarios x 5 services, 2 breached and 3 missing-policy cells marked by symbol.
  CHECK(count(html, "<use href=\"#c-") == 15);
  CHECK(count(html, "<use href=\"#c-breached\"") == 2);
  CHECK(count(html, "<use href=\"#c-missing\"") == 3);
  CHECK(count(html, "<use href=\"#c-met\"") == 10);
}

TEST_CASE("reports::write_html: is self-contained and shows every number as text", "[reports]") {
  std::ostringstream out;
  drsim::reports::write_html(shop(), out);
  std::string html = out.str();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(
      html.find("<tr><td><bdi>orders-db</bdi></td><td>down</td><td class=\"num\">4 h</td><td "
                "class=\"num\">2 h 5 min 30 s</td><td class=\"verdict v-met\">✓ met</td><td "
                "class=\"num\">1 h</td><td class=\"num\">24 h 10 min</td><td class=\"verdict "
                "v-breached\">✗ BREACHED</td><td><bdi>rpo 24 h 10 min exceeds target 1 h</bdi></td>"
                "</tr>") != std::string::npos);
  CHECK(html.find("<section id=\"compliance\">") != std::string::npos);
}

TEST_CASE("reports::write_html: shows the phase in the header and the worst RPO in the table",
          "[reports]") {
  std::ostringstream out;
  drsim::reports::write_html(phases(), out);
  std::string html = out.str();
  CHECK(html.find("<p><strong>Phase:</strong> <bdi>worst phase for documents (RPO up to 26 h: "
                  "yesterday&#39;s 03:00 copy daily-copy in snapshots-apse1); --at sets "
                  "another</bdi><br><strong>Recovery process:</strong>") != std::string::npos);
  CHECK(html.find("<p><strong>Phase:</strong> <bdi>as given</bdi><br>") != std::string::npos);
  CHECK(count(html, "<th colspan=\"4\">RPO</th>") == 3);
  CHECK(count(html, "<th>Worst (any phase)</th>") == 3);
  CHECK(html.find("<tr><td><bdi>documents</bdi></td><td>down</td><td class=\"num\">24 h</td><td "
                  "class=\"num\">1 h 23 min 42 s</td><td class=\"verdict v-met\">✓ met</td><td "
                  "class=\"num\">24 h</td><td class=\"num\">22 h</td><td class=\"verdict "
                  "v-met\">✓ met</td><td class=\"num\">26 h</td><td></td></tr>") !=
        std::string::npos);
  std::ostringstream old;
  drsim::reports::write_html(shop(), old);
  CHECK(old.str().find("Phase:") == std::string::npos);
  CHECK(old.str().find("Worst (any phase)") == std::string::npos);
  CHECK(count(old.str(), "<th colspan=\"3\">RPO</th>") == 3);
}

TEST_CASE("reports::write_html: answers first: compliance per class and breaches, then the detail",
          "[reports]") {
  std::ostringstream out;
  drsim::reports::write_html(shop(), out);
  const std::string html = out.str();
  std::vector<std::size_t> order;
  for (const char* part :
       {"<section id=\"summary\">", "<section id=\"breaches\">", "<section id=\"compliance\">",
        "<nav id=\"contents\">", "<section id=\"scenarios\">", "<section id=\"grid\">",
        "<section class=\"scenario\" id=\"s1\">", "<footer>"}) {
    order.push_back(html.find(part));
    CHECK(order.back() != std::string::npos);
  }
  CHECK(std::is_sorted(order.begin(), order.end()));
  CHECK(
      html.find("<tr><td><a href=\"#class-1\"><bdi>region</bdi></a></td><td class=\"num\">1"
                "</td><td class=\"num\">7</td><td class=\"num\">4</td><td class=\"num\">2</td>"
                "<td class=\"num\">1</td><td class=\"verdict v-breached\">✗ BREACHED</td></tr>") !=
      std::string::npos);
  const std::string breaches = element(html, "<section id=\"breaches\">", "</section>");
  CHECK(count(breaches, "<tr><td>") == 2);
  CHECK(breaches.find("<details class=\"group\" open><summary><h3><bdi>region</bdi>: 2 objectives "
                      "breached</h3></summary>") != std::string::npos);
  CHECK(breaches.find("<tr><td><bdi>checkout</bdi></td><td>RTO</td><td class=\"num\">1 h</td>"
                      "<td class=\"num\">2 h 6 min 30 s</td><td class=\"num\">1 of 1</td><td><a "
                      "href=\"#s1\"><bdi>region:eu-west-1</bdi></a></td></tr>") !=
        std::string::npos);
  // web's RTO target is 4 h after a region loss but 15 min after a zone loss: each class says its.
  const std::string compliance = element(html, "<section id=\"compliance\">", "</section>");
  CHECK(compliance.find("<details class=\"group\" id=\"class-3\" open><summary><h3><bdi>az</bdi> "
                        "— 1 scenario · 7 objectives: ✓ 6 met · ✗ 0 breached · ? 1 missing "
                        "policy</h3></summary>") != std::string::npos);
  CHECK(compliance.find("<tr><td><bdi>web</bdi></td><td>RTO</td><td class=\"num\">4 h</td>") !=
        std::string::npos);
  CHECK(compliance.find("<tr><td><bdi>web</bdi></td><td>RTO</td><td class=\"num\">15 min</td><td "
                        "class=\"num\">0 s</td><td class=\"verdict v-met\">✓ met</td><td "
                        "class=\"num\">1 / 0 / 0</td><td><a href=\"#s3\"><bdi>az:eu-west-1a</bdi>"
                        "</a></td></tr>") != std::string::npos);
  // One run: its evidence is said once above the tables, not in four columns of every row.
  CHECK(compliance.find("the run that produced it: run 1, 2026-11-22T03:00:00Z, drsim 0.1.0, seed "
                        "42, model checksum <code>sha256:") != std::string::npos);
  CHECK(compliance.find("<th>Seed</th>") == std::string::npos);
  CHECK(count(compliance, "<tr><td>") == 22);
  // Several runs: a Run column links each row to its run's evidence in the runs table.
  std::ostringstream both;
  drsim::reports::write_html(
      build_report(std::vector<RunResult>{load_result(kData + "shop-simulation.json"),
                                          load_result(kData + "orders-db-drill.json")}),
      both);
  CHECK(both.str().find("<tr id=\"run-2\"><td class=\"num\">2</td>") != std::string::npos);
  CHECK(both.str().find("<td><a href=\"#s4\"><bdi>orders-db-pitr</bdi></a></td><td><a "
                        "href=\"#run-2\"><bdi>orders-db-pitr</bdi></a></td></tr>") !=
        std::string::npos);
}

TEST_CASE("reports::write_html: groups the contents by class, collapsing the long groups",
          "[reports]") {
  RunResult r = load_result(kData + "shop-simulation.json");
  for (int i = 0; i < 12; ++i) {  // 13 zone losses: more than a group shows open
    r.scenarios.push_back(r.scenarios.at(2));
    r.scenarios.back().id = "az:eu-west-1-" + std::to_string(i);
  }
  std::ostringstream out;
  drsim::reports::write_html(build_report(r), out);
  const std::string nav = element(out.str(), "<nav id=\"contents\">", "</nav>");
  CHECK(count(nav, "<details class=\"toc\"") == 3);
  CHECK(nav.find("<details class=\"toc\" open><summary><bdi>region</bdi> (1 scenario)</summary>"
                 "<ul><li><a href=\"#s1\" title=\"region:eu-west-1\"><bdi>region:eu-west-1</bdi>"
                 "</a></li></ul></details>") != std::string::npos);
  CHECK(nav.find("<details class=\"toc\"><summary><bdi>az</bdi> (13 scenarios)</summary>") !=
        std::string::npos);
  CHECK(count(nav, "\" title=\"") == 15);
}

TEST_CASE("reports::write_html: a timeline axis fits what happened and breaks before the horizon",
          "[reports]") {
  RunResult result = load_result(kData + "shop-simulation.json");
  auto& reporting = result.scenarios.at(0).services.at(4);
  reporting.recovered = false;
  reporting.rto_s.reset();
  reporting.path.back().end_s = result.scenarios[0].horizon_s;
  std::ostringstream out;
  drsim::reports::write_html(build_report(result), out);
  const std::string timeline = element(out.str(), "<svg class=\"timeline\"", "</svg>");
  // 0 to 2 h 15 min over 500 px, a 120 px break, then the horizon at x = 790 (its label centred:
  // the room for "✗ not recovered" holds it).
  CHECK(timeline.find("<text x=\"170\" y=\"20\" text-anchor=\"start\">0 s</text>") !=
        std::string::npos);
  CHECK(timeline.find("<text x=\"614.4\" y=\"20\" text-anchor=\"middle\">2 h</text>") !=
        std::string::npos);
  CHECK(timeline.find("<text x=\"790\" y=\"20\" text-anchor=\"middle\">3 d (horizon)</text>") !=
        std::string::npos);
  CHECK(count(timeline, "<rect class=\"brk\"") == 1);
  CHECK(timeline.find("<title>axis break: 2 h 15 min to 3 d (horizon) is not to scale</title>") !=
        std::string::npos);
  // web, up again after 2 h 6 min 30 s, is drawn there, not as a sliver of three days.
  CHECK(timeline.find("<line class=\"rto\" x1=\"638.5\"") != std::string::npos);
  CHECK(timeline.find("<text class=\"lbl\" x=\"796\" y=\"") != std::string::npos);  // ✗ label
  CHECK(out.str().find("<span>// pale band: axis break, 2 h 15 min to 3 d (horizon) not to "
                       "scale</span>") != std::string::npos);
}

TEST_CASE("reports::write_html: bars have a time scale and the target marked on each bar",
          "[reports]") {
  std::ostringstream out;
  drsim::reports::write_html(shop(), out);
  const std::string rto = element(out.str(), "<svg class=\"bars bars-rto\"", "</svg>");
  CHECK(count(rto, "<g class=\"axis\">") == 1);
  CHECK(rto.find("<text class=\"cap\" x=\"164\" y=\"20\" text-anchor=\"end\">RTO</text>") !=
        std::string::npos);
  CHECK(rto.find(">4 h</text>") != std::string::npos);  // a tick
  CHECK(count(rto, "<path class=\"tmark\"") == 4);      // reporting has no target
  CHECK(rto.find("<title>target 1 h</title>") != std::string::npos);
  CHECK(count(rto, "<text class=\"mark\"") == 2);  // ✗ checkout, ? reporting
}

TEST_CASE("reports::write_html: prints plain fills, patterns only on screen", "[reports]") {
  std::ostringstream out;
  drsim::reports::write_html(shop(), out);
  const std::string html = out.str();
  // Shapes take patterns through CSS variables, so print CSS can replace every one of them.
  CHECK(count(html, "fill=\"url(") == 0);
  CHECK(count(html, "<pattern id=\"hatch-breached\"") == 1);
  CHECK(count(html, "<pattern id=\"dots-missing\"") == 1);
  const std::string print = element(html, "@media print{", "</style>");
  CHECK(print.find(":root{--fill-breached:var(--breached);--fill-missing:var(--missing)}") !=
        std::string::npos);
  CHECK(count(html, "style=\"fill:var(--fill-") == 4);  // the grid cells, which CSS cannot reach
  CHECK(print.find(".sw.v-breached{background:var(--breached)}") != std::string::npos);
  CHECK(print.find("details::details-content{content-visibility:visible") != std::string::npos);
}

TEST_CASE("reports::write_html: isolates names and cuts the long ones where a column is narrow",
          "[reports]") {
  RunResult r = load_result(kData + "shop-simulation.json");
  const std::string longest = "web" + std::string(1997, 'x');
  const std::string rlo = "dependency:\u202epayment-processor";
  r.scenarios.at(0).services.at(0).id = longest;
  r.scenarios.at(1).id = rlo;
  std::ostringstream out;
  drsim::reports::write_html(build_report(r), out);
  const std::string html = out.str();
  // A right-to-left override stays inside its name: the badge after it is not reordered.
  CHECK(html.find("<h2><bdi>" + rlo + "</bdi> <span class=\"impact impact-limited\">") !=
        std::string::npos);
  CHECK(html.find("<a href=\"#s2\" title=\"" + rlo + "\"><bdi>" + rlo + "</bdi></a>") !=
        std::string::npos);
  // Tables wrap the whole name; chart labels show 22 characters, the tooltip all of it.
  CHECK(html.find("<tr><td><bdi>" + longest + "</bdi></td><td>down</td>") != std::string::npos);
  CHECK(html.find("<title>" + longest + "</title>\u2068web" + std::string(18, 'x') +
                  "…\u2069</text>") != std::string::npos);
  CHECK(html.find("<style>") < html.find("bdi{overflow-wrap:anywhere}"));
  CHECK(drsim::reports::svg_name("ääääää", 4) == "\u2068äää…\u2069");
  CHECK(drsim::reports::svg_name("<a>", 4) == "\u2068&lt;a&gt;\u2069");
  CHECK(drsim::reports::html_name("x\u202ey") == "<bdi>x\u202ey</bdi>");
}

TEST_CASE("reports::write_markdown: results of two designs name the design and the cost",
          "[reports]") {
  RunResult a = load_result(kData + "shop-simulation.json");
  RunResult b = drsim::test::priced_design(a, "shop-warm | standby", 0.5, false, 20000);
  std::ostringstream out;
  drsim::reports::write_markdown(build_report(std::vector<RunResult>{a, b}), out);
  const std::string md = out.str();
  CHECK(md.find("| Run | Scenario | Continuity impact | Recovery process | Data loss | "
                "Frequency | Outage cost |\n|---|---|---|---|---|---|---|\n") != std::string::npos);
  CHECK(md.find("| shop-warm \\| standby | region:eu-west-1 | severe | ") != std::string::npos);
  CHECK(md.find(" | 1 per 2 years | 20,000 EUR |\n") != std::string::npos);
}

TEST_CASE("reports writers: results that share scenario ids name their run in every format",
          "[reports]") {
  RunResult a = load_result(kData + "shop-simulation.json");
  RunResult b = a;
  b.seed = 7;
  const ReportModel report = build_report(std::vector<RunResult>{a, b});
  std::ostringstream md, junit, html;
  drsim::reports::write_markdown(report, md);
  drsim::reports::write_junit(report, junit);
  drsim::reports::write_html(report, html);
  // Markdown: a Run column in the scenario table, the run in every heading and evidence cell.
  CHECK(md.str().find("| Run | Scenario | Continuity impact | Recovery process | Data loss |\n") !=
        std::string::npos);
  CHECK(md.str().find("| shop #1 | region:eu-west-1 | severe | ") != std::string::npos);
  CHECK(md.str().find("| shop #2 | region:eu-west-1 | severe | ") != std::string::npos);
  CHECK(count(md.str(), "### shop #2 / region:eu-west-1 — severe\n") == 1);
  CHECK(count(md.str(), " | shop #1 / region:eu-west-1 | 2026-11-22T03:00:00Z | ") == 7);
  CHECK(count(md.str(), " | shop #2 / region:eu-west-1 | 2026-11-22T03:00:00Z | ") == 7);
  // JUnit: suites and test cases carry the run.
  CHECK(count(junit.str(), "<testsuite name=\"shop #1 / ") == 3);
  CHECK(count(junit.str(), "<testsuite name=\"shop #2 / ") == 3);
  CHECK(count(junit.str(), "<testcase classname=\"shop #2 / region:eu-west-1\" ") == 10);
  CHECK(count(junit.str(), "<testcase classname=\"region:eu-west-1\" ") == 0);
  // HTML: the run's label cell in the scenario table, and the run in each scenario's heading.
  CHECK(html.str().find("<th>Run</th><th>Scenario</th>") != std::string::npos);
  CHECK(count(html.str(), "<tr><td><bdi>shop #2</bdi></td><td class=\"id\">") == 3);
  CHECK(count(html.str(), "<h2><bdi>shop #2 / az:eu-west-1a</bdi> ") == 1);
  // One result keeps its layout: no label anywhere.
  std::ostringstream single;
  drsim::reports::write_junit(build_report(a), single);
  CHECK(count(single.str(), " #1") == 0);
}

TEST_CASE("reports::save_stream: a write that fails half-way leaves the old file, and no other",
          "[reports]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("drsim-save-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "run.json").string();
  drsim::reports::save_text("old\n", path);
  CHECK_THROWS_AS(drsim::reports::save_stream(path,
                                              [](std::ostream& out) {
                                                out << "half a new run";
                                                throw std::runtime_error("simulation failed");
                                              }),
                  std::runtime_error);
  std::ifstream in(path);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "old\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  drsim::reports::save_stream(path, [](std::ostream& out) { out << "new\n"; });
  std::ifstream again(path);
  CHECK(std::string(std::istreambuf_iterator<char>(again), {}) == "new\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  // What is not a regular file is written in place, never replaced.
  drsim::reports::save_stream("/dev/null", [](std::ostream& out) { out << "discarded"; });
  CHECK(fs::is_character_file("/dev/null"));
  fs::remove_all(dir);
}
