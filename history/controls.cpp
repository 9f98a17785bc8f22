#include "history/controls.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "history/timestamp.hpp"
#include "history/trends.hpp"
#include "model/units.hpp"

namespace drsim::history {
namespace {

using K = EvidenceKind;

EvidenceKind kind_of(const RunRecord& r) {
  return r.failover() ? K::kFailoverDrill : K::kRestoreDrill;
}

bool accepts(const Control& c, EvidenceKind k) {
  return std::find(c.kinds.begin(), c.kinds.end(), k) != c.kinds.end();
}

// "the restore drill" / "a restore or failover drill" for a control's drill kinds.
std::string drill_kinds(const Control& c) {
  const bool restore = accepts(c, K::kRestoreDrill), failover = accepts(c, K::kFailoverDrill);
  return restore && failover ? "restore or failover drill"
         : restore           ? "restore drill"
                             : "failover drill";
}

// The drill's outcome, worded: its status, RTO and RPO, and what failed.
std::string outcome_of(const RunRecord& r) {
  std::string out = r.status + ": RTO " + units::format_measured(r.rto_s) + ", RPO " +
                    units::format_measured(r.rpo_s);
  for (const auto& o : r.objectives) {
    if (o.verdict == "breached") out += ", " + o.kind + " breached";
  }
  if (!r.passed() && !r.findings.empty()) out += " (" + r.findings.back() + ")";
  return out;
}

std::string when_of(const std::string& timestamp) {
  const auto s = parse_timestamp(timestamp);
  return s ? format_timestamp(*s, false) : timestamp;
}

}  // namespace

const char* to_string(EvidenceKind k) {
  switch (k) {
    case K::kRestoreDrill:
      return "restore drill";
    case K::kFailoverDrill:
      return "failover drill";
    case K::kSimulation:
      return "simulation";
  }
  return "?";
}

const std::vector<Control>& recovery_controls() {
  static const std::vector<Control> controls = {
      {"SOC 2",
       "CC7.5",
       "Recovery from identified security incidents",
       "activities to recover from incidents are identified, developed and implemented",
       {K::kRestoreDrill, K::kFailoverDrill, K::kSimulation}},
      {"SOC 2",
       "A1.3",
       "Recovery plan testing",
       "recovery plan procedures supporting system recovery are tested to meet objectives",
       {K::kRestoreDrill, K::kFailoverDrill}},
      {"ISO/IEC 27001:2022",
       "A.5.30",
       "ICT readiness for business continuity",
       "ICT readiness is planned, implemented, maintained and tested against continuity "
       "objectives",
       {K::kRestoreDrill, K::kFailoverDrill, K::kSimulation}},
      {"ISO/IEC 27001:2022",
       "A.8.13",
       "Information backup",
       "backup copies are maintained and regularly tested",
       {K::kRestoreDrill}},
      {"ISO 22301:2019",
       "8.5",
       "Exercise programme",
       "a programme of exercising and testing validates the continuity strategies and solutions",
       {K::kRestoreDrill, K::kFailoverDrill, K::kSimulation}},
      {"ISO 22301:2019",
       "8.6",
       "Evaluation of business continuity capabilities",
       "continuity capabilities are evaluated for suitability, adequacy and effectiveness",
       {K::kRestoreDrill, K::kFailoverDrill, K::kSimulation}},
      {"DORA (EU) 2022/2554",
       "Art. 11",
       "Response and recovery",
       "ICT business continuity and response and recovery plans are tested",
       {K::kRestoreDrill, K::kFailoverDrill, K::kSimulation}},
      {"DORA (EU) 2022/2554",
       "Art. 12",
       "Backup policies, restoration and recovery",
       "backup, restoration and recovery procedures and methods are periodically tested",
       {K::kRestoreDrill}},
      {"NIST SP 800-34 Rev. 1",
       "3.5",
       "Plan testing, training and exercises",
       "the contingency plan is tested (functional tests, tabletop exercises)",
       {K::kRestoreDrill, K::kFailoverDrill, K::kSimulation}},
  };
  return controls;
}

ControlsReport build_controls(const std::vector<RunRecord>& runs,
                              const std::vector<SimulationEvidence>& simulations, double from_s,
                              double to_s, const std::string& history,
                              const std::function<RunRecord(const RunRecord&)>& complete) {
  ControlsReport out;
  out.from = format_timestamp(from_s, false);
  out.to = format_timestamp(to_s, false);
  out.history = history;
  std::vector<const RunRecord*> ordered;
  for (const auto& r : runs) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](const RunRecord* a, const RunRecord* b) {
    return a->started_at != b->started_at ? a->started_at < b->started_at : a->id < b->id;
  });
  auto in_period = [&](const RunRecord& r) {
    const auto s = parse_timestamp(r.started_at);
    return s && *s >= from_s && *s <= to_s;
  };
  std::map<std::string, std::vector<const RunRecord*>> by_target;  // in the period, in order
  std::vector<std::size_t> run_rows;  // evidence row of each run of the period, as `ordered`
  for (const RunRecord* r : ordered) {
    if (std::find(out.targets.begin(), out.targets.end(), r->target) == out.targets.end()) {
      out.targets.push_back(r->target);
    }
    if (!in_period(*r)) continue;
    by_target[r->target].push_back(r);
    out.evidence.push_back({kind_of(*r), when_of(r->started_at),
                            "drill run " + std::to_string(r->id) + ": " + r->drill + " (" +
                                r->method + ") of " + r->target,
                            outcome_of(complete ? complete(*r) : *r), r->passed()});
  }
  std::sort(out.targets.begin(), out.targets.end());
  for (const auto& s : simulations) {
    const std::string breached =
        std::to_string(s.breached) + " objective" + (s.breached == 1 ? "" : "s") + " breached";
    out.evidence.push_back({K::kSimulation,
                            s.generated_at.empty() ? "not recorded" : s.generated_at,
                            "simulation of " + s.model + " (" + s.file + ")",
                            "done: " + std::to_string(s.scenarios) + " scenario" +
                                (s.scenarios == 1 ? "" : "s") + ", " + breached,
                            true});
  }
  std::stable_sort(out.evidence.begin(), out.evidence.end(),
                   [](const EvidenceRow& a, const EvidenceRow& b) { return a.when < b.when; });
  // The age of each target's last verified restore at the period's end, against its max_age.
  std::vector<RunRecord> until_end;
  for (const RunRecord* r : ordered) {
    if (const auto s = parse_timestamp(r->started_at); s && *s <= to_s) until_end.push_back(*r);
  }
  std::map<std::string, std::string> stale;
  for (const auto& t : target_trends(until_end, to_s, kDefaultLast)) {
    if (!t.stale) continue;
    stale[t.target] =
        t.target + ": " +
        (t.age_s ? "its last verified restore was " + units::format_duration(*t.age_s) +
                       " old at the period's end, over its max_age of " +
                       units::format_duration(t.max_age_s)
                 : std::string("no drill has ever verified a restore of it"));
  }
  for (const auto& control : recovery_controls()) {
    ControlSection section;
    section.control = &control;
    for (std::size_t i = 0; i < out.evidence.size(); ++i) {
      if (accepts(control, out.evidence[i].kind)) section.evidence.push_back(i);
    }
    const bool drills = accepts(control, K::kRestoreDrill) || accepts(control, K::kFailoverDrill);
    for (const auto& target : drills ? out.targets : std::vector<std::string>{}) {
      const RunRecord* last = nullptr;
      for (const RunRecord* r : by_target[target]) {
        if (accepts(control, kind_of(*r))) last = r;
      }
      if (!last) {
        section.gaps.push_back(target + ": no " + drill_kinds(control) + " between " + out.from +
                               " and " + out.to);
      } else if (!last->passed()) {
        section.gaps.push_back(target + ": drill run " + std::to_string(last->id) + " " +
                               last->status + " on " + when_of(last->started_at) +
                               " and no passing run followed in the period");
      }
      if (accepts(control, K::kRestoreDrill) && stale.count(target)) {
        section.gaps.push_back(stale[target]);
      }
    }
    if (section.evidence.empty() && section.gaps.empty()) {
      section.gaps.push_back("no evidence between " + out.from + " and " + out.to);
    }
    section.covered =
        section.gaps.empty() && std::any_of(section.evidence.begin(), section.evidence.end(),
                                            [&](std::size_t i) { return out.evidence[i].passed; });
    out.covered += section.covered ? 1 : 0;
    for (const auto& g : section.gaps) {
      if (std::find(out.gaps.begin(), out.gaps.end(), g) == out.gaps.end()) out.gaps.push_back(g);
    }
    out.controls.push_back(std::move(section));
  }
  return out;
}

}  // namespace drsim::history
