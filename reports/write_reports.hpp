// Entry points for commands: write one format of one or more results to a stream or a file, or
// every format into a directory (`drsim simulate ... --report DIR`). Failing to write a file is
// an environment problem (exit 4), never a silently missing report.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "model/outcome.hpp"
#include "reports/report_model.hpp"

namespace drsim::reports {

enum class Format { kJson, kMarkdown, kHtml, kJunit };

// Parses "json", "md" (or "markdown"), "html", "junit"; false for anything else.
bool parse_format(const std::string& text, Format& out);
// The file name `write_reports` uses for a format: "report.json", "report.md", ...
std::string report_file_name(Format format);

// Creates the report directory `dir` and its parents if needed; throws EnvironmentError if it
// cannot.
void make_report_dir(const std::string& dir);

// Writes `results` (at least one; JSON takes exactly one) in `format` to `out`.
// Throws UsageError for JSON with more than one result.
void write_report(const std::vector<RunResult>& results, Format format, std::ostream& out,
                  const ReportLimits& limits = {});
// Writes `text` into the file `path` (created or replaced); throws EnvironmentError if it cannot.
void save_text(const std::string& text, const std::string& path);
// Lets `write` write the file `path` (created or replaced) as a stream; throws EnvironmentError if
// it cannot be written. A regular file is replaced only once `write` has finished (it is written
// to PATH.partial-PID first), so an exception from `write` leaves the old file as it was.
void save_stream(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writes report.json, report.md, report.html and report.junit.xml for `result` into `dir`,
// creating the directory (and its parents) if needed; throws EnvironmentError if it cannot.
void write_reports(const RunResult& result, const std::string& dir);

}  // namespace drsim::reports
