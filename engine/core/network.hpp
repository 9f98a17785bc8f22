// The network of an estate as the restore transfers see it: which link joins two parts of the
// failure-domain tree, with which capacity, and the bottleneck bandwidth of the route between
// two domains. engine/sim builds its SimGrid platform from exactly these rules, and the recovery
// planner prices a transfer with them, so a lower bound and a simulated transfer agree.
//
// The tree as a network: every domain with sub-domains holds a leaf "<id>~site" (its own compute
// host, the stores that live at its level, its gateway) besides its children; every pair of
// children of a domain is joined by one link, the model's explicit `links` entry between the two
// sides if there is one, else the link default of the domain's level (inside a zone, across
// zones of a region, across regions of a vendor, across vendors and offices at the root). Every
// host has its own network card: stores at their `bandwidth` (or the zone default), sites at
// the zone default.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace drsim::engine {

struct LinkSpec {
  double bandwidth = 0;  // bytes per second
  double latency = 0;    // seconds, one way
};

// The default link between two children of `parent` ("" = the root of the tree).
LinkSpec level_link(const model::Model& m, const std::string& parent);

// The child of `parent` ("" = root) on the way down to `domain`: "<parent>~site" when `domain` is
// `parent` itself, "" when `domain` does not lie inside `parent`.
std::string child_towards(const model::Model& m, const std::string& parent,
                          const std::string& domain);

// The link between children `x` and `y` (as child_towards names them) of `parent`.
LinkSpec child_link(const model::Model& m, const std::string& parent, const std::string& x,
                    const std::string& y);

// Network card of a store's host and of a domain's compute host, bytes per second.
double store_nic(const model::Model& m, const model::Store& store);
double site_nic(const model::Model& m);

// One link of the route between two domains: the same physical link has the same `key` on every
// route (transfers over it share it).
struct RouteLink {
  std::string key;
  LinkSpec spec;
};

// The links from the gateway of domain `from`'s leaf to the gateway of `to`'s, as the SimGrid
// platform routes them: up from `from` through each enclosing domain's gateway leaf, across the
// link between the two children of their lowest common ancestor, and down to `to`. Empty when
// `from` is `to`.
std::vector<RouteLink> route_links(const model::Model& m, const std::string& from,
                                   const std::string& to);

// The route of a restore: the store host's card, route_links(), the site host's card.
std::vector<RouteLink> restore_route(const model::Model& m, const model::Store& store,
                                     const std::string& site);

// Bottleneck bandwidth (bytes per second) of the route from a host in domain `from` with card
// `from_nic` to a host in domain `to` with card `to_nic`: the smallest capacity on the way.
double route_bandwidth(const model::Model& m, const std::string& from, double from_nic,
                       const std::string& to, double to_nic);
// The same between domain positions (Model::domain_position()), which looks no id up.
double route_bandwidth(const model::Model& m, std::size_t from, double from_nic, std::size_t to,
                       double to_nic);

// Bandwidth of a restore transfer from store `store` to the compute host of domain `site`.
double restore_bandwidth(const model::Model& m, const model::Store& store, const std::string& site);

}  // namespace drsim::engine
