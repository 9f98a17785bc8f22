// Scenario-level judgements of DESIGN.md §4: the continuity impact (none / limited / severe /
// catastrophic, counting user-facing services), the objective verdicts of one service, and the
// one-line "recovery process" and "data loss" summaries architects put in their DR tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/outcome.hpp"

namespace drsim::engine {

// What the impact rule needs to know about one service after a scenario.
struct ServiceOutcome {
  bool user_facing = true;         // false also for external services: the estate does not run them
  bool down = false;               // down at some point
  bool degraded = false;           // degraded (and never down)
  bool recovered = true;           // up again by the horizon
  bool no_recovery_point = false;  // a data set had to be recovered and nothing usable survived
};

// none: nothing user-facing down or degraded; limited: user-facing services only degraded;
// severe: some went down and all recovered within the horizon; catastrophic: a user-facing
// service not recovered, or any data set without a usable recovery point.
Impact continuity_impact(const std::vector<ServiceOutcome>& services);

// Verdicts for the RTO and RPO objectives of `service` under disruption class `cls` (seconds);
// the RPO is not applicable to a stateless service; absent objectives are missing_policy. An
// external (third-party) service is judged only against objectives set for it by name.
std::vector<ObjectiveResult> judge_service(const model::Objectives& objectives,
                                           const model::Service& service,
                                           model::DisruptionClass cls, std::optional<double> rto_s,
                                           std::optional<double> rpo_s);
// The same into `out` (overwritten), which keeps its allocation from run to run (trials).
void judge_service(const model::Objectives& objectives, const model::Service& service,
                   model::DisruptionClass cls, std::optional<double> rto_s,
                   std::optional<double> rpo_s, std::vector<ObjectiveResult>& out);

// One line naming the recovery actions taken, with the services they served, e.g.
// "failover to standby (orders-db); rebuild from IaC (api, web)"; "no recovery needed" if none.
// `notes` (e.g. "people work remotely") come first.
std::string recovery_process(const std::vector<TargetResult>& services,
                             const std::vector<std::string>& notes = {});

// One line on data loss: "none", "up to 23 h (orders-db)", or "no usable recovery point
// (orders-db)" — `stateful[i]` says whether services[i] holds data.
std::string data_loss(const std::vector<TargetResult>& services, const std::vector<bool>& stateful);

}  // namespace drsim::engine
