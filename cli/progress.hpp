// Progress of a long run on standard error. On a terminal, a bar with the count, the rate and
// the time left is redrawn in place (from 1 s into the run, at most 10 times a second) and erased
// when the run ends. Elsewhere (a CI log, a file) a plain line every 10 s and one at the end. A
// run that ends before its first report prints nothing, so quick commands look as before.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

namespace drsim::cli {

class Progress {
 public:
  enum class Style { kSilent, kTerminal, kLines };
  using Clock = std::function<double()>;  // monotonic seconds

  // `task` names the command ("simulate"), `unit` what is counted ("scenarios").
  Progress(std::ostream& out, Style style, std::string task, std::string unit,
           Clock clock = steady_seconds);
  ~Progress();  // erases the bar, or writes the closing line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done, std::size_t total);

  static double steady_seconds();

 private:
  void draw(double now);

  std::ostream& out_;
  Style style_;
  std::string task_;
  std::string unit_;
  Clock clock_;
  double start_;
  double next_;  // no report before this time
  bool drawn_ = false;
  std::size_t done_ = 0;
  std::size_t total_ = 0;
};

// kSilent with --quiet; kTerminal when `err` is the process's standard error and that is a
// terminal (and TERM is not "dumb"); kLines otherwise.
Progress::Style progress_style(const std::ostream& err, bool quiet);

// "120/235 scenarios, 4.8/s, about 24 s left" after `elapsed` seconds.
std::string progress_text(std::size_t done, std::size_t total, const std::string& unit,
                          double elapsed);

}  // namespace drsim::cli
