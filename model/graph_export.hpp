// Exports of the estate graph for people and tools: Graphviz DOT (services drawn inside the
// failure-domain boxes that hold them, dependencies and backup destinations as edges) and JSON
// (domains, stores, services, dependencies, backups). Both are deterministic: model order.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/graph.hpp"

namespace drsim::model {

// Graphviz DOT text. Each service sits in the smallest domain holding all its instances and
// replicas (a multi-AZ service in its region's box); stores are folders, stateful services
// cylinders; hard dependencies solid, queued ones dashed with their buffer, rebuild needs and
// backups dotted.
std::string to_dot(const EstateGraph& graph);
// {"format": "drsim-graph", "version": 1, "model", "domains", "stores", "services",
// "dependencies", "backups"}; buffers in seconds ("buffer_s").
nlohmann::ordered_json to_json(const EstateGraph& graph);

}  // namespace drsim::model
