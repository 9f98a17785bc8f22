// The estate model: failure domains, links, stores, services with their data, replicas,
// backups and recovery procedures, people, objectives and costs (DESIGN.md §2).
// A Model is produced by load_model() (model/loader.hpp), validated, and immutable afterwards.
// All durations are seconds, sizes bytes, bandwidths and rates bytes per second.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/distribution.hpp"

namespace drsim::model {

// What kind of thing fails: objectives, likelihoods and scenarios are given per class.
enum class DisruptionClass {
  kHardware,
  kAz,
  kRegion,
  kVendor,
  kDependency,
  kOffice,
  kCorruption,
  kDeletion,
  kRansomware,
  kFailback,  // the planned move back home after an outage (judged on its own downtime)
};

// ---------------------------------------------------------------- topology (failure domains)

enum class DomainLevel { kVendor, kRegion, kZone, kDatacenter, kOffice };
enum class VendorKind { kCloud, kSaas, kSelf };

// One failure domain. Vendors and offices are roots (parent ""); regions sit in a vendor,
// zones in a region, datacenters in a zone. A zone without datacenters is one datacenter.
struct Domain {
  std::string id;
  DomainLevel level = DomainLevel::kZone;
  std::string parent;                           // id of the enclosing domain, "" for roots
  VendorKind vendor_kind = VendorKind::kCloud;  // of the vendor this domain belongs to
  std::string vendor;                           // id of the enclosing vendor ("" for offices)
  std::string name;                             // optional display name
  SourceLoc loc;
};

// A network link between two domains (any level) with its capacity and latency.
struct Link {
  std::string a, b;
  double bandwidth = 0;  // bytes per second
  double latency = 0;    // seconds, one way
  SourceLoc loc;
};

// Link capacity used where no explicit link is given, by the smallest domain both ends share.
struct LinkDefaults {
  double zone_bandwidth = 3.125e9, zone_latency = 0.0005;       // inside one zone: 25 Gbps
  double region_bandwidth = 1.25e9, region_latency = 0.002;     // across zones: 10 Gbps, 2 ms
  double vendor_bandwidth = 1.25e9, vendor_latency = 0.05;      // across regions: 10 Gbps, 50 ms
  double internet_bandwidth = 1.25e8, internet_latency = 0.08;  // across vendors: 1 Gbps, 80 ms
};

// ---------------------------------------------------------------- stores

enum class StoreTier { kStandard, kInfrequent, kArchive };

// Where backups land: an object store, backup vault, tape library, in one failure domain.
struct Store {
  std::string id;
  std::string domain;  // zone, region, vendor or office id it lives in
  StoreTier tier = StoreTier::kStandard;
  double retrieval_delay = 0;  // seconds before a restore can start (archive tiers: hours)
  bool immutable = false;      // object lock / WORM: survives ransomware
  bool offline = false;        // air-gapped: unreachable to ransomware
  double bandwidth = 0;        // bytes per second the store serves, 0 = limited by links only
  SourceLoc loc;
};

// ---------------------------------------------------------------- services

enum class ServiceKind { kStateless, kDatabase, kObjectStore, kQueue, kKvStore, kExternal };

struct Placement {
  std::vector<std::string> zones;  // zone, datacenter or office ids the instances spread over
  int instances = 1;               // total instances, spread round-robin over `zones`
  int min_healthy = 1;             // instances needed to be up
  SourceLoc loc;
};

enum class DependencyMode { kHard, kQueued };

struct Dependency {
  std::string service;  // the service depended on; "" when `any_of` lists alternatives
  DependencyMode mode = DependencyMode::kHard;
  double buffer = 0;  // queued: seconds of work the queue holds before it overflows; 0 = unbounded
  // hard: seconds of a dependency outage its clients ride through by retrying (a database
  // failover under a connection pool); longer outages take the dependant down after this long.
  double tolerate = 0;
  SourceLoc loc;
  // Alternatives ("an image from the mirror OR the registry OR Docker Hub"), at least two: the
  // item is down only while every alternative is down (the pointwise best of their states).
  std::vector<std::string> any_of;

  // The services that can serve this item: {service}, or the alternatives of `any_of`.
  std::vector<std::string> alternatives() const {
    return any_of.empty() ? std::vector<std::string>{service} : any_of;
  }
  // "orders-db", or "any of mirror, registry, dockerhub" for messages and paths.
  std::string name() const;
};

enum class ReplicaRole { kPrimary, kStandby, kRead };
enum class ReplicationMode { kSync, kAsync, kLogShipping };

// One copy of a data set. Replication propagates logical corruption and deletes.
struct Replica {
  std::string zone;  // zone, datacenter or office id
  ReplicaRole role = ReplicaRole::kStandby;
  ReplicationMode mode = ReplicationMode::kAsync;
  double lag = 0;       // async: seconds behind the primary
  double interval = 0;  // log shipping: seconds between shipments
  SourceLoc loc;
};

// kIncremental: the changes since the previous run of its chain (its `full` backup or itself);
// restorable only together with the newest full run before it and every incremental since.
enum class BackupKind { kSnapshot, kDump, kLog, kCopy, kVersioning, kIncremental };

// How simulation time maps to the calendar: second 0 is 00:00 of `epoch_day` in a time zone
// with a fixed offset from UTC (daylight saving time is not modelled).
struct Calendar {
  long long epoch_day = 20458;  // days since 1970-01-01 of simulation day 0: 2026-01-05, a Monday
  double utc_offset = 0;        // seconds east of UTC of the calendar's time zone
  bool given = false;           // the model has `calendar:`: GFS retention uses calendar periods
  SourceLoc loc;
};

enum class ScheduleKind { kInterval, kWeekly, kMonthly };

// When a backup starts. kInterval: every `every` seconds from `at` ("daily at 02:00" is every
// 86400 s from 7200 s); kWeekly / kMonthly: on a weekday / day of the month at time of day `at`.
// engine/core/schedule.hpp enumerates the runs.
struct Schedule {
  ScheduleKind kind = ScheduleKind::kInterval;
  // Seconds between starts (log: archive interval); weekly 7 d, monthly 31 d (the longest gap).
  double every = 86400;
  double at = 0;      // kInterval: the first start; calendar kinds: seconds after local midnight
  int weekday = 0;    // kWeekly: 0 = Monday ... 6 = Sunday
  int month_day = 1;  // kMonthly: 1 to 28, or kLastDayOfMonth
  // `in UTC+HH:MM`: seconds east of UTC of the schedule's own time zone; unset = the calendar's.
  std::optional<double> utc_offset;
  Calendar calendar;  // the model's calendar, copied here by the loader
};

constexpr int kLastDayOfMonth = 0;  // Schedule::month_day of "monthly on day last"

// Grandfather-father-son retention; `keep_last` counts the most recent backups of any age.
// For log and versioning backups `window` is how far back recovery can reach (seconds).
struct Retention {
  int keep_last = 0;
  int daily = 0;
  int weekly = 0;
  int monthly = 0;
  double window = 0;
  // Seconds a backup stays restorable: the oldest age any rule keeps it.
  double max_age(double every) const;
};

struct BackupCopy {
  std::string store;
  double delay = 0;  // seconds after the backup finishes until the copy has arrived
  SourceLoc loc;
};

struct Backup {
  std::string id;
  BackupKind kind = BackupKind::kSnapshot;
  Schedule schedule;
  double duration = 0;  // seconds from start until the backup is finished in its store
  std::string store;    // where it lands first
  std::vector<BackupCopy> copies;
  Retention retention;
  bool immutable = false;  // object lock; the store's own flag also counts
  bool encrypted = false;
  std::string full;    // kIncremental: id of the full backup its chain starts from
  double size = 0;     // kIncremental: bytes per run; 0 = write_rate x time since the last run
  std::string run_by;  // service (a scheduler) that starts the runs; "" = always runs
  // The probability that one run turns out unusable at restore, each run on its own (trials
  // only: a single simulation takes every run as usable unless a bad-backup fault says not).
  double unusable = 0;
  SourceLoc loc;
};

struct DataSet {
  double size = 0;                // bytes
  double write_rate = 0;          // bytes per second of new data
  std::vector<Replica> replicas;  // every copy, the primary included
  std::vector<Backup> backups;
  SourceLoc loc;
};

// ---------------------------------------------------------------- recovery procedures

// kNone: no failover procedure — a standby is never promoted; the data comes back with its
// domain or from a backup restore (object stores, key-value stores and queues keep serving from a
// surviving synchronous copy). kAutomatic: promoted after detection. kManual: promoted once the
// on-call person has decided (page + response + decision).
enum class FailoverMode { kNone, kAutomatic, kManual };

// How a standby in another region is promoted, as written: `promotion` unset = the service's
// recovery.promotion (so a promotion that varies between trials varies for both scopes alike).
struct FailoverScope {
  FailoverMode mode = FailoverMode::kNone;
  std::optional<double> promotion;  // seconds
};

// How a standby of one scope is promoted (Recovery::failover_for()).
struct FailoverProcedure {
  FailoverMode mode = FailoverMode::kNone;
  double promotion = 60;  // seconds
};

// Which recovery point a data recovery uses when several survive. kReplica: a surviving replica
// that may be promoted is used before any backup, log replay or object versions (what a runbook
// does: a replica seconds behind beats a restore seconds newer). kNewest: the newest point,
// whatever it takes to bring back.
enum class PointPreference { kReplica, kNewest };

enum class ResyncMode { kAutomatic, kManual };

// How a copy that missed writes becomes an in-sync replica again once it is back. A standby that
// was only unreachable catches up by itself (replication resumes); the OLD PRIMARY after a
// failover has diverged and rejoins by `mode`: manual (the default: operators find the root
// cause first, `root_cause`, then resync — until then there is no hot spare) or automatic
// (pg_rewind / auto-rejoin). Either takes `duration`.
struct Resync {
  ResyncMode mode = ResyncMode::kManual;
  double root_cause = 0;  // manual: seconds to find the root cause before resyncing
  double duration = 0;    // seconds to resync; 0 = derived from the writes missed (see engine)
};

enum class FailbackMode { kManual, kAutomatic, kNone };
enum class FailbackWrites { kCarry, kDiscard };
enum class FailbackScope { kRegion, kZone };

// How a service that recovered away from home — in another region, or with scope `zone` in
// another zone (a primary and a recovery datacenter in one metro) — moves back once home is back
// (engine/core/failback.hpp, THE FAILBACK RULE): manual (the default: the on-call person
// decides), automatic, or none (the recovery site stays the new home). It starts `after` home
// is back; writes made on the recovery side are carried home (`carry`: copied back before the
// switch) or discarded (`discard`: home resumes from its own copy). The switch freezes writes
// for `freeze` (unset: recovery.promotion).
struct Failback {
  FailbackMode mode = FailbackMode::kManual;
  double after = 0;              // seconds after home is back before the failback starts
  std::optional<double> freeze;  // seconds writes are frozen for the switch; unset = promotion
  FailbackWrites writes = FailbackWrites::kCarry;
  FailbackScope scope = FailbackScope::kRegion;  // what counts as away from home
};

// The least restore.throughput a model may give: a logical restore at a few MB/s over a 100 Gbps
// route still fits.
constexpr double kMinRestoreThroughput = 0.0001;

struct Recovery {
  double detect_interval = 10;  // health-check interval, seconds
  int detect_threshold = 3;     // failed checks before the service is declared down
  bool auto_replace = true;     // lost instances are replaced automatically in a live zone
  double replace_time = 300;    // seconds to start a replacement instance
  FailoverMode failover = FailoverMode::kNone;  // standbys in the primary's region
  double promotion = 60;                        // seconds to promote a standby
  // Standbys (and standby instances) in another region than the primary's; unset = as above.
  std::optional<FailoverScope> cross_region;
  std::optional<double> rebuild;  // seconds to rebuild from IaC, if possible
  // What the rebuild needs (CI, code host, registry): every item, each one service or `any_of`
  // alternatives (only `any_of`, `loc` of the Dependency are used).
  std::vector<Dependency> rebuild_needs;
  double restore_overhead = 0;  // fixed seconds around a restore transfer
  // The share of a route's bandwidth a restore transfer achieves (kMinRestoreThroughput to 1): the
  // transfer moves its bytes / throughput through the links and stores.
  double restore_throughput = 1;
  double replay_rate = 0;     // bytes/s of log replay after a restore, 0 = instant
  double dns_ttl = 0;         // seconds for a DNS/traffic switch, 0 = none needed
  double scale_up = 0;        // seconds to scale a warm standby to full capacity
  std::string recovery_site;  // zone or region used for restores/rebuilds, "" = any
  PointPreference prefer = PointPreference::kReplica;
  Resync resync;
  Failback failback;
  SourceLoc loc;

  // The failover procedure for a standby in the primary's region (cross = false) or another.
  FailoverProcedure failover_for(bool cross) const {
    if (cross && cross_region) {
      return {cross_region->mode, cross_region->promotion.value_or(promotion)};
    }
    return {failover, promotion};
  }
};

enum class StrategyPreset { kNone, kBackupRestore, kPilotLight, kWarmStandby, kMultiSite };

// A DR preset as written; the loader has already expanded it into replicas, instances and
// recovery steps on the service, so the engine never looks at the label.
struct Strategy {
  StrategyPreset preset = StrategyPreset::kNone;
  std::string recovery_region;
  SourceLoc loc;
};

// Instances kept at a recovery site besides `placement`. The warm_standby and multi_site presets
// add one; users may write `standby:` themselves. Passive standby instances serve only after the
// primary placement is lost and `recovery.scale_up` has passed; active ones serve all the time.
struct Standby {
  std::vector<std::string> zones;  // zone, datacenter or office ids, in the recovery region
  int instances = 0;               // running in normal operation, spread round-robin over zones
  bool active = false;             // multi-site: full capacity that already serves traffic
  SourceLoc loc;
};

// What a service costs, in units of Model::currency (docs/model-format.md "Costs"): its running
// cost per month, and what an outage costs by the impact it has on the service and by the data
// it loses. The loader fills every field (defaults included), so readers need no rules of their
// own.
struct Costs {
  double standby_monthly = 0;     // standby resources at the recovery site, per month
  double replica_monthly = 0;     // replicas, per month
  double backup_monthly = 0;      // backup storage and copies, per month
  double degraded_hourly = 0;     // per hour degraded (impact limited); default 0
  double downtime_hourly = 0;     // per hour down (impact severe)
  double unrecovered_hourly = 0;  // per hour down and not recovered; default downtime_hourly
  double data_loss_hourly = 0;    // per hour of writes lost (the achieved RPO)
  // When no usable recovery point survives: default a year (8766 h) of data_loss_hourly.
  double data_unrecoverable = 0;

  double running_monthly() const { return standby_monthly + replica_monthly + backup_monthly; }
};

// How often faults happen, in faults per year (docs/model-format.md "Likelihoods"): per
// disruption class (one fault of one target, e.g. one zone lost) and per failure domain. What
// the model does not give, default_frequency() assumes.
struct Likelihoods {
  std::map<DisruptionClass, double> classes;  // as given in `likelihoods.classes`
  std::map<std::string, double> domains;      // as given in `likelihoods.domains`, by domain id
};

struct Service {
  std::string id;
  std::string name;
  ServiceKind kind = ServiceKind::kStateless;
  std::string vendor;  // external services: the vendor (a SaaS) that runs them
  bool user_facing = true;
  Placement placement;
  std::optional<Standby> standby;  // instances at a recovery site, if any
  std::vector<Dependency> depends_on;
  std::optional<DataSet> data;  // present for stateful services
  Recovery recovery;
  Strategy strategy;
  Costs costs;
  SourceLoc loc;

  bool stateful() const { return data.has_value(); }
};

// ---------------------------------------------------------------- people and objectives

struct People {
  double page = 300;                 // seconds until the on-call person is paged
  double response = 900;             // seconds until they are at a keyboard
  double decision = 1800;            // seconds to decide on a manual failover
  std::vector<std::string> offices;  // where the team works
  bool remote_work = true;           // can work when the office is lost
  SourceLoc loc;
};

struct Objective {
  std::optional<double> rto;  // seconds
  std::optional<double> rpo;  // seconds
  std::optional<double> mtd;  // maximum tolerable downtime, seconds
  SourceLoc loc;
};

// Targets per disruption class: defaults for every service, and per-service overrides.
struct Objectives {
  std::map<DisruptionClass, Objective> defaults;
  std::map<std::string, std::map<DisruptionClass, Objective>> services;
  // The objective for `service` under `cls`: the service's own, else the default, else null.
  const Objective* find(const std::string& service, DisruptionClass cls) const;
};

// ---------------------------------------------------------------- uncertainty

struct Model;

// One value of the model that varies between trials (docs/model-format.md "Uncertainty"). The
// model holds its median; a trial sets `field` in its own copy to a draw clamped to [lo, hi].
struct VaryingValue {
  std::string name;  // the key as written: "response", "promotion", "throughput"
  Distribution dist;
  double lo = 0, hi = 0;
  std::function<double&(Model&)> field;  // the same field in any copy of the model
  SourceLoc loc;
};

// What varies between trials, besides Backup::unusable. Empty for a model without distributions.
struct Uncertainty {
  std::vector<VaryingValue> values;
  // `outages:` how long a fault of a class lasts when the scenario does not say (az, region,
  // vendor, dependency, office); classes not given keep the documented defaults.
  std::map<DisruptionClass, Distribution> outages;
  std::map<DisruptionClass, SourceLoc> outage_locs;
};

// ---------------------------------------------------------------- the model

struct Model {
  int version = 1;
  std::string name;
  std::string description;
  std::string source;    // file it was loaded from
  std::string checksum;  // "sha256:<hex>" of the file's bytes
  std::vector<Domain> domains;
  std::vector<Link> links;
  LinkDefaults link_defaults;
  std::vector<Store> stores;
  std::vector<Service> services;
  Calendar calendar;
  People people;
  Objectives objectives;
  std::string currency = "USD";
  bool costs_given = false;  // the model has a `costs:` section
  Likelihoods likelihoods;
  bool likelihoods_given = false;  // the model has a `likelihoods:` section
  Uncertainty uncertainty;

  const Domain* find_domain(const std::string& id) const;
  const Store* find_store(const std::string& id) const;
  const Service* find_service(const std::string& id) const;
  // The position of service `id` in `services`; services.size() if there is none.
  std::size_t service_position(const std::string& id) const;
  // The positions of the alternatives (Dependency::alternatives(), in order) of item `item` of
  // services[service].depends_on, as service_position() gives them: looked up once, by index().
  // Throws InternalError for an item index() has not seen (services changed since).
  const std::vector<std::size_t>& dependency_positions(std::size_t service,
                                                       std::size_t item) const {
    if (service >= dependency_positions_.size() || item >= dependency_positions_[service].size()) {
      not_indexed_at(service, item);
    }
    return dependency_positions_[service][item];
  }
  // The position in `domains` of the domain each instance of services[service] runs in during
  // normal operation (EstateGraph::instance_domain() numbering: placed instances, then standby
  // ones); kNoDomain for an instance without one. Looked up once, by index(); throws
  // InternalError for a service index() has not seen.
  const std::vector<std::size_t>& instance_sites(std::size_t service) const;
  // The positions in `domains` of services[service]'s placement zones and of its replicas'
  // zones, in their order (kNoDomain for an id that is no domain). Looked up once, by index();
  // throws InternalError for a service index() has not seen.
  const std::vector<std::size_t>& zone_sites(std::size_t service) const {
    if (service >= zone_sites_.size() || service >= services.size() ||
        zone_sites_[service].size() != services[service].placement.zones.size()) {
      not_indexed_at(service);
    }
    return zone_sites_[service];
  }
  const std::vector<std::size_t>& replica_sites(std::size_t service) const {
    if (service >= replica_sites_.size() || service >= services.size() ||
        replica_sites_[service].size() !=
            (services[service].data ? services[service].data->replicas.size() : 0)) {
      not_indexed_at(service);
    }
    return replica_sites_[service];
  }
  // The position of `s` in `services` when it is one of them (not a copy), else services.size().
  std::size_t position_of(const Service& s) const {
    const auto* p = &s;
    const auto* first = services.data();
    if (services.empty() || std::less<const Service*>()(p, first) ||
        !std::less<const Service*>()(p, first + services.size())) {
      return services.size();
    }
    return static_cast<std::size_t>(p - first);
  }
  // True if `inner` is `outer` or lies inside it (a zone inside its region, vendor...).
  bool within(const std::string& inner, const std::string& outer) const;
  // True if `inner` is within any of `outers` (one walk up instead of one per outer).
  bool within_any(const std::string& inner, const std::vector<std::string>& outers) const;
  // The same by position in `domains` (domain_position()), without hashing: for loops over
  // every domain.
  std::optional<std::size_t> domain_position(const std::string& id) const;
  bool within(std::size_t inner, std::size_t outer) const;
  bool within_any(std::size_t inner, const std::vector<std::string>& outers) const;
  // The position of domains[i]'s parent; kNoDomain for a root.
  std::size_t parent_position(std::size_t i) const { return parent_[i]; }
  // The positions of the ends (a, b) of links[i], kNoDomain for an unknown one: looked up once,
  // by index(); throws InternalError for a link index() has not seen.
  const std::pair<std::size_t, std::size_t>& link_ends(std::size_t i) const;
  // The nearest domain at `level` that is `id` or holds it (the region of a zone); null if none.
  const Domain* enclosing(const std::string& id, DomainLevel level) const;
  // Ids from `id` up to its root: {"az1", "ap-southeast-2", "aws"}.
  std::vector<std::string> ancestors(const std::string& id) const;
  // Builds the id indexes; the loader calls it once the vectors are final.
  void index();

  // A position that is no domain's (domain_position() of an unknown id, a root's parent).
  static constexpr std::size_t kNoDomain = static_cast<std::size_t>(-1);

 private:
  // Throws InternalError: services[service] (its dependency item `item`) changed since index().
  [[noreturn]] static void not_indexed_at(std::size_t service,
                                          std::optional<std::size_t> item = std::nullopt);
  // True if `match` holds for the domain `inner` or one it lies in (walked upwards).
  template <typename Match>
  bool up_the_chain(std::size_t inner, Match match) const;
  template <typename Match>
  bool up_the_chain(const std::string& inner, Match match) const;
  std::unordered_map<std::string, std::size_t> domain_index_, store_index_, service_index_;
  std::vector<std::size_t> parent_;  // position of each domain's parent, kNoDomain for roots
  std::vector<std::vector<std::vector<std::size_t>>> dependency_positions_;  // [service][item]
  std::vector<std::vector<std::size_t>> instance_sites_;                     // [service][instance]
  std::vector<std::vector<std::size_t>> zone_sites_;                         // [service][zone]
  std::vector<std::vector<std::size_t>> replica_sites_;                      // [service][replica]
  std::vector<std::pair<std::size_t, std::size_t>> link_ends_;               // [link]
};

// Stable lowercase names used in files, messages and reports.
const char* to_string(DomainLevel v);
const char* to_string(VendorKind v);
const char* to_string(StoreTier v);
const char* to_string(ServiceKind v);
const char* to_string(DependencyMode v);
const char* to_string(ReplicaRole v);
const char* to_string(ReplicationMode v);
const char* to_string(BackupKind v);
const char* to_string(FailoverMode v);
const char* to_string(PointPreference v);
const char* to_string(ResyncMode v);
const char* to_string(StrategyPreset v);
const char* to_string(DisruptionClass v);
// Parses a disruption-class name ("az", "region", ...); false if unknown.
bool parse_disruption_class(const std::string& text, DisruptionClass& out);
// The documented default frequency of one fault of `cls` (one zone, one region, one service
// corrupted...), in faults per year: the table of docs/model-format.md "Likelihoods".
double default_frequency(DisruptionClass cls);

}  // namespace drsim::model
