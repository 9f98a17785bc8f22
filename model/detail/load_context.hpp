// What the model loader carries from reading the sections to the cross-checks: the model being
// filled, every diagnostic so far, every id definition and every reference with its location,
// and which recovery fields a user wrote explicitly (presets never override those).
#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/document.hpp"
#include "model/field_reader.hpp"
#include "model/model.hpp"

namespace drsim::model::detail {

// What kind of id a reference must name.
enum class RefKind {
  kPlacement,  // zone, datacenter or office: where instances and replicas run
  kDomain,     // any failure domain (stores, links)
  kSite,       // zone, datacenter or region (recovery_site)
  kRegion,
  kVendor,
  kOffice,
  kStore,
  kService,
};

struct Reference {
  std::string id;
  RefKind kind;
  SourceLoc loc;
};

// Where an id is defined; `what` is "vendor", "region", "zone", "datacenter", "office", "store"
// or "service".
struct IdDefinition {
  std::string id;
  std::string what;
  SourceLoc loc;
};

// Recovery fields a user wrote for one service; presets fill only the others.
struct ExplicitFields {
  bool failover = false, cross_region = false, rebuild = false, scale_up = false, dns_ttl = false;
  bool recovery_site = false, standby = false;
  SourceLoc recovery_region;  // where the strategy's recovery_region was written
};

struct LoadContext {
  DiagnosticList diags;
  Model model;
  std::vector<IdDefinition> ids;
  std::vector<Reference> refs;
  std::vector<ExplicitFields> explicit_fields;     // one per service, same order
  std::vector<std::size_t> links_default_latency;  // links whose latency follows link_defaults

  void ref(const Node& node, const std::string& id, RefKind kind) {
    refs.push_back({id, kind, node.loc()});
  }
};

// Section readers (model/detail/*_section.cpp): each reads what is there, records problems.
void read_topology(const Node& node, LoadContext& ctx);
void read_stores(const Node& node, LoadContext& ctx);
void read_services(const Node& node, LoadContext& ctx);
void read_people(const Node& node, LoadContext& ctx);
void read_objectives(const Node& node, LoadContext& ctx);
void read_costs(const Node& node, LoadContext& ctx);
void read_likelihoods(const Node& node, LoadContext& ctx);
void read_calendar(const Node& node, LoadContext& ctx);  // before read_services: schedules copy it
void read_outages(const Node& node, LoadContext& ctx);

// A value that may vary between trials (read_distribution()): returns its median for the model
// and, when it varies, records it in model.uncertainty with `field`, which finds the same field
// in any copy of the model (model/detail/uncertainty_section.cpp).
std::optional<double> read_varying(const Node& node, const std::string& name, double lo, double hi,
                                   ValueKind kind, std::function<double&(Model&)> field,
                                   LoadContext& ctx);

// Passes over the whole model once every section is read (model/detail/cross_checks.cpp,
// presets.cpp, design_warnings.cpp), in the order the loader runs them.
void check_unique_ids(LoadContext& ctx);
void resolve_references(LoadContext& ctx);  // needs Model::index()
void default_link_latencies(LoadContext& ctx);
void expand_presets(LoadContext& ctx);
void check_dependency_cycles(LoadContext& ctx);
void warn_risky_designs(LoadContext& ctx);

}  // namespace drsim::model::detail
