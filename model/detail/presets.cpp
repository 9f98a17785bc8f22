// Expands DR strategy presets (AWS's ladder: backup_restore, pilot_light, warm_standby,
// multi_site) into concrete standby instances, replicas and recovery steps in the recovery
// region, so the engine computes results from configuration and never reads the label. Fields
// the user wrote win. The table is documented in docs/model-format.md ("Strategy presets").
#include <algorithm>
#include <unordered_map>

#include "model/detail/load_context.hpp"

namespace drsim::model::detail {
namespace {

constexpr double kBackupRestoreRebuild = 2 * 3600.0;
constexpr double kPilotLightRebuild = 30 * 60.0;
constexpr double kWarmStandbyScaleUp = 10 * 60.0;
constexpr double kPresetDnsTtl = 60;
constexpr double kPresetReplicaLag = 1;

// Adds an async standby replica in the recovery region unless a replica is already there.
void add_recovery_replica(const Model& model, const std::vector<std::string>& zones,
                          const std::string& region, Service& svc) {
  if (!svc.data) return;
  for (const auto& r : svc.data->replicas) {
    if (model.within(r.zone, region)) return;
  }
  Replica r;
  r.zone = zones.front();
  r.role = ReplicaRole::kStandby;
  r.mode = ReplicationMode::kAsync;
  r.lag = kPresetReplicaLag;
  r.loc = svc.strategy.loc;
  svc.data->replicas.push_back(r);
}

void expand(const Model& model, const std::vector<std::string>& zones, const ExplicitFields& ex,
            Service& svc) {
  const StrategyPreset preset = svc.strategy.preset;
  const std::string& region = svc.strategy.recovery_region;
  Recovery& r = svc.recovery;
  if (!ex.recovery_site) r.recovery_site = region;
  if (!ex.dns_ttl) r.dns_ttl = preset == StrategyPreset::kMultiSite ? 0 : kPresetDnsTtl;
  switch (preset) {
    case StrategyPreset::kNone:
      return;
    case StrategyPreset::kBackupRestore:
      if (!ex.rebuild) r.rebuild = kBackupRestoreRebuild;
      return;
    case StrategyPreset::kPilotLight:
      if (!ex.rebuild) r.rebuild = kPilotLightRebuild;
      if (!ex.cross_region) r.cross_region = FailoverScope{FailoverMode::kManual, std::nullopt};
      add_recovery_replica(model, zones, region, svc);
      return;
    case StrategyPreset::kWarmStandby:
    case StrategyPreset::kMultiSite: {
      const bool multi = preset == StrategyPreset::kMultiSite;
      if (!ex.standby) {
        Standby s;
        s.zones = zones;
        s.instances =
            multi ? svc.placement.instances : std::max(1, (svc.placement.instances + 3) / 4);
        s.active = multi;
        s.loc = svc.strategy.loc;
        svc.standby = s;
      }
      if (!ex.scale_up && !multi) r.scale_up = kWarmStandbyScaleUp;
      if (!ex.cross_region) r.cross_region = FailoverScope{FailoverMode::kAutomatic, std::nullopt};
      add_recovery_replica(model, zones, region, svc);
      return;
    }
  }
}

}  // namespace

void expand_presets(LoadContext& ctx) {
  Model& model = ctx.model;
  std::unordered_map<std::string, std::vector<std::string>> region_zones;
  for (const auto& d : model.domains) {
    if (d.level == DomainLevel::kZone) region_zones[d.parent].push_back(d.id);
  }
  for (std::size_t i = 0; i < model.services.size(); ++i) {
    Service& svc = model.services[i];
    const std::string& region = svc.strategy.recovery_region;
    if (svc.strategy.preset == StrategyPreset::kNone || region.empty()) continue;
    const Domain* rd = model.find_domain(region);
    auto zones = region_zones.find(region);
    if (!rd || rd->level != DomainLevel::kRegion || zones == region_zones.end()) continue;
    bool clash = false;
    for (const auto& z : svc.placement.zones) {
      if (clash || !model.within(z, region)) continue;
      clash = true;
      ctx.diags.error(ctx.explicit_fields[i].recovery_region,
                      "recovery_region '" + region + "' is where '" + svc.id +
                          "' already runs (zone '" + z + "')",
                      {"recover into a region that holds none of the service's placement zones"});
    }
    if (!clash) expand(model, zones->second, ctx.explicit_fields[i], svc);
  }
}

}  // namespace drsim::model::detail
