// The compliance report of `drsim evidence report --from --to` (docs/history.md "Controls"): the
// recovery-testing controls auditors ask about (SOC 2, ISO/IEC 27001:2022, ISO 22301, DORA,
// NIST SP 800-34), each with the evidence of the period that bears on it — drill runs from the
// history, simulation results given on the command line — their dates and outcomes, and its
// gaps: a target not drilled in the period, a failed drill not followed by a passing one, a
// target whose last verified restore is older than its max_age at the period's end. Every value
// is decided and worded here; controls_writers only lay it out.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "history/run_record.hpp"

namespace drsim::history {

// What a piece of evidence is.
enum class EvidenceKind {
  kRestoreDrill,   // a drill that restored a backup and verified it (pitr, logical)
  kFailoverDrill,  // a drill that promoted a standby and verified it (failover)
  kSimulation,     // a simulated outage of the estate (drsim simulate's result)
};

// "restore drill", "failover drill", "simulation".
const char* to_string(EvidenceKind k);

// A simulation result as evidence: what the CLI read of a drsim.result/1 file.
struct SimulationEvidence {
  std::string file;
  std::string model;
  std::string generated_at;  // ISO 8601 UTC; "" when the result does not say
  long long scenarios = 0;
  long long breached = 0;  // objectives breached over every scenario
};

// One control and what drsim evidence bears on it.
struct Control {
  std::string framework;  // "SOC 2", "ISO/IEC 27001:2022", ...
  std::string id;         // "A1.3", "A.8.13", "Art. 12", ...
  std::string title;
  std::string asks;                 // what the control asks, in a line
  std::vector<EvidenceKind> kinds;  // the evidence that bears on it
};

// The controls the report covers, in the order it lists them.
const std::vector<Control>& recovery_controls();

// One row of evidence, worded.
struct EvidenceRow {
  EvidenceKind kind = EvidenceKind::kRestoreDrill;
  std::string when;     // "2026-11-20T03:00:00Z"
  std::string what;     // "drill run 4: orders-pitr (pitr) of orders-db", "simulation of shop"
  std::string outcome;  // "passed: RTO 35.000 s, RPO 0.700 s", "failed: rpo breached", ...
  bool passed = false;
};

struct ControlSection {
  const Control* control = nullptr;
  std::vector<std::size_t> evidence;  // indexes into ControlsReport::evidence
  std::vector<std::string> gaps;      // worded, "" none
  bool covered = false;               // some evidence passed and no gap is open
};

struct ControlsReport {
  std::string from, to;               // the period, ISO 8601 UTC
  std::string history;                // the history file read
  std::vector<std::string> targets;   // every target the history has drilled, ever
  std::vector<EvidenceRow> evidence;  // of the period, oldest first
  std::vector<std::string> gaps;      // of the whole estate, worded (also under each control)
  std::vector<ControlSection> controls;
  long long covered = 0;  // controls covered
};

// The report for [from_s, to_s] (seconds since 1970) from every run of the history (`runs`, any
// order, their own fields as Store::runs() gives them) and the simulations given. Runs outside
// the period count only towards the targets there are and the age at the period's end.
// `complete` gives the whole record of each run of the period, whose outcome names its breached
// objectives and last finding; without it, `runs` must be whole already.
ControlsReport build_controls(const std::vector<RunRecord>& runs,
                              const std::vector<SimulationEvidence>& simulations, double from_s,
                              double to_s, const std::string& history,
                              const std::function<RunRecord(const RunRecord&)>& complete = nullptr);

// The report as Markdown and as a self-contained HTML page (the style of drsim's other reports).
std::string controls_markdown(const ControlsReport& report);
std::string controls_html(const ControlsReport& report);

}  // namespace drsim::history
