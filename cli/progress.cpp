#include "cli/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "model/units.hpp"

namespace drsim::cli {
namespace {

constexpr double kFirstBar = 1;       // s into the run before a terminal bar appears
constexpr double kBarInterval = 0.1;  // s between redraws of the bar
constexpr double kLineInterval = 10;  // s between plain lines
constexpr std::size_t kBarWidth = 24;

std::string rate_text(double per_second) {
  char buf[32];
  std::snprintf(buf, sizeof buf, per_second < 10 ? "%.1f/s" : "%.0f/s", per_second);
  return buf;
}

}  // namespace

std::string progress_text(std::size_t done, std::size_t total, const std::string& unit,
                          double elapsed) {
  std::string text = std::to_string(done) + "/" + std::to_string(total) + " " + unit;
  if (done == 0 || elapsed <= 0) return text;
  const double rate = static_cast<double>(done) / elapsed;
  text += ", " + rate_text(rate);
  if (done < total) {
    text += ", about " +
            units::format_duration(std::ceil(static_cast<double>(total - done) / rate)) + " left";
  }
  return text;
}

Progress::Style progress_style(const std::ostream& err, bool quiet) {
  if (quiet) return Progress::Style::kSilent;
  const char* term = std::getenv("TERM");
  const bool terminal =
      &err == &std::cerr && ::isatty(STDERR_FILENO) == 1 && term && std::strcmp(term, "dumb") != 0;
  return terminal ? Progress::Style::kTerminal : Progress::Style::kLines;
}

double Progress::steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Progress::Progress(std::ostream& out, Style style, std::string task, std::string unit, Clock clock)
    : out_(out),
      style_(style),
      task_(std::move(task)),
      unit_(std::move(unit)),
      clock_(std::move(clock)),
      start_(clock_()),
      next_(start_ + (style_ == Style::kTerminal ? kFirstBar : kLineInterval)) {}

Progress::~Progress() {
  if (!drawn_) return;
  if (style_ == Style::kTerminal) {
    out_ << "\r\x1b[K" << std::flush;
  } else if (style_ == Style::kLines) {
    out_ << task_ << ": " << done_ << "/" << total_ << " " << unit_ << " in "
         << units::format_duration(clock_() - start_) << "\n"
         << std::flush;
  }
}

void Progress::update(std::size_t done, std::size_t total) {
  done_ = done;
  total_ = total;
  if (style_ == Style::kSilent) return;
  const double now = clock_();
  if (now < next_) return;
  draw(now);
  next_ = now + (style_ == Style::kTerminal ? kBarInterval : kLineInterval);
}

void Progress::draw(double now) {
  drawn_ = true;
  const std::string text = progress_text(done_, total_, unit_, now - start_);
  if (style_ == Style::kTerminal) {
    const std::size_t filled = total_ == 0 ? kBarWidth : kBarWidth * done_ / total_;
    out_ << "\r" << task_ << " [" << std::string(filled, '#')
         << std::string(kBarWidth - filled, ' ') << "] " << text << "\x1b[K" << std::flush;
  } else {
    out_ << task_ << ": " << text << "\n" << std::flush;
  }
}

}  // namespace drsim::cli
