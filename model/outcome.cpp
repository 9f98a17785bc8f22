#include "model/outcome.hpp"

namespace drsim {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "met";
    case Verdict::kBreached:
      return "breached";
    case Verdict::kNotApplicable:
      return "not_applicable";
    case Verdict::kMissingPolicy:
      return "missing_policy";
  }
  return "?";
}

const char* to_string(Impact v) {
  switch (v) {
    case Impact::kNone:
      return "none";
    case Impact::kLimited:
      return "limited";
    case Impact::kSevere:
      return "severe";
    case Impact::kCatastrophic:
      return "catastrophic";
  }
  return "?";
}

const char* to_string(StepKind v) {
  switch (v) {
    case StepKind::kDetect:
      return "detect";
    case StepKind::kPage:
      return "page";
    case StepKind::kRespond:
      return "respond";
    case StepKind::kDecide:
      return "decide";
    case StepKind::kPromote:
      return "promote";
    case StepKind::kReplace:
      return "replace";
    case StepKind::kScaleUp:
      return "scale_up";
    case StepKind::kRebuild:
      return "rebuild";
    case StepKind::kRetrieve:
      return "retrieve";
    case StepKind::kRestore:
      return "restore";
    case StepKind::kReplay:
      return "replay";
    case StepKind::kDns:
      return "dns";
    case StepKind::kWait:
      return "wait";
    case StepKind::kDrain:
      return "drain";
    case StepKind::kQueue:
      return "queue";
    case StepKind::kDepends:
      return "depends";
    case StepKind::kRideThrough:
      return "ride_through";
    case StepKind::kBlocked:
      return "blocked";
    case StepKind::kDown:
      return "down";
    case StepKind::kResync:
      return "resync";
    case StepKind::kNoHotSpare:
      return "no_hot_spare";
    case StepKind::kFailbackSync:
      return "failback_sync";
    case StepKind::kFailback:
      return "failback";
    case StepKind::kDrill:
      return "drill";
  }
  return "?";
}

const char* to_string(ObjectiveKind v) { return v == ObjectiveKind::kRto ? "rto" : "rpo"; }

bool parse_objective_kind(const std::string& text, ObjectiveKind& out) {
  for (auto v : {ObjectiveKind::kRto, ObjectiveKind::kRpo}) {
    if (text == to_string(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

const char* to_string(FaultPhase v) {
  switch (v) {
    case FaultPhase::kGiven:
      return "given";
    case FaultPhase::kWorst:
      return "worst";
    case FaultPhase::kNoDataAtRisk:
      return "no_data_at_risk";
  }
  return "?";
}

bool parse_fault_phase(const std::string& text, FaultPhase& out) {
  for (auto v : {FaultPhase::kGiven, FaultPhase::kWorst, FaultPhase::kNoDataAtRisk}) {
    if (text == to_string(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

std::string PathStep::name() const {
  return kind == StepKind::kDrill ? drill_step : to_string(kind);
}

PathStep step_named(const std::string& name) {
  PathStep p;
  for (int k = 0; k < static_cast<int>(StepKind::kDrill); ++k) {
    if (name == to_string(static_cast<StepKind>(k))) {
      p.kind = static_cast<StepKind>(k);
      return p;
    }
  }
  p.drill_step = name;
  return p;
}

bool parse_verdict(const std::string& text, Verdict& out) {
  for (auto v :
       {Verdict::kMet, Verdict::kBreached, Verdict::kNotApplicable, Verdict::kMissingPolicy}) {
    if (text == to_string(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

bool parse_impact(const std::string& text, Impact& out) {
  for (auto v : {Impact::kNone, Impact::kLimited, Impact::kSevere, Impact::kCatastrophic}) {
    if (text == to_string(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

ObjectiveResult judge(ObjectiveKind kind, std::optional<double> target,
                      std::optional<double> achieved, bool applicable) {
  ObjectiveResult r{kind, target, achieved, Verdict::kMissingPolicy};
  if (!applicable) {
    r.verdict = Verdict::kNotApplicable;
  } else if (target) {
    r.verdict = achieved && *achieved <= *target ? Verdict::kMet : Verdict::kBreached;
  }
  return r;
}

bool untouched(const TargetResult& t) {
  return !t.down && !t.degraded && t.recovered && t.rto_s == 0.0 && t.rpo_s == 0.0 &&
         !t.rpo_worst && t.path.empty() && !t.trials;
}

void compact(ScenarioResult& s) {
  UnaffectedServices u = s.unaffected.value_or(UnaffectedServices{});
  auto kept = s.services.begin();
  for (auto& t : s.services) {
    if (!untouched(t)) {
      if (&*kept != &t) *kept = std::move(t);
      ++kept;
      continue;
    }
    ++u.count;
    for (const auto& o : t.objectives) {
      ++u.verdicts[static_cast<int>(o.kind)][static_cast<int>(o.verdict)];
    }
  }
  s.services.erase(kept, s.services.end());
  s.services.shrink_to_fit();
  s.unaffected = u;
}

bool any_breached(const ScenarioResult& s) {
  if (s.unaffected && s.unaffected->breached() > 0) return true;
  for (const auto& t : s.services) {
    for (const auto& o : t.objectives) {
      if (o.verdict == Verdict::kBreached) return true;
    }
  }
  return false;
}

bool any_breached(const RunResult& r) {
  for (const auto& s : r.scenarios) {
    if (any_breached(s)) return true;
  }
  return false;
}

}  // namespace drsim
