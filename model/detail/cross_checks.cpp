// Checks that need the whole model: ids unique across domains, stores and services; every
// reference names an existing id of the right kind; link latencies by level; dependency cycles.
#include <algorithm>
#include <unordered_map>

#include "model/detail/load_context.hpp"
#include "model/graph.hpp"

namespace drsim::model::detail {
namespace {

struct RefRule {
  std::vector<std::string> whats;  // IdDefinition::what values allowed
  const char* noun;                // "zone", "store", ...
  const char* wrong_kind;          // ", not a zone, datacenter or office"
  const char* where;               // where such ids are defined
};

const RefRule& rule(RefKind kind) {
  static const RefRule kPlacement{{"zone", "datacenter", "office"},
                                  "zone",
                                  "a zone, datacenter or office",
                                  "zones are listed under topology: vendors: regions: zones:, "
                                  "offices under topology: offices:"};
  static const RefRule kDomain{{"vendor", "region", "zone", "datacenter", "office"},
                               "failure domain",
                               "a failure domain",
                               "failure domains are the vendors, regions, zones, datacenters and "
                               "offices under topology:"};
  static const RefRule kSite{{"zone", "datacenter", "region"},
                             "zone or region",
                             "a zone or region",
                             "regions and zones are listed under topology: vendors:"};
  static const RefRule kRegion{
      {"region"}, "region", "a region", "regions are listed under topology: vendors: regions:"};
  static const RefRule kVendor{
      {"vendor"}, "vendor", "a vendor", "vendors are listed under topology: vendors:"};
  static const RefRule kOffice{
      {"office"}, "office", "an office", "offices are listed under topology: offices:"};
  static const RefRule kStore{{"store"}, "store", "a store", "stores are listed under stores:"};
  static const RefRule kService{
      {"service"}, "service", "a service", "services are listed under services:"};
  switch (kind) {
    case RefKind::kPlacement:
      return kPlacement;
    case RefKind::kDomain:
      return kDomain;
    case RefKind::kSite:
      return kSite;
    case RefKind::kRegion:
      return kRegion;
    case RefKind::kVendor:
      return kVendor;
    case RefKind::kOffice:
      return kOffice;
    case RefKind::kStore:
      return kStore;
    case RefKind::kService:
      return kService;
  }
  return kService;
}

std::string article(const std::string& what) { return (what == "office" ? "an " : "a ") + what; }

std::string format_loc(const SourceLoc& loc) {
  return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + " (" +
         loc.pointer + ")";
}

}  // namespace

void check_unique_ids(LoadContext& ctx) {
  std::unordered_map<std::string, const IdDefinition*> first;
  first.reserve(ctx.ids.size());
  for (const auto& def : ctx.ids) {
    auto [it, added] = first.emplace(def.id, &def);
    if (added) continue;
    const IdDefinition& other = *it->second;
    ctx.diags.error(def.loc,
                    "duplicate id '" + def.id + "': already used by the " + other.what +
                        " at line " + std::to_string(other.loc.line),
                    {"first defined at " + format_loc(other.loc),
                     "ids must be unique across failure domains, stores and services"});
  }
}

void resolve_references(LoadContext& ctx) {
  std::unordered_map<std::string, const IdDefinition*> defs;
  defs.reserve(ctx.ids.size());
  for (const auto& def : ctx.ids) defs.emplace(def.id, &def);
  std::unordered_map<int, std::vector<std::string>> candidates;  // by RefKind, built on demand
  for (const auto& ref : ctx.refs) {
    const RefRule& r = rule(ref.kind);
    auto it = defs.find(ref.id);
    if (it != defs.end()) {
      const std::string& what = it->second->what;
      if (std::find(r.whats.begin(), r.whats.end(), what) != r.whats.end()) continue;
      std::vector<std::string> hints{"'" + ref.id + "' is defined at " +
                                     format_loc(it->second->loc)};
      if (what == "region" && ref.kind == RefKind::kPlacement) {
        std::string zones;
        for (const auto& d : ctx.model.domains) {
          if (d.parent == ref.id && d.level == DomainLevel::kZone) {
            zones += (zones.empty() ? "" : ", ") + d.id;
          }
        }
        hints.push_back("zones of '" + ref.id + "': " + zones);
      }
      ctx.diags.error(ref.loc, "'" + ref.id + "' is " + article(what) + ", not " + r.wrong_kind,
                      hints);
      continue;
    }
    auto& names = candidates[static_cast<int>(ref.kind)];
    if (names.empty()) {
      for (const auto& def : ctx.ids) {
        if (std::find(r.whats.begin(), r.whats.end(), def.what) != r.whats.end()) {
          names.push_back(def.id);
        }
      }
    }
    std::string guess = did_you_mean(ref.id, names);
    ctx.diags.error(ref.loc, std::string("unknown ") + r.noun + " '" + ref.id + "'",
                    {guess.empty() ? std::string(r.where) : "did you mean '" + guess + "'?"});
  }
}

void default_link_latencies(LoadContext& ctx) {
  Model& m = ctx.model;
  for (std::size_t i : ctx.links_default_latency) {
    Link& link = m.links[i];
    auto a = m.ancestors(link.a);
    auto b = m.ancestors(link.b);
    const Domain* shared = nullptr;
    for (const auto& id : a) {
      if (std::find(b.begin(), b.end(), id) != b.end()) {
        shared = m.find_domain(id);
        break;
      }
    }
    const LinkDefaults& d = m.link_defaults;
    if (!shared || shared->level == DomainLevel::kOffice) {
      link.latency = d.internet_latency;
    } else if (shared->level == DomainLevel::kVendor) {
      link.latency = d.vendor_latency;
    } else if (shared->level == DomainLevel::kRegion) {
      link.latency = d.region_latency;
    } else {
      link.latency = d.zone_latency;
    }
  }
}

void check_dependency_cycles(LoadContext& ctx) {
  std::vector<std::string> cycle = find_dependency_cycle(ctx.model);
  if (cycle.size() < 2) return;
  std::string path;
  for (const auto& id : cycle) path += (path.empty() ? "" : " -> ") + id;
  SourceLoc loc;
  if (const Service* from = ctx.model.find_service(cycle[0])) {
    loc = from->loc;
    for (const auto& dep : from->depends_on) {
      const auto alts = dep.alternatives();
      if (std::find(alts.begin(), alts.end(), cycle[1]) != alts.end()) loc = dep.loc;
    }
  }
  ctx.diags.error(loc, "dependency cycle: " + path,
                  {"services cannot depend on themselves, even through others; remove one of "
                   "these dependencies"});
}

}  // namespace drsim::model::detail
