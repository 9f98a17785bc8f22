#include "model/model.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "model/errors.hpp"
#include "model/graph.hpp"

namespace drsim::model {

double Retention::max_age(double every) const {
  double age = 0;
  if (keep_last > 0) age = std::max(age, keep_last * every);
  if (daily > 0) age = std::max(age, daily * 86400.0);
  if (weekly > 0) age = std::max(age, weekly * 7 * 86400.0);
  if (monthly > 0) age = std::max(age, monthly * 30 * 86400.0);
  return std::max(age, window);
}

std::string Dependency::name() const {
  if (any_of.empty()) return service;
  std::string out = "any of ";
  for (std::size_t i = 0; i < any_of.size(); ++i) out += (i ? ", " : "") + any_of[i];
  return out;
}

const Objective* Objectives::find(const std::string& service, DisruptionClass cls) const {
  auto s = services.find(service);
  if (s != services.end()) {
    auto o = s->second.find(cls);
    if (o != s->second.end()) return &o->second;
  }
  auto d = defaults.find(cls);
  return d != defaults.end() ? &d->second : nullptr;
}

namespace {

[[noreturn]] void not_indexed(const std::string& what) {
  throw InternalError(what + " is not indexed: Model::index() was not called after the services " +
                      "changed");
}

}  // namespace

void Model::not_indexed_at(std::size_t service, std::optional<std::size_t> item) {
  not_indexed(item
                  ? "dependency " + std::to_string(*item) + " of service " + std::to_string(service)
                  : "service " + std::to_string(service));
}

void Model::index() {
  domain_index_.clear();
  store_index_.clear();
  service_index_.clear();
  for (std::size_t i = 0; i < domains.size(); ++i) domain_index_.emplace(domains[i].id, i);
  parent_.assign(domains.size(), kNoDomain);
  for (std::size_t i = 0; i < domains.size(); ++i) {
    auto it = domain_index_.find(domains[i].parent);
    if (it != domain_index_.end()) parent_[i] = it->second;
  }
  for (std::size_t i = 0; i < stores.size(); ++i) store_index_.emplace(stores[i].id, i);
  for (std::size_t i = 0; i < services.size(); ++i) service_index_.emplace(services[i].id, i);
  dependency_positions_.assign(services.size(), {});
  for (std::size_t i = 0; i < services.size(); ++i) {
    for (const auto& item : services[i].depends_on) {
      std::vector<std::size_t> positions;
      for (const auto& alt : item.alternatives()) positions.push_back(service_position(alt));
      dependency_positions_[i].push_back(std::move(positions));
    }
  }
  link_ends_.clear();
  for (const auto& l : links) {
    link_ends_.emplace_back(domain_position(l.a).value_or(kNoDomain),
                            domain_position(l.b).value_or(kNoDomain));
  }
  instance_sites_.assign(services.size(), {});
  zone_sites_.assign(services.size(), {});
  replica_sites_.assign(services.size(), {});
  for (std::size_t i = 0; i < services.size(); ++i) {
    const auto& s = services[i];
    const auto n = EstateGraph::instance_count(s);
    for (std::size_t k = 0; k < n; ++k) {
      instance_sites_[i].push_back(
          domain_position(EstateGraph::instance_domain(s, k)).value_or(kNoDomain));
    }
    for (const auto& z : s.placement.zones) {
      zone_sites_[i].push_back(domain_position(z).value_or(kNoDomain));
    }
    if (!s.data) continue;
    for (const auto& r : s.data->replicas) {
      replica_sites_[i].push_back(domain_position(r.zone).value_or(kNoDomain));
    }
  }
}

const std::vector<std::size_t>& Model::instance_sites(std::size_t service) const {
  // A count that no longer matches: the placement changed since (the zones cannot be checked
  // as cheaply; the contract is the same as for dependency_positions()).
  if (service >= instance_sites_.size() || service >= services.size() ||
      instance_sites_[service].size() != EstateGraph::instance_count(services[service])) {
    not_indexed("service " + std::to_string(service));
  }
  return instance_sites_[service];
}

const std::pair<std::size_t, std::size_t>& Model::link_ends(std::size_t i) const {
  if (i >= link_ends_.size() || link_ends_.size() != links.size())
    not_indexed("link " + std::to_string(i));
  return link_ends_[i];
}

const Domain* Model::find_domain(const std::string& id) const {
  auto it = domain_index_.find(id);
  return it == domain_index_.end() ? nullptr : &domains[it->second];
}

const Store* Model::find_store(const std::string& id) const {
  auto it = store_index_.find(id);
  return it == store_index_.end() ? nullptr : &stores[it->second];
}

const Service* Model::find_service(const std::string& id) const {
  auto it = service_index_.find(id);
  return it == service_index_.end() ? nullptr : &services[it->second];
}

std::size_t Model::service_position(const std::string& id) const {
  auto it = service_index_.find(id);
  return it == service_index_.end() ? services.size() : it->second;
}

std::vector<std::string> Model::ancestors(const std::string& id) const {
  std::vector<std::string> out;
  out.reserve(4);  // site, zone, region, vendor: one allocation for the usual depth
  auto it = domain_index_.find(id);
  // The step bound ends a parent cycle, which validation reports but a copy may still hold.
  for (std::size_t i = it == domain_index_.end() ? kNoDomain : it->second;
       i < parent_.size() && out.size() <= domains.size(); i = parent_[i]) {
    out.push_back(domains[i].id);
  }
  return out;
}

template <typename Match>
bool Model::up_the_chain(std::size_t inner, Match match) const {
  // ancestors() without building the chain or hashing the parents: the engine asks this for
  // every instance on every change of a scenario.
  std::size_t steps = 0;
  for (std::size_t i = inner; i < parent_.size() && steps <= domains.size();
       i = parent_[i], ++steps) {
    if (match(domains[i])) return true;
  }
  return false;
}

template <typename Match>
bool Model::up_the_chain(const std::string& inner, Match match) const {
  auto it = domain_index_.find(inner);
  return it != domain_index_.end() && up_the_chain(it->second, match);
}

std::optional<std::size_t> Model::domain_position(const std::string& id) const {
  auto it = domain_index_.find(id);
  return it == domain_index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

bool Model::within(std::size_t inner, std::size_t outer) const {
  return up_the_chain(inner, [&](const Domain& d) { return &d == &domains[outer]; });
}

bool Model::within_any(std::size_t inner, const std::vector<std::string>& outers) const {
  return !outers.empty() && up_the_chain(inner, [&outers](const Domain& d) {
    return std::find(outers.begin(), outers.end(), d.id) != outers.end();
  });
}

bool Model::within(const std::string& inner, const std::string& outer) const {
  return up_the_chain(inner, [&outer](const Domain& d) { return d.id == outer; });
}

bool Model::within_any(const std::string& inner, const std::vector<std::string>& outers) const {
  const auto i = outers.empty() ? std::nullopt : domain_position(inner);
  return i && within_any(*i, outers);
}

const Domain* Model::enclosing(const std::string& id, DomainLevel level) const {
  const Domain* out = nullptr;
  up_the_chain(id, [&](const Domain& d) {
    if (d.level == level) out = &d;
    return out != nullptr;
  });
  return out;
}

const char* to_string(DomainLevel v) {
  switch (v) {
    case DomainLevel::kVendor:
      return "vendor";
    case DomainLevel::kRegion:
      return "region";
    case DomainLevel::kZone:
      return "zone";
    case DomainLevel::kDatacenter:
      return "datacenter";
    case DomainLevel::kOffice:
      return "office";
  }
  return "?";
}

const char* to_string(VendorKind v) {
  switch (v) {
    case VendorKind::kCloud:
      return "cloud";
    case VendorKind::kSaas:
      return "saas";
    case VendorKind::kSelf:
      return "self";
  }
  return "?";
}

const char* to_string(StoreTier v) {
  switch (v) {
    case StoreTier::kStandard:
      return "standard";
    case StoreTier::kInfrequent:
      return "infrequent";
    case StoreTier::kArchive:
      return "archive";
  }
  return "?";
}

const char* to_string(ServiceKind v) {
  switch (v) {
    case ServiceKind::kStateless:
      return "stateless";
    case ServiceKind::kDatabase:
      return "database";
    case ServiceKind::kObjectStore:
      return "object_store";
    case ServiceKind::kQueue:
      return "queue";
    case ServiceKind::kKvStore:
      return "kv_store";
    case ServiceKind::kExternal:
      return "external";
  }
  return "?";
}

const char* to_string(DependencyMode v) { return v == DependencyMode::kHard ? "hard" : "queued"; }

const char* to_string(ReplicaRole v) {
  switch (v) {
    case ReplicaRole::kPrimary:
      return "primary";
    case ReplicaRole::kStandby:
      return "standby";
    case ReplicaRole::kRead:
      return "read";
  }
  return "?";
}

const char* to_string(ReplicationMode v) {
  switch (v) {
    case ReplicationMode::kSync:
      return "sync";
    case ReplicationMode::kAsync:
      return "async";
    case ReplicationMode::kLogShipping:
      return "log_shipping";
  }
  return "?";
}

const char* to_string(BackupKind v) {
  switch (v) {
    case BackupKind::kSnapshot:
      return "snapshot";
    case BackupKind::kDump:
      return "dump";
    case BackupKind::kLog:
      return "log";
    case BackupKind::kCopy:
      return "copy";
    case BackupKind::kVersioning:
      return "versioning";
    case BackupKind::kIncremental:
      return "incremental";
  }
  return "?";
}

const char* to_string(FailoverMode v) {
  switch (v) {
    case FailoverMode::kNone:
      return "none";
    case FailoverMode::kAutomatic:
      return "automatic";
    case FailoverMode::kManual:
      return "manual";
  }
  return "?";
}

const char* to_string(PointPreference v) {
  return v == PointPreference::kNewest ? "newest" : "replica";
}

const char* to_string(ResyncMode v) { return v == ResyncMode::kManual ? "manual" : "automatic"; }

const char* to_string(StrategyPreset v) {
  switch (v) {
    case StrategyPreset::kNone:
      return "none";
    case StrategyPreset::kBackupRestore:
      return "backup_restore";
    case StrategyPreset::kPilotLight:
      return "pilot_light";
    case StrategyPreset::kWarmStandby:
      return "warm_standby";
    case StrategyPreset::kMultiSite:
      return "multi_site";
  }
  return "?";
}

const char* to_string(DisruptionClass v) {
  switch (v) {
    case DisruptionClass::kHardware:
      return "hardware";
    case DisruptionClass::kAz:
      return "az";
    case DisruptionClass::kRegion:
      return "region";
    case DisruptionClass::kVendor:
      return "vendor";
    case DisruptionClass::kDependency:
      return "dependency";
    case DisruptionClass::kOffice:
      return "office";
    case DisruptionClass::kCorruption:
      return "corruption";
    case DisruptionClass::kDeletion:
      return "deletion";
    case DisruptionClass::kRansomware:
      return "ransomware";
    case DisruptionClass::kFailback:
      return "failback";
  }
  return "?";
}

bool parse_disruption_class(const std::string& text, DisruptionClass& out) {
  for (int i = 0; i <= static_cast<int>(DisruptionClass::kFailback); ++i) {
    auto c = static_cast<DisruptionClass>(i);
    if (text == to_string(c)) {
      out = c;
      return true;
    }
  }
  return false;
}

double default_frequency(DisruptionClass cls) {
  switch (cls) {
    case DisruptionClass::kHardware:
      return 1;  // one machine of a service lost once a year
    case DisruptionClass::kAz:
      return 0.5;  // 1 per 2 years per zone
    case DisruptionClass::kRegion:
      return 0.1;  // 1 per 10 years per region
    case DisruptionClass::kVendor:
      return 0.02;  // 1 per 50 years per vendor
    case DisruptionClass::kDependency:
      return 1;  // an external service down once a year
    case DisruptionClass::kOffice:
      return 0.1;  // 1 per 10 years per office
    case DisruptionClass::kCorruption:
    case DisruptionClass::kDeletion:
      return 0.2;  // 1 per 5 years per data set
    case DisruptionClass::kRansomware:
      return 0.05;  // 1 per 20 years for the estate
    case DisruptionClass::kFailback:
      break;  // follows an outage: counted with the frequency of the outage's own class
  }
  return 0;
}

}  // namespace drsim::model
