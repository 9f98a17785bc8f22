#include "cli/progress.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using drsim::cli::Progress;
using drsim::cli::progress_text;

namespace {
// A clock the test moves by hand.
struct FakeClock {
  double now = 100;
  Progress::Clock clock() {
    return [this] { return now; };
  }
};
}  // namespace

TEST_CASE("progress: count, rate and time left", "[cli][progress]") {
  CHECK(progress_text(0, 235, "scenarios", 0) == "0/235 scenarios");
  CHECK(progress_text(120, 235, "scenarios", 25) == "120/235 scenarios, 4.8/s, about 24 s left");
  CHECK(progress_text(470, 1000, "scenarios", 10) == "470/1000 scenarios, 47/s, about 12 s left");
  CHECK(progress_text(10, 10000, "scenarios", 60) ==
        "10/10000 scenarios, 0.2/s, about 16 h 39 min left");
  CHECK(progress_text(235, 235, "scenarios", 50) == "235/235 scenarios, 4.7/s");
}

TEST_CASE("progress: a log gets a line every 10 s and a closing line, a short run gets nothing",
          "[cli][progress]") {
  FakeClock t;
  std::ostringstream out;
  {
    Progress p(out, Progress::Style::kLines, "simulate", "scenarios", t.clock());
    t.now += 4;
    p.update(10, 100);
    CHECK(out.str().empty());
    t.now += 6;  // 10 s
    p.update(25, 100);
    CHECK(out.str() == "simulate: 25/100 scenarios, 2.5/s, about 30 s left\n");
    t.now += 5;
    p.update(40, 100);
    t.now += 6;  // 21 s
    p.update(50, 100);
    t.now += 4;  // 25 s
    p.update(100, 100);
  }
  CHECK(out.str() ==
        "simulate: 25/100 scenarios, 2.5/s, about 30 s left\n"
        "simulate: 50/100 scenarios, 2.4/s, about 21 s left\n"
        "simulate: 100/100 scenarios in 25 s\n");

  std::ostringstream quick;
  {
    Progress p(quick, Progress::Style::kLines, "simulate", "scenarios", t.clock());
    t.now += 9;
    p.update(3, 3);
  }
  CHECK(quick.str().empty());
}

TEST_CASE("progress: a terminal gets a bar redrawn in place, erased at the end",
          "[cli][progress]") {
  FakeClock t;
  std::ostringstream out;
  {
    Progress p(out, Progress::Style::kTerminal, "simulate", "scenarios", t.clock());
    t.now += 0.5;
    p.update(1, 4);
    CHECK(out.str().empty());
    t.now += 0.5;  // 1 s
    p.update(2, 4);
    CHECK(out.str() ==
          "\rsimulate [############            ] 2/4 scenarios, 2.0/s, about 1 s left\x1b[K");
    t.now += 0.05;
    p.update(3, 4);  // within 0.1 s of the last draw: not redrawn
  }
  CHECK(out.str() ==
        "\rsimulate [############            ] 2/4 scenarios, 2.0/s, about 1 s left\x1b[K"
        "\r\x1b[K");
}

TEST_CASE("progress: --quiet prints nothing, and a string stream is never a terminal",
          "[cli][progress]") {
  FakeClock t;
  std::ostringstream out;
  {
    Progress p(out, drsim::cli::progress_style(out, true), "simulate", "scenarios", t.clock());
    t.now += 60;
    p.update(1, 2);
  }
  CHECK(out.str().empty());
  CHECK(drsim::cli::progress_style(out, false) == Progress::Style::kLines);
}
