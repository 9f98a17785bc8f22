#include "reports/report_stream.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/json_writer.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"
#include "reports/write_reports.hpp"
#include "tests/reports/temp_dir.hpp"

using drsim::RunResult;
using drsim::reports::Format;
using drsim::reports::load_result;
using drsim::reports::ReportLimits;
using drsim::reports::ReportStream;

namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(DRSIM_SOURCE_DIR) + "/tests/data/results/";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string held(const std::vector<RunResult>& results, Format f, const ReportLimits& limits) {
  std::ostringstream out;
  drsim::reports::write_report(results, f, out, limits);
  return out.str();
}

// The report of `results` in `f` written as their scenarios arrive, one at a time.
std::string streamed(const std::vector<RunResult>& results, Format f, const ReportLimits& limits) {
  std::vector<const RunResult*> runs;
  for (const auto& r : results) runs.push_back(&r);
  ReportStream stream(runs, {f}, fs::temp_directory_path().string(), limits);
  for (std::size_t i = 0; i < results.size(); ++i) {
    for (const auto& s : results[i].scenarios) stream.add(i, s);
  }
  stream.finish();
  std::ostringstream out;
  stream.write(f, out);
  return out.str();
}

using drsim::testing::TempDir;

}  // namespace

TEST_CASE("reports::ReportStream: writes the bytes of the whole report, a scenario at a time",
          "[reports]") {
  const RunResult shop = load_result(kData + "shop-simulation.json");
  const RunResult phases = load_result(kData + "managed-phases.json");
  const RunResult drill = load_result(kData + "orders-db-drill.json");
  const RunResult failed = load_result(kData + "failed-drill-no-objectives.json");
  RunResult compact = shop;
  for (auto& s : compact.scenarios) drsim::compact(s);
  // Small limits, so the caps and the report's budget cut every chart and table.
  ReportLimits small;
  small.timeline_rows = 2;
  small.bar_rows = 1;
  small.table_rows = 2;
  small.grid_columns = 2;
  small.chart_rows_total = 3;
  small.table_rows_total = 3;
  small.chart_rows_min = 1;
  small.table_rows_min = 1;
  const std::vector<std::vector<RunResult>> cases = {
      {shop}, {phases}, {compact}, {failed}, {shop, drill}, {shop, shop, phases, failed}};
  for (const auto& results : cases) {
    for (Format f : {Format::kMarkdown, Format::kHtml, Format::kJunit}) {
      for (const ReportLimits& limits : {ReportLimits{}, small}) {
        const std::string whole = held(results, f, limits);
        REQUIRE(whole.size() > 500);
        CHECK(streamed(results, f, limits) == whole);
      }
    }
  }
}

TEST_CASE("reports::ReportStream: a run without scenarios still gives a whole report",
          "[reports]") {
  RunResult empty = load_result(kData + "shop-simulation.json");
  empty.scenarios.clear();
  for (Format f : {Format::kMarkdown, Format::kHtml, Format::kJunit}) {
    const std::string whole = held({empty}, f, {});
    CHECK(streamed({empty}, f, {}) == whole);
  }
  CHECK(held({empty}, Format::kJunit, {}) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"DR report: shop "
        "(simulation)\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n</testsuites>\n");
}

TEST_CASE("reports::ReportBuilder: without keeping rows, a written section keeps only its summary",
          "[reports]") {
  const RunResult shop = load_result(kData + "shop-simulation.json");
  drsim::reports::ReportBuilder builder({&shop}, {}, false);
  builder.add(0, shop.scenarios.at(0));
  CHECK(builder.report().scenarios.at(0).services.size() == 5);
  builder.add(0, shop.scenarios.at(1));
  const auto& first = builder.report().scenarios.at(0);
  CHECK(first.services.empty());
  CHECK(first.objectives.empty());
  CHECK(first.timeline.empty());
  CHECK(first.name == "region:eu-west-1");  // what the contents and the scenario table need
  CHECK(first.impact == drsim::Impact::kSevere);
  CHECK_FALSE(builder.report().scenarios.at(1).services.empty());
  builder.add(0, shop.scenarios.at(2));
  const auto& report = builder.finish();
  const auto whole = drsim::reports::build_report(shop);
  CHECK(report.scenarios.back().objectives.empty());
  CHECK(report.totals.objectives == whole.totals.objectives);
  CHECK(report.totals.breached == whole.totals.breached);
  CHECK(report.compliance.size() == whole.compliance.size());
  CHECK(report.grid.cells == whole.grid.cells);
}

TEST_CASE("reports::ReportDir: writes the four reports of a run as its scenarios arrive",
          "[reports]") {
  const RunResult phases = load_result(kData + "managed-phases.json");
  TempDir dir("drsim-report-dir");
  const auto layout = drsim::reports::JsonLayout::kPretty;
  drsim::reports::ReportDir reports(phases, (dir.path / "out").string(), layout);
  for (const auto& s : phases.scenarios) {
    reports.add(reports.prepare(s), drsim::reports::JsonRunWriter::scenario_text(s, layout));
  }
  // Nothing is in place until the run is complete, and the spool files are never seen.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path / "out")) {
    names.push_back(e.path().filename().string());
  }
  REQUIRE(names.size() == 1);
  CHECK(names[0] == "report.json.partial-" + std::to_string(::getpid()));
  reports.commit();
  std::ostringstream json;
  drsim::reports::write_json(phases, json);
  CHECK(read(dir.path / "out" / "report.json") == json.str());
  for (Format f : {Format::kMarkdown, Format::kHtml, Format::kJunit}) {
    CHECK(read(dir.path / "out" / drsim::reports::report_file_name(f)) == held({phases}, f, {}));
  }
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path / "out")) files += e.is_regular_file();
  CHECK(files == 4);
}

TEST_CASE("reports::ReportDir: a run that fails half-way leaves the reports there were",
          "[reports]") {
  const RunResult shop = load_result(kData + "shop-simulation.json");
  TempDir dir("drsim-report-dir-failed");
  drsim::reports::write_reports(shop, dir.path.string());
  std::vector<std::string> before;
  for (Format f : {Format::kJson, Format::kMarkdown, Format::kHtml, Format::kJunit}) {
    before.push_back(read(dir.path / drsim::reports::report_file_name(f)));
  }
  REQUIRE(before[1].find("region:eu-west-1") != std::string::npos);
  try {
    RunResult other = load_result(kData + "managed-phases.json");
    drsim::reports::ReportDir reports(other, dir.path.string(),
                                      drsim::reports::JsonLayout::kPretty);
    const auto& s = other.scenarios.at(0);
    reports.add(reports.prepare(s), drsim::reports::JsonRunWriter::scenario_text(s));
    throw std::runtime_error("the run failed");  // before commit()
  } catch (const std::runtime_error&) {
  }
  std::size_t i = 0;
  for (Format f : {Format::kJson, Format::kMarkdown, Format::kHtml, Format::kJunit}) {
    CHECK(read(dir.path / drsim::reports::report_file_name(f)) == before[i++]);
  }
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) {
    ++files;
    CHECK(e.path().filename().string().find("partial") == std::string::npos);
  }
  CHECK(files == 4);
}
