// Small estate models built in code for unit tests (engine/core, scenarios): one cloud vendor
// with two regions of two zones each, a SaaS vendor running an external payment service, an
// office, stores in each region, and one database whose replicas and backups each test sets up.
// Deterministic, no files.
#pragma once

#include <string>

#include "model/model.hpp"

namespace drsim::test {

inline model::Domain domain(std::string id, model::DomainLevel level, std::string parent,
                            std::string vendor) {
  model::Domain d;
  d.id = std::move(id);
  d.level = level;
  d.parent = std::move(parent);
  d.vendor = std::move(vendor);
  return d;
}

inline model::Store store(std::string id, std::string dom) {
  model::Store s;
  s.id = std::move(id);
  s.domain = std::move(dom);
  return s;
}

// aws > {ap-southeast-2 > {apse2-az1, apse2-az2}, ap-southeast-1 > {apse1-az1, apse1-az2}},
// stripe (SaaS), sydney-office; stores s3-apse2 (ap-southeast-2) and s3-apse1 (ap-southeast-1).
// Services: "db" (database, primary in apse2-az1, 500 GB, 1 MB/s, no standby or backup yet),
// "web" (stateless, apse2-az1 + apse2-az2), "payments" (external, run by stripe).
inline model::Model two_region_model() {
  using model::DomainLevel;
  model::Model m;
  m.name = "two-region";
  m.domains = {domain("aws", DomainLevel::kVendor, "", "aws"),
               domain("ap-southeast-2", DomainLevel::kRegion, "aws", "aws"),
               domain("apse2-az1", DomainLevel::kZone, "ap-southeast-2", "aws"),
               domain("apse2-az2", DomainLevel::kZone, "ap-southeast-2", "aws"),
               domain("ap-southeast-1", DomainLevel::kRegion, "aws", "aws"),
               domain("apse1-az1", DomainLevel::kZone, "ap-southeast-1", "aws"),
               domain("apse1-az2", DomainLevel::kZone, "ap-southeast-1", "aws"),
               domain("stripe", DomainLevel::kVendor, "", "stripe"),
               domain("sydney-office", DomainLevel::kOffice, "", "")};
  m.domains[7].vendor_kind = model::VendorKind::kSaas;
  m.stores = {store("s3-apse2", "ap-southeast-2"), store("s3-apse1", "ap-southeast-1")};
  model::Service db;
  db.id = "db";
  db.kind = model::ServiceKind::kDatabase;
  db.placement.zones = {"apse2-az1"};
  db.data = model::DataSet{};
  db.data->size = 500e9;
  db.data->write_rate = 1e6;
  model::Replica primary;
  primary.zone = "apse2-az1";
  primary.role = model::ReplicaRole::kPrimary;
  db.data->replicas.push_back(primary);
  m.services.push_back(db);
  model::Service web;
  web.id = "web";
  web.placement.zones = {"apse2-az1", "apse2-az2"};
  web.placement.instances = 2;
  m.services.push_back(web);
  model::Service payments;
  payments.id = "payments";
  payments.kind = model::ServiceKind::kExternal;
  payments.vendor = "stripe";
  m.services.push_back(payments);
  m.index();
  return m;
}

// Daily snapshot at `at` (s after midnight) taking `duration` s into `store`, optionally copied.
inline model::Backup daily_snapshot(std::string id, double at, double duration,
                                    std::string store_id, int daily_keep = 7) {
  model::Backup b;
  b.id = std::move(id);
  b.kind = model::BackupKind::kSnapshot;
  b.schedule.every = 86400;
  b.schedule.at = at;
  b.duration = duration;
  b.store = std::move(store_id);
  b.retention.daily = daily_keep;
  return b;
}

inline model::Backup log_archive(std::string id, double every, std::string store_id,
                                 double window) {
  model::Backup b;
  b.id = std::move(id);
  b.kind = model::BackupKind::kLog;
  b.schedule.every = every;
  b.schedule.at = 0;
  b.store = std::move(store_id);
  b.retention.window = window;
  return b;
}

// Object versions kept in `store_id` (every second, one version per write) for `window` s.
inline model::Backup object_versions(std::string id, std::string store_id, double window) {
  model::Backup b;
  b.id = std::move(id);
  b.kind = model::BackupKind::kVersioning;
  b.schedule.every = 1;
  b.store = std::move(store_id);
  b.retention.window = window;
  return b;
}

inline model::Service& db_of(model::Model& m) { return m.services.front(); }

constexpr double kH = 3600;
constexpr double kMin = 60;
constexpr double kDay = 86400;

// A weekly (day 0 = Monday) or monthly (day of the month) schedule at `at` s after midnight.
inline model::Schedule calendar_schedule(model::ScheduleKind kind, int day, double at) {
  model::Schedule s;
  s.kind = kind;
  s.at = at;
  if (kind == model::ScheduleKind::kWeekly) {
    s.weekday = day;
    s.every = 7 * kDay;
  } else {
    s.month_day = day;
    s.every = 31 * kDay;
  }
  return s;
}

// A snapshot on such a schedule into `store_id`, keeping the last 4 runs.
inline model::Backup calendar_snapshot(std::string id, model::ScheduleKind kind, int day, double at,
                                       std::string store_id) {
  model::Backup b;
  b.id = std::move(id);
  b.kind = model::BackupKind::kSnapshot;
  b.schedule = calendar_schedule(kind, day, at);
  b.store = std::move(store_id);
  b.retention.keep_last = 4;
  return b;
}

// The daily 02:00 snapshot `nightly` of db into the far region's store, started by `scheduler`.
inline model::Model scheduled_nightly(const std::string& scheduler) {
  auto m = two_region_model();
  auto b = daily_snapshot("nightly", 2 * kH, 0, "s3-apse1");
  b.run_by = scheduler;
  db_of(m).data->backups.push_back(b);
  m.index();
  return m;
}

// Weekly full on Sunday 01:00 (1 TB data set) and a daily 01:00 incremental of 50 GB, both
// in the far region's store, which serves 1 Gbps.
inline model::Model weekly_chain(double incremental_size = 50e9, int incremental_keep = 7) {
  auto m = two_region_model();
  m.stores[1].bandwidth = 1.25e8;
  db_of(m).data->size = 1e12;
  db_of(m).data->backups.push_back(
      calendar_snapshot("weekly-full", model::ScheduleKind::kWeekly, 6, kH, "s3-apse1"));
  model::Backup incr = daily_snapshot("daily-incr", kH, 0, "s3-apse1");
  incr.kind = model::BackupKind::kIncremental;
  incr.full = "weekly-full";
  incr.size = incremental_size;
  incr.retention = {};
  incr.retention.keep_last = incremental_keep;
  db_of(m).data->backups.push_back(incr);
  m.index();
  return m;
}

}  // namespace drsim::test
