#include "model/graph_export.hpp"

#include <functional>
#include <map>
#include <sstream>
#include <vector>

#include "model/units.hpp"

namespace drsim::model {

namespace {

// DOT identifiers are quoted; ids are [a-z0-9._-] but names are free text.
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string dependency_label(DependencyMode mode, double buffer) {
  if (mode == DependencyMode::kHard) return "hard";
  return buffer > 0 ? "queued " + units::format_duration(buffer) : "queued";
}

}  // namespace

std::string to_dot(const EstateGraph& graph) {
  std::ostringstream out;
  const Model& m = graph.model();
  // What each domain box holds, by domain id; "" collects what is placed nowhere.
  std::map<std::string, std::vector<std::string>> children, services, stores;
  for (const auto& d : m.domains) children[d.parent].push_back(d.id);
  for (const auto& s : m.services) services[graph.home_domain(s)].push_back(s.id);
  for (const auto& s : m.stores) stores[s.domain].push_back(s.id);

  out << "digraph " << quote(m.name) << " {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", compound=true, label="
      << quote(m.name + ": services in their failure domains") << "];\n"
      << "  node [fontname=\"Helvetica\", fontsize=10];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  // Clusters nest like the tree; writing them depth-first keeps the file readable.
  std::vector<std::pair<std::string, int>> stack;
  auto emit_members = [&](const std::string& domain, const std::string& indent) {
    for (const auto& id : services[domain]) {
      const auto* s = m.find_service(id);
      std::string label = id + "\\n" + to_string(s->kind);
      if (s->placement.instances > 1) {
        label += " x" + std::to_string(s->placement.instances) + " (min " +
                 std::to_string(s->placement.min_healthy) + ")";
      }
      out << indent << quote("svc:" + id) << " [label=\"" << label
          << "\", shape=" << (s->stateful() ? "cylinder" : "box")
          << (s->stateful() ? ", style=bold" : "") << "];\n";
    }
    for (const auto& id : stores[domain]) {
      out << indent << quote("store:" + id) << " [label=" << quote(id + "\n(store)")
          << ", shape=folder, color=gray40];\n";
    }
  };
  std::function<void(const std::string&, int)> emit_domain = [&](const std::string& id, int depth) {
    std::string indent(static_cast<std::size_t>(2 * depth + 2), ' ');
    const auto* d = m.find_domain(id);
    out << indent << "subgraph " << quote("cluster_" + id) << " {\n"
        << indent << "  label=" << quote(std::string(to_string(d->level)) + " " + id)
        << "; style=rounded; color=gray60;\n";
    emit_members(id, indent + "  ");
    if (services[id].empty() && stores[id].empty() && children[id].empty()) {
      // Graphviz drops empty clusters; an invisible point keeps the zone on the drawing.
      out << indent << "  " << quote("domain:" + id)
          << " [label=\"\", shape=point, style=invis];\n";
    }
    for (const auto& child : children[id]) emit_domain(child, depth + 1);
    out << indent << "}\n";
  };
  for (const auto& root : children[""]) emit_domain(root, 0);
  emit_members("", "  ");

  const auto& deps = graph.dependencies();
  for (auto [e, end] = boost::edges(deps); e != end; ++e) {
    const auto& from = deps[boost::source(*e, deps)].id;
    const auto& to = deps[boost::target(*e, deps)].id;
    const auto& edge = deps[*e];
    out << "  " << quote("svc:" + from) << " -> " << quote("svc:" + to)
        << " [label=" << quote(dependency_label(edge.mode, edge.buffer))
        << (edge.mode == DependencyMode::kQueued ? ", style=dashed" : "") << "];\n";
  }
  for (const auto& s : m.services) {
    for (const auto& item : s.recovery.rebuild_needs) {
      for (const auto& need : item.alternatives()) {
        if (!m.find_service(need)) continue;
        out << "  " << quote("svc:" + s.id) << " -> " << quote("svc:" + need)
            << " [label=\"rebuild needs" << (item.any_of.empty() ? "" : " (any of)")
            << "\", style=dotted, color=gray50];\n";
      }
    }
  }
  for (const auto& s : m.services) {
    if (!s.data) continue;
    for (const auto& b : s.data->backups) {
      std::vector<std::string> where{b.store};
      for (const auto& c : b.copies) where.push_back(c.store);
      for (const auto& store : where) {
        if (!m.find_store(store)) continue;
        out << "  " << quote("svc:" + s.id) << " -> " << quote("store:" + store)
            << " [label=" << quote(b.id + " (" + to_string(b.kind) + ")")
            << ", style=dotted, color=gray40, arrowhead=empty];\n";
      }
    }
  }
  out << "}\n";
  return out.str();
}

nlohmann::ordered_json to_json(const EstateGraph& graph) {
  const Model& m = graph.model();
  auto domains = nlohmann::ordered_json::array();
  for (const auto& d : m.domains) {
    domains.push_back(
        {{"id", d.id}, {"level", to_string(d.level)}, {"parent", d.parent}, {"vendor", d.vendor}});
  }
  auto stores = nlohmann::ordered_json::array();
  for (const auto& s : m.stores) {
    stores.push_back({{"id", s.id}, {"domain", s.domain}, {"tier", to_string(s.tier)}});
  }
  auto services = nlohmann::ordered_json::array();
  auto backups = nlohmann::ordered_json::array();
  for (const auto& s : m.services) {
    auto replicas = nlohmann::ordered_json::array();
    if (s.data) {
      for (const auto& r : s.data->replicas) {
        replicas.push_back({{"zone", r.zone}, {"role", to_string(r.role)}});
      }
      for (const auto& b : s.data->backups) {
        std::vector<std::string> copies;
        for (const auto& c : b.copies) copies.push_back(c.store);
        backups.push_back({{"service", s.id},
                           {"backup", b.id},
                           {"kind", to_string(b.kind)},
                           {"store", b.store},
                           {"copies", copies}});
      }
    }
    services.push_back({{"id", s.id},
                        {"kind", to_string(s.kind)},
                        {"home_domain", graph.home_domain(s)},
                        {"zones", s.placement.zones},
                        {"instances", s.placement.instances},
                        {"min_healthy", s.placement.min_healthy},
                        {"replicas", replicas}});
  }
  auto edges = nlohmann::ordered_json::array();
  const auto& deps = graph.dependencies();
  for (auto [e, end] = boost::edges(deps); e != end; ++e) {
    nlohmann::ordered_json edge = {{"from", deps[boost::source(*e, deps)].id},
                                   {"to", deps[boost::target(*e, deps)].id},
                                   {"mode", to_string(deps[*e].mode)}};
    if (deps[*e].mode == DependencyMode::kQueued) edge["buffer_s"] = deps[*e].buffer;
    edges.push_back(edge);
  }
  return {{"format", "drsim-graph"}, {"version", 1},      {"model", m.name},
          {"domains", domains},      {"stores", stores},  {"services", services},
          {"dependencies", edges},   {"backups", backups}};
}

}  // namespace drsim::model
