#include "history/calibration.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "drills/drill_spec.hpp"
#include "engine/core/network.hpp"
#include "engine/core/planner.hpp"
#include "model/distribution.hpp"
#include "model/units.hpp"

namespace drsim::history {
namespace {

// The step that moved the data: the one the journal's evidence.restore names, else the method's.
std::string transfer_step(const RunRecord& r) {
  const auto& ev = r.evidence;
  if (ev.contains("restore") && ev["restore"].contains("step") &&
      ev["restore"]["step"].is_string()) {
    return ev["restore"]["step"].get<std::string>();
  }
  return r.method == drills::to_string(drills::Method::kPitr) ? "copy_base" : "restore";
}

std::optional<double> restored_bytes(const RunRecord& r) {
  const auto& ev = r.evidence;
  if (ev.contains("restore") && ev["restore"].contains("bytes") &&
      ev["restore"]["bytes"].is_number()) {
    return ev["restore"]["bytes"].get<double>();
  }
  return std::nullopt;
}

std::optional<double> step_duration(const RunRecord& r, const std::string& name) {
  for (const StepRecord& s : r.steps) {
    if (s.name == name) return s.duration_s();
  }
  return std::nullopt;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  model::Distribution d;
  d.kind = model::DistributionKind::kEmpirical;
  d.samples = std::move(values);
  return d.median();
}

FigureRow row(Figure f, std::optional<double> model, std::vector<double> samples) {
  FigureRow r;
  r.figure = f;
  r.model = model;
  r.samples = std::move(samples);
  if (!r.samples.empty()) r.measured = median(r.samples);
  if (r.model && r.measured && *r.measured > 0) r.drift = (*r.model - *r.measured) / *r.measured;
  return r;
}

// The kinds of backup a drill of `method` restores.
std::vector<model::BackupKind> drilled_kinds(const std::string& method) {
  if (method == drills::to_string(drills::Method::kPitr) ||
      method == drills::to_string(drills::Method::kPhysical)) {
    return {model::BackupKind::kSnapshot, model::BackupKind::kLog};
  }
  if (method == drills::to_string(drills::Method::kAof)) {
    return {model::BackupKind::kLog, model::BackupKind::kSnapshot};  // an append-only log
  }
  if (method == drills::to_string(drills::Method::kRdb)) {
    return {model::BackupKind::kSnapshot, model::BackupKind::kDump};  // an RDB file
  }
  return {model::BackupKind::kDump};
}

// The backup a drill of `method` stands for: the data set's first of the method's kinds, else its
// first backup; nullptr without backups.
const model::Backup* drilled_backup(const model::DataSet& data, const std::string& method) {
  for (model::BackupKind k : drilled_kinds(method)) {
    for (const model::Backup& b : data.backups) {
      if (b.kind == k) return &b;
    }
  }
  return data.backups.empty() ? nullptr : &data.backups.front();
}

void calibrate_restores(const model::Model& m, const model::Service& s,
                        const std::vector<RunRecord>& runs, ServiceCalibration& out) {
  std::vector<double> sizes, rates, overheads, times;
  for (const RunRecord& r : runs) {
    out.restore_runs.push_back(r.id);
    times.push_back(*r.rto_s);
    const std::optional<double> moved = step_duration(r, transfer_step(r));
    overheads.push_back(std::max(0.0, *r.rto_s - moved.value_or(0)));
    const std::optional<double> bytes = restored_bytes(r);
    if (bytes) sizes.push_back(*bytes);
    if (bytes && moved && *moved > 0) rates.push_back(*bytes / *moved);
  }
  const auto& rec = s.recovery;
  std::optional<double> model_size, route, model_rate;
  const std::string method = runs.back().method;
  if (!s.data) {
    out.notes.push_back(s.id + ": the model gives it no data, so no size or restore rate");
  } else {
    model_size = s.data->size;
    const model::Backup* b = drilled_backup(*s.data, method);
    if (b == nullptr) {
      out.notes.push_back(s.id + ": the model gives it no backup, so no restore rate");
    } else if (const model::Store* store = m.find_store(b->store)) {
      route = engine::restore_bandwidth(m, *store, engine::primary_zone(s));
      model_rate = *route * rec.restore_throughput;
      const auto kinds = drilled_kinds(method);
      if (std::find(kinds.begin(), kinds.end(), b->kind) == kinds.end()) {
        out.notes.push_back(s.id + ": the model has no backup of the kind " + method +
                            " drills restore; its rate is that of backup '" + b->id + "'");
      }
    }
  }
  if (!sizes.empty()) out.figures.push_back(row(Figure::kRestoredSize, model_size, sizes));
  if (!rates.empty()) out.figures.push_back(row(Figure::kRestoreRate, model_rate, rates));
  out.figures.push_back(row(Figure::kRestoreOverhead, rec.restore_overhead, overheads));
  std::optional<double> model_time;
  if (model_rate && !sizes.empty()) {
    model_time = rec.restore_overhead + median(sizes) / *model_rate;
  } else if (sizes.empty()) {
    out.notes.push_back(s.id +
                        ": the runs recorded no restored size (older runs do not record it), " +
                        "so the model's restore time is not compared");
  }
  out.figures.push_back(row(Figure::kRestoreTime, model_time, times));

  out.overhead = overheads;
  if (!sizes.empty() && s.data) out.size = sizes.back();
  if (route && *route > 0) {
    for (double rate : rates) {
      out.throughput.push_back(std::clamp(rate / *route, model::kMinRestoreThroughput, 1.0));
    }
    const auto [slowest, fastest] = std::minmax_element(rates.begin(), rates.end());
    if (!rates.empty() && *fastest > *route) {
      out.notes.push_back(s.id + ": a drill restored faster (" + units::format_bytes(*fastest) +
                          "/s) than the model's route allows (" + units::format_bytes(*route) +
                          "/s): the calibrated throughput stays at most 1, the route the limit");
    }
    if (!rates.empty() && *slowest < *route * model::kMinRestoreThroughput) {
      out.notes.push_back(s.id + ": a drill restored at under " +
                          units::format_bytes(*route * model::kMinRestoreThroughput) +
                          "/s, the least share of the model's route a throughput may give: " +
                          "give the store a `bandwidth` near what restores achieve");
    }
  }
}

void calibrate_failovers(const model::Service& s, const std::vector<const RunRecord*>& runs,
                         ServiceCalibration& out) {
  std::vector<double> times;
  for (const RunRecord* r : runs) {
    out.failover_runs.push_back(r->id);
    times.push_back(*r->rto_s);
  }
  const auto scope = s.recovery.failover_for(false);
  if (scope.mode == model::FailoverMode::kNone) {
    out.notes.push_back(s.id + ": failover drills promoted a replica, but the model never " +
                        "promotes one (failover.mode none); the promotion is calibrated anyway");
  }
  out.figures.push_back(row(Figure::kPromotion, scope.promotion, times));
  out.promotion = times;
  out.failover_mode = model::to_string(scope.mode);
}

}  // namespace

const char* to_string(Figure f) {
  switch (f) {
    case Figure::kRestoredSize:
      return "restored_size";
    case Figure::kRestoreRate:
      return "restore_rate";
    case Figure::kRestoreOverhead:
      return "restore_overhead";
    case Figure::kRestoreTime:
      return "restore_time";
    case Figure::kPromotion:
      return "promotion";
  }
  return "restore_time";
}

const char* label(Figure f) {
  switch (f) {
    case Figure::kRestoredSize:
      return "restored size";
    case Figure::kRestoreRate:
      return "restore rate";
    case Figure::kRestoreOverhead:
      return "restore overhead";
    case Figure::kRestoreTime:
      return "restore time";
    case Figure::kPromotion:
      return "promotion";
  }
  return "restore time";
}

const FigureRow* ServiceCalibration::find(Figure f) const {
  for (const FigureRow& r : figures) {
    if (r.figure == f) return &r;
  }
  return nullptr;
}

Calibration calibrate(const model::Model& m, const std::vector<RunRecord>& runs, int last,
                      const std::function<RunRecord(const RunRecord&)>& complete) {
  // Newest first, then each target's passed runs by kind, at most `last` of each.
  std::vector<const RunRecord*> order;
  for (const RunRecord& r : runs) order.push_back(&r);
  std::sort(order.begin(), order.end(), [](const RunRecord* a, const RunRecord* b) {
    return a->started_at != b->started_at ? a->started_at > b->started_at : a->id > b->id;
  });
  std::map<std::string, std::vector<const RunRecord*>> restore, failover;
  std::set<std::string> targets;
  for (const RunRecord* r : order) {
    targets.insert(r->target);
    if (!r->passed() || !r->rto_s) continue;
    auto& kind = r->failover() ? failover[r->target] : restore[r->target];
    if (static_cast<int>(kind.size()) < last) kind.push_back(r);
  }
  Calibration c;
  c.last = last;
  for (const std::string& t : targets) {  // in order
    if (m.find_service(t) == nullptr) c.not_in_model.push_back(t);
  }
  for (const model::Service& s : m.services) {
    auto r = restore.find(s.id);
    auto f = failover.find(s.id);
    if (r == restore.end() && f == failover.end()) continue;
    ServiceCalibration sc;
    sc.service = s.id;
    if (r != restore.end()) {
      std::vector<RunRecord> whole;  // oldest first, with their steps and evidence
      for (auto run = r->second.rbegin(); run != r->second.rend(); ++run) {
        whole.push_back(complete ? complete(**run) : **run);
      }
      calibrate_restores(m, s, whole, sc);
    }
    if (f != failover.end()) {
      std::reverse(f->second.begin(), f->second.end());
      calibrate_failovers(s, f->second, sc);
    }
    c.services.push_back(std::move(sc));
  }
  return c;
}

}  // namespace drsim::history
