// Reads what varies between trials (docs/model-format.md "Uncertainty"): any value read through
// read_varying() (on-call times, detection, promotion, rebuild, restore overhead and throughput,
// ...) and `outages:`, how long a fault of each class lasts when a scenario does not say. Backup
// runs that may turn out unusable are read with the backup (service_section.cpp).
#include <algorithm>
#include <utility>

#include "model/detail/load_context.hpp"
#include "model/units.hpp"

namespace drsim::model::detail {

std::optional<double> read_varying(const Node& node, const std::string& name, double lo, double hi,
                                   ValueKind kind, std::function<double&(Model&)> field,
                                   LoadContext& ctx) {
  auto d = read_distribution(node, name, lo, hi, kind, ctx.diags);
  if (!d) return std::nullopt;
  if (d->varies()) {
    ctx.model.uncertainty.values.push_back({name, *d, lo, hi, std::move(field), node.loc()});
  }
  return d->median();
}

void read_outages(const Node& node, LoadContext& ctx) {
  static const EnumTable<DisruptionClass> kClasses = {
      {"az", DisruptionClass::kAz},         {"region", DisruptionClass::kRegion},
      {"vendor", DisruptionClass::kVendor}, {"dependency", DisruptionClass::kDependency},
      {"office", DisruptionClass::kOffice},
  };
  if (!expect_mapping(node, ctx.diags)) return;
  auto& u = ctx.model.uncertainty;
  for (const auto& e : node.entries) {
    const Node key = e.key_node();
    DisruptionClass other;
    if (parse_disruption_class(e.key, other) &&
        std::none_of(kClasses.begin(), kClasses.end(),
                     [other](const auto& c) { return c.second == other; })) {
      ctx.diags.error(key.loc(),
                      "a " + e.key + " fault does not end by itself: it has no outage duration",
                      {"outages: takes az, region, vendor, dependency and office; a " + e.key +
                       " fault ends with its recovery procedure"});
      continue;
    }
    auto cls = read_enum(key, "outage class", kClasses, ctx.diags);
    // From a minute to the longest horizon a simulation may look at.
    auto d = read_distribution(e.value, e.key, 60, units::kMaxSimulatedSeconds,
                               ValueKind::kDuration, ctx.diags);
    if (!cls || !d) continue;
    u.outages[*cls] = *d;
    u.outage_locs[*cls] = e.value.loc();
  }
}

}  // namespace drsim::model::detail
