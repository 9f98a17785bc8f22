#include "engine/core/backup_landing.hpp"

#include <algorithm>

#include "engine/core/network.hpp"
#include "engine/core/planner.hpp"
#include "engine/core/schedule.hpp"

namespace drsim::engine {
namespace {

double seconds_for(double bytes, double bandwidth) {
  return bytes > 0 && bandwidth > 0 ? bytes / bandwidth : 0;
}

}  // namespace

double run_bytes(const model::DataSet& data, const model::Backup& b) {
  switch (b.kind) {
    case model::BackupKind::kLog:
    case model::BackupKind::kVersioning:
      return data.write_rate * longest_gap(b.schedule);
    case model::BackupKind::kSnapshot:
      return data.write_rate > 0 ? std::min(data.size, data.write_rate * longest_gap(b.schedule))
                                 : data.size;
    case model::BackupKind::kIncremental:
      return b.size > 0 ? b.size : std::min(data.size, data.write_rate * longest_gap(b.schedule));
    case model::BackupKind::kDump:
    case model::BackupKind::kCopy:
      break;
  }
  return data.size;
}

double copy_bytes(const model::DataSet& data, const model::Backup& b) {
  const bool segment = b.kind == model::BackupKind::kLog ||
                       b.kind == model::BackupKind::kVersioning ||
                       b.kind == model::BackupKind::kIncremental;
  return segment ? run_bytes(data, b) : data.size;
}

double finish_after(const model::Model& m, const model::Service& s, const model::Backup& b) {
  if (b.duration > 0 || !s.data) return b.duration;
  const auto* store = m.find_store(b.store);
  if (!store) return 0;  // versions kept with the data
  const double bw =
      route_bandwidth(m, primary_zone(s), site_nic(m), store->domain, store_nic(m, *store));
  return seconds_for(run_bytes(*s.data, b), bw);
}

double copy_after(const model::Model& m, const model::Service& s, const model::Backup& b,
                  const model::BackupCopy& c) {
  if (c.delay > 0 || !s.data) return c.delay;
  const auto* to = m.find_store(c.store);
  if (!to) return 0;
  const auto* from = m.find_store(b.store);
  const double bw =
      from ? route_bandwidth(m, from->domain, store_nic(m, *from), to->domain, store_nic(m, *to))
           : route_bandwidth(m, primary_zone(s), site_nic(m), to->domain, store_nic(m, *to));
  return seconds_for(copy_bytes(*s.data, b), bw);
}

double landed_after(const model::Model& m, const model::Service& s, const model::Backup& b) {
  const double finish = finish_after(m, s, b);
  double latest = finish;
  for (const auto& c : b.copies) latest = std::max(latest, finish + copy_after(m, s, b, c));
  return latest;
}

}  // namespace drsim::engine
