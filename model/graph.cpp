#include "model/graph.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

namespace drsim::model {

namespace {

// Fills `g` with one vertex per service and one edge per dependency whose target exists.
void add_dependencies(const Model& model, DependencyGraph& g,
                      std::unordered_map<std::string, std::size_t>& index) {
  for (std::size_t i = 0; i < model.services.size(); ++i) {
    auto v = boost::add_vertex(ServiceVertex{model.services[i].id, i}, g);
    index.emplace(model.services[i].id, v);  // duplicates keep the first, as the loader reports
  }
  for (std::size_t i = 0; i < model.services.size(); ++i) {
    for (const auto& dep : model.services[i].depends_on) {
      // One edge per alternative of an `any_of` item, so cycles through alternatives show.
      for (const auto& target : dep.alternatives()) {
        auto it = index.find(target);
        if (it == index.end()) continue;
        boost::add_edge(i, it->second, DependencyEdge{dep.mode, dep.buffer}, g);
      }
    }
  }
}

// Remembers DFS tree edges and the first back edge, which closes a cycle.
class CycleRecorder : public boost::default_dfs_visitor {
 public:
  CycleRecorder(std::vector<std::size_t>& parent,
                std::optional<std::pair<std::size_t, std::size_t>>& back)
      : parent_(parent), back_(back) {}
  void tree_edge(DependencyGraph::edge_descriptor e, const DependencyGraph& g) {
    parent_[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(DependencyGraph::edge_descriptor e, const DependencyGraph& g) {
    if (!back_) back_ = std::make_pair(boost::source(e, g), boost::target(e, g));
  }

 private:
  std::vector<std::size_t>& parent_;
  std::optional<std::pair<std::size_t, std::size_t>>& back_;
};

// Collects every vertex reached from the start of a breadth-first walk.
class Reached : public boost::default_bfs_visitor {
 public:
  explicit Reached(std::vector<std::size_t>& out) : out_(out) {}
  void discover_vertex(DomainTree::vertex_descriptor v, const DomainTree&) { out_.push_back(v); }

 private:
  std::vector<std::size_t>& out_;
};

}  // namespace

std::vector<std::string> find_dependency_cycle(const Model& model) {
  DependencyGraph g;
  std::unordered_map<std::string, std::size_t> index;
  add_dependencies(model, g, index);
  const std::size_t n = boost::num_vertices(g);
  std::vector<std::size_t> parent(n, n);
  std::optional<std::pair<std::size_t, std::size_t>> back;
  std::vector<boost::default_color_type> colors(n);
  // Boost's DFS keeps its own stack, so a 10,000-long dependency chain does not overflow ours.
  boost::depth_first_search(
      g, CycleRecorder(parent, back),
      boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g)));
  if (!back) return {};
  // The back edge u -> v closes the cycle v -> ... -> u -> v along the DFS tree.
  std::vector<std::string> cycle{g[back->first].id};
  for (std::size_t v = back->first; v != back->second && parent[v] != n;) {
    v = parent[v];
    cycle.push_back(g[v].id);
  }
  std::reverse(cycle.begin(), cycle.end());
  cycle.push_back(cycle.front());
  return cycle;
}

EstateGraph::EstateGraph(const Model& model) : model_(model) {
  add_dependencies(model, deps_, service_vertex_);

  for (const auto& d : model.domains) {
    TreeNode node;
    node.kind = TreeNodeKind::kDomain;
    node.id = d.id;
    node.parent = d.parent;
    node.level = d.level;
    domain_vertex_.emplace(d.id, boost::add_vertex(node, tree_));
  }
  auto attach = [this](const TreeNode& node) {
    auto parent = domain_vertex_.find(node.parent);
    auto v = boost::add_vertex(node, tree_);
    if (parent != domain_vertex_.end()) boost::add_edge(parent->second, v, tree_);
    return v;
  };
  for (const auto& d : model.domains) {
    auto parent = domain_vertex_.find(d.parent);
    if (parent != domain_vertex_.end()) {
      boost::add_edge(parent->second, domain_vertex_.at(d.id), tree_);
    }
  }
  for (const auto& s : model.stores) attach({TreeNodeKind::kStore, s.id, 0, s.domain, {}});
  for (const auto& svc : model.services) {
    const auto n = instance_count(svc);
    for (std::size_t i = 0; i < n; ++i) {
      std::string where = instance_domain(svc, i);
      if (where.empty() && svc.kind == ServiceKind::kExternal) where = svc.vendor;
      if (!where.empty()) attach({TreeNodeKind::kInstance, svc.id, i, where, {}});
    }
    if (svc.data) {
      for (std::size_t r = 0; r < svc.data->replicas.size(); ++r) {
        attach({TreeNodeKind::kReplica, svc.id, r, svc.data->replicas[r].zone, {}});
      }
    }
  }
}

std::optional<std::size_t> EstateGraph::service_vertex(const std::string& id) const {
  auto it = service_vertex_.find(id);
  if (it == service_vertex_.end()) return std::nullopt;
  return it->second;
}

std::string EstateGraph::instance_domain(const Service& service, std::size_t n) {
  const auto placed = static_cast<std::size_t>(std::max(service.placement.instances, 0));
  const auto& zones =
      n < placed || !service.standby ? service.placement.zones : service.standby->zones;
  if (n >= placed) n -= placed;
  return zones.empty() ? std::string() : zones[n % zones.size()];
}

std::size_t EstateGraph::instance_count(const Service& service) {
  int n = std::max(service.placement.instances, 0);
  if (service.standby) n += std::max(service.standby->instances, 0);
  return static_cast<std::size_t>(n);
}

DomainContents EstateGraph::contents(const std::string& id) const {
  DomainContents out;
  auto start = domain_vertex_.find(id);
  if (start == domain_vertex_.end()) return out;
  std::vector<std::size_t> reached;
  std::vector<boost::default_color_type> colors(boost::num_vertices(tree_));
  boost::breadth_first_search(tree_, start->second,
                              boost::visitor(Reached(reached))
                                  .color_map(boost::make_iterator_property_map(
                                      colors.begin(), boost::get(boost::vertex_index, tree_))));
  for (auto v : reached) {
    const TreeNode& node = tree_[v];
    switch (node.kind) {
      case TreeNodeKind::kDomain:
        out.domains.push_back(node.id);
        break;
      case TreeNodeKind::kStore:
        out.stores.push_back(node.id);
        break;
      case TreeNodeKind::kInstance:
        out.instances[service_vertex_.at(node.id)].push_back(node.index);
        break;
      case TreeNodeKind::kReplica:
        out.replicas[service_vertex_.at(node.id)].push_back(node.index);
        break;
    }
  }
  for (auto* m : {&out.instances, &out.replicas}) {
    for (auto& [svc, list] : *m) std::sort(list.begin(), list.end());
  }
  return out;
}

std::string EstateGraph::home_domain(const Service& service) const {
  // Chain of domain ids from `id` up to its root, walking the tree nodes' parents.
  auto chain = [this](const std::string& id) {
    std::vector<std::string> out;
    auto it = domain_vertex_.find(id);
    while (it != domain_vertex_.end() && out.size() <= domain_vertex_.size()) {
      out.push_back(tree_[it->second].id);
      it = domain_vertex_.find(tree_[it->second].parent);
    }
    return out;
  };
  std::vector<std::string> places = service.placement.zones;
  if (service.standby) {
    places.insert(places.end(), service.standby->zones.begin(), service.standby->zones.end());
  }
  if (service.data) {
    for (const auto& r : service.data->replicas) places.push_back(r.zone);
  }
  if (places.empty() && !service.vendor.empty()) places.push_back(service.vendor);
  std::vector<std::string> common;
  bool first = true;
  for (const auto& p : places) {
    auto c = chain(p);
    if (first) {
      common = c;
      first = false;
      continue;
    }
    // Keep the ancestors of the current common domain that also enclose `p`.
    while (!common.empty() && std::find(c.begin(), c.end(), common.front()) == c.end()) {
      common.erase(common.begin());
    }
  }
  return common.empty() ? std::string() : common.front();
}

}  // namespace drsim::model
