#include "engine/core/network.hpp"

#include <algorithm>
#include <vector>

namespace drsim::engine {

LinkSpec level_link(const model::Model& m, const std::string& parent) {
  const auto& d = m.link_defaults;
  if (parent.empty()) return {d.internet_bandwidth, d.internet_latency};
  const auto* dom = m.find_domain(parent);
  if (dom && dom->level == model::DomainLevel::kVendor) {
    return {d.vendor_bandwidth, d.vendor_latency};
  }
  if (dom && dom->level == model::DomainLevel::kRegion) {
    return {d.region_bandwidth, d.region_latency};
  }
  return {d.zone_bandwidth, d.zone_latency};
}

namespace {

// child_towards() given `domain`'s ancestors (domain .. root).
std::string child_towards(const std::string& parent, const std::string& domain,
                          const std::vector<std::string>& chain) {
  if (domain == parent) return parent + "~site";
  if (parent.empty()) return chain.empty() ? "" : chain.back();
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (chain[i] == parent) return chain[i - 1];
  }
  return "";
}

}  // namespace

std::string child_towards(const model::Model& m, const std::string& parent,
                          const std::string& domain) {
  return child_towards(parent, domain, m.ancestors(domain));
}

LinkSpec child_link(const model::Model& m, const std::string& parent, const std::string& x,
                    const std::string& y) {
  for (const auto& l : m.links) {
    auto ca = child_towards(m, parent, l.a), cb = child_towards(m, parent, l.b);
    if ((ca == x && cb == y) || (ca == y && cb == x)) return {l.bandwidth, l.latency};
  }
  return level_link(m, parent);
}

double store_nic(const model::Model& m, const model::Store& store) {
  return store.bandwidth > 0 ? store.bandwidth : m.link_defaults.zone_bandwidth;
}

double site_nic(const model::Model& m) { return m.link_defaults.zone_bandwidth; }

namespace {

// Calls `link(parent, x, y)` for every link of the route from `from` to `to` (route_links()),
// without naming them: pricing a route needs only their capacities.
template <typename Link>
void walk_route(const model::Model& m, const std::string& from, const std::string& to, Link link) {
  // Must stay the routes engine/sim/platform.cpp builds: a test compares the two runtimes.
  if (from == to) return;  // both hosts in one leaf: only their cards
  const auto chain_a = m.ancestors(from), chain_b = m.ancestors(to);
  std::string lca;  // "" = the root
  for (const auto& x : chain_a) {
    if (std::find(chain_b.begin(), chain_b.end(), x) != chain_b.end()) {
      lca = x;
      break;
    }
  }
  // From a host up to the child of the LCA: at every enclosing domain below the LCA, the link
  // between that domain's gateway leaf and the child the host sits in.
  auto climb = [&](const std::vector<std::string>& chain) {
    for (std::size_t j = 1; j < chain.size() && chain[j - 1] != lca && chain[j] != lca; ++j) {
      link(chain[j], chain[j] + "~site", chain[j - 1]);
    }
  };
  climb(chain_a);
  link(lca, child_towards(lca, from, chain_a), child_towards(lca, to, chain_b));
  climb(chain_b);  // upwards from `to`: the order of a route's links does not matter
}

}  // namespace

std::vector<RouteLink> route_links(const model::Model& m, const std::string& from,
                                   const std::string& to) {
  std::vector<RouteLink> out;
  walk_route(m, from, to,
             [&](const std::string& parent, const std::string& x, const std::string& y) {
               const auto& [lo, hi] = std::minmax(x, y);
               out.push_back({parent + "|" + lo + "|" + hi, child_link(m, parent, x, y)});
             });
  return out;
}

std::vector<RouteLink> restore_route(const model::Model& m, const model::Store& store,
                                     const std::string& site) {
  const double card_latency = m.link_defaults.zone_latency / 2;
  std::vector<RouteLink> out{{"card|store:" + store.id, {store_nic(m, store), card_latency}}};
  for (auto& l : route_links(m, store.domain, site)) out.push_back(std::move(l));
  out.push_back({"card|" + site, {site_nic(m), card_latency}});
  return out;
}

double route_bandwidth(const model::Model& m, const std::string& from, double from_nic,
                       const std::string& to, double to_nic) {
  double bw = std::min(from_nic, to_nic);
  walk_route(m, from, to,
             [&](const std::string& parent, const std::string& x, const std::string& y) {
               bw = std::min(bw, child_link(m, parent, x, y).bandwidth);
             });
  return bw;
}

double restore_bandwidth(const model::Model& m, const model::Store& store,
                         const std::string& site) {
  return route_bandwidth(m, store.domain, store_nic(m, store), site, site_nic(m));
}

}  // namespace drsim::engine
