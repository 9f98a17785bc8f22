#include "scenarios/catalog.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "model/errors.hpp"
#include "model/units.hpp"
#include "scenarios/outage_defaults.hpp"

namespace drsim::scenarios {
namespace {

using model::DisruptionClass;
using model::DomainLevel;

constexpr std::size_t kListedCandidates = 8;

bool is_logical(FaultKind k) {
  return k == FaultKind::kCorruption || k == FaultKind::kDeletion || k == FaultKind::kRansomware;
}

const ScenarioClass* find_class(const std::string& name) {
  for (const auto& c : scenario_classes()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

std::vector<std::string> class_names() {
  std::vector<std::string> out;
  for (const auto& c : scenario_classes()) out.emplace_back(c.name);
  return out;
}

// Domain level a class targets, for the domain classes.
bool domain_level_of(const ScenarioClass& c, DomainLevel& level) {
  switch (c.cls) {
    case DisruptionClass::kOffice:
      level = DomainLevel::kOffice;
      return true;
    case DisruptionClass::kAz:
      level = DomainLevel::kZone;
      return true;
    case DisruptionClass::kRegion:
      level = DomainLevel::kRegion;
      return true;
    case DisruptionClass::kVendor:
      level = DomainLevel::kVendor;
      return true;
    default:
      return false;
  }
}

// The class of losing a domain of `level` (a failback follows the loss of its domain).
std::optional<DisruptionClass> class_of_level(DomainLevel level) {
  for (const auto& c : scenario_classes()) {
    DomainLevel l;
    if (domain_level_of(c, l) && l == level) return c.cls;
  }
  return std::nullopt;
}

// The model's candidates for a class, in model order.
std::vector<std::string> candidates(const model::Model& m, const ScenarioClass& c) {
  std::vector<std::string> out;
  if (c.cls == DisruptionClass::kFailback) {
    for (const auto& d : m.domains) {
      if (class_of_level(d.level)) out.push_back(d.id);
    }
    return out;
  }
  if (c.kind == FaultKind::kDestroy) {
    for (const auto& st : m.stores) out.push_back(st.id);
    return out;
  }
  DomainLevel level;
  if (domain_level_of(c, level)) {
    for (const auto& d : m.domains) {
      if (d.level == level) out.push_back(d.id);
    }
    return out;
  }
  for (const auto& s : m.services) {
    switch (c.kind) {
      case FaultKind::kHardware:
        if (s.kind != model::ServiceKind::kExternal) out.push_back(s.id);
        break;
      case FaultKind::kDependency:
        if (s.kind == model::ServiceKind::kExternal) out.push_back(s.id);
        break;
      case FaultKind::kCorruption:
      case FaultKind::kDeletion:
        if (s.stateful()) out.push_back(s.id);
        break;
      case FaultKind::kBadBackup:
        if (s.stateful() && !s.data->backups.empty()) out.push_back(s.id);
        break;
      default:
        break;
    }
  }
  return out;
}

// The backup `bad-backup:<service>` means: the first snapshot, dump or copy backup in model
// order (the one a restore reaches for first), else the first backup.
std::string default_backup(const model::Service& s) {
  for (const auto& b : s.data->backups) {
    if (b.kind != model::BackupKind::kLog && b.kind != model::BackupKind::kVersioning) return b.id;
  }
  return s.data->backups.front().id;
}

// "orders-db/nightly" -> {"orders-db", "nightly"}; no slash: {"orders-db", ""}.
std::pair<std::string, std::string> split_backup(const std::string& target) {
  auto slash = target.find('/');
  if (slash == std::string::npos) return {target, ""};
  return {target.substr(0, slash), target.substr(slash + 1)};
}

// What the candidates of a class are called in messages: "zones", "stateful services".
std::string plural(const ScenarioClass& c) {
  switch (c.kind) {
    case FaultKind::kHardware:
      return "internal services";
    case FaultKind::kDependency:
      return "external services";
    case FaultKind::kCorruption:
    case FaultKind::kDeletion:
      return "stateful services";
    case FaultKind::kBadBackup:
      return "stateful services with a backup";
    default:
      return std::string(c.target) + "s";
  }
}

std::string listing(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < kListedCandidates; ++i) {
    out += (i ? ", " : "") + ids[i];
  }
  if (ids.size() > kListedCandidates) {
    out += ", ... (" + std::to_string(ids.size() - kListedCandidates) + " more)";
  }
  return out;
}

void add_error(std::vector<Diagnostic>& out, const SourceLoc& loc, std::string message,
               std::vector<std::string> hints) {
  out.push_back(Diagnostic{Severity::kError, loc, std::move(message), std::move(hints)});
}

// Validates the target of class `c`; appends diagnostics and returns false if unusable.
bool check_target(const model::Model& m, const ScenarioClass& c, const std::string& id,
                  const std::string& target, const SourceLoc& loc, std::vector<Diagnostic>& errs) {
  auto valid = candidates(m, c);
  if (std::find(valid.begin(), valid.end(), target) != valid.end()) return true;
  std::string what = c.target;
  // Named something of the model, but of the wrong kind: say what it is and what to write.
  if (const auto* d = m.find_domain(target)) {
    std::string level = model::to_string(d->level);
    std::string cls = level == "zone" ? "az" : level;
    std::string hint = c.cls == DisruptionClass::kFailback
                           ? "a datacenter fails back with its zone: use failback:" + d->parent
                       : find_class(cls)
                           ? "use " + cls + ":" + target
                           : "datacenters are not a scenario class; use az:" + d->parent;
    const std::string wanted =
        c.cls == DisruptionClass::kFailback ? "an office, zone, region or vendor" : "a " + what;
    add_error(errs, loc,
              "scenario '" + id + "': '" + target + "' is a " + level + ", not " + wanted, {hint});
    return false;
  }
  if (const auto* svc = m.find_service(target)) {
    std::string message, hint;
    if (c.cls == DisruptionClass::kFailback) {
      message = "'" + target + "' is a service, not a domain";
      hint = "a failback follows the loss of a place: name the office, zone, region or vendor " +
             target + " runs in";
    } else if (c.kind == FaultKind::kDestroy) {
      message = "'" + target + "' is a service, not a store";
      hint = "deletion:" + target +
             " deletes its objects (versions survive); destroy:<store> destroys a store with "
             "every version in it";
    } else if (c.kind == FaultKind::kBadBackup && svc->stateful()) {
      message = "'" + target + "' has no backup";
      hint = "bad-backup needs a service with a backup; corruption:" + target +
             " shows the loss without one";
    } else if (c.kind == FaultKind::kHardware) {
      message = "'" + target + "' is an external service";
      hint = "use dependency:" + target;
    } else if (c.kind == FaultKind::kDependency) {
      message = "'" + target + "' is not an external service";
      hint = "for an internal service use hardware:" + target + " or the zone it runs in";
    } else {
      message = "'" + target + "' holds no data";
      hint = std::string(c.name) + " needs a service with a data set";
    }
    std::vector<std::string> hints = {hint};
    if (!valid.empty()) hints.push_back(plural(c) + " in the model: " + listing(valid));
    add_error(errs, loc, "scenario '" + id + "': " + message, hints);
    return false;
  }
  std::vector<std::string> hints;
  std::string guess = did_you_mean(target, valid);
  if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
  if (valid.empty()) {
    hints.push_back("the model has no " + plural(c));
  } else {
    hints.push_back(plural(c) + " in the model: " + listing(valid));
  }
  add_error(errs, loc, "scenario '" + id + "': " + what + " '" + target + "' is not in the model",
            hints);
  return false;
}

// Validates the backup part of `bad-backup:<service>/<backup>`.
bool check_backup(const model::Service& s, const std::string& id, const std::string& backup,
                  const SourceLoc& loc, std::vector<Diagnostic>& errs) {
  std::vector<std::string> ids;
  for (const auto& b : s.data->backups) ids.push_back(b.id);
  if (std::find(ids.begin(), ids.end(), backup) != ids.end()) return true;
  std::vector<std::string> hints;
  std::string guess = did_you_mean(backup, ids);
  if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
  hints.push_back("backups of " + s.id + ": " + listing(ids));
  add_error(errs, loc,
            "scenario '" + id + "': service '" + s.id + "' has no backup '" + backup + "'", hints);
  return false;
}

// Splits and validates one id; returns the concrete ids it stands for (several for wildcards).
std::vector<std::pair<const ScenarioClass*, std::string>> expand(const model::Model& m,
                                                                 const std::string& id,
                                                                 const SourceLoc& loc,
                                                                 std::vector<Diagnostic>& errs) {
  auto colon = id.find(':');
  std::string name = id.substr(0, colon);
  const ScenarioClass* c = find_class(name);
  if (!c) {
    std::vector<std::string> hints;
    std::string guess = did_you_mean(name, class_names());
    if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
    hints.push_back("scenario ids are " + class_list() + "; '<class>:*' means every one");
    add_error(errs, loc, "unknown scenario '" + id + "'", hints);
    return {};
  }
  if (c->kind == FaultKind::kRansomware) {
    if (colon != std::string::npos) {
      add_error(errs, loc, "scenario '" + id + "': ransomware takes no target",
                {"write 'ransomware': every reachable mutable copy of the estate is encrypted"});
      return {};
    }
    return {{c, ""}};
  }
  std::string target = colon == std::string::npos ? "" : id.substr(colon + 1);
  if (target.empty()) {
    auto valid = candidates(m, *c);
    add_error(errs, loc, "scenario '" + id + "' names no " + std::string(c->target),
              {"write " + std::string(c->name) + ":<" + c->target + "> or " + c->name + ":* (" +
                   c->wildcard + ")",
               valid.empty() ? "the model has no " + plural(*c)
                             : plural(*c) + " in the model: " + listing(valid)});
    return {};
  }
  if (target == "*") {
    auto valid = candidates(m, *c);
    if (valid.empty()) {
      add_error(errs, loc, "scenario '" + id + "' matches nothing: the model has no " + plural(*c),
                {std::string(c->name) + ":* means " + c->wildcard});
    }
    std::vector<std::pair<const ScenarioClass*, std::string>> out;
    for (auto& v : valid) out.emplace_back(c, v);
    return out;
  }
  if (c->kind == FaultKind::kBadBackup) {
    auto [service, backup] = split_backup(target);
    if (!check_target(m, *c, id, service, loc, errs)) return {};
    if (!backup.empty() && !check_backup(*m.find_service(service), id, backup, loc, errs)) {
      return {};
    }
    return {{c, target}};
  }
  if (!check_target(m, *c, id, target, loc, errs)) return {};
  return {{c, target}};
}

Scenario single(const model::Model& m, const ScenarioClass& c, const std::string& target,
                const Times& t, const SourceLoc& loc) {
  Scenario s;
  s.id = target.empty() ? std::string(c.name) : std::string(c.name) + ":" + target;
  s.cls = c.cls;
  s.horizon_s = t.horizon_s;
  s.seed = t.seed;
  s.loc = loc;
  Fault f;
  f.kind = c.kind;
  f.cls = c.cls;
  f.target = target;
  f.start_s = t.start_s;
  f.timed = t.start_given;
  f.default_duration = !t.duration_s;
  if (c.cls == DisruptionClass::kFailback) {
    // The loss of the domain, for as long as its class lasts; the failback follows its end.
    f.cls = *class_of_level(m.find_domain(target)->level);
  }
  f.duration_s = t.duration_s
                     ? *t.duration_s
                     : outage_for(m, f.cls).value_or(std::numeric_limits<double>::infinity());
  f.detect_after_s = is_logical(c.kind) ? t.detect_after_s : 0;
  f.loc = loc;
  if (c.kind == FaultKind::kBadBackup) {
    // The built-in id: the data is corrupted at t0 and the backup's newest run turns out bad.
    auto [service, backup] = split_backup(target);
    f.target = service;
    f.backup = backup.empty() ? default_backup(*m.find_service(service)) : backup;
    Fault damage = f;
    damage.kind = FaultKind::kCorruption;
    damage.backup.clear();
    damage.detect_after_s = t.detect_after_s;
    s.faults.push_back(damage);
  }
  s.faults.push_back(f);
  return s;
}

}  // namespace

const std::vector<ScenarioClass>& scenario_classes() {
  static const std::vector<ScenarioClass> kClasses = {
      {"office", DisruptionClass::kOffice, FaultKind::kDomainLoss, "office", "every office"},
      {"hardware", DisruptionClass::kHardware, FaultKind::kHardware, "service",
       "every internal service"},
      {"az", DisruptionClass::kAz, FaultKind::kDomainLoss, "zone", "every zone"},
      {"region", DisruptionClass::kRegion, FaultKind::kDomainLoss, "region", "every region"},
      {"vendor", DisruptionClass::kVendor, FaultKind::kDomainLoss, "vendor",
       "every vendor, SaaS and self included"},
      {"dependency", DisruptionClass::kDependency, FaultKind::kDependency, "service",
       "every external service"},
      {"corruption", DisruptionClass::kCorruption, FaultKind::kCorruption, "service",
       "every stateful service"},
      {"deletion", DisruptionClass::kDeletion, FaultKind::kDeletion, "service",
       "every stateful service"},
      {"ransomware", DisruptionClass::kRansomware, FaultKind::kRansomware, "", "the whole estate"},
      {"bad-backup", DisruptionClass::kCorruption, FaultKind::kBadBackup, "service",
       "every stateful service with a backup"},
      {"destroy", DisruptionClass::kDeletion, FaultKind::kDestroy, "store", "every store"},
      {"failback", DisruptionClass::kFailback, FaultKind::kDomainLoss, "domain",
       "every office, zone, region and vendor"},
  };
  return kClasses;
}

std::string class_list() {
  std::string out;
  for (const auto& c : scenario_classes()) {
    if (!out.empty()) out += ", ";
    out += c.name;
    if (*c.target) out += std::string(":<") + c.target + ">";
    if (c.kind == FaultKind::kBadBackup) out += "[/<backup>]";
  }
  return out;
}

std::string fault_id(const Fault& f) {
  for (const auto& c : scenario_classes()) {
    if (c.cls == f.cls && c.kind == f.kind) {
      std::string id =
          f.target.empty() ? std::string(c.name) : std::string(c.name) + ":" + f.target;
      return f.backup.empty() ? id : id + "/" + f.backup;
    }
  }
  return f.target;
}

Fault make_fault(const model::Model& m, const std::string& id, double start_s,
                 std::optional<double> duration_s, double detect_after_s, const SourceLoc& loc) {
  std::vector<Diagnostic> errs;
  if (id.size() > 2 && id.compare(id.size() - 2, 2, ":*") == 0) {
    add_error(errs, loc, "scenario '" + id + "': a wildcard cannot be one fault",
              {"name one " + id.substr(0, id.size() - 2) + " target per fault"});
    throw InputError(errs);
  }
  auto found = expand(m, id, loc, errs);
  if (!errs.empty() || found.size() != 1) throw InputError(errs);
  Times t;
  t.start_s = start_s;
  t.duration_s = duration_s;
  t.detect_after_s = detect_after_s;
  // In a file a bad-backup fault is only the unusable runs: the loss is its own fault there.
  return single(m, *found.front().first, found.front().second, t, loc).faults.back();
}

std::vector<Scenario> resolve(const model::Model& m, const std::vector<std::string>& ids,
                              const TimeOptions& options) {
  std::vector<Diagnostic> errs;
  Times t;
  try {
    t = parse_times(options, m);
  } catch (const InputError& e) {
    errs = e.diagnostics();
  }
  std::vector<Scenario> out;
  std::set<std::string> seen;
  const SourceLoc loc = command_line_loc("--scenario");
  if (ids.empty()) {
    add_error(errs, loc, "no scenario given",
              {"name one or more scenarios (" + class_list() + ") or use --all"});
  }
  for (const auto& id : ids) {
    for (const auto& [c, target] : expand(m, id, loc, errs)) {
      Scenario s = single(m, *c, target, t, loc);
      if (seen.insert(s.id).second) out.push_back(std::move(s));
    }
  }
  if (!errs.empty()) throw InputError(errs);
  for (const auto& s : out) check_horizon(s);
  return out;
}

std::vector<Scenario> all_scenarios(const model::Model& m, const TimeOptions& options) {
  Times t = parse_times(options, m);
  const SourceLoc loc = command_line_loc("--all");
  std::vector<Scenario> out;
  for (const char* name : {"office", "az", "region", "vendor", "dependency", "corruption"}) {
    const ScenarioClass& c = *find_class(name);
    for (const auto& target : candidates(m, c)) out.push_back(single(m, c, target, t, loc));
  }
  for (const auto& s : out) check_horizon(s);
  return out;
}

void check_horizon(const Scenario& s) {
  std::vector<Diagnostic> errs;
  const double t0 = s.t0();
  for (const auto& f : s.faults) {
    const double offset = f.start_s - t0;
    const std::string fit = "the horizon is " + units::format_duration(s.horizon_s);
    if (offset > s.horizon_s) {
      add_error(errs, f.loc,
                "scenario '" + s.id + "': a fault starts " + units::format_duration(offset) +
                    " after the first one but " + fit,
                {"raise the horizon to at least " + units::format_duration(offset)});
    } else if (!f.default_duration && std::isfinite(f.duration_s) &&
               offset + f.duration_s > s.horizon_s) {
      add_error(errs, f.loc,
                "scenario '" + s.id + "': a fault lasts until " +
                    units::format_duration(offset + f.duration_s) + " after t0 but " + fit,
                {"raise the horizon to at least " + units::format_duration(offset + f.duration_s) +
                 " or shorten the fault"});
    } else if (is_logical(f.kind) && offset + f.detect_after_s > s.horizon_s) {
      add_error(errs, f.loc,
                "scenario '" + s.id + "': the damage is detected " +
                    units::format_duration(offset + f.detect_after_s) + " after t0 but " + fit,
                {"raise the horizon to at least " +
                 units::format_duration(offset + f.detect_after_s) + " or detect it sooner"});
    }
  }
  if (!errs.empty()) throw InputError(errs);
}

}  // namespace drsim::scenarios
