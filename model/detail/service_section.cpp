// Reads `services:`: kind, placement, standby, dependencies, data (replicas, backups), recovery
// procedures and the DR strategy label (expanded later by model/detail/presets.cpp).
#include <algorithm>
#include <optional>
#include <unordered_set>

#include "model/detail/load_context.hpp"
#include "model/field_reader.hpp"
#include "model/units.hpp"

namespace drsim::model::detail {
namespace {

constexpr long long kMaxInstances = 100000;
constexpr double kDay = 86400;

const EnumTable<ServiceKind> kServiceKinds = {
    {"stateless", ServiceKind::kStateless},      {"database", ServiceKind::kDatabase},
    {"object_store", ServiceKind::kObjectStore}, {"queue", ServiceKind::kQueue},
    {"kv_store", ServiceKind::kKvStore},         {"external", ServiceKind::kExternal}};
const EnumTable<DependencyMode> kDependencyModes = {{"hard", DependencyMode::kHard},
                                                    {"queued", DependencyMode::kQueued}};
const EnumTable<ReplicaRole> kRoles = {{"primary", ReplicaRole::kPrimary},
                                       {"standby", ReplicaRole::kStandby},
                                       {"read", ReplicaRole::kRead}};
const EnumTable<ReplicationMode> kReplicationModes = {
    {"sync", ReplicationMode::kSync},
    {"async", ReplicationMode::kAsync},
    {"log_shipping", ReplicationMode::kLogShipping}};
const EnumTable<BackupKind> kBackupKinds = {{"snapshot", BackupKind::kSnapshot},
                                            {"dump", BackupKind::kDump},
                                            {"log", BackupKind::kLog},
                                            {"copy", BackupKind::kCopy},
                                            {"versioning", BackupKind::kVersioning},
                                            {"incremental", BackupKind::kIncremental}};
const EnumTable<FailoverMode> kFailoverModes = {{"none", FailoverMode::kNone},
                                                {"automatic", FailoverMode::kAutomatic},
                                                {"manual", FailoverMode::kManual}};
const EnumTable<PointPreference> kPreferences = {{"replica", PointPreference::kReplica},
                                                 {"newest", PointPreference::kNewest}};
const EnumTable<ResyncMode> kResyncModes = {{"automatic", ResyncMode::kAutomatic},
                                            {"manual", ResyncMode::kManual}};
const EnumTable<FailbackMode> kFailbackModes = {{"manual", FailbackMode::kManual},
                                                {"automatic", FailbackMode::kAutomatic},
                                                {"none", FailbackMode::kNone}};
const EnumTable<FailbackWrites> kFailbackWrites = {{"carry", FailbackWrites::kCarry},
                                                   {"discard", FailbackWrites::kDiscard}};
const EnumTable<FailbackScope> kFailbackScopes = {{"region", FailbackScope::kRegion},
                                                  {"zone", FailbackScope::kZone}};
const EnumTable<StrategyPreset> kPresets = {{"backup_restore", StrategyPreset::kBackupRestore},
                                            {"pilot_light", StrategyPreset::kPilotLight},
                                            {"warm_standby", StrategyPreset::kWarmStandby},
                                            {"multi_site", StrategyPreset::kMultiSite}};

// A list of ids that must name things of `kind`; duplicates in the list are errors.
std::vector<std::string> read_id_list(const Node& node, RefKind kind, bool non_empty,
                                      LoadContext& ctx) {
  std::vector<std::string> out;
  if (!expect_list(node, ctx.diags)) return out;
  if (non_empty && node.items.empty()) {
    ctx.diags.error(node.loc(), "the list is empty", {"list at least one id"});
  }
  for (const auto& item : node.items) {
    auto id = read_id(item, ctx.diags);
    if (!id) continue;
    bool repeated = false;
    for (const auto& seen : out) repeated = repeated || seen == *id;
    if (repeated) {
      ctx.diags.error(item.loc(), "'" + *id + "' is listed twice", {"remove one of the two"});
      continue;
    }
    ctx.ref(item, *id, kind);
    out.push_back(*id);
  }
  return out;
}

void read_placement(const Node& node, Placement& p, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  p.loc = node.loc();
  if (const Node* zones = m.need("zones", "[az1, az2]")) {
    p.zones = read_id_list(*zones, RefKind::kPlacement, true, ctx);
  }
  bool instances_ok = true;
  const Node* instances = m.get("instances");
  if (instances) {
    auto v = read_int(*instances, "instances", 1, kMaxInstances, ctx.diags);
    instances_ok = v.has_value();
    p.instances = static_cast<int>(v.value_or(1));
  }
  if (const Node* n = m.get("min_healthy")) {
    auto v = read_int(*n, "min_healthy", 1, kMaxInstances, ctx.diags);
    if (v && instances_ok && *v > p.instances) {
      ctx.diags.error(n->loc(),
                      "min_healthy " + n->scalar + " is more than instances (" +
                          std::to_string(p.instances) + (instances ? ")" : ", the default)"),
                      {"allowed range is 1 to " + std::to_string(p.instances)});
    } else if (v) {
      p.min_healthy = static_cast<int>(*v);
    }
  }
}

void read_standby(const Node& node, Standby& s, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  s.loc = node.loc();
  s.instances = 1;
  if (const Node* zones = m.need("zones", "[dr-az1]")) {
    s.zones = read_id_list(*zones, RefKind::kPlacement, true, ctx);
  }
  if (const Node* n = m.get("instances")) {
    s.instances =
        static_cast<int>(read_int(*n, "instances", 0, kMaxInstances, ctx.diags).value_or(1));
  }
  if (const Node* n = m.get("active")) s.active = read_bool(*n, ctx.diags).value_or(false);
}

// `any_of: [mirror, registry, dockerhub]`: at least two services, any one of which will do.
void read_any_of(const Node& node, Dependency& dep, LoadContext& ctx) {
  dep.any_of = read_id_list(node, RefKind::kService, false, ctx);
  if (node.is_sequence() && node.items.size() < 2) {
    ctx.diags.error(
        node.loc(),
        "'any_of' needs at least two alternatives, got " + std::to_string(node.items.size()),
        {"write a single service on its own, without 'any_of'"});
  }
}

// One `rebuild.needs` item: a service id, or `{any_of: [...]}`.
std::vector<Dependency> read_needs(const Node& node, LoadContext& ctx) {
  std::vector<Dependency> out;
  if (!expect_list(node, ctx.diags)) return out;
  std::unordered_set<std::string> seen;
  for (const auto& item : node.items) {
    Dependency need;
    need.loc = item.loc();
    if (item.is_mapping()) {
      MapReader m(item, ctx.diags);
      if (const Node* alts = m.need("any_of", "[registry, dockerhub]"))
        read_any_of(*alts, need, ctx);
    } else if (auto id = read_id(item, ctx.diags)) {
      need.service = *id;
      ctx.ref(item, *id, RefKind::kService);
    } else {
      continue;
    }
    if (need.alternatives().empty()) continue;
    if (!seen.insert(need.name()).second) {
      ctx.diags.error(item.loc(), "'" + need.name() + "' is listed twice",
                      {"remove one of the two"});
      continue;
    }
    out.push_back(need);
  }
  return out;
}

void read_dependencies(const Node& node, Service& svc, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  std::unordered_set<std::string> seen;
  for (const auto& item : node.items) {
    Dependency dep;
    dep.loc = item.loc();
    const Node* target = &item;
    if (item.is_mapping()) {
      MapReader m(item, ctx.diags);
      const Node* alts = m.get("any_of");
      target = alts ? m.get("service") : m.need("service", "orders-db");
      if (alts && target) {
        ctx.diags.error(target->loc(), "a dependency has either 'service' or 'any_of', not both",
                        {"list the service among the alternatives of 'any_of'"});
        target = nullptr;
      } else if (alts) {
        read_any_of(*alts, dep, ctx);
      }
      if (const Node* mode = m.get("mode")) {
        dep.mode = read_enum(*mode, "dependency mode", kDependencyModes, ctx.diags)
                       .value_or(DependencyMode::kHard);
      }
      if (const Node* buffer = m.get("buffer")) {
        if (dep.mode != DependencyMode::kQueued) {
          ctx.diags.error(buffer->loc(), "'buffer' applies only to queued dependencies",
                          {"add 'mode: queued', or remove 'buffer'"});
        } else {
          dep.buffer = read_duration(*buffer, "buffer", 0, 365 * kDay, ctx.diags).value_or(0);
        }
      }
      if (const Node* tolerate = m.get("tolerate")) {
        if (dep.mode != DependencyMode::kHard) {
          ctx.diags.error(tolerate->loc(), "'tolerate' applies only to hard dependencies",
                          {"a queued dependency absorbs outages with 'buffer' instead"});
        } else {
          dep.tolerate = read_duration(*tolerate, "tolerate", 0, kDay, ctx.diags).value_or(0);
        }
      }
    } else if (!item.is_scalar()) {
      ctx.diags.error(item.loc(), "expected a service id or a mapping, got " + describe(item),
                      {"write 'orders-db' or '{service: payments, mode: queued, buffer: 24 h}'"});
      continue;
    }
    if (!dep.any_of.empty()) {
      if (!seen.insert(dep.name()).second) {
        ctx.diags.error(item.loc(), "'" + dep.name() + "' is listed twice in depends_on",
                        {"keep one entry per dependency"});
        continue;
      }
      svc.depends_on.push_back(dep);
      continue;
    }
    if (!target) continue;
    auto id = read_id(*target, ctx.diags);
    if (!id) continue;
    if (!seen.insert(*id).second) {
      ctx.diags.error(target->loc(), "'" + *id + "' is listed twice in depends_on",
                      {"keep one entry per dependency"});
      continue;
    }
    dep.service = *id;
    ctx.ref(*target, *id, RefKind::kService);
    svc.depends_on.push_back(dep);
  }
}

void read_replica(const Node& node, Replica& r, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  r.loc = node.loc();
  if (const Node* zone = m.need("zone", "az1")) {
    if (auto id = read_id(*zone, ctx.diags)) {
      r.zone = *id;
      ctx.ref(*zone, *id, RefKind::kPlacement);
    }
  }
  if (const Node* role = m.get("role")) {
    r.role = read_enum(*role, "replica role", kRoles, ctx.diags).value_or(ReplicaRole::kStandby);
  }
  const Node* mode = m.get("mode");
  const Node* lag = m.get("lag");
  const Node* interval = m.get("interval");
  if (r.role == ReplicaRole::kPrimary) {
    for (const auto& [key, n] :
         {std::pair{"mode", mode}, std::pair{"lag", lag}, std::pair{"interval", interval}}) {
      if (!n) continue;
      ctx.diags.error(n->loc(), std::string("'") + key + "' does not apply to the primary replica",
                      {"the primary takes the writes; replication settings belong on the other "
                       "replicas"});
    }
    return;
  }
  if (mode) {
    r.mode = read_enum(*mode, "replication mode", kReplicationModes, ctx.diags)
                 .value_or(ReplicationMode::kAsync);
  }
  r.lag = r.mode == ReplicationMode::kAsync ? 1 : 0;
  r.interval = r.mode == ReplicationMode::kLogShipping ? 300 : 0;
  if (lag && r.mode != ReplicationMode::kAsync) {
    ctx.diags.error(lag->loc(), "'lag' applies only to async replicas",
                    {"write 'mode: async', or remove 'lag'"});
  } else if (lag) {
    r.lag = read_duration(*lag, "lag", 0, kDay, ctx.diags).value_or(r.lag);
  }
  if (interval && r.mode != ReplicationMode::kLogShipping) {
    ctx.diags.error(interval->loc(), "'interval' applies only to log_shipping replicas",
                    {"write 'mode: log_shipping', or remove 'interval'"});
  } else if (interval) {
    r.interval = read_duration(*interval, "interval", 1, kDay, ctx.diags).value_or(r.interval);
  }
}

const char* const kScheduleHint =
    "write 'every <duration>', 'hourly at :MM', 'daily at HH:MM', 'weekly on <weekday> at HH:MM' "
    "or 'monthly on day <1-28|last> at HH:MM', e.g. 'daily at 02:00' or 'weekly on sunday at "
    "03:00 in UTC+10:00'";

// "<rest> in <zone>": the zone's offset goes to s.utc_offset; returns <rest>, or nullopt after
// recording an error.
std::optional<std::string> strip_zone(const Node& node, const std::string& text, Schedule& s,
                                      LoadContext& ctx) {
  const std::size_t in = text.find(" in ");
  if (in == std::string::npos) return text;
  units::Parsed zone = units::parse_utc_offset(text.substr(in + 4));
  if (!zone.ok) {
    ctx.diags.error(node.loc(), zone.error, zone.hints);
    return std::nullopt;
  }
  s.utc_offset = zone.value;
  return text.substr(0, in);
}

// "at HH:MM" into s.at; false after recording an error.
bool read_at(const Node& node, const std::string& text, Schedule& s, LoadContext& ctx) {
  if (text.rfind("at ", 0) != 0) {
    ctx.diags.error(node.loc(), "'" + node.scalar + "' is not a schedule", {kScheduleHint});
    return false;
  }
  units::Parsed at = units::parse_time_of_day(text.substr(3));
  if (!at.ok) {
    ctx.diags.error(node.loc(), at.error, at.hints);
    return false;
  }
  s.at = at.value;
  return true;
}

// "<weekday> at HH:MM" of a weekly schedule.
void read_weekly(const Node& node, const std::string& text, Schedule& s, LoadContext& ctx) {
  static const std::vector<std::string> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                     "friday", "saturday", "sunday"};
  const std::string day = text.substr(0, text.find(' '));
  auto it = std::find(kWeekdays.begin(), kWeekdays.end(), day);
  if (it == kWeekdays.end()) {
    std::string guess = did_you_mean(day, kWeekdays);
    ctx.diags.error(node.loc(), "unknown weekday '" + day + "'",
                    {guess.empty() ? "weekdays are monday, tuesday, ..., sunday"
                                   : "did you mean '" + guess + "'?"});
    return;
  }
  if (!read_at(node, text.substr(std::min(text.size(), day.size() + 1)), s, ctx)) return;
  s.kind = ScheduleKind::kWeekly;
  s.weekday = static_cast<int>(it - kWeekdays.begin());
  s.every = 7 * kDay;
}

// "day <1-28|last> at HH:MM" of a monthly schedule.
void read_monthly(const Node& node, const std::string& text, Schedule& s, LoadContext& ctx) {
  const std::string hint = "write a day from 1 to 28, or 'last' for the last day of each month";
  if (text.rfind("day ", 0) != 0) {
    ctx.diags.error(node.loc(), "'" + node.scalar + "' is not a schedule", {kScheduleHint});
    return;
  }
  const std::string day = text.substr(4, text.find(' ', 4) - 4);
  int month_day = kLastDayOfMonth;
  if (day != "last") {
    auto n =
        day.size() <= 2 && !day.empty() &&
                std::all_of(day.begin(), day.end(), [](char c) { return c >= '0' && c <= '9'; })
            ? std::stoi(day)
            : -1;
    if (n < 1 || n > 28) {
      ctx.diags.error(node.loc(), "day '" + day + "' is not a day every month has", {hint});
      return;
    }
    month_day = n;
  }
  if (!read_at(node, text.substr(std::min(text.size(), 5 + day.size())), s, ctx)) return;
  s.kind = ScheduleKind::kMonthly;
  s.month_day = month_day;
  s.every = 31 * kDay;
}

// The schedule forms of docs/model-format.md; the model's calendar is copied in.
void read_schedule(const Node& node, Schedule& s, LoadContext& ctx) {
  s.calendar = ctx.model.calendar;
  if (!node.is_scalar()) {
    ctx.diags.error(node.loc(), "expected a schedule, got " + describe(node), {kScheduleHint});
    return;
  }
  const std::string& text = node.scalar;
  if (text.rfind("daily at ", 0) == 0) {
    auto rest = strip_zone(node, text, s, ctx);
    if (!rest) return;
    units::Parsed at = units::parse_time_of_day(rest->substr(9));
    if (!at.ok) {
      ctx.diags.error(node.loc(), at.error, at.hints);
      return;
    }
    s.every = kDay;
    s.at = at.value;
  } else if (text.rfind("hourly at :", 0) == 0) {
    units::Parsed at = units::parse_time_of_day("00:" + text.substr(11));
    if (!at.ok) {
      ctx.diags.error(node.loc(), "'" + text.substr(10) + "' is not a minute of the hour",
                      {"write ':MM' with MM from 00 to 59, e.g. 'hourly at :15'"});
      return;
    }
    s.every = 3600;
    s.at = at.value;
  } else if (text.rfind("weekly on ", 0) == 0) {
    if (auto rest = strip_zone(node, text, s, ctx)) read_weekly(node, rest->substr(10), s, ctx);
  } else if (text.rfind("monthly on ", 0) == 0) {
    if (auto rest = strip_zone(node, text, s, ctx)) read_monthly(node, rest->substr(11), s, ctx);
  } else if (text.rfind("every ", 0) == 0) {
    units::Parsed every = units::parse_duration(text.substr(6));
    if (!every.ok) {
      ctx.diags.error(node.loc(), every.error, every.hints);
      return;
    }
    if (every.value < 1 || every.value > 366 * kDay) {
      ctx.diags.error(node.loc(), "schedule '" + text + "' is out of range",
                      {"allowed interval is 1 s to 366 d"});
      return;
    }
    s.every = every.value;
    s.at = 0;
  } else {
    ctx.diags.error(node.loc(), "'" + text + "' is not a schedule", {kScheduleHint});
  }
}

void read_retention(const Node& node, Retention& r, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  r = Retention{};
  bool any_read = true;
  auto count = [&](const char* key, int& out) {
    if (const Node* n = m.get(key)) {
      auto v = read_int(*n, key, 0, 1000, ctx.diags);
      out = static_cast<int>(v.value_or(0));
      any_read = any_read && v.has_value();
    }
  };
  count("keep_last", r.keep_last);
  count("daily", r.daily);
  count("weekly", r.weekly);
  count("monthly", r.monthly);
  if (const Node* n = m.get("window")) {
    auto v = read_duration(*n, "window", 0, 3660 * kDay, ctx.diags);
    r.window = v.value_or(0);
    any_read = any_read && v.has_value();
  }
  if (m.ok() && any_read && r.keep_last == 0 && r.daily == 0 && r.weekly == 0 && r.monthly == 0 &&
      r.window == 0) {
    ctx.diags.error(node.loc(), "retention keeps nothing",
                    {"set at least one of keep_last, daily, weekly, monthly or window above 0"});
  }
}

void read_backup(const Node& node, Backup& b, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  b.loc = node.loc();
  if (const Node* id = m.need("id", "nightly")) b.id = read_id(*id, ctx.diags).value_or("");
  if (const Node* kind = m.need("kind", "snapshot")) {
    b.kind =
        read_enum(*kind, "backup kind", kBackupKinds, ctx.diags).value_or(BackupKind::kSnapshot);
  }
  const bool continuous = b.kind == BackupKind::kLog || b.kind == BackupKind::kVersioning;
  b.schedule.every = b.kind == BackupKind::kLog          ? 300
                     : b.kind == BackupKind::kVersioning ? 1
                                                         : kDay;
  if (const Node* s = continuous ? m.get("schedule") : m.need("schedule", "daily at 02:00")) {
    read_schedule(*s, b.schedule, ctx);
  }
  if (const Node* d = m.get("duration")) {
    b.duration = read_duration(*d, "duration", 0, 30 * kDay, ctx.diags).value_or(0);
  }
  if (const Node* n = m.get("unusable")) {
    b.unusable = read_probability(*n, "unusable", ctx.diags).value_or(0);
  }
  const Node* store =
      b.kind == BackupKind::kVersioning ? m.get("store") : m.need("store", "backups-eu");
  if (store) {
    if (auto id = read_id(*store, ctx.diags)) {
      b.store = *id;
      ctx.ref(*store, *id, RefKind::kStore);
    }
  }
  if (const Node* copies = m.get("copies"); copies && expect_list(*copies, ctx.diags)) {
    for (const auto& item : copies->items) {
      MapReader c(item, ctx.diags);
      BackupCopy copy;
      copy.loc = item.loc();
      if (const Node* s = c.need("store", "backups-other-region")) {
        if (auto id = read_id(*s, ctx.diags)) {
          copy.store = *id;
          ctx.ref(*s, *id, RefKind::kStore);
        }
      }
      if (const Node* d = c.get("delay")) {
        copy.delay = read_duration(*d, "delay", 0, 30 * kDay, ctx.diags).value_or(0);
      }
      if (c.ok()) b.copies.push_back(copy);
    }
  }
  if (continuous) {
    b.retention.window = 7 * kDay;
  } else {
    b.retention.keep_last = 7;
  }
  if (const Node* r = m.get("retention")) read_retention(*r, b.retention, ctx);
  if (const Node* v = m.get("immutable")) b.immutable = read_bool(*v, ctx.diags).value_or(false);
  if (const Node* v = m.get("encrypted")) b.encrypted = read_bool(*v, ctx.diags).value_or(false);
  const bool incremental = b.kind == BackupKind::kIncremental;
  if (const Node* f = incremental ? m.need("full", "weekly-full") : m.get("full")) {
    if (!incremental) {
      ctx.diags.error(f->loc(), "'full' applies only to incremental backups",
                      {"write 'kind: incremental', or remove 'full'"});
    } else {
      b.full = read_id(*f, ctx.diags).value_or("");
    }
  }
  if (const Node* n = m.get("size")) {
    if (!incremental) {
      ctx.diags.error(n->loc(), "'size' applies only to incremental backups",
                      {"a full backup holds the data set's size; remove 'size'"});
    } else {
      b.size = read_bytes(*n, "size", units::kMaxBytes, ctx.diags).value_or(0);
    }
  }
  if (const Node* n = m.get("run_by")) {
    if (continuous) {
      ctx.diags.error(n->loc(),
                      "'run_by' does not apply to " + std::string(to_string(b.kind)) + " backups",
                      {"log archives and object versions are written by the data store itself; "
                       "remove 'run_by'"});
    } else if (auto id = read_id(*n, ctx.diags)) {
      b.run_by = *id;
      ctx.ref(*n, *id, RefKind::kService);
    }
  }
}

// The `full` of each incremental backup names a full backup (snapshot, dump or copy) of the
// same data set.
void check_chains(const Node& backups, const DataSet& data, LoadContext& ctx) {
  std::vector<std::string> fulls;
  for (const auto& b : data.backups) {
    if (b.kind != BackupKind::kIncremental && b.kind != BackupKind::kLog &&
        b.kind != BackupKind::kVersioning) {
      fulls.push_back(b.id);
    }
  }
  std::size_t i = 0;  // data.backups holds the items that are mappings
  for (const auto& item : backups.items) {
    if (!item.is_mapping() || i >= data.backups.size()) continue;
    const Backup& b = data.backups[i++];
    const Node* full = item.find("full");
    if (b.full.empty() || !full) continue;
    if (std::find(fulls.begin(), fulls.end(), b.full) != fulls.end()) continue;
    const Backup* other = nullptr;
    for (const auto& c : data.backups) other = c.id == b.full ? &c : other;
    if (other) {
      ctx.diags.error(full->loc(),
                      "'" + b.full + "' is " +
                          (other->kind == BackupKind::kIncremental ? "an " : "a ") +
                          to_string(other->kind) + " backup, not a full one",
                      {"an incremental chain starts from a snapshot, dump or copy backup of the "
                       "same data set"});
      continue;
    }
    std::string guess = did_you_mean(b.full, fulls);
    ctx.diags.error(full->loc(), "unknown full backup '" + b.full + "'",
                    {guess.empty() ? "name a snapshot, dump or copy backup of the same data set"
                                   : "did you mean '" + guess + "'?"});
  }
}

void read_data(const Node& node, Service& svc, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  DataSet data;
  data.loc = node.loc();
  if (const Node* size = m.need("size", "500 GB")) {
    data.size = read_bytes(*size, "size", units::kMaxBytes, ctx.diags).value_or(0);
  }
  if (const Node* rate = m.get("write_rate"))
    data.write_rate = read_rate(*rate, "write_rate", ctx.diags).value_or(0);
  const Node* replicas = m.get("replicas");
  if (replicas && expect_list(*replicas, ctx.diags)) {
    int primary_line = 0;  // line of the first primary seen
    for (const auto& item : replicas->items) {
      Replica r;
      read_replica(item, r, ctx);
      if (!item.is_mapping()) continue;
      data.replicas.push_back(r);
      if (r.role != ReplicaRole::kPrimary) continue;
      if (primary_line > 0) {
        ctx.diags.error(
            item.loc(),
            "a second primary replica (the first is at line " + std::to_string(primary_line) + ")",
            {"a data set has one primary; make this one 'role: standby' or 'role: "
             "read'"});
      } else {
        primary_line = item.loc().line;
      }
    }
    bool has_primary = false;
    for (const auto& r : data.replicas)
      has_primary = has_primary || r.role == ReplicaRole::kPrimary;
    if (!has_primary && !data.replicas.empty()) {
      ctx.diags.error(replicas->loc(), "no replica has role 'primary'",
                      {"mark the copy that takes the writes with 'role: primary'"});
    }
  }
  if ((!replicas || replicas->items.empty()) && !svc.placement.zones.empty()) {
    // No replicas written: the data lives once, in the first placement zone.
    Replica r;
    r.zone = svc.placement.zones.front();
    r.role = ReplicaRole::kPrimary;
    r.loc = node.loc();
    data.replicas.push_back(r);
  }
  const Node* backups = m.get("backups");
  if (backups && expect_list(*backups, ctx.diags)) {
    std::unordered_set<std::string> ids;
    for (const auto& item : backups->items) {
      Backup b;
      read_backup(item, b, ctx);
      if (!item.is_mapping()) continue;
      if (!b.id.empty() && !ids.insert(b.id).second) {
        const Node* id = item.find("id");
        ctx.diags.error(id->loc(), "duplicate backup id '" + b.id + "' in service '" + svc.id + "'",
                        {"give each backup of a service its own id"});
      }
      data.backups.push_back(b);
    }
    check_chains(*backups, data, ctx);
  }
  svc.data = data;
}

void read_recovery(const Node& node, Service& svc, ExplicitFields& ex, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  Recovery& r = svc.recovery;
  r.loc = node.loc();
  // Fields that may vary between trials: `at` finds the field in this service of any model copy.
  const std::size_t index = ctx.model.services.size();
  auto vary = [&](const Node& n, const char* name, double lo, double hi, auto at) {
    return read_varying(
        n, name, lo, hi, ValueKind::kDuration,
        [index, at](Model& model) -> double& { return at(model.services[index].recovery); }, ctx);
  };
  if (const Node* d = m.get("detection")) {
    MapReader dm(*d, ctx.diags);
    if (const Node* n = dm.get("interval")) {
      r.detect_interval = vary(*n, "interval", 1, 3600, [](Recovery& x) -> double& {
                            return x.detect_interval;
                          }).value_or(r.detect_interval);
    }
    if (const Node* n = dm.get("threshold")) {
      r.detect_threshold = static_cast<int>(
          read_int(*n, "threshold", 1, 100, ctx.diags).value_or(r.detect_threshold));
    }
  }
  if (const Node* n = m.get("auto_replace"))
    r.auto_replace = read_bool(*n, ctx.diags).value_or(true);
  if (const Node* n = m.get("replace_time")) {
    r.replace_time = vary(*n, "replace_time", 0, 7 * kDay, [](Recovery& x) -> double& {
                       return x.replace_time;
                     }).value_or(r.replace_time);
  }
  if (const Node* f = m.get("failover")) {
    MapReader fm(*f, ctx.diags);
    ex.failover = true;
    if (const Node* mode = fm.need("mode", "automatic")) {
      r.failover = read_enum(*mode, "failover mode", kFailoverModes, ctx.diags)
                       .value_or(FailoverMode::kNone);
    }
    if (const Node* n = fm.get("promotion")) {
      r.promotion = vary(*n, "promotion", 0, kDay, [](Recovery& x) -> double& {
                      return x.promotion;
                    }).value_or(r.promotion);
    }
    if (const Node* c = fm.get("cross_region")) {
      MapReader cm(*c, ctx.diags);
      ex.cross_region = true;
      FailoverScope scope{r.failover, std::nullopt};
      if (const Node* mode = cm.need("mode", "manual")) {
        scope.mode = read_enum(*mode, "failover mode", kFailoverModes, ctx.diags)
                         .value_or(FailoverMode::kNone);
      }
      if (const Node* n = cm.get("promotion")) {
        scope.promotion = vary(*n, "promotion", 0, kDay,
                               [](Recovery& x) -> double& { return *x.cross_region->promotion; });
      }
      r.cross_region = scope;
    }
  }
  if (const Node* b = m.get("rebuild")) {
    MapReader bm(*b, ctx.diags);
    ex.rebuild = true;
    if (const Node* n = bm.need("duration", "2 h")) {
      r.rebuild =
          vary(*n, "duration", 1, 30 * kDay, [](Recovery& x) -> double& { return *x.rebuild; });
    }
    if (const Node* n = bm.get("needs")) r.rebuild_needs = read_needs(*n, ctx);
  }
  if (const Node* rs = m.get("restore")) {
    MapReader rm(*rs, ctx.diags);
    if (const Node* n = rm.get("overhead")) {
      r.restore_overhead = vary(*n, "overhead", 0, 7 * kDay, [](Recovery& x) -> double& {
                             return x.restore_overhead;
                           }).value_or(0);
    }
    if (const Node* n = rm.get("throughput")) {
      r.restore_throughput = read_varying(
                                 *n, "throughput", kMinRestoreThroughput, 1, ValueKind::kNumber,
                                 [index](Model& model) -> double& {
                                   return model.services[index].recovery.restore_throughput;
                                 },
                                 ctx)
                                 .value_or(1);
    }
    if (const Node* n = rm.get("replay_rate"))
      r.replay_rate = read_rate(*n, "replay_rate", ctx.diags).value_or(0);
  }
  if (const Node* n = m.get("dns_ttl")) {
    ex.dns_ttl = true;
    r.dns_ttl =
        vary(*n, "dns_ttl", 0, kDay, [](Recovery& x) -> double& { return x.dns_ttl; }).value_or(0);
  }
  if (const Node* n = m.get("scale_up")) {
    ex.scale_up = true;
    r.scale_up = vary(*n, "scale_up", 0, 7 * kDay, [](Recovery& x) -> double& {
                   return x.scale_up;
                 }).value_or(0);
  }
  if (const Node* n = m.get("recovery_site")) {
    ex.recovery_site = true;
    if (auto id = read_id(*n, ctx.diags)) {
      r.recovery_site = *id;
      ctx.ref(*n, *id, RefKind::kSite);
    }
  }
  if (const Node* n = m.get("prefer")) {
    r.prefer = read_enum(*n, "recovery point preference", kPreferences, ctx.diags)
                   .value_or(PointPreference::kReplica);
  }
  if (const Node* rs = m.get("resync")) {
    MapReader sm(*rs, ctx.diags);
    if (const Node* mode = sm.get("mode")) {
      r.resync.mode =
          read_enum(*mode, "resync mode", kResyncModes, ctx.diags).value_or(ResyncMode::kManual);
    }
    if (const Node* n = sm.get("root_cause")) {
      r.resync.root_cause = vary(*n, "root_cause", 0, 30 * kDay, [](Recovery& x) -> double& {
                              return x.resync.root_cause;
                            }).value_or(0);
    }
    if (const Node* n = sm.get("duration")) {
      r.resync.duration = vary(*n, "duration", 0, 30 * kDay, [](Recovery& x) -> double& {
                            return x.resync.duration;
                          }).value_or(0);
    }
  }
  if (const Node* fb = m.get("failback")) {
    MapReader fm(*fb, ctx.diags);
    if (const Node* mode = fm.get("mode")) {
      r.failback.mode = read_enum(*mode, "failback mode", kFailbackModes, ctx.diags)
                            .value_or(FailbackMode::kManual);
    }
    if (const Node* n = fm.get("after")) {
      r.failback.after = vary(*n, "after", 0, 30 * kDay, [](Recovery& x) -> double& {
                           return x.failback.after;
                         }).value_or(0);
    }
    if (const Node* n = fm.get("freeze")) {
      r.failback.freeze =
          vary(*n, "freeze", 0, kDay, [](Recovery& x) -> double& { return *x.failback.freeze; });
    }
    if (const Node* n = fm.get("writes")) {
      r.failback.writes = read_enum(*n, "failback writes", kFailbackWrites, ctx.diags)
                              .value_or(FailbackWrites::kCarry);
    }
    if (const Node* n = fm.get("scope")) {
      r.failback.scope = read_enum(*n, "failback scope", kFailbackScopes, ctx.diags)
                             .value_or(FailbackScope::kRegion);
    }
  }
}

void read_strategy(const Node& node, Service& svc, ExplicitFields& ex, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  svc.strategy.loc = node.loc();
  if (const Node* p = m.need("preset", "warm_standby")) {
    svc.strategy.preset =
        read_enum(*p, "strategy preset", kPresets, ctx.diags).value_or(StrategyPreset::kNone);
  }
  if (const Node* r = m.need("recovery_region", "eu-central-1")) {
    if (auto id = read_id(*r, ctx.diags)) {
      svc.strategy.recovery_region = *id;
      ex.recovery_region = r->loc();
      ctx.ref(*r, *id, RefKind::kRegion);
    }
  }
}

// Reports keys that do not apply to this service kind, at the key.
void refuse_key(const Node& node, const char* key, const std::string& message,
                const std::string& hint, LoadContext& ctx) {
  for (const auto& e : node.entries) {
    if (e.key == key) ctx.diags.error(e.key_loc(), message, {hint});
  }
}

void read_service(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  if (!m.ok()) return;
  Service svc;
  ExplicitFields ex;
  svc.loc = node.loc();
  if (const Node* id = m.need("id", "web")) {
    svc.id = read_id(*id, ctx.diags).value_or("");
    if (!svc.id.empty()) ctx.ids.push_back({svc.id, "service", id->loc()});
  }
  bool kind_known = true;  // an unknown kind gets no kind-specific checks, to avoid noise
  if (const Node* kind = m.get("kind")) {
    auto value = read_enum(*kind, "service kind", kServiceKinds, ctx.diags);
    kind_known = value.has_value();
    svc.kind = value.value_or(ServiceKind::kStateless);
  }
  if (const Node* name = m.get("name")) svc.name = read_string(*name, ctx.diags).value_or("");
  if (const Node* uf = m.get("user_facing"))
    svc.user_facing = read_bool(*uf, ctx.diags).value_or(true);
  const bool external = svc.kind == ServiceKind::kExternal;
  const std::string label = svc.id.empty() ? std::string("this service") : "'" + svc.id + "'";
  // Keys are asked for in one order for every kind, so "allowed keys" lists read the same.
  auto refuse_for_external = [&](const char* key) {
    m.get(key);
    refuse_key(node, key, std::string("'") + key + "' does not apply to an external service",
               "an external service runs at its vendor; remove this key", ctx);
  };
  if (external) {
    if (const Node* vendor = m.need("vendor", "stripe")) {
      if (auto id = read_id(*vendor, ctx.diags)) {
        svc.vendor = *id;
        ctx.ref(*vendor, *id, RefKind::kVendor);
      }
    }
    refuse_for_external("placement");
    refuse_for_external("standby");
  } else {
    m.get("vendor");
    refuse_key(node, "vendor", "'vendor' applies only to external services",
               "the vendor of " + label + " follows from its placement zones", ctx);
    if (const Node* p = m.need("placement", "{zones: [az1, az2], instances: 2}")) {
      read_placement(*p, svc.placement, ctx);
    }
    if (const Node* s = m.get("standby")) {
      ex.standby = true;
      svc.standby.emplace();
      read_standby(*s, *svc.standby, ctx);
    }
  }
  if (const Node* deps = m.get("depends_on")) read_dependencies(*deps, svc, ctx);
  if (external) {
    for (const char* key : {"data", "recovery", "strategy"}) refuse_for_external(key);
  } else {
    const bool stateful = svc.kind != ServiceKind::kStateless;
    const Node* data = stateful && kind_known ? m.need("data", "{size: 50 GB}") : m.get("data");
    if (data && !stateful && kind_known) {
      refuse_key(node, "data", "a stateless service holds no data",
                 "use kind database, object_store, queue or kv_store for a service with data", ctx);
    } else if (data) {
      read_data(*data, svc, ctx);
    }
    if (const Node* r = m.get("recovery")) read_recovery(*r, svc, ex, ctx);
    if (const Node* s = m.get("strategy")) read_strategy(*s, svc, ex, ctx);
  }
  // Without a written failover procedure a person promotes a database's standby (manual).
  // Object stores, key-value stores and queues serve on from their synchronous copies in the
  // region (none there); a copy in another region is promoted by a person (manual).
  if (!ex.failover && svc.kind == ServiceKind::kDatabase) {
    svc.recovery.failover = FailoverMode::kManual;
  } else if (!ex.failover && svc.data) {
    svc.recovery.cross_region = FailoverScope{FailoverMode::kManual, std::nullopt};
  }
  ctx.model.services.push_back(std::move(svc));
  ctx.explicit_fields.push_back(ex);
}

}  // namespace

void read_services(const Node& node, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  ctx.model.services.reserve(node.items.size());
  for (const auto& item : node.items) read_service(item, ctx);
}

}  // namespace drsim::model::detail
