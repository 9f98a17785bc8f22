// Estate models built in code for the engine/sim truth tests (DESIGN.md §4 worked cases): one
// cloud vendor with three regions of two zones, a SaaS vendor, an office, and helpers to add
// databases, stores and scenarios. Deterministic, no files.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/outcome.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/scenario.hpp"
#include "tests/engine_core/test_models.hpp"

namespace drsim::test {

// aws > {r1 > {r1-a, r1-b}, r2 > {r2-a, r2-b}, r3 > {r3-a, r3-b}}, stripe (SaaS), office hq;
// stores s1 (r1), s2 (r2); people default (5 + 15 + 30 min), working from hq, remote allowed.
inline model::Model sim_base_model() {
  using model::DomainLevel;
  model::Model m;
  m.name = "sim-test";
  m.domains.push_back(domain("aws", DomainLevel::kVendor, "", "aws"));
  for (const char* r : {"r1", "r2", "r3"}) {
    m.domains.push_back(domain(r, DomainLevel::kRegion, "aws", "aws"));
    m.domains.push_back(domain(std::string(r) + "-a", DomainLevel::kZone, r, "aws"));
    m.domains.push_back(domain(std::string(r) + "-b", DomainLevel::kZone, r, "aws"));
  }
  m.domains.push_back(domain("stripe", DomainLevel::kVendor, "", "stripe"));
  m.domains.back().vendor_kind = model::VendorKind::kSaas;
  m.domains.push_back(domain("hq", DomainLevel::kOffice, "", ""));
  for (const auto& [id, dom] : {std::pair<const char*, const char*>{"s1", "r1"}, {"s2", "r2"}}) {
    model::Store s;
    s.id = id;
    s.domain = dom;
    m.stores.push_back(s);
  }
  m.people.offices = {"hq"};
  m.index();
  return m;
}

// A database `id` of `size` bytes with its primary in `zone` (one instance there).
inline model::Service sim_database(std::string id, std::string zone, double size) {
  model::Service s;
  s.id = std::move(id);
  s.kind = model::ServiceKind::kDatabase;
  s.placement.zones = {zone};
  s.data = model::DataSet{};
  s.data->size = size;
  s.data->write_rate = 1e6;
  model::Replica p;
  p.zone = zone;
  p.role = model::ReplicaRole::kPrimary;
  s.data->replicas.push_back(p);
  return s;
}

inline model::Replica sync_standby(std::string zone) {
  model::Replica r;
  r.zone = std::move(zone);
  r.role = model::ReplicaRole::kStandby;
  r.mode = model::ReplicationMode::kSync;
  return r;
}

// An asynchronous copy in `zone` that trails the primary by `lag` seconds.
inline model::Replica async_replica(std::string zone, double lag) {
  model::Replica r;
  r.zone = std::move(zone);
  r.mode = model::ReplicationMode::kAsync;
  r.lag = lag;
  return r;
}

// A daily snapshot at `at` (s after midnight) into `store`, copied to `copy` after `copy_delay`.
inline model::Backup sim_snapshot(double at, double duration, std::string store, std::string copy,
                                  double copy_delay) {
  model::Backup b = daily_snapshot("nightly", at, duration, std::move(store));
  if (!copy.empty()) b.copies.push_back({copy, copy_delay, {}});
  return b;
}

// One built-in scenario `id` at `at` ("01:00" = day 1 01:00) with an optional duration.
inline scenarios::Scenario sim_scenario(const model::Model& m, const std::string& id,
                                        const std::string& at = "00:00",
                                        const std::string& duration = "") {
  scenarios::TimeOptions o;
  o.at = at;
  o.duration = duration;
  return scenarios::resolve(m, {id}, o).at(0);
}

inline const TargetResult& service_of(const ScenarioResult& r, const std::string& id) {
  for (const auto& s : r.services) {
    if (s.id == id) return s;
  }
  throw std::runtime_error("no service " + id);
}

// The first path step named `step` of `t`; throws if there is none.
inline const PathStep& step_of(const TargetResult& t, const std::string& step) {
  for (const auto& p : t.path) {
    if (p.name() == step) return p;
  }
  throw std::runtime_error("no step " + step + " in the path of " + t.id);
}

}  // namespace drsim::test
