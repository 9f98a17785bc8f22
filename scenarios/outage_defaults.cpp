#include "scenarios/outage_defaults.hpp"

#include <cmath>

#include "scenarios/catalog.hpp"

namespace drsim::scenarios {

std::optional<double> default_outage(model::DisruptionClass cls) {
  constexpr double kHour = 3600;
  // The basis of each figure is in docs/scenario-format.md, one line per class.
  switch (cls) {
    case model::DisruptionClass::kAz:
      return 4 * kHour;
    case model::DisruptionClass::kRegion:
      return 12 * kHour;
    case model::DisruptionClass::kVendor:
      return 8 * kHour;
    case model::DisruptionClass::kDependency:
      return 2 * kHour;
    case model::DisruptionClass::kOffice:
      return 72 * kHour;
    case model::DisruptionClass::kHardware:
    case model::DisruptionClass::kCorruption:
    case model::DisruptionClass::kDeletion:
    case model::DisruptionClass::kRansomware:
    case model::DisruptionClass::kFailback:  // its fault is a domain loss of that domain's class
      break;
  }
  return std::nullopt;
}

std::optional<double> outage_for(const model::Model& m, model::DisruptionClass cls) {
  auto it = m.uncertainty.outages.find(cls);
  if (it != m.uncertainty.outages.end()) return it->second.median();
  return default_outage(cls);
}

std::vector<FaultOutage> fault_outages(const Scenario& s) {
  std::vector<FaultOutage> out;
  for (const auto& f : s.faults) {
    // Unusable backups and destroyed stores take nothing out: they only shape the recovery.
    if (f.kind == FaultKind::kBadBackup || f.kind == FaultKind::kDestroy) continue;
    FaultOutage o;
    o.fault = fault_id(f);
    o.cls = model::to_string(f.cls);
    if (std::isfinite(f.duration_s)) o.duration_s = f.duration_s;
    o.is_default = f.default_duration;
    out.push_back(o);
  }
  return out;
}

}  // namespace drsim::scenarios
