// The estate as two Boost.Graph graphs: the service dependency graph (an edge runs from a
// service to what it depends on and carries hard/queued) and the failure-domain tree (vendor >
// region > zone > datacenter, offices as roots) with stores, service instances and data replicas
// attached to the domain they live in. Validation uses the first for cycle checks; blast-radius
// and `drsim graph` use both. Graphs are built from a Model and never change afterwards.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/model.hpp"

namespace drsim::model {

struct ServiceVertex {
  std::string id;
  std::size_t service = 0;  // index into Model::services
};

struct DependencyEdge {
  DependencyMode mode = DependencyMode::kHard;
  double buffer = 0;  // seconds a queued dependency buffers, 0 = unbounded
};

// Vertices are services in model order; edges run dependent -> dependency in file order.
using DependencyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                              ServiceVertex, DependencyEdge>;

enum class TreeNodeKind { kDomain, kStore, kInstance, kReplica };

struct TreeNode {
  TreeNodeKind kind = TreeNodeKind::kDomain;
  std::string id;         // domain or store id; service id for instances and replicas
  std::size_t index = 0;  // instance number or replica index within the service
  std::string parent;     // domain id this node is attached to, "" for roots
  DomainLevel level = DomainLevel::kZone;  // domains only
};

// Edges run from a domain to what it contains.
using DomainTree =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, TreeNode, boost::no_property>;

// Everything a failure of one domain takes with it: positions in the model's vectors.
struct DomainContents {
  std::vector<std::string> domains;  // the domain itself and every domain inside it
  std::vector<std::string> stores;
  // Per service index: instance numbers lost (see EstateGraph::instance_domain).
  std::unordered_map<std::size_t, std::vector<std::size_t>> instances;
  // Per service index: replica indexes (into DataSet::replicas) lost.
  std::unordered_map<std::size_t, std::vector<std::size_t>> replicas;
};

// The dependency graph and failure-domain tree of one model, which must outlive it.
class EstateGraph {
 public:
  explicit EstateGraph(const Model& model);

  const Model& model() const { return model_; }
  const DependencyGraph& dependencies() const { return deps_; }
  const DomainTree& tree() const { return tree_; }

  // Vertex of a service in dependencies(), or nullopt if the id is not a service.
  std::optional<std::size_t> service_vertex(const std::string& id) const;
  // Everything attached at or below domain `id` in the tree; empty if `id` is not a domain.
  DomainContents contents(const std::string& id) const;
  // The zone (or datacenter/office) instance `n` of `service` runs in: round-robin over the
  // placement zones for n < placement.instances, then over the standby zones for the standby
  // instances; "" when there is no such zone (external services run at their vendor).
  static std::string instance_domain(const Service& service, std::size_t n);
  // Placement instances plus standby instances: the instance numbers the tree holds.
  static std::size_t instance_count(const Service& service);
  // The smallest domain holding every instance and replica of `service`, "" if none is placed.
  std::string home_domain(const Service& service) const;

 private:
  const Model& model_;
  DependencyGraph deps_;
  DomainTree tree_;
  std::unordered_map<std::string, std::size_t> service_vertex_;
  std::unordered_map<std::string, std::size_t> domain_vertex_;
};

// One dependency cycle as service ids, first id repeated at the end ({"a", "b", "a"}: a depends
// on b, b on a); empty if the graph is acyclic. Dependencies on unknown ids are ignored, so the
// loader may call it before cross-references are resolved. Deterministic: the cycle found first
// walking services and dependencies in file order.
std::vector<std::string> find_dependency_cycle(const Model& model);

}  // namespace drsim::model
