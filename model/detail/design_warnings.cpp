// Warnings for designs that load fine but lose data or availability in a common outage: every
// replica of a data set in one zone, backups stored only in the region they protect, and a hard
// dependency on a third party with no queue in between.
#include "model/detail/load_context.hpp"

namespace drsim::model::detail {
namespace {

// The domain of `level` that holds `id` (an office stands for itself), or nullptr.
const Domain* enclosing(const Model& model, const std::string& id, DomainLevel level) {
  for (const auto& a : model.ancestors(id)) {
    const Domain* d = model.find_domain(a);
    if (d->level == level || d->level == DomainLevel::kOffice) return d;
  }
  return nullptr;
}

// The one domain of `level` holding every replica, or nullptr if they spread or are unknown.
const Domain* common_domain(const Model& model, const DataSet& data, DomainLevel level) {
  const Domain* common = nullptr;
  for (const auto& r : data.replicas) {
    const Domain* d = enclosing(model, r.zone, level);
    if (!d || (common && common != d)) return nullptr;
    common = d;
  }
  return common;
}

void warn_single_zone(const Model& model, const Service& svc, DiagnosticList& diags) {
  const Domain* zone = common_domain(model, *svc.data, DomainLevel::kZone);
  if (!zone) return;
  const std::string where = std::string(to_string(zone->level)) + " '" + zone->id + "'";
  diags.warning(svc.data->loc, "every replica of '" + svc.id + "' is in " + where,
                {"an outage of " + where +
                 " leaves no live copy of the data; add a replica in another zone"});
}

void warn_backups_in_place(const Model& model, const Service& svc, DiagnosticList& diags) {
  const auto& backups = svc.data->backups;
  if (backups.empty()) return;
  const Domain* region = common_domain(model, *svc.data, DomainLevel::kRegion);
  if (!region) return;
  for (const auto& b : backups) {
    std::vector<std::string> stores;
    if (!b.store.empty()) stores.push_back(b.store);
    for (const auto& c : b.copies) stores.push_back(c.store);
    for (const auto& id : stores) {
      const Store* s = model.find_store(id);
      if (!s || !model.within(s->domain, region->id)) return;
    }
  }
  const std::string where = std::string(to_string(region->level)) + " '" + region->id + "'";
  diags.warning(
      backups.front().loc,
      "every backup of '" + svc.id + "' is stored in " + where + ", with all its replicas",
      {"an outage of " + where +
       " takes the data and its backups together; copy backups to a store in another "
       "region or vendor"});
}

void warn_hard_external(const Model& model, const Service& svc, DiagnosticList& diags) {
  for (const auto& dep : svc.depends_on) {
    const Service* target = model.find_service(dep.service);  // none for `any_of` items
    if (dep.mode != DependencyMode::kHard || !target || target->kind != ServiceKind::kExternal ||
        !model.find_domain(target->vendor)) {
      continue;
    }
    diags.warning(dep.loc, "hard dependency on external service '" + target->id + "' with no queue",
                  {"while vendor '" + target->vendor + "' is down, '" + svc.id +
                   "' is down too; if the work can wait, write '{service: " + target->id +
                   ", mode: queued, buffer: 24 h}'"});
  }
}

}  // namespace

void warn_risky_designs(LoadContext& ctx) {
  const Model& model = ctx.model;
  for (const auto& svc : model.services) {
    if (svc.data && !svc.data->replicas.empty()) {
      warn_single_zone(model, svc, ctx.diags);
      warn_backups_in_place(model, svc, ctx.diags);
    }
    warn_hard_external(model, svc, ctx.diags);
  }
}

}  // namespace drsim::model::detail
