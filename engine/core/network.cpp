#include "engine/core/network.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <vector>

namespace drsim::engine {

namespace {

// The tree by domain position, so that walking a route builds and compares no ids. As a parent,
// kRoot is the root of the tree; as a child, kSite is the parent's own "<id>~site" leaf and kRoot
// "not inside the parent" (an id that is no domain's never is).
constexpr std::size_t kRoot = model::Model::kNoDomain;
constexpr std::size_t kSite = kRoot - 1;
using Chain = boost::container::small_vector<std::size_t, 8>;

// `domain` and the domains holding it, up to its root.
Chain chain_of(const model::Model& m, std::size_t domain) {
  Chain out;
  // The step bound ends a parent cycle, which validation reports but a copy may still hold.
  for (std::size_t i = domain; i < m.domains.size() && out.size() <= m.domains.size();
       i = m.parent_position(i)) {
    out.push_back(i);
  }
  return out;
}

std::size_t child_towards(const model::Model& m, std::size_t parent, std::size_t domain) {
  if (domain == parent) return parent == kRoot ? kRoot : kSite;
  std::size_t steps = 0;
  for (std::size_t i = domain; i < m.domains.size() && steps <= m.domains.size(); ++steps) {
    const std::size_t up = m.parent_position(i);
    if (up == parent) return i;
    i = up;
  }
  return kRoot;
}

LinkSpec level_link(const model::Model& m, std::size_t parent) {
  const auto& d = m.link_defaults;
  if (parent >= m.domains.size()) return {d.internet_bandwidth, d.internet_latency};
  switch (m.domains[parent].level) {
    case model::DomainLevel::kVendor:
      return {d.vendor_bandwidth, d.vendor_latency};
    case model::DomainLevel::kRegion:
      return {d.region_bandwidth, d.region_latency};
    default:
      return {d.zone_bandwidth, d.zone_latency};
  }
}

LinkSpec child_link(const model::Model& m, std::size_t parent, std::size_t x, std::size_t y) {
  for (std::size_t i = 0; i < m.links.size(); ++i) {
    const auto& [a, b] = m.link_ends(i);
    const auto ca = child_towards(m, parent, a), cb = child_towards(m, parent, b);
    if ((ca == x && cb == y) || (ca == y && cb == x)) {
      return {m.links[i].bandwidth, m.links[i].latency};
    }
  }
  return level_link(m, parent);
}

// The name of a parent, or of child `child` of `parent`, as the SimGrid platform names them.
std::string name_of(const model::Model& m, std::size_t parent, std::size_t child = kRoot) {
  if (child == kSite) return m.domains[parent].id + "~site";
  const std::size_t d = child == kRoot ? parent : child;
  return d < m.domains.size() ? m.domains[d].id : std::string();
}

// A domain's position; kRoot for "" and for an id that is no domain's.
std::size_t position(const model::Model& m, const std::string& id) {
  return id.empty() ? kRoot : m.domain_position(id).value_or(kRoot);
}

// Calls `link(parent, x, y)` for every link of the route from `from` to `to` (route_links()).
// Must stay the routes engine/sim/platform.cpp builds: a test compares the two runtimes.
// By position: `a` and `b` the same domain is one leaf (no link); two ids that are no domain's
// (both kRoot) are not, so the id overload below says when two such ids are the same.
template <typename Link>
void walk_route(const model::Model& m, std::size_t a, std::size_t b, Link link) {
  if (a == b && a < m.domains.size()) return;  // both hosts in one leaf: only their cards
  const Chain chain_a = chain_of(m, a), chain_b = chain_of(m, b);
  std::size_t lca = kRoot;
  for (auto x : chain_a) {
    if (std::find(chain_b.begin(), chain_b.end(), x) != chain_b.end()) {
      lca = x;
      break;
    }
  }
  // From a host up to the child of the LCA: at every enclosing domain below the LCA, the link
  // between that domain's gateway leaf and the child the host sits in.
  auto climb = [&](const Chain& chain) {
    for (std::size_t j = 1; j < chain.size() && chain[j - 1] != lca && chain[j] != lca; ++j) {
      link(chain[j], kSite, chain[j - 1]);
    }
  };
  climb(chain_a);
  link(lca, child_towards(m, lca, a), child_towards(m, lca, b));
  climb(chain_b);  // upwards from `to`: the order of a route's links does not matter
}

template <typename Link>
void walk_route(const model::Model& m, const std::string& from, const std::string& to, Link link) {
  if (from == to) return;  // both hosts in one leaf: only their cards
  walk_route(m, position(m, from), position(m, to), link);
}

}  // namespace

LinkSpec level_link(const model::Model& m, const std::string& parent) {
  return level_link(m, position(m, parent));
}

std::string child_towards(const model::Model& m, const std::string& parent,
                          const std::string& domain) {
  const std::size_t p = position(m, parent);
  return name_of(m, p, child_towards(m, p, position(m, domain)));
}

LinkSpec child_link(const model::Model& m, const std::string& parent, const std::string& x,
                    const std::string& y) {
  const std::size_t p = position(m, parent);
  auto child = [&](const std::string& c) {
    return p != kRoot && c == m.domains[p].id + "~site" ? kSite : position(m, c);
  };
  return child_link(m, p, child(x), child(y));
}

double store_nic(const model::Model& m, const model::Store& store) {
  return store.bandwidth > 0 ? store.bandwidth : m.link_defaults.zone_bandwidth;
}

double site_nic(const model::Model& m) { return m.link_defaults.zone_bandwidth; }

std::vector<RouteLink> route_links(const model::Model& m, const std::string& from,
                                   const std::string& to) {
  std::vector<RouteLink> out;
  walk_route(m, from, to, [&](std::size_t parent, std::size_t x, std::size_t y) {
    // Named first: std::minmax returns references, which must not outlive their strings.
    const std::string a = name_of(m, parent, x), b = name_of(m, parent, y);
    const auto& [lo, hi] = std::minmax(a, b);
    out.push_back({name_of(m, parent) + "|" + lo + "|" + hi, child_link(m, parent, x, y)});
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

namespace {

template <typename Place>
double bottleneck(const model::Model& m, const Place& from, double from_nic, const Place& to,
                  double to_nic) {
  double bw = std::min(from_nic, to_nic);
  walk_route(m, from, to, [&](std::size_t parent, std::size_t x, std::size_t y) {
    bw = std::min(bw, child_link(m, parent, x, y).bandwidth);
  });
  return bw;
}

}  // namespace

double route_bandwidth(const model::Model& m, const std::string& from, double from_nic,
                       const std::string& to, double to_nic) {
  return bottleneck(m, from, from_nic, to, to_nic);
}

double route_bandwidth(const model::Model& m, std::size_t from, double from_nic, std::size_t to,
                       double to_nic) {
  return bottleneck(m, from, from_nic, to, to_nic);
}

double restore_bandwidth(const model::Model& m, const model::Store& store,
                         const std::string& site) {
  return route_bandwidth(m, store.domain, store_nic(m, store), site, site_nic(m));
}

}  // namespace drsim::engine
