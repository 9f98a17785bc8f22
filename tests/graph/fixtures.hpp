// Small models built in code for the graph and blast-radius tests: one cloud vendor with two
// regions (r1: z1 z2 z3 and a store; r2: far1 and a store), a SaaS vendor and an office.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace drsim::test {

inline void add_domain(model::Model& m, const std::string& id, model::DomainLevel level,
                       const std::string& parent, const std::string& vendor,
                       model::VendorKind kind = model::VendorKind::kCloud) {
  model::Domain d;
  d.id = id;
  d.level = level;
  d.parent = parent;
  d.vendor = vendor;
  d.vendor_kind = kind;
  m.domains.push_back(d);
}

inline model::Model three_zone_model() {
  using model::DomainLevel;
  model::Model m;
  m.name = "test";
  add_domain(m, "cloud", DomainLevel::kVendor, "", "cloud");
  add_domain(m, "r1", DomainLevel::kRegion, "cloud", "cloud");
  add_domain(m, "z1", DomainLevel::kZone, "r1", "cloud");
  add_domain(m, "z2", DomainLevel::kZone, "r1", "cloud");
  add_domain(m, "z3", DomainLevel::kZone, "r1", "cloud");
  add_domain(m, "r2", DomainLevel::kRegion, "cloud", "cloud");
  add_domain(m, "far1", DomainLevel::kZone, "r2", "cloud");
  add_domain(m, "paycorp", DomainLevel::kVendor, "", "paycorp", model::VendorKind::kSaas);
  add_domain(m, "hq", DomainLevel::kOffice, "", "");
  model::Store s1;
  s1.id = "store-r1";
  s1.domain = "r1";
  model::Store s2;
  s2.id = "store-r2";
  s2.domain = "r2";
  m.stores = {s1, s2};
  m.index();
  return m;
}

// Adds a service placed over `zones`; returns it (valid until the next add).
inline model::Service& add_service(model::Model& m, const std::string& id,
                                   const std::vector<std::string>& zones, int instances = 1,
                                   int min_healthy = 1) {
  model::Service s;
  s.id = id;
  s.placement.zones = zones;
  s.placement.instances = instances;
  s.placement.min_healthy = min_healthy;
  m.services.push_back(s);
  return m.services.back();
}

inline void depend(model::Model& m, const std::string& from, const std::string& to,
                   model::DependencyMode mode = model::DependencyMode::kHard, double buffer = 0) {
  for (auto& s : m.services) {
    if (s.id == from) s.depends_on.push_back({to, mode, buffer, 0, {}, {}});
  }
}

}  // namespace drsim::test
