#include "reports/write_reports.hpp"

#include <filesystem>

#include "model/errors.hpp"
#include "reports/html_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "reports/partial_file.hpp"
#include "reports/report_stream.hpp"

namespace drsim::reports {

bool parse_format(const std::string& text, Format& out) {
  if (text == "json") {
    out = Format::kJson;
  } else if (text == "md" || text == "markdown") {
    out = Format::kMarkdown;
  } else if (text == "html") {
    out = Format::kHtml;
  } else if (text == "junit") {
    out = Format::kJunit;
  } else {
    return false;
  }
  return true;
}

std::string report_file_name(Format format) {
  switch (format) {
    case Format::kJson:
      return "report.json";
    case Format::kMarkdown:
      return "report.md";
    case Format::kHtml:
      return "report.html";
    case Format::kJunit:
      return "report.junit.xml";
  }
  return "report";
}

namespace {

// Renders one format; the report model is built once by the caller and shared by the writers.
void render(const std::vector<RunResult>& results, const ReportModel& report, Format format,
            std::ostream& out) {
  switch (format) {
    case Format::kJson:
      if (results.size() != 1) {
        throw UsageError("--format json writes exactly one result, got " +
                         std::to_string(results.size()));
      }
      write_json(results.front(), out);
      break;
    case Format::kMarkdown:
      write_markdown(report, out);
      break;
    case Format::kHtml:
      write_html(report, out);
      break;
    case Format::kJunit:
      write_junit(report, out);
      break;
  }
}

}  // namespace

void save_text(const std::string& text, const std::string& path) {
  save_stream(path, [&](std::ostream& out) { out << text; });
}

void save_stream(const std::string& path, const std::function<void(std::ostream&)>& write) {
  PartialFile file(path);
  write(file.out());
  file.commit();
}

void make_report_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw EnvironmentError("cannot create report directory '" + dir + "': " + ec.message(),
                           "check the path and its permissions");
  }
}

void write_report(const std::vector<RunResult>& results, Format format, std::ostream& out,
                  const ReportLimits& limits) {
  ReportModel report = format == Format::kJson ? ReportModel{} : build_report(results, limits);
  render(results, report, format, out);
}

void write_reports(const RunResult& result, const std::string& dir) {
  const JsonLayout layout = layout_of(result);
  ReportDir reports(result, dir, layout);
  for (const auto& s : result.scenarios) {
    reports.add(reports.prepare(s), JsonRunWriter::scenario_text(s, layout));
  }
  reports.commit();
}

}  // namespace drsim::reports
