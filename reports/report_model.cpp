#include "reports/report_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "model/units.hpp"

namespace drsim::reports {
namespace {

// Durations as people read them; below a minute, fractions are kept to one decimal because
// live drills measure promotions and restores that take 0.2 s or 1.4 s.
std::string format_duration(double seconds) {
  if (std::isfinite(seconds) && seconds > 0 && seconds < 59.95 &&
      std::fabs(seconds - std::round(seconds)) >= 0.05) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
    return buf;
  }
  return units::format_duration(seconds);
}

// Higher is worse; used to pick the worst verdict of a cell or an objective.
int severity(Verdict v) {
  switch (v) {
    case Verdict::kBreached:
      return 3;
    case Verdict::kMissingPolicy:
      return 2;
    case Verdict::kMet:
      return 1;
    case Verdict::kNotApplicable:
      return 0;
  }
  return 0;
}

// Orders achieved values for "worst": absent (not recovered / no recovery point) is worst.
bool worse_value(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a) return b.has_value();
  return b && *a > *b;
}

std::string achieved_text(ObjectiveKind kind, const std::optional<double>& v) {
  if (v) return format_duration(*v);
  return kind == ObjectiveKind::kRto ? "not recovered" : "no recovery point";
}

std::string objective_message(const ObjectiveResult& o, const std::string& service,
                              const std::string& cls, double horizon_s) {
  // A breach needs no target: a drill whose verification failed has no usable recovery point.
  const std::string target = o.target_s                        ? format_duration(*o.target_s)
                             : o.verdict == Verdict::kBreached ? "none"
                                                               : "";
  const std::string kind = to_string(o.kind);
  switch (o.verdict) {
    case Verdict::kMet:
      return kind + " " + achieved_text(o.kind, o.achieved_s) + " within target " + target;
    case Verdict::kBreached:
      if (!o.achieved_s) {
        return o.kind == ObjectiveKind::kRto
                   ? "rto: not recovered within " + format_duration(horizon_s) + " (target " +
                         target + ")"
                   : "rpo: no usable recovery point (target " + target + ")";
      }
      return kind + " " + format_duration(*o.achieved_s) + " exceeds target " + target;
    case Verdict::kMissingPolicy:
      return "no " + kind + " objective defined for " + (cls.empty() ? "this" : cls) +
             " disruptions (achieved " + achieved_text(o.kind, o.achieved_s) + ")";
    case Verdict::kNotApplicable:
      return kind + " does not apply to " + service;
  }
  return {};
}

std::string time_of_run(double t0_s) {
  // Whole seconds, cut rather than rounded: a worst phase 1 ms before a copy lands must not read
  // as the moment it has landed (the CLI's clock does the same).
  long long s = static_cast<long long>(std::floor(t0_s + 1e-6));
  long long day = s / 86400, rest = s % 86400;
  char buf[64];
  if (rest % 60 != 0) {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", rest / 3600, rest % 3600 / 60,
                  rest % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", rest / 3600, rest % 3600 / 60);
  }
  return day == 0 ? std::string(buf) : "day " + std::to_string(day) + ", " + buf;
}

// The worst case of an RPO objective, for the testcase of a CI report: value and the point used.
std::string worst_line(const WorstRpo& w) {
  std::string what = w.rpo_s ? format_duration(*w.rpo_s) : "no recovery point";
  if (!w.explanation.empty()) {
    // An explanation without a point already starts "no recovery point: <why>".
    what = w.rpo_s || w.explanation.rfind(what, 0) != 0 ? what + " (" + w.explanation + ")"
                                                        : w.explanation;
  }
  return "worst rpo over every fault time: " + what;
}

std::string step_label(const PathStep& p) {
  std::string out = p.name() + " " + format_duration(p.begin_s) + " – " + format_duration(p.end_s);
  if (!p.detail.empty()) out += ": " + p.detail;
  return out;
}

BarRow bar_row(const std::string& service, const ObjectiveRow& o) {
  std::string label = service + ": achieved " + o.achieved + ", target " + o.target + " (" +
                      verdict_text(o.verdict) + ")";
  return {service, o.target_s, o.achieved_s, o.verdict, label};
}

// Breached first, then by achieved value (worst first), then by name: the bars worth seeing.
void sort_bars(std::vector<BarRow>& bars) {
  std::stable_sort(bars.begin(), bars.end(), [](const BarRow& a, const BarRow& b) {
    if (severity(a.verdict) != severity(b.verdict))
      return severity(a.verdict) > severity(b.verdict);
    if (worse_value(a.achieved_s, b.achieved_s)) return true;
    if (worse_value(b.achieved_s, a.achieved_s)) return false;
    return a.service < b.service;
  });
}

// A service appears in the tables when something happened to it or an objective is breached.
bool shown(const TargetResult& t) {
  if (t.down || t.degraded || !t.recovered || t.rpo_s.value_or(1) > 0) return true;
  for (const auto& o : t.objectives) {
    if (o.verdict == Verdict::kBreached) return true;
  }
  return false;
}

// Rows each scenario may draw or list, so the whole report stays within `budget` rows: small
// scenarios get all they need, the big ones share the rest equally (at most `max_each`).
std::vector<std::size_t> share_rows(const std::vector<std::size_t>& needs, std::size_t budget,
                                    std::size_t max_each, std::size_t min_each) {
  std::vector<std::size_t> order(needs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return needs[a] < needs[b]; });
  std::vector<std::size_t> caps(needs.size());
  std::size_t left = budget, remaining = needs.size();
  for (std::size_t i : order) {
    std::size_t fair = std::min(max_each, std::max(min_each, left / remaining));
    caps[i] = std::min(needs[i], fair);
    left -= std::min(left, caps[i]);
    --remaining;
  }
  return caps;
}

struct Caps {
  std::size_t timeline_rows = 0;
  std::size_t bar_rows = 0;  // per objective kind
  std::size_t table_rows = 0;
};

// The timeline's axis runs to the last thing drawn that happened within the horizon; a drawn
// service that is not recovered (or a step still running at the horizon) puts the horizon after
// a break instead of stretching the axis to it, so a 50 min recovery is not a sliver of 3 days.
TimeAxis timeline_axis(const std::vector<TimelineRow>& rows, double horizon_s) {
  double last = 0;
  bool beyond = false;
  for (const auto& row : rows) {
    if (row.rto_s) {
      last = std::max(last, *row.rto_s);
    } else {
      beyond = true;
    }
    for (const auto& b : row.bars) {
      const bool at_horizon = horizon_s > 0 && b.end_s >= horizon_s;
      last = std::max(last, at_horizon ? b.begin_s : b.end_s);
      beyond = beyond || at_horizon;
    }
  }
  return fit_time_axis(last, beyond ? std::optional<double>(horizon_s) : std::nullopt);
}

// The bars' axis runs to the largest achieved value or target drawn.
TimeAxis bars_axis(const std::vector<BarRow>& bars) {
  double last = 0;
  for (const auto& b : bars)
    last = std::max({last, b.achieved_s.value_or(0), b.target_s.value_or(0)});
  return fit_time_axis(last);
}

ScenarioSection build_scenario(std::size_t run, const ScenarioResult& s, ReportModel& report,
                               const Caps& caps, const std::string& currency) {
  ScenarioSection sec;
  const std::size_t section = report.scenarios.size();
  sec.run = run;
  sec.run_label = report.runs[run].label;
  sec.id = s.id;
  sec.name = report.several_runs && sec.run_label != s.id ? sec.run_label + " / " + s.id : s.id;
  sec.cls = s.cls;
  sec.impact = s.impact;
  sec.recovery_process = s.recovery_process;
  sec.data_loss = s.data_loss;
  sec.t0 = time_of_run(s.t0_s);
  sec.horizon = format_duration(s.horizon_s);
  sec.outage = outage_text(s.outages);
  sec.phase = s.phase_note;
  sec.worst_rpo_known = !s.phase_note.empty();
  if (s.trials) {
    sec.trials = trials_text(*s.trials, report.runs[run].seed);
    for (const auto& t : s.services) {
      if (t.trials) sec.trial_rows.push_back(trial_row(t));
    }
  }
  if (s.cost) {
    sec.frequency = frequency_text(s.cost->annual_frequency, s.cost->frequency_assumed);
    sec.outage_cost = money_text(s.cost->total(), currency);
  }
  sec.objectives_begin = report.objectives.size();
  for (const auto& t : s.services) {
    ServiceRow row;
    row.id = t.id;
    bool affected = shown(t);
    row.state = !t.recovered ? "not recovered"
                : t.down     ? "down"
                : t.degraded ? "degraded"
                             : "unaffected";
    sec.down += t.down || !t.recovered;
    sec.degraded += !t.down && t.recovered && t.degraded;
    row.rto = t.rto_s ? format_duration(*t.rto_s) : "not recovered";
    row.rpo = t.rpo_s ? format_duration(*t.rpo_s) : "no recovery point";
    if (sec.worst_rpo_known) row.rpo_worst = worst_rpo_text(t.rpo_worst);
    for (const auto& o : t.objectives) {
      ObjectiveRow orow;
      orow.run = run;
      orow.section = section;
      orow.scenario = sec.name;
      orow.service = t.id;
      orow.kind = o.kind;
      orow.target_s = o.target_s;
      orow.achieved_s = o.achieved_s;
      orow.verdict = o.verdict;
      orow.target = o.target_s ? format_duration(*o.target_s) : "none";
      orow.achieved = o.verdict == Verdict::kNotApplicable && !o.achieved_s
                          ? "-"
                          : achieved_text(o.kind, o.achieved_s);
      orow.message = objective_message(o, t.id, s.cls, s.horizon_s);
      // A failed drill says why where CI shows it first (JUnit's failure message, a table's
      // verdict): "... (target none): verification failed: app/public.items: 10000 rows ...".
      if (s.cls == kDrillRun && o.verdict == Verdict::kBreached && !o.achieved_s &&
          s.impact == Impact::kCatastrophic && !s.data_loss.empty()) {
        orow.message += ": " + s.data_loss;
      }
      if (o.kind == ObjectiveKind::kRpo && t.rpo_worst) orow.worst = worst_line(*t.rpo_worst);
      if (o.verdict == Verdict::kBreached) {
        for (const auto& p : t.path) orow.path += (orow.path.empty() ? "" : "; ") + step_label(p);
      }
      if (severity(o.verdict) > severity(row.worst)) row.worst = o.verdict;
      std::size_t index = report.objectives.size();
      (o.kind == ObjectiveKind::kRto ? row.rto_objective : row.rpo_objective) = index;
      report.objectives.push_back(std::move(orow));
    }
    if (!t.down && !t.degraded && t.recovered) ++sec.unaffected;
    if (!affected) {
      ++sec.hidden_unaffected;
      continue;
    }
    if (!t.path.empty()) {
      TimelineRow tl{t.id, {}, t.recovered ? t.rto_s : std::nullopt};
      for (const auto& p : t.path) {
        tl.bars.push_back({p.kind, p.name(), p.begin_s, p.end_s, p.detail, step_label(p)});
      }
      sec.timeline.push_back(std::move(tl));
    }
    for (auto index : {row.rto_objective, row.rpo_objective}) {
      if (!index) continue;
      const ObjectiveRow& o = report.objectives[*index];
      if (o.verdict == Verdict::kNotApplicable) continue;
      (o.kind == ObjectiveKind::kRto ? sec.rto_bars : sec.rpo_bars).push_back(bar_row(t.id, o));
    }
    sec.services.push_back(std::move(row));
  }
  sec.objectives_end = report.objectives.size();
  if (s.unaffected) {  // a compact result: the services it left out were all unaffected
    sec.unaffected += static_cast<std::size_t>(s.unaffected->count);
    sec.hidden_unaffected += static_cast<std::size_t>(s.unaffected->count);
    sec.compacted = static_cast<std::size_t>(s.unaffected->count);
  }
  if (sec.hidden_unaffected > 0) {
    sec.hidden_note = plural(sec.hidden_unaffected, "other service", "other services") +
                      " unaffected; no objective breached";
  }
  // Worst recoveries first (not recovered on top), so a capped timeline keeps what matters.
  std::stable_sort(
      sec.timeline.begin(), sec.timeline.end(),
      [](const TimelineRow& a, const TimelineRow& b) { return worse_value(a.rto_s, b.rto_s); });
  if (sec.timeline.size() > caps.timeline_rows) {
    sec.timeline_omitted = sec.timeline.size() - caps.timeline_rows;
    sec.timeline.resize(caps.timeline_rows);
  }
  sec.timeline_axis = timeline_axis(sec.timeline, s.horizon_s);
  sort_bars(sec.rto_bars);
  sort_bars(sec.rpo_bars);
  for (auto* bars : {&sec.rto_bars, &sec.rpo_bars}) {
    if (bars->size() > caps.bar_rows) {
      sec.bars_omitted = std::max(sec.bars_omitted, bars->size() - caps.bar_rows);
      bars->resize(caps.bar_rows);
    }
  }
  sec.rto_axis = bars_axis(sec.rto_bars);
  sec.rpo_axis = bars_axis(sec.rpo_bars);
  if (sec.services.size() > caps.table_rows) {
    // Keep every charted service (its numbers must be in a table too), then the worst
    // verdicts; what is cut met its objectives first. Kept rows stay in result order.
    std::unordered_set<std::string> charted;
    for (const auto& row : sec.timeline) charted.insert(row.service);
    for (const auto& bar : sec.rto_bars) charted.insert(bar.service);
    for (const auto& bar : sec.rpo_bars) charted.insert(bar.service);
    std::vector<std::size_t> order(sec.services.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto rank = [&](std::size_t i) {
      return (charted.count(sec.services[i].id) ? 10 : 0) + severity(sec.services[i].worst);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank(a) > rank(b); });
    order.resize(std::max(caps.table_rows, charted.size()));
    std::sort(order.begin(), order.end());
    std::vector<ServiceRow> kept;
    kept.reserve(order.size());
    for (std::size_t i : order) kept.push_back(std::move(sec.services[i]));
    sec.services_omitted = sec.services.size() - kept.size();
    sec.services = std::move(kept);
  }
  return sec;
}

// The disruption classes in the order they first appear, each with its scenarios.
void build_classes(ReportModel& report) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    const std::string& cls = report.scenarios[i].cls;
    auto it = index.emplace(cls, report.classes.size()).first;
    if (it->second == report.classes.size()) {
      report.classes.emplace_back();
      report.classes.back().cls = cls;
    }
    report.classes[it->second].scenarios.push_back(i);
  }
}

// One row per (run, class, service, objective kind): the target that applies differs by class.
void build_compliance(ReportModel& report) {
  std::map<std::string, std::size_t> class_of;
  for (std::size_t i = 0; i < report.classes.size(); ++i) class_of[report.classes[i].cls] = i;
  std::map<std::tuple<std::size_t, std::string, std::string, ObjectiveKind>, std::size_t> index;
  std::vector<const ObjectiveRow*> shown;  // per compliance row: the evidence objective
  for (const auto& o : report.objectives) {
    const std::string& cls = report.scenarios[o.section].cls;
    auto key = std::make_tuple(o.run, cls, o.service, o.kind);
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, report.compliance.size()).first;
      ComplianceRow row;
      row.cls = cls;
      row.service = o.service;
      row.kind = o.kind;
      row.run = o.run;
      report.compliance.push_back(row);
      shown.push_back(nullptr);
    }
    if (o.verdict == Verdict::kNotApplicable) continue;
    ComplianceRow& row = report.compliance[it->second];
    const ObjectiveRow*& evidence = shown[it->second];
    ++row.scenarios;
    row.met += o.verdict == Verdict::kMet;
    row.breached += o.verdict == Verdict::kBreached;
    row.missing += o.verdict == Verdict::kMissingPolicy;
    // The evidence shown is the worst verdict, and among equals the worst achieved value.
    bool worse =
        !evidence || severity(o.verdict) > severity(evidence->verdict) ||
        (o.verdict == evidence->verdict && worse_value(o.achieved_s, evidence->achieved_s));
    if (worse) {
      evidence = &o;
      row.verdict = o.verdict;
      row.worst_scenario = o.scenario;
      row.section = o.section;
      row.target = o.target;
      row.achieved = o.achieved;
    }
  }
  report.compliance.erase(std::remove_if(report.compliance.begin(), report.compliance.end(),
                                         [](const ComplianceRow& r) { return r.scenarios == 0; }),
                          report.compliance.end());
  // Grouped by class; within a class, in the order the objectives first appear.
  std::stable_sort(report.compliance.begin(), report.compliance.end(),
                   [&](const ComplianceRow& a, const ComplianceRow& b) {
                     return class_of[a.cls] < class_of[b.cls];
                   });
  for (std::size_t i = 0; i < report.compliance.size(); ++i) {
    const ComplianceRow& row = report.compliance[i];
    ClassSummary& c = report.classes[class_of[row.cls]];
    if (c.compliance_begin == c.compliance_end) c.compliance_begin = i;
    c.compliance_end = i + 1;
    c.met += row.verdict == Verdict::kMet;
    c.breached += row.verdict == Verdict::kBreached;
    c.missing += row.verdict == Verdict::kMissingPolicy;
    if (severity(row.verdict) > severity(c.verdict)) c.verdict = row.verdict;
  }
}

void build_comparison(ReportModel& report) {
  bool sim = false, drill = false;
  for (const auto& r : report.runs) (r.kind == kDrillRun ? drill : sim) = true;
  if (!sim || !drill) return;
  for (const auto& m : report.objectives) {
    if (report.runs[m.run].kind != kDrillRun || m.verdict == Verdict::kNotApplicable) continue;
    const ObjectiveRow* worst = nullptr;
    for (const auto& p : report.objectives) {
      if (report.runs[p.run].kind == kDrillRun || p.service != m.service || p.kind != m.kind ||
          p.verdict == Verdict::kNotApplicable) {
        continue;
      }
      if (!worst || worse_value(p.achieved_s, worst->achieved_s)) worst = &p;
    }
    ComparisonRow row;
    row.service = m.service;
    row.kind = m.kind;
    row.predicted = worst ? worst->achieved + " (" + worst->scenario + ")" : "not simulated";
    row.measured = m.achieved + " (" + m.scenario + ")";
    row.target = m.target;
    row.measured_verdict = m.verdict;
    report.comparison.push_back(std::move(row));
  }
}

void build_grid(ReportModel& report, const std::vector<const RunResult*>& results,
                const ReportLimits& limits) {
  if (report.scenarios.size() < 2) return;
  Grid& g = report.grid;
  std::map<std::string, std::size_t> column;
  std::vector<std::string> all;
  for (const RunResult* r : results) {
    for (const auto& s : r->scenarios) {
      for (const auto& t : s.services) {
        if (column.emplace(t.id, all.size()).second) all.push_back(t.id);
      }
    }
  }
  std::vector<std::vector<std::optional<Verdict>>> cells;
  std::vector<int> badness(all.size(), 0);
  for (const RunResult* r : results) {
    for (const auto& s : r->scenarios) {
      g.scenarios.push_back(report.scenarios[g.scenarios.size()].name);
      std::vector<std::optional<Verdict>> row(all.size());
      for (const auto& t : s.services) {
        Verdict worst = Verdict::kNotApplicable;
        for (const auto& o : t.objectives) {
          if (severity(o.verdict) > severity(worst)) worst = o.verdict;
        }
        std::size_t c = column[t.id];
        row[c] = worst;
        badness[c] += worst == Verdict::kBreached ? 1000 : worst == Verdict::kMissingPolicy ? 1 : 0;
      }
      cells.push_back(std::move(row));
    }
  }
  // Big runs keep the services with the most breaches (then missing policies), in model order.
  std::vector<std::size_t> keep(all.size());
  for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = i;
  if (keep.size() > limits.grid_columns) {
    std::stable_sort(keep.begin(), keep.end(),
                     [&](std::size_t a, std::size_t b) { return badness[a] > badness[b]; });
    g.services_omitted = keep.size() - limits.grid_columns;
    keep.resize(limits.grid_columns);
    std::sort(keep.begin(), keep.end());
  }
  for (auto c : keep) g.services.push_back(all[c]);
  for (const auto& row : cells) {
    std::vector<std::optional<Verdict>> kept;
    kept.reserve(keep.size());
    for (auto c : keep) kept.push_back(row[c]);
    g.cells.push_back(std::move(kept));
  }
}

}  // namespace

std::string duration_text(double seconds) { return format_duration(seconds); }

std::string percent_text(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", p * 100);
  std::string out = buf;
  if (out == "100.0 %") return p < 1 ? "99.9 %" : "100 %";  // never round a miss away
  if (out == "0.0 %") return p > 0 ? "0.1 %" : "0 %";
  return out;
}

std::string lowest_odds_text(const ScenarioResult& s) {
  if (!s.trials) return "";
  const TargetResult* service = nullptr;
  const ObjectiveOdds* lowest = nullptr;
  for (const auto& t : s.services) {
    if (!t.trials) continue;
    for (const auto& o : t.trials->odds) {
      if (!lowest || o.p_met < lowest->p_met) {
        lowest = &o;
        service = &t;
      }
    }
  }
  if (!lowest) return "-";
  return percent_text(lowest->p_met) + " (" + service->id + " " + upper_name(lowest->kind) + ")";
}

std::vector<std::string> odds_below(const RunResult& run, double min) {
  std::vector<std::string> out;
  for (const auto& s : run.scenarios) {
    for (const auto& t : s.services) {
      if (!t.trials) continue;
      for (const auto& o : t.trials->odds) {  // sorted by kind: RTO, then RPO
        if (o.p_met < min) {
          out.push_back(s.id + " " + t.id + " " + upper_name(o.kind) + " " + odds_text(o));
        }
      }
    }
  }
  return out;
}

std::string odds_text(const ObjectiveOdds& o) {
  return percent_text(o.p_met) + " (" + percent_text(o.ci_low) + " – " + percent_text(o.ci_high) +
         ")";
}

std::string trials_text(const TrialRun& run, long long seed) {
  std::string out = plural(static_cast<std::size_t>(run.count), "trial", "trials") + ", seed " +
                    std::to_string(seed) + "; ";
  out += run.start_span_s > 0
             ? "the fault at a uniform moment of " + format_duration(run.start_span_s) + " from " +
                   time_of_run(run.start_from_s)
             : "the fault at " + time_of_run(run.start_from_s) + " as given";
  out +=
      "; " + plural(static_cast<std::size_t>(run.varying), "value", "values") + " drawn per trial";
  return out;
}

TrialRow trial_row(const TargetResult& t) {
  const TargetTrials& tr = *t.trials;
  TrialRow row;
  row.service = t.id;
  auto pct = [](const std::optional<double>& v, const char* none) {
    return v ? format_duration(*v) : std::string(none);
  };
  row.rto_p50 = pct(tr.rto.p50_s, "not recovered");
  row.rto_p90 = pct(tr.rto.p90_s, "not recovered");
  row.rto_p99 = pct(tr.rto.p99_s, "not recovered");
  row.rto_max = pct(tr.rto.max_s, "not recovered");
  row.rpo_p50 = pct(tr.rpo.p50_s, "no recovery point");
  row.rpo_p90 = pct(tr.rpo.p90_s, "no recovery point");
  row.rpo_p99 = pct(tr.rpo.p99_s, "no recovery point");
  row.rpo_max = pct(tr.rpo.max_s, "no recovery point");
  row.p_rto = row.p_rpo = "-";
  for (const auto& o : tr.odds) {
    (o.kind == ObjectiveKind::kRto ? row.p_rto : row.p_rpo) = odds_text(o);
    (o.kind == ObjectiveKind::kRto ? row.p_rto_only : row.p_rpo_only) = percent_text(o.p_met);
    (o.kind == ObjectiveKind::kRto ? row.rto_target : row.rpo_target) = o.target_s;
  }
  row.affected = std::to_string(tr.affected);
  auto share = [&tr](long long n) {
    return percent_text(static_cast<double>(n) / static_cast<double>(std::max(tr.affected, 1LL)));
  };
  for (const auto& p : tr.paths) {
    std::string steps = p.steps;
    for (std::size_t at = 0; (at = steps.find(' ', at)) != std::string::npos; at += 5) {
      steps.replace(at, 1, " → ");
    }
    row.paths.push_back({share(p.trials), steps});
  }
  if (tr.other_paths > 0) row.paths.push_back({share(tr.other_paths), "other paths"});
  row.rto_percentiles = tr.rto.percentiles_s;
  row.rpo_percentiles = tr.rpo.percentiles_s;
  auto axis = [](const std::vector<std::optional<double>>& ps,
                 const std::optional<double>& target) {
    double last = target.value_or(0);
    for (const auto& v : ps) last = std::max(last, v.value_or(0));
    return fit_time_axis(last);
  };
  row.rto_axis = axis(row.rto_percentiles, row.rto_target);
  row.rpo_axis = axis(row.rpo_percentiles, row.rpo_target);
  row.data_at_risk = !tr.rpo.max_s || *tr.rpo.max_s > 0;
  return row;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string money_text(double amount, const std::string& currency) {
  const long long whole = std::llround(amount);
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return (whole < 0 ? "-" : "") + digits + " " + currency;
}

std::string frequency_text(double per_year, bool assumed) {
  return units::format_frequency(per_year) + (assumed ? " (assumed)" : "");
}

std::string outage_text(const std::vector<FaultOutage>& outages) {
  std::string out;
  for (const auto& o : outages) {
    std::string one = o.duration_s ? format_duration(*o.duration_s) : "does not end by itself";
    if (o.is_default) one += " (default for " + o.cls + ")";
    if (outages.size() > 1) one = o.fault + " " + one;
    out += (out.empty() ? "" : "; ") + one;
  }
  return out;
}

std::string worst_rpo_text(const std::optional<WorstRpo>& worst) {
  if (!worst) return "-";
  return worst->rpo_s ? format_duration(*worst->rpo_s) : "no recovery point";
}

std::string verdict_text(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "met";
    case Verdict::kBreached:
      return "BREACHED";
    case Verdict::kNotApplicable:
      return "n/a";
    case Verdict::kMissingPolicy:
      return "missing policy";
  }
  return "?";
}

const char* verdict_symbol(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "✓";
    case Verdict::kBreached:
      return "✗";
    case Verdict::kNotApplicable:
      return "–";
    case Verdict::kMissingPolicy:
      return "?";
  }
  return "?";
}

const char* upper_name(ObjectiveKind kind) { return kind == ObjectiveKind::kRto ? "RTO" : "RPO"; }

std::string run_kind_text(const std::string& kind) {
  return kind == kDrillRun ? "measured" : "predicted";
}

ReportModel build_report(const std::vector<RunResult>& input, const ReportLimits& limits) {
  // Drills are judged here (judge_drill_failures); a drill's result is one small scenario, so
  // copying it is cheap, and simulations, which can be large, are read in place.
  std::vector<RunResult> judged_drills;
  judged_drills.reserve(input.size());
  std::vector<const RunResult*> results;
  for (const auto& r : input) {
    if (r.kind == kDrillRun) {
      judged_drills.push_back(r);
      judge_drill_failures(judged_drills.back());
      results.push_back(&judged_drills.back());
    } else {
      results.push_back(&r);
    }
  }
  ReportModel report;
  std::vector<std::size_t> chart_needs, table_needs;
  for (const RunResult* r : results) {
    for (const auto& s : r->scenarios) {
      std::size_t charted = 0, listed = 0;
      for (const auto& t : s.services) {
        if (!shown(t)) continue;
        ++listed;
        charted += !t.path.empty();
      }
      chart_needs.push_back(charted);
      table_needs.push_back(listed);
    }
  }
  std::vector<std::size_t> chart_caps = share_rows(
      chart_needs, limits.chart_rows_total, std::max(limits.timeline_rows, limits.bar_rows), 5);
  std::vector<std::size_t> table_caps =
      share_rows(table_needs, limits.table_rows_total, limits.table_rows, 25);
  for (const RunResult* r : results) {
    report.runs.push_back({r->kind, r->model, r->model_source, r->model_checksum, r->tool_version,
                           r->generated_at, r->seed, r->model});
  }
  report.several_runs = report.runs.size() > 1;
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const bool shared =
        std::count_if(report.runs.begin(), report.runs.end(),
                      [&](const RunInfo& o) { return o.model == report.runs[i].model; }) > 1;
    if (shared) report.runs[i].label += " #" + std::to_string(i + 1);
  }
  std::size_t next = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const RunResult& r = *results[i];
    for (const auto& s : r.scenarios) {
      Caps caps{std::min(chart_caps[next], limits.timeline_rows),
                std::min(chart_caps[next], limits.bar_rows), table_caps[next]};
      report.scenarios.push_back(build_scenario(i, s, report, caps, r.currency));
      report.costs = report.costs || s.cost.has_value();
      ++next;
    }
  }
  // Each model and kind once, in the order of the runs ("shop" is not a part of "shop-dr").
  std::string models, kinds;
  std::vector<std::string> seen_models, seen_kinds;
  const auto add_once = [](std::vector<std::string>& seen, std::string& text,
                           const std::string& value, const char* separator) {
    if (std::find(seen.begin(), seen.end(), value) != seen.end()) return;
    seen.push_back(value);
    text += (text.empty() ? "" : separator) + value;
  };
  for (const auto& r : report.runs) {
    add_once(seen_models, models, r.model, ", ");
    add_once(seen_kinds, kinds, r.kind, " and ");
  }
  report.title = "DR report: " + (models.empty() ? std::string("(no runs)") : models) +
                 (kinds.empty() ? "" : " (" + kinds + ")");
  const auto add = [&report](Verdict v, std::size_t n) {
    report.totals.objectives += n;
    (v == Verdict::kMet             ? report.totals.met
     : v == Verdict::kBreached      ? report.totals.breached
     : v == Verdict::kNotApplicable ? report.totals.not_applicable
                                    : report.totals.missing_policy) += n;
  };
  for (const auto& o : report.objectives) add(o.verdict, 1);
  for (const RunResult* r : results) {  // compact results count the objectives they left out
    for (const auto& s : r->scenarios) {
      if (!s.unaffected) continue;
      for (auto kind : {ObjectiveKind::kRto, ObjectiveKind::kRpo}) {
        for (auto v : {Verdict::kMet, Verdict::kBreached, Verdict::kNotApplicable,
                       Verdict::kMissingPolicy}) {
          add(v, static_cast<std::size_t>(s.unaffected->objectives(kind, v)));
        }
      }
    }
  }
  report.any_breached = report.totals.breached > 0;
  build_classes(report);
  build_compliance(report);
  build_comparison(report);
  build_grid(report, results, limits);
  return report;
}

void judge_drill_failures(RunResult& result) {
  if (result.kind != kDrillRun) return;
  for (auto& s : result.scenarios) {
    for (auto& t : s.services) {
      if (s.impact != Impact::kCatastrophic && t.recovered) continue;
      t.rpo_s.reset();
      bool has_rpo = false;
      for (auto& o : t.objectives) {
        if (o.kind == ObjectiveKind::kRpo) {
          has_rpo = true;
          o.achieved_s.reset();  // a failed restore is no usable recovery point
          o.verdict = Verdict::kBreached;
        } else if (!t.recovered) {
          o.achieved_s.reset();
          o.verdict = Verdict::kBreached;
        }
      }
      if (!has_rpo) {
        t.objectives.push_back(
            {ObjectiveKind::kRpo, std::nullopt, std::nullopt, Verdict::kBreached});
      }
    }
  }
}

ReportModel build_report(const RunResult& result, const ReportLimits& limits) {
  return build_report(std::vector<RunResult>{result}, limits);
}

}  // namespace drsim::reports
