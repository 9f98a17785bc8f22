// The format-independent comparison of DR designs (`drsim compare`, docs/compare.md): every
// value of the text table, the JSON and the HTML page decided and worded once here from an
// engine::Comparison, so the formats cannot disagree.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/comparison.hpp"
#include "model/outcome.hpp"

namespace drsim::reports {

// One design in one scenario.
struct CompareCell {
  std::string design;
  std::string rto;  // worst achieved RTO: "1 h 21 min 30 s", "-" (nothing went down),
                    // "not recovered"
  std::string rpo;  // worst achieved RPO: "0 s", "23 h", "no recovery point"
  Verdict verdict = Verdict::kMet;  // breached if any objective was, else met
  std::string frequency;            // frequency_text()
  std::string outage_cost;
};

struct CompareScenario {
  std::string id;
  std::vector<CompareCell> cells;  // one per design that ran it, in the order given
};

struct CompareDesign {
  std::size_t rank = 0;  // 1 = the choice (or the closest)
  std::string name;
  std::string source;
  bool meets_all = false;
  std::string objectives;     // "14 met, 0 breached"
  std::string availability;   // "99.99869 %"
  std::string downtime;       // expected per year: "6 min 54 s"
  std::string data_loss;      // expected per year: "2 h 18 min", or "unbounded"
  std::string running;        // per year
  std::string expected_loss;  // per year
  std::string total;          // per year
};

struct CompareReport {
  std::string title;  // "DR design comparison: a, b, c"
  std::string currency;
  std::size_t scenario_count = 0;
  std::vector<CompareDesign> designs;      // ranking order
  std::vector<CompareScenario> scenarios;  // every scenario id, in first-run order
  bool any_meets = false;
  // "cheapest design that meets every objective: X (...)" or "none meets every objective: the
  // closest is X (...)"
  std::string conclusion;
  bool assumed_frequencies = false;  // some frequency is a documented default
};

CompareReport build_compare_report(const engine::Comparison& c);

// "99.99869 %": availability (0..1) as a percentage with five decimals.
std::string availability_text(double availability);

}  // namespace drsim::reports
