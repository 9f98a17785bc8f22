#include "engine/sim/platform.hpp"

#include <algorithm>
#include <functional>

#include "engine/core/network.hpp"

namespace drsim::engine::sim {
namespace sg4 = simgrid::s4u;
namespace {

using Router = simgrid::kernel::routing::NetPoint;

// A built zone: its NetZone and the router traffic leaving it goes through.
struct Built {
  sg4::NetZone* zone = nullptr;
  Router* gateway = nullptr;
};

constexpr double kHostSpeed = 1e9;  // flop/s; no computation is simulated

class Builder {
 public:
  explicit Builder(const model::Model& m) : m_(m) {
    for (const auto& d : m.domains) children_[d.parent].push_back(d.id);
  }

  Platform build() {
    auto* root = sg4::create_full_zone("drsim");
    std::vector<std::pair<std::string, Built>> kids;
    for (const auto& id : children_[""]) kids.emplace_back(id, build_domain(id, root));
    // The control host runs the actors; it sits in its own leaf and is never turned off.
    auto* control_zone = sg4::create_star_zone("drsim~control");
    control_zone->set_parent(root);
    p_.control = control_zone->create_host("drsim~control", kHostSpeed);
    control_zone->seal();
    connect(root, "", kids);
    root->seal();
    return std::move(p_);
  }

 private:
  // The leaf holding domain `id`'s own compute host and stores.
  Built build_site(const std::string& zone_name, const std::string& id, sg4::NetZone* parent) {
    auto* z = sg4::create_star_zone(zone_name);
    z->set_parent(parent);
    const auto& d = m_.link_defaults;
    auto add_host = [&](const std::string& name, double bw) {
      auto* h = z->create_host(name, kHostSpeed);
      auto* l = z->create_link(name + "~nic", bw)->set_latency(d.zone_latency / 2)->seal();
      z->add_route(h->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(l)}, true);
      record(id, h, l);
      return h;
    };
    p_.site_host[id] = add_host(id, site_nic(m_));
    for (const auto& s : m_.stores) {
      if (s.domain == id) p_.store_host[s.id] = add_host("store:" + s.id, store_nic(m_, s));
    }
    auto* r = z->create_router(zone_name + "~gw");
    z->add_route(r, nullptr, nullptr, nullptr, {}, true);
    z->seal();
    return {z, r};
  }

  Built build_domain(const std::string& id, sg4::NetZone* parent) {
    const auto& kids_ids = children_[id];
    if (kids_ids.empty()) return build_site(id, id, parent);
    auto* z = sg4::create_full_zone(id);
    z->set_parent(parent);
    std::vector<std::pair<std::string, Built>> kids;
    Built site = build_site(id + "~site", id, z);
    kids.emplace_back(id + "~site", site);
    for (const auto& k : kids_ids) kids.emplace_back(k, build_domain(k, z));
    connect(z, id, kids);
    z->seal();
    return {z, site.gateway};
  }

  // One link per pair of children of `zone` (domain `id`, "" for the root), by the network rule
  // of engine/core/network.hpp.
  void connect(sg4::NetZone* zone, const std::string& id,
               const std::vector<std::pair<std::string, Built>>& kids) {
    for (std::size_t i = 0; i < kids.size(); ++i) {
      for (std::size_t j = i + 1; j < kids.size(); ++j) {
        LinkSpec spec = child_link(m_, id, kids[i].first, kids[j].first);
        auto* link = zone->create_link(kids[i].first + "|" + kids[j].first, spec.bandwidth)
                         ->set_latency(spec.latency)
                         ->seal();
        zone->add_route(kids[i].second.zone->get_netpoint(), kids[j].second.zone->get_netpoint(),
                        kids[i].second.gateway, kids[j].second.gateway, {sg4::LinkInRoute(link)},
                        true);
        // A link belongs to a domain only if both of its ends are inside it.
        for (const auto& a : m_.ancestors(id)) p_.links_in[a].push_back(link);
      }
    }
  }

  void record(const std::string& id, sg4::Host* h, sg4::Link* l) {
    p_.domain_of[h] = id;
    for (const auto& a : m_.ancestors(id)) {
      p_.hosts_in[a].push_back(h);
      p_.links_in[a].push_back(l);
    }
    if (m_.ancestors(id).empty()) {
      p_.hosts_in[id].push_back(h);
      p_.links_in[id].push_back(l);
    }
  }

  const model::Model& m_;
  std::map<std::string, std::vector<std::string>> children_;
  Platform p_;
};

}  // namespace

void configure_network_model() {
  // CM02 with TCP-gamma 0 and no cross-traffic: flows share links by exact max-min fairness and
  // a transfer of S bytes alone on a link of B bytes/s takes S/B plus latency (docs/engine.md).
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/TCP-gamma:0");
  sg4::Engine::set_config("network/crosstraffic:0");
}

Platform build_platform(const model::Model& m) { return Builder(m).build(); }

}  // namespace drsim::engine::sim
