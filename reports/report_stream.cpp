#include "reports/report_stream.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "model/errors.hpp"
#include "reports/html_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_writer.hpp"

namespace drsim::reports {
namespace {

namespace fs = std::filesystem;

// The layout of one format in its three parts (the writers' head, scenario and tail); JUnit's
// scenarios are written by ReportStream::prepare().
struct Parts {
  void (*head)(const ReportModel&, std::ostream&);
  void (*scenario)(const ReportModel&, std::size_t, std::ostream&);
  void (*tail)(const ReportModel&, std::ostream&);
};

Parts parts_of(Format format) {
  switch (format) {
    case Format::kMarkdown:
      return {write_markdown_head, write_markdown_scenario, write_markdown_tail};
    case Format::kHtml:
      return {write_html_report_head, write_html_scenario, write_html_tail};
    case Format::kJunit:
      return {write_junit_head, nullptr, write_junit_tail};
    case Format::kJson:
      break;
  }
  throw InternalError("ReportStream: JSON is written by JsonRunWriter");
}

[[noreturn]] void spool_failed(const std::string& why) {
  throw EnvironmentError("cannot write a report's scratch file: " + why,
                         "check that the directory exists, is writable and has space");
}

}  // namespace

std::fstream open_spool(const std::string& dir, const std::string& name) {
  const std::string path =
      (fs::path(dir) / ("." + name + ".spool-" + std::to_string(::getpid()))).string();
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::trunc | std::ios::binary);
  if (!file) spool_failed("'" + path + "': " + std::strerror(errno));
  // Open, it stays readable and writable; unlinked, nothing is left behind if the run fails.
  std::error_code ec;
  fs::remove(path, ec);
  return file;
}

void copy_spool(std::fstream& spool, std::ostream& out) {
  spool.flush();
  if (!spool) spool_failed(std::strerror(errno));
  // Inserting an empty buffer would fail the output stream: a run without scenarios has none.
  if (spool.tellp() > 0) {
    spool.seekg(0);
    out << spool.rdbuf();
  }
}

ReportStream::ReportStream(const std::vector<const RunResult*>& runs,
                           const std::vector<Format>& formats, const std::string& spool_dir,
                           const ReportLimits& limits)
    : builder_(runs, limits, false) {
  for (Format f : formats) {
    parts_of(f);  // refuses JSON before any file is made
    spools_.push_back({f, open_spool(spool_dir, report_file_name(f))});
  }
}

ReportStream::~ReportStream() = default;

ReportStream::Prepared ReportStream::prepare(std::size_t run,
                                             const ScenarioResult& scenario) const {
  Prepared p{builder_.draft(run, scenario), {}};
  for (const Spool& s : spools_) {
    if (s.format != Format::kJunit) continue;
    std::ostringstream text;
    write_junit_scenario(builder_.report(), p.draft.section, text);
    p.junit = text.str();
  }
  return p;
}

void ReportStream::add(Prepared&& prepared) {
  builder_.add(std::move(prepared.draft));
  const ReportModel& report = builder_.report();
  const std::size_t index = report.scenarios.size() - 1;
  for (Spool& s : spools_) {
    if (s.format == Format::kJunit) {
      s.file << prepared.junit;
    } else {
      parts_of(s.format).scenario(report, index, s.file);
    }
  }
}

void ReportStream::add(std::size_t run, const ScenarioResult& scenario) {
  add(prepare(run, scenario));
}

const ReportModel& ReportStream::finish() { return builder_.finish(); }

void ReportStream::write(Format format, std::ostream& out) {
  for (Spool& s : spools_) {
    if (s.format != format) continue;
    const Parts parts = parts_of(format);
    const ReportModel& report = builder_.report();
    parts.head(report, out);
    copy_spool(s.file, out);
    parts.tail(report, out);
    return;
  }
  throw InternalError("ReportStream::write: a format it was not given");
}

ReportDir::ReportDir(const RunResult& header, const std::string& dir, JsonLayout layout)
    : dir_(dir) {
  make_report_dir(dir);
  json_file_ =
      std::make_unique<PartialFile>((fs::path(dir) / report_file_name(Format::kJson)).string());
  json_ = std::make_unique<JsonRunWriter>(header, nlohmann::ordered_json::object(),
                                          json_file_->out(), layout);
  stream_ = std::make_unique<ReportStream>(
      std::vector<const RunResult*>{&header},
      std::vector<Format>{Format::kMarkdown, Format::kHtml, Format::kJunit}, dir);
}

ReportDir::~ReportDir() = default;

ReportStream::Prepared ReportDir::prepare(const ScenarioResult& scenario) const {
  return stream_->prepare(0, scenario);
}

void ReportDir::add(ReportStream::Prepared&& prepared, const std::string& json) {
  json_->add(json);
  stream_->add(std::move(prepared));
}

void ReportDir::commit() {
  json_->finish();
  stream_->finish();
  std::vector<std::unique_ptr<PartialFile>> files;
  for (Format f : {Format::kMarkdown, Format::kHtml, Format::kJunit}) {
    files.push_back(std::make_unique<PartialFile>((fs::path(dir_) / report_file_name(f)).string()));
    stream_->write(f, files.back()->out());
  }
  // Every file complete before any is put in place.
  json_file_->close();
  for (auto& f : files) f->close();
  json_file_->commit();
  for (auto& f : files) f->commit();
}

}  // namespace drsim::reports
