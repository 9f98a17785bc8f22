#include "reports/write_reports.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/errors.hpp"
#include "reports/html_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"

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
  // A regular file (or a new one) is written beside it and renamed into place once complete, so
  // a run that fails half-way leaves the old file, not half a new one; anything else (/dev/null,
  // a pipe) is written in place.
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  const bool replace = !fs::exists(st) || fs::is_regular_file(st);
  const std::string target = replace ? path + ".partial-" + std::to_string(::getpid()) : path;
  struct Partial {  // removes the half-written file unless the rename took it
    std::string name;
    ~Partial() {
      std::error_code ignored;
      if (!name.empty()) fs::remove(name, ignored);
    }
  } partial{replace ? target : std::string()};
  {
    std::ofstream file(target, std::ios::binary | std::ios::trunc);
    if (file) write(file);
    if (file) file.flush();
    if (!file) {
      throw EnvironmentError("cannot write '" + path + "': " + std::strerror(errno),
                             "check that the directory exists and is writable");
    }
  }
  if (replace) {
    fs::rename(target, path, ec);
    if (ec) {
      throw EnvironmentError("cannot write '" + path + "': " + ec.message(),
                             "check that the directory exists and is writable");
    }
    partial.name.clear();
  }
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
  make_report_dir(dir);
  const std::vector<RunResult> results{result};
  const ReportModel report = build_report(results);
  for (Format f : {Format::kJson, Format::kMarkdown, Format::kHtml, Format::kJunit}) {
    std::ostringstream text;
    render(results, report, f, text);
    save_text(text.str(), (std::filesystem::path(dir) / report_file_name(f)).string());
  }
}

}  // namespace drsim::reports
