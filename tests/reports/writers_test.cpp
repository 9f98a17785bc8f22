#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "reports/html_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "reports/result_json.hpp"

using drsim::RunResult;
using drsim::reports::build_report;
using drsim::reports::load_result;
using drsim::reports::ReportModel;

namespace {

const std::string kData = std::string(DRSIM_SOURCE_DIR) + "/tests/data/results/";
const std::string kGolden = std::string(DRSIM_SOURCE_DIR) + "/tests/reports/golden/";

ReportModel shop() { return build_report(load_result(kData + "shop-simulation.json")); }

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
  CHECK(html.find("<tr><td>orders-db</td><td>down</td><td class=\"num\">4 h</td><td "
                  "class=\"num\">2 h 5 min 30 s</td><td class=\"verdict v-met\">✓ met</td><td "
                  "class=\"num\">1 h</td><td class=\"num\">24 h 10 min</td><td class=\"verdict "
                  "v-breached\">✗ BREACHED</td><td>rpo 24 h 10 min exceeds target 1 h</td></tr>") !=
        std::string::npos);
  CHECK(html.find("<section id=\"compliance\">") != std::string::npos);
}
