#include "reports/report_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <unordered_map>
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

BarRow bar_row(const ObjectiveRow& o) {
  std::string label = o.service + ": achieved " + o.achieved + ", target " + o.target + " (" +
                      verdict_text(o.verdict) + ")";
  return {o.service, o.target_s, o.achieved_s, o.verdict, label};
}

// Breached first, then by achieved value (worst first), then by name: the bars worth seeing.
// `bars` index `rows`.
void sort_bars(std::vector<std::size_t>& bars, const std::vector<ObjectiveRow>& rows) {
  std::stable_sort(bars.begin(), bars.end(), [&rows](std::size_t i, std::size_t j) {
    const ObjectiveRow* a = &rows[i];
    const ObjectiveRow* b = &rows[j];
    if (severity(a->verdict) != severity(b->verdict))
      return severity(a->verdict) > severity(b->verdict);
    if (worse_value(a->achieved_s, b->achieved_s)) return true;
    if (worse_value(b->achieved_s, a->achieved_s)) return false;
    return a->service < b->service;
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

void count(Totals& totals, Verdict v, std::size_t n) {
  totals.objectives += n;
  (v == Verdict::kMet             ? totals.met
   : v == Verdict::kBreached      ? totals.breached
   : v == Verdict::kNotApplicable ? totals.not_applicable
                                  : totals.missing_policy) += n;
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

// Everything of a scenario's section that does not depend on the scenarios before it; the
// charts' rows are sorted worst first and worded only up to the per-scenario caps of `limits`.
ScenarioDraft draft_scenario(std::size_t run, const ScenarioResult& s, const ReportModel& report,
                             const ReportLimits& limits, const std::string& currency) {
  ScenarioDraft draft;
  ScenarioSection& sec = draft.section;
  draft.run = run;
  draft.horizon_s = s.horizon_s;
  draft.cost = s.cost.has_value();
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
  // What may be charted, worded once the caps have chosen what is drawn.
  struct Charted {
    const TargetResult* service;
    std::optional<double> rto_s;  // none: not recovered
  };
  std::vector<Charted> timeline;
  std::vector<std::size_t> rto_bars, rpo_bars;  // indexes into sec.objectives
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
      orow.run = run;  // its section is set by add()
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
      std::size_t index = sec.objectives.size();
      (o.kind == ObjectiveKind::kRto ? row.rto_objective : row.rpo_objective) = index;
      sec.objectives.push_back(std::move(orow));
    }
    draft.grid.emplace_back(t.id, row.worst);
    if (!t.down && !t.degraded && t.recovered) ++sec.unaffected;
    if (!affected) {
      ++sec.hidden_unaffected;
      continue;
    }
    if (!t.path.empty()) timeline.push_back({&t, t.recovered ? t.rto_s : std::nullopt});
    for (auto index : {row.rto_objective, row.rpo_objective}) {
      if (!index) continue;
      const ObjectiveRow& o = sec.objectives[*index];
      if (o.verdict == Verdict::kNotApplicable) continue;
      (o.kind == ObjectiveKind::kRto ? rto_bars : rpo_bars).push_back(*index);
    }
    sec.services.push_back(std::move(row));
  }
  if (s.unaffected) {  // a compact result: the services it left out were all unaffected
    sec.unaffected += static_cast<std::size_t>(s.unaffected->count);
    sec.hidden_unaffected += static_cast<std::size_t>(s.unaffected->count);
    sec.compacted = static_cast<std::size_t>(s.unaffected->count);
    for (auto kind : {ObjectiveKind::kRto, ObjectiveKind::kRpo}) {
      for (auto v :
           {Verdict::kMet, Verdict::kBreached, Verdict::kNotApplicable, Verdict::kMissingPolicy}) {
        count(draft.unlisted, v, static_cast<std::size_t>(s.unaffected->objectives(kind, v)));
      }
    }
  }
  if (sec.hidden_unaffected > 0) {
    sec.hidden_note = plural(sec.hidden_unaffected, "other service", "other services") +
                      " unaffected; no objective breached";
  }
  // Worst recoveries first (not recovered on top), so a capped timeline keeps what matters; the
  // rows are worded only for what a scenario may draw.
  std::stable_sort(timeline.begin(), timeline.end(), [](const Charted& a, const Charted& b) {
    return worse_value(a.rto_s, b.rto_s);
  });
  draft.timeline_needed = timeline.size();
  timeline.resize(std::min(timeline.size(), limits.timeline_rows));
  for (const Charted& c : timeline) {
    TimelineRow tl{c.service->id, {}, c.rto_s};
    for (const auto& p : c.service->path) {
      tl.bars.push_back({p.kind, p.name(), p.begin_s, p.end_s, p.detail, step_label(p)});
    }
    sec.timeline.push_back(std::move(tl));
  }
  draft.rto_bars_needed = rto_bars.size();
  draft.rpo_bars_needed = rpo_bars.size();
  for (auto [bars, rows] :
       {std::make_pair(&rto_bars, &sec.rto_bars), std::make_pair(&rpo_bars, &sec.rpo_bars)}) {
    sort_bars(*bars, sec.objectives);
    bars->resize(std::min(bars->size(), limits.bar_rows));
    for (std::size_t i : *bars) rows->push_back(bar_row(sec.objectives[i]));
  }
  return draft;
}

// Cuts a drafted section to `caps`: the charts to their rows and axes fitted to what is drawn, the
// tables to the charted services and then the worst verdicts.
void cap_section(ScenarioDraft& draft, const Caps& caps) {
  ScenarioSection& sec = draft.section;
  if (draft.timeline_needed > caps.timeline_rows) {
    sec.timeline_omitted = draft.timeline_needed - caps.timeline_rows;
    sec.timeline.resize(std::min(sec.timeline.size(), caps.timeline_rows));
  }
  sec.timeline_axis = timeline_axis(sec.timeline, draft.horizon_s);
  for (auto [rows, needed] : {std::make_pair(&sec.rto_bars, draft.rto_bars_needed),
                              std::make_pair(&sec.rpo_bars, draft.rpo_bars_needed)}) {
    if (needed > caps.bar_rows) {
      sec.bars_omitted = std::max(sec.bars_omitted, needed - caps.bar_rows);
      rows->resize(std::min(rows->size(), caps.bar_rows));
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
    std::vector<int> rank(sec.services.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
      rank[i] = (charted.count(sec.services[i].id) ? 10 : 0) + severity(sec.services[i].worst);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
    order.resize(std::max(caps.table_rows, charted.size()));
    std::sort(order.begin(), order.end());
    std::vector<ServiceRow> kept;
    kept.reserve(order.size());
    for (std::size_t i : order) kept.push_back(std::move(sec.services[i]));
    sec.services_omitted = sec.services.size() - kept.size();
    sec.services = std::move(kept);
  }
}

// How a verdict is kept in a packed grid cell (GridCells).
constexpr std::uint32_t kVerdictBits = 2;

// Each model and kind once, in the order of the runs ("shop" is not a part of "shop-dr").
std::string title_of(const std::vector<RunInfo>& runs) {
  std::string models, kinds;
  std::vector<std::string> seen_models, seen_kinds;
  const auto add_once = [](std::vector<std::string>& seen, std::string& text,
                           const std::string& value, const char* separator) {
    if (std::find(seen.begin(), seen.end(), value) != seen.end()) return;
    seen.push_back(value);
    text += (text.empty() ? "" : separator) + value;
  };
  for (const auto& r : runs) {
    add_once(seen_models, models, r.model, ", ");
    add_once(seen_kinds, kinds, r.kind, " and ");
  }
  return "DR report: " + (models.empty() ? std::string("(no runs)") : models) +
         (kinds.empty() ? "" : " (" + kinds + ")");
}

// The worst simulated outcome of one service objective so far, for predicted vs measured.
struct Predicted {
  std::optional<double> achieved_s;
  std::string text;  // "24 h 10 min (region:eu-west-1)"
};

}  // namespace

// What finish() completes, added up scenario by scenario.
struct ReportBuilder::Sums {
  std::size_t chart_left = 0, table_left = 0;   // what is left of the report's row budgets
  std::map<std::string, std::size_t> class_of;  // class -> index into ReportModel::classes
  // One compliance row per (run, class, service, objective kind), in the order they first
  // appear, with the achieved value of its evidence (the worst so far). Per (run, class) and
  // service, the row of each kind (RTO, RPO) plus one; 0 for none yet.
  std::map<std::pair<std::size_t, std::string>,
           std::unordered_map<std::string, std::array<std::size_t, 2>>>
      compliance_of;
  std::vector<ComplianceRow> compliance;
  std::vector<std::optional<double>> evidence_s;
  // Predicted vs measured, when simulations and drills are reported together: the worst
  // simulated value per (service, kind), and every drill objective.
  bool compare = false;
  std::map<std::pair<std::string, ObjectiveKind>, Predicted> predicted;
  std::vector<ObjectiveRow> measured;
  // The grid: services in the order they first appear, how bad each is, and per scenario its
  // services' worst verdicts, a cell each (column << kVerdictBits | verdict).
  std::unordered_map<std::string, std::size_t> column_of;
  std::vector<std::string> columns;
  std::vector<int> badness;
  std::vector<std::vector<std::uint32_t>> cells;
};

ReportBuilder::ReportBuilder(const std::vector<const RunResult*>& runs, const ReportLimits& limits,
                             bool keep_rows)
    : limits_(limits), keep_rows_(keep_rows), sums_(std::make_unique<Sums>()) {
  for (const RunResult* r : runs) {
    report_.runs.push_back({r->kind, r->model, r->model_source, r->model_checksum, r->tool_version,
                            r->generated_at, r->seed, r->model});
    currencies_.push_back(r->currency);
  }
  report_.several_runs = report_.runs.size() > 1;
  for (std::size_t i = 0; i < report_.runs.size(); ++i) {
    const bool shared =
        std::count_if(report_.runs.begin(), report_.runs.end(),
                      [&](const RunInfo& o) { return o.model == report_.runs[i].model; }) > 1;
    if (shared) report_.runs[i].label += " #" + std::to_string(i + 1);
  }
  report_.title = title_of(report_.runs);
  bool sim = false, drill = false;
  for (const auto& r : report_.runs) (r.kind == kDrillRun ? drill : sim) = true;
  sums_->compare = sim && drill;
  sums_->chart_left = limits.chart_rows_total;
  sums_->table_left = limits.table_rows_total;
}

ReportBuilder::~ReportBuilder() = default;

ScenarioDraft ReportBuilder::draft(std::size_t run, const ScenarioResult& input) const {
  // A drill's result is one small scenario: judging a copy is cheap; simulations, which can be
  // large, are read in place.
  if (report_.runs.at(run).kind == kDrillRun) {
    ScenarioResult judged = input;
    judge_drill_scenario(judged);
    return draft_scenario(run, judged, report_, limits_, currencies_[run]);
  }
  return draft_scenario(run, input, report_, limits_, currencies_[run]);
}

const ScenarioSection& ReportBuilder::add(std::size_t run, const ScenarioResult& scenario) {
  return add(draft(run, scenario));
}

const ScenarioSection& ReportBuilder::add(ScenarioDraft&& draft) {
  Sums& sums = *sums_;
  if (!keep_rows_ && !report_.scenarios.empty()) {
    // Written by now: keep what names and sums up the section, not its rows.
    ScenarioSection& last = report_.scenarios.back();
    std::vector<ServiceRow>().swap(last.services);
    std::vector<TimelineRow>().swap(last.timeline);
    std::vector<BarRow>().swap(last.rto_bars);
    std::vector<BarRow>().swap(last.rpo_bars);
    std::vector<TrialRow>().swap(last.trial_rows);
    std::vector<ObjectiveRow>().swap(last.objectives);
  }
  // The rows it may draw and list: what it needs up to the caps while the report's budget
  // lasts, then the minimum.
  const std::size_t charted = draft.timeline_needed, listed = draft.section.services.size();
  const std::size_t chart_cap = std::min(std::max(limits_.timeline_rows, limits_.bar_rows),
                                         std::max(limits_.chart_rows_min, sums.chart_left));
  const std::size_t table_cap =
      std::min(limits_.table_rows, std::max(limits_.table_rows_min, sums.table_left));
  sums.chart_left -= std::min(sums.chart_left, std::min(charted, chart_cap));
  sums.table_left -= std::min(sums.table_left, std::min(listed, table_cap));
  cap_section(draft, {std::min(chart_cap, limits_.timeline_rows),
                      std::min(chart_cap, limits_.bar_rows), table_cap});
  const std::size_t index = report_.scenarios.size();
  for (auto& o : draft.section.objectives) o.section = index;
  report_.scenarios.push_back(std::move(draft.section));
  const ScenarioSection& sec = report_.scenarios.back();
  const std::size_t run = sec.run;
  report_.costs = report_.costs || draft.cost;

  auto cls = sums.class_of.emplace(sec.cls, report_.classes.size()).first;
  if (cls->second == report_.classes.size()) {
    report_.classes.emplace_back();
    report_.classes.back().cls = sec.cls;
  }
  report_.classes[cls->second].scenarios.push_back(index);

  for (const auto& o : sec.objectives) {
    count(report_.listed, o.verdict, 1);
    count(report_.totals, o.verdict, 1);
  }
  // Compact results count the objectives they left out.
  for (Verdict v :
       {Verdict::kMet, Verdict::kBreached, Verdict::kNotApplicable, Verdict::kMissingPolicy}) {
    const Totals& u = draft.unlisted;
    count(report_.totals, v,
          v == Verdict::kMet             ? u.met
          : v == Verdict::kBreached      ? u.breached
          : v == Verdict::kNotApplicable ? u.not_applicable
                                         : u.missing_policy);
  }

  // Compliance: one row per (run, class, service, objective kind), because the target that
  // applies differs by class; its evidence is the worst verdict, among equals the worst value.
  auto& rows_of = sums.compliance_of[{run, sec.cls}];
  for (const auto& o : sec.objectives) {
    auto it = rows_of.find(o.service);
    if (it == rows_of.end()) it = rows_of.emplace(o.service, std::array<std::size_t, 2>{}).first;
    std::size_t& slot = it->second[o.kind == ObjectiveKind::kRto ? 0 : 1];
    if (slot == 0) {
      ComplianceRow row;
      row.cls = sec.cls;
      row.service = o.service;
      row.kind = o.kind;
      row.run = o.run;
      sums.compliance.push_back(std::move(row));
      sums.evidence_s.emplace_back();
      slot = sums.compliance.size();
    }
    if (o.verdict == Verdict::kNotApplicable) continue;
    ComplianceRow& row = sums.compliance[slot - 1];
    std::optional<double>& evidence_s = sums.evidence_s[slot - 1];
    const bool first = row.scenarios == 0;
    ++row.scenarios;
    row.met += o.verdict == Verdict::kMet;
    row.breached += o.verdict == Verdict::kBreached;
    row.missing += o.verdict == Verdict::kMissingPolicy;
    const bool worse = first || severity(o.verdict) > severity(row.verdict) ||
                       (o.verdict == row.verdict && worse_value(o.achieved_s, evidence_s));
    if (worse) {
      evidence_s = o.achieved_s;
      row.verdict = o.verdict;
      row.worst_scenario = o.scenario;
      row.section = o.section;
      row.target = o.target;
      row.achieved = o.achieved;
    }
  }

  if (sums.compare) {
    const bool drill = report_.runs[run].kind == kDrillRun;
    for (const auto& o : sec.objectives) {
      if (o.verdict == Verdict::kNotApplicable) continue;
      if (drill) {
        sums.measured.push_back(o);
        continue;
      }
      auto [it, added] = sums.predicted.try_emplace({o.service, o.kind});
      if (added || worse_value(o.achieved_s, it->second.achieved_s)) {
        it->second = {o.achieved_s, o.achieved + " (" + o.scenario + ")"};
      }
    }
  }

  // The grid: the worst verdict of each service the scenario lists.
  std::vector<std::uint32_t> cells;
  cells.reserve(draft.grid.size());
  for (const auto& [service, worst] : draft.grid) {
    auto col = sums.column_of.find(service);
    if (col == sums.column_of.end()) {
      col = sums.column_of.emplace(service, sums.columns.size()).first;
      sums.columns.push_back(service);
      sums.badness.push_back(0);
    }
    sums.badness[col->second] += worst == Verdict::kBreached        ? 1000
                                 : worst == Verdict::kMissingPolicy ? 1
                                                                    : 0;
    cells.push_back(static_cast<std::uint32_t>(col->second << kVerdictBits) |
                    static_cast<std::uint32_t>(worst));
  }
  sums.cells.push_back(std::move(cells));
  return sec;
}

const ReportModel& ReportBuilder::finish() {
  Sums& sums = *sums_;
  if (!keep_rows_ && !report_.scenarios.empty()) {
    ScenarioSection& last = report_.scenarios.back();
    std::vector<ObjectiveRow>().swap(last.objectives);
  }
  report_.any_breached = report_.totals.breached > 0;

  // Compliance rows that judged something, grouped by class; within a class, in the order the
  // objectives first appear.
  std::vector<ComplianceRow>& rows = report_.compliance;
  rows.clear();
  for (auto& row : sums.compliance) {
    if (row.scenarios > 0) rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const ComplianceRow& a, const ComplianceRow& b) {
    return sums.class_of[a.cls] < sums.class_of[b.cls];
  });
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ComplianceRow& row = rows[i];
    ClassSummary& c = report_.classes[sums.class_of[row.cls]];
    if (c.compliance_begin == c.compliance_end) c.compliance_begin = i;
    c.compliance_end = i + 1;
    c.met += row.verdict == Verdict::kMet;
    c.breached += row.verdict == Verdict::kBreached;
    c.missing += row.verdict == Verdict::kMissingPolicy;
    if (severity(row.verdict) > severity(c.verdict)) c.verdict = row.verdict;
  }

  for (const auto& m : sums.measured) {
    auto it = sums.predicted.find({m.service, m.kind});
    ComparisonRow row;
    row.service = m.service;
    row.kind = m.kind;
    row.predicted = it == sums.predicted.end() ? "not simulated" : it->second.text;
    row.measured = m.achieved + " (" + m.scenario + ")";
    row.target = m.target;
    row.measured_verdict = m.verdict;
    report_.comparison.push_back(std::move(row));
  }

  if (report_.scenarios.size() >= 2) {
    // Big runs keep the services with the most breaches (then missing policies), in the order
    // they first appear.
    Grid& g = report_.grid;
    std::vector<std::size_t> keep(sums.columns.size());
    for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = i;
    if (keep.size() > limits_.grid_columns) {
      std::stable_sort(keep.begin(), keep.end(), [&](std::size_t a, std::size_t b) {
        return sums.badness[a] > sums.badness[b];
      });
      g.services_omitted = keep.size() - limits_.grid_columns;
      keep.resize(limits_.grid_columns);
      std::sort(keep.begin(), keep.end());
    }
    std::vector<std::size_t> kept_at(sums.columns.size(), keep.size());
    for (std::size_t k = 0; k < keep.size(); ++k) {
      kept_at[keep[k]] = k;
      g.services.push_back(sums.columns[keep[k]]);
    }
    for (std::size_t i = 0; i < report_.scenarios.size(); ++i) {
      g.scenarios.push_back(report_.scenarios[i].name);
      std::vector<std::optional<Verdict>> row(keep.size());
      for (std::uint32_t cell : sums.cells[i]) {
        const std::size_t k = kept_at[cell >> kVerdictBits];
        if (k < keep.size()) row[k] = static_cast<Verdict>(cell & ((1u << kVerdictBits) - 1));
      }
      g.cells.push_back(std::move(row));
    }
  }
  sums_ = std::make_unique<Sums>();
  return report_;
}

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
  std::vector<const RunResult*> runs;
  for (const auto& r : input) runs.push_back(&r);
  ReportBuilder builder(runs, limits, true);
  for (std::size_t i = 0; i < input.size(); ++i) {
    for (const auto& s : input[i].scenarios) builder.add(i, s);
  }
  builder.finish();
  return builder.take();
}

void judge_drill_scenario(ScenarioResult& s) {
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
      t.objectives.push_back({ObjectiveKind::kRpo, std::nullopt, std::nullopt, Verdict::kBreached});
    }
  }
}

void judge_drill_failures(RunResult& result) {
  if (result.kind != kDrillRun) return;
  for (auto& s : result.scenarios) judge_drill_scenario(s);
}

ReportModel build_report(const RunResult& result, const ReportLimits& limits) {
  return build_report(std::vector<RunResult>{result}, limits);
}

}  // namespace drsim::reports
