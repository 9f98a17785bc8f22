// Reports written as the scenarios of a run arrive (simulate --report, merge --report, drsim
// report), so a sweep of a big estate is never held whole: each scenario's section is decided
// when it comes (ReportBuilder) and written at once to a spool file; what needs every scenario —
// the totals, the compliance summary, the contents, the scenario table, the grid — is written at
// the end, with the spooled sections after it, and the file is put in place only once complete.
// Memory grows with the largest scenario and the report's summaries, not with the run. The bytes
// are those of write_report() over the whole results.
#pragma once

#include <cstddef>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "model/outcome.hpp"
#include "reports/json_writer.hpp"
#include "reports/partial_file.hpp"
#include "reports/report_model.hpp"
#include "reports/write_reports.hpp"

namespace drsim::reports {

// A scratch file named `name` in `dir`, open for writing and reading back, already unlinked: what
// is written there waits for the end of a run and leaves nothing behind. Throws EnvironmentError
// if it cannot be made.
std::fstream open_spool(const std::string& dir, const std::string& name);
// Copies what was written to `spool` (open_spool()) to `out`; throws EnvironmentError if it could
// not be written.
void copy_spool(std::fstream& spool, std::ostream& out);

// The Markdown, HTML and JUnit reports of one or more results, fed a scenario at a time.
class ReportStream {
 public:
  // `runs`: the results' headers, in report order (their scenarios are not read); `formats`:
  // any of Markdown, HTML and JUnit (not JSON, which is the result itself: JsonRunWriter);
  // `spool_dir`: where each format's sections wait for the end, in a file removed as soon as it
  // is opened (none is left behind, whatever happens). Throws EnvironmentError if it cannot.
  ReportStream(const std::vector<const RunResult*>& runs, const std::vector<Format>& formats,
               const std::string& spool_dir, const ReportLimits& limits = {});
  ~ReportStream();
  ReportStream(const ReportStream&) = delete;
  ReportStream& operator=(const ReportStream&) = delete;

  // What of a scenario's report needs no other scenario (ReportBuilder::draft(), its JUnit
  // test suite): made on any thread, several at once (simulate's workers), then add()ed.
  struct Prepared {
    ScenarioDraft draft;
    std::string junit;
  };
  Prepared prepare(std::size_t run, const ScenarioResult& scenario) const;
  // The next scenario, in report order.
  void add(Prepared&& prepared);
  // The same for a scenario of run `run` (an index into `runs`), prepared here.
  void add(std::size_t run, const ScenarioResult& scenario);
  // Completes the report; call once, after the last add().
  const ReportModel& finish();
  // Writes the whole report in `format` (one of `formats`) to `out`; after finish().
  void write(Format format, std::ostream& out);

 private:
  struct Spool {
    Format format;
    std::fstream file;
  };
  ReportBuilder builder_;
  std::vector<Spool> spools_;
};

// The four report files of a run — report.json, report.md, report.html, report.junit.xml — written
// into a directory as the run's scenarios arrive: the JSON straight into its partial file, the
// others through a ReportStream. commit() completes them and puts the four in place; destroyed
// before that (a run that failed half-way), it leaves the directory's files as they were.
class ReportDir {
 public:
  // `header`: the run without its scenarios; `layout`: how report.json is laid out (a compact
  // run's is compact). Creates `dir` and its parents if needed; throws EnvironmentError if it
  // cannot.
  ReportDir(const RunResult& header, const std::string& dir, JsonLayout layout);
  ~ReportDir();
  ReportDir(const ReportDir&) = delete;
  ReportDir& operator=(const ReportDir&) = delete;

  // ReportStream::prepare() for the run's next scenarios, on any thread.
  ReportStream::Prepared prepare(const ScenarioResult& scenario) const;
  // The next scenario; `json`: its text as JsonRunWriter::scenario_text() gives it in `layout`.
  void add(ReportStream::Prepared&& prepared, const std::string& json);
  // Completes the four files and puts them in place; throws EnvironmentError if it cannot.
  void commit();

 private:
  std::string dir_;
  std::unique_ptr<PartialFile> json_file_;
  std::unique_ptr<JsonRunWriter> json_;
  std::unique_ptr<ReportStream> stream_;
};

}  // namespace drsim::reports
