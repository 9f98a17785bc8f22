// The SimGrid platform built from an estate model (DESIGN.md §5): vendors, regions, zones and
// datacenters become nested NetZones; every failure domain has one "site" leaf zone holding a
// compute host (where restores and rebuilds land) and the hosts of the stores in that domain.
// Hosts and routers live only in leaf zones (SimGrid 3.32 mis-routes zones that mix both), so
// a non-leaf domain gets an extra leaf "<id>~site" for its own host, stores and gateway router.
#pragma once

#include <map>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace drsim::engine::sim {

struct Platform {
  simgrid::s4u::Host* control = nullptr;                  // never fails; runs every actor
  std::map<std::string, simgrid::s4u::Host*> site_host;   // domain id -> its compute host
  std::map<std::string, simgrid::s4u::Host*> store_host;  // store id -> its host
  // Every host and link inside a domain (sub-domains included), for fault injection.
  std::map<std::string, std::vector<simgrid::s4u::Host*>> hosts_in;
  std::map<std::string, std::vector<simgrid::s4u::Link*>> links_in;
  std::map<const simgrid::s4u::Host*, std::string> domain_of;  // host -> domain of its site
};

// Selects the network model (exact max-min sharing, see docs/engine.md); must run after the
// s4u::Engine is created and before any zone exists.
void configure_network_model();

// Builds the platform of `m` in the current s4u::Engine; call once, before the engine runs.
// Link capacities come from model.links where given, else from model.link_defaults by level.
Platform build_platform(const model::Model& m);

}  // namespace drsim::engine::sim
