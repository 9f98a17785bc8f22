#include "engine/core/continuity.hpp"

#include <algorithm>
#include <map>

#include "model/units.hpp"

namespace drsim::engine {

Impact continuity_impact(const std::vector<ServiceOutcome>& services) {
  Impact worst = Impact::kNone;
  auto raise = [&worst](Impact i) { worst = std::max(worst, i); };
  for (const auto& s : services) {
    if (s.no_recovery_point) raise(Impact::kCatastrophic);
    if (!s.user_facing) continue;
    if (s.down && !s.recovered) raise(Impact::kCatastrophic);
    if (s.down) raise(Impact::kSevere);
    if (s.degraded) raise(Impact::kLimited);
  }
  return worst;
}

std::vector<ObjectiveResult> judge_service(const model::Objectives& objectives,
                                           const model::Service& service,
                                           model::DisruptionClass cls, std::optional<double> rto_s,
                                           std::optional<double> rpo_s) {
  std::vector<ObjectiveResult> out;
  judge_service(objectives, service, cls, rto_s, rpo_s, out);
  return out;
}

void judge_service(const model::Objectives& objectives, const model::Service& service,
                   model::DisruptionClass cls, std::optional<double> rto_s,
                   std::optional<double> rpo_s, std::vector<ObjectiveResult>& out) {
  out.clear();
  // A third party's recovery is not the estate's to judge unless the model sets a target for
  // that service itself (an SLA); its effect shows on the services that depend on it.
  if (service.kind == model::ServiceKind::kExternal) {
    auto own = objectives.services.find(service.id);
    if (own == objectives.services.end() || !own->second.count(cls)) {
      out.push_back(judge(ObjectiveKind::kRto, std::nullopt, rto_s, false));
      out.push_back(judge(ObjectiveKind::kRpo, std::nullopt, rpo_s, false));
      return;
    }
  }
  auto o = objectives.find(service.id, cls);
  std::optional<double> rto_target = o ? o->rto : std::nullopt;
  std::optional<double> rpo_target = o ? o->rpo : std::nullopt;
  out.push_back(judge(ObjectiveKind::kRto, rto_target, rto_s, true));
  out.push_back(judge(ObjectiveKind::kRpo, rpo_target,
                      service.stateful() ? rpo_s : std::optional<double>(0.0), service.stateful()));
}

namespace {

// The step kinds that name a recovery action, in the order they are listed, with their phrase.
const std::vector<std::pair<StepKind, const char*>>& action_phrases() {
  static const std::vector<std::pair<StepKind, const char*>> k = {
      {StepKind::kPromote, "failover to standby"},
      {StepKind::kReplace, "replace instances in surviving zones"},
      {StepKind::kScaleUp, "scale up standby or surviving capacity"},
      {StepKind::kRebuild, "rebuild from IaC"},
      {StepKind::kRetrieve, "retrieve backup from cold tier"},
      {StepKind::kRestore, "restore from backup"},
      {StepKind::kDns, "switch DNS"},
      {StepKind::kWait, "wait until the outage ends"},
      {StepKind::kDrain, "queued work replayed"},
      {StepKind::kFailback, "fail back home"},
  };
  return k;
}

std::string list_ids(const std::vector<std::string>& ids) {
  std::string out;
  const std::size_t kShown = 3;
  for (std::size_t i = 0; i < ids.size() && i < kShown; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > kShown) out += " +" + std::to_string(ids.size() - kShown) + " more";
  return out;
}

}  // namespace

std::string recovery_process(const std::vector<TargetResult>& services,
                             const std::vector<std::string>& notes) {
  std::map<StepKind, std::vector<std::string>> by_step;
  for (const auto& s : services) {
    for (const auto& p : s.path) {
      auto& ids = by_step[p.kind];
      if (ids.empty() || ids.back() != s.id) ids.push_back(s.id);
    }
  }
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
  for (const auto& [step, phrase] : action_phrases()) {
    auto it = by_step.find(step);
    if (it == by_step.end()) continue;
    if (!out.empty()) out += "; ";
    out += std::string(phrase) + " (" + list_ids(it->second) + ")";
  }
  bool unrecovered = std::any_of(services.begin(), services.end(),
                                 [](const TargetResult& t) { return !t.recovered; });
  if (unrecovered) {
    std::vector<std::string> ids;
    for (const auto& s : services) {
      if (!s.recovered) ids.push_back(s.id);
    }
    out += std::string(out.empty() ? "" : "; ") + "not recovered within the horizon (" +
           list_ids(ids) + ")";
  }
  return out.empty() ? "no recovery needed" : out;
}

std::string data_loss(const std::vector<TargetResult>& services,
                      const std::vector<bool>& stateful) {
  std::vector<std::string> lost_all;
  double worst = 0;
  std::vector<std::string> worst_ids;
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (i >= stateful.size() || !stateful[i]) continue;
    const auto& s = services[i];
    if (!s.rpo_s) {
      lost_all.push_back(s.id);
    } else if (*s.rpo_s > worst) {
      worst = *s.rpo_s;
      worst_ids = {s.id};
    } else if (*s.rpo_s == worst && worst > 0) {
      worst_ids.push_back(s.id);
    }
  }
  std::string out;
  if (!lost_all.empty()) out = "no usable recovery point (" + list_ids(lost_all) + ")";
  if (worst > 0) {
    out += std::string(out.empty() ? "" : "; ") + "up to " + units::format_duration(worst) + " (" +
           list_ids(worst_ids) + ")";
  }
  return out.empty() ? "none" : out;
}

}  // namespace drsim::engine
