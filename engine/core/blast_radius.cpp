#include "engine/core/blast_radius.hpp"

#include <algorithm>
#include <boost/graph/topological_sort.hpp>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "engine/core/analytic.hpp"
#include "engine/core/service_state.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::engine {

namespace {

using model::Domain;
using model::DomainContents;
using model::DomainLevel;
using model::Service;
using model::to_string;

struct ClassName {
  const char* name;
  FailureKind kind;
};

constexpr ClassName kClasses[] = {
    {"az", FailureKind::kZone},       {"datacenter", FailureKind::kDatacenter},
    {"region", FailureKind::kRegion}, {"vendor", FailureKind::kVendor},
    {"office", FailureKind::kOffice}, {"dependency", FailureKind::kDependency},
};

constexpr const char* kAllowed =
    "az:ZONE, datacenter:ID, region:ID, vendor:ID, office:ID, dependency:SERVICE";

DomainLevel level_of(FailureKind kind) {
  switch (kind) {
    case FailureKind::kZone:
      return DomainLevel::kZone;
    case FailureKind::kDatacenter:
      return DomainLevel::kDatacenter;
    case FailureKind::kRegion:
      return DomainLevel::kRegion;
    case FailureKind::kVendor:
      return DomainLevel::kVendor;
    case FailureKind::kOffice:
    case FailureKind::kDependency:
      break;
  }
  return DomainLevel::kOffice;
}

// The failure class that names a domain of `level` on the command line.
const char* class_of(DomainLevel level) {
  switch (level) {
    case DomainLevel::kZone:
      return "az";
    case DomainLevel::kDatacenter:
      return "datacenter";
    case DomainLevel::kRegion:
      return "region";
    case DomainLevel::kVendor:
      return "vendor";
    case DomainLevel::kOffice:
      return "office";
  }
  return "?";
}

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// A --fail the model cannot satisfy is a mistake on the command line (exit 2), not in the model.
[[noreturn]] void fail_usage(std::string message, std::vector<std::string> hints) {
  throw InputError({Diagnostic{Severity::kError, command_line_loc("--fail"), std::move(message),
                               std::move(hints)}});
}

[[noreturn]] void unknown_id(const std::string& text, const std::string& what,
                             const std::string& id, const std::vector<std::string>& candidates,
                             std::vector<std::string> hints) {
  // An id of another kind already has its hint; a spelling guess would only distract.
  std::string guess = hints.empty() ? did_you_mean(id, candidates) : std::string();
  if (!guess.empty()) hints.insert(hints.begin(), "did you mean '" + guess + "'?");
  if (candidates.empty()) {
    hints.push_back("the model has no " + what + "s");
  } else {
    std::vector<std::string> shown(
        candidates.begin(), candidates.begin() + std::min<std::size_t>(candidates.size(), 10));
    std::string list = join(shown);
    if (candidates.size() > shown.size()) {
      list += " (and " + std::to_string(candidates.size() - shown.size()) + " more)";
    }
    hints.push_back(what + "s in the model: " + list);
  }
  fail_usage("'" + text + "': no " + what + " '" + id + "' in the model", std::move(hints));
}

std::string describe(const ReplicaRef& r) {
  std::string out = to_string(r.role);
  if (r.role != ReplicaRole::kPrimary) out += std::string(" (") + to_string(r.mode) + ")";
  return out + " in " + r.zone;
}

std::string describe(const BackupRef& b) {
  return b.backup + " (" + to_string(b.kind) + ") in " + b.store;
}

std::string describe_chain(const IndirectImpact& impact) {
  std::string out = "depends on ";
  for (std::size_t i = 0; i < impact.chain.size(); ++i) {
    const auto& step = impact.chain[i];
    if (i > 0) out += " -> ";
    out += step.service + " (" + to_string(step.mode);
    if (step.mode == DependencyMode::kQueued) {
      out += step.buffer > 0 ? ", buffer " + units::format_duration(step.buffer)
                             : ", unbounded buffer";
    }
    out += ")";
  }
  return out + "; " + impact.root + " is hit directly";
}

nlohmann::ordered_json replicas_json(const std::vector<ReplicaRef>& rs) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& r : rs) {
    nlohmann::ordered_json j = {{"zone", r.zone}, {"role", to_string(r.role)}};
    if (r.role != ReplicaRole::kPrimary) j["mode"] = to_string(r.mode);
    out.push_back(j);
  }
  return out;
}

nlohmann::ordered_json losses_json(const std::vector<InstanceLoss>& losses) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& l : losses) {
    out.push_back({{"service", l.service},
                   {"instances", l.instances},
                   {"lost", l.lost},
                   {"left", l.instances - l.lost},
                   {"min_healthy", l.min_healthy},
                   {"standby_lost", l.standby_lost},
                   {"standby_left", l.standby_left},
                   {"lost_in", l.lost_in},
                   {"reason", l.reason},
                   {"recovery", to_string(l.procedure)},
                   {"rto_lower_s", l.rto_lower_s ? nlohmann::ordered_json(*l.rto_lower_s)
                                                 : nlohmann::ordered_json(nullptr)}});
  }
  return out;
}

nlohmann::ordered_json impacts_json(const std::vector<IndirectImpact>& impacts) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& i : impacts) {
    auto chain = nlohmann::ordered_json::array();
    for (const auto& s : i.chain) {
      nlohmann::ordered_json step = {{"service", s.service}, {"mode", to_string(s.mode)}};
      if (s.mode == DependencyMode::kQueued) step["buffer_s"] = s.buffer;
      chain.push_back(step);
    }
    out.push_back({{"service", i.service}, {"chain", chain}, {"root", i.root}});
  }
  return out;
}

nlohmann::ordered_json ridden_json(const std::vector<RideThrough>& ridden) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& x : ridden) {
    out.push_back({{"service", x.service},
                   {"dependency", x.dependency},
                   {"outage_s", x.outage_s},
                   {"tolerate_s", x.tolerate_s}});
  }
  return out;
}

nlohmann::ordered_json data_json(const std::vector<DataImpact>& data) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& d : data) {
    auto backups = nlohmann::ordered_json::array();
    for (const auto& b : d.backups_kept) {
      backups.push_back({{"backup", b.backup}, {"kind", to_string(b.kind)}, {"store", b.store}});
    }
    out.push_back({{"service", d.service},
                   {"replicas_lost", replicas_json(d.replicas_lost)},
                   {"replicas_kept", replicas_json(d.replicas_kept)},
                   {"backups_kept", backups}});
  }
  return out;
}

// Where a service stands while the failure is traced through the graph.
enum class Reach { kUp, kHit, kDown, kDegraded };

constexpr std::size_t kNoVertex = static_cast<std::size_t>(-1);

// Instances `svc` loses: `lost` lists instance numbers (EstateGraph::instance_domain), nullptr
// means every instance. Numbers below the placement count are the placement's; the rest are
// standby instances, which serve from the start only when the standby is active (multi-site).
InstanceLoss instance_loss(const Service& svc, const std::vector<std::size_t>* lost) {
  const auto placed = static_cast<std::size_t>(std::max(svc.placement.instances, 0));
  const bool active = svc.standby && svc.standby->active;
  const int standby = svc.standby ? std::max(svc.standby->instances, 0) : 0;
  InstanceLoss loss;
  loss.service = svc.id;
  loss.instances = svc.placement.instances + (active ? standby : 0);
  loss.min_healthy = svc.placement.min_healthy;
  loss.standby_left = active ? 0 : standby;
  if (!lost) {
    loss.lost = loss.instances;
    std::swap(loss.standby_lost, loss.standby_left);
    return loss;
  }
  std::set<std::string> where;
  for (auto k : *lost) {
    std::string z = EstateGraph::instance_domain(svc, k);
    where.insert(z.empty() ? svc.vendor : z);
    if (k < placed || active) {
      ++loss.lost;
    } else {
      ++loss.standby_lost;
      --loss.standby_left;
    }
  }
  loss.lost_in.assign(where.begin(), where.end());
  return loss;
}

// What the data set of `svc` loses with the replicas numbered in `lost` (sorted) and what
// survives: the other replicas, and every backup or copy in a store outside the failure.
DataImpact data_impact(const Model& model, const Service& svc, const std::vector<std::size_t>& lost,
                       const std::set<std::string>& stores_lost) {
  DataImpact data{svc.id, {}, {}, {}};
  const auto& replicas = svc.data->replicas;
  for (std::size_t r = 0; r < replicas.size(); ++r) {
    ReplicaRef ref{replicas[r].zone, replicas[r].role, replicas[r].mode};
    bool gone = std::binary_search(lost.begin(), lost.end(), r);
    (gone ? data.replicas_lost : data.replicas_kept).push_back(ref);
  }
  for (const auto& b : svc.data->backups) {
    std::vector<std::string> where{b.store};
    for (const auto& c : b.copies) where.push_back(c.store);
    for (const auto& s : where) {
      if (model.find_store(s) && !stores_lost.count(s))
        data.backups_kept.push_back({b.id, b.kind, s});
    }
  }
  return data;
}

// How long a service that does not serve stays out, as far as the plan can tell without time.
struct Outage {
  double lower_s = 0;    // RTO lower bound of its plan (or of the dependency that took it down)
  bool exact = true;     // the plan's duration is fixed: timed steps only (no people, transfer)
  bool forever = false;  // waits for the outage to end, or cannot be recovered
};

Outage outage_of(const Model& model, const Plan& plan, double team_ready) {
  Outage o;
  switch (plan.procedure) {
    case Procedure::kWaitForProvider:
    case Procedure::kWaitForOutage:
    case Procedure::kNoRecoveryPoint:
    case Procedure::kNoSite:
      o.forever = true;
      return o;
    default:
      break;
  }
  for (const auto& t : plan_terms(model, plan, team_ready)) o.lower_s += t.seconds;
  for (const auto& step : plan.steps) {
    o.exact = o.exact && step.type == PlannedStep::Type::kTimed;
  }
  return o;
}

// The chain from `u` through `via` to the service hit directly that explains its state.
IndirectImpact explain(const EstateGraph& graph, const std::vector<std::size_t>& via,
                       std::size_t u) {
  const auto& deps = graph.dependencies();
  const auto& services = graph.model().services;
  IndirectImpact impact{services[u].id, {}, {}};
  for (std::size_t cur = u; via[cur] != kNoVertex && impact.chain.size() <= services.size();
       cur = via[cur]) {
    ChainStep step{services[via[cur]].id, DependencyMode::kHard, 0};
    for (auto [e, end] = boost::out_edges(cur, deps); e != end; ++e) {
      if (boost::target(*e, deps) != via[cur]) continue;
      step.mode = deps[*e].mode;
      step.buffer = deps[*e].buffer;
    }
    impact.chain.push_back(step);
    impact.root = step.service;
  }
  return impact;
}

}  // namespace

const char* to_string(FailureKind kind) {
  for (const auto& c : kClasses) {
    if (c.kind == kind) return c.name;
  }
  return "?";
}

Failure parse_failure(const std::string& text, const Model& model) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    fail_usage("'" + text + "' is not CLASS:ID", {std::string("classes are ") + kAllowed});
  }
  const std::string cls = text.substr(0, colon);
  const std::string id = text.substr(colon + 1);
  const ClassName* found = nullptr;
  for (const auto& c : kClasses) {
    if (cls == c.name) found = &c;
  }
  if (!found) {
    std::vector<std::string> names;
    for (const auto& c : kClasses) names.emplace_back(c.name);
    // Words people reach for that are not class names point at the class they meant.
    static const std::map<std::string, std::string> kAliases = {
        {"zone", "az"},     {"dc", "datacenter"}, {"service", "dependency"},
        {"saas", "vendor"}, {"cloud", "vendor"},  {"site", "office"}};
    auto alias = kAliases.find(cls);
    std::string guess = alias != kAliases.end() ? alias->second : did_you_mean(cls, names);
    std::vector<std::string> hints;
    if (!guess.empty()) hints.push_back("did you mean '" + guess + ":" + id + "'?");
    hints.push_back(std::string("classes are ") + kAllowed);
    fail_usage("unknown failure class '" + cls + "' in '" + text + "'", std::move(hints));
  }
  Failure f{found->kind, id, text};

  if (f.kind == FailureKind::kDependency) {
    if (model.find_service(id)) return f;
    std::vector<std::string> ids;
    for (const auto& s : model.services) ids.push_back(s.id);
    unknown_id(text, "service", id, ids, {});
  }
  const DomainLevel level = level_of(f.kind);
  const Domain* d = model.find_domain(id);
  if (d && d->level == level) return f;
  std::vector<std::string> ids;
  for (const auto& dom : model.domains) {
    if (dom.level == level) ids.push_back(dom.id);
  }
  std::vector<std::string> hints;
  if (d) {
    hints.push_back("'" + id + "' is a " + to_string(d->level) + ": use --fail " +
                    class_of(d->level) + ":" + id);
  } else if (model.find_service(id)) {
    hints.push_back("'" + id + "' is a service: use --fail dependency:" + id);
  }
  unknown_id(text, to_string(level), id, ids, hints);
}

BlastRadius blast_radius(const EstateGraph& graph, const Failure& failure) {
  const Model& model = graph.model();
  const auto& deps = graph.dependencies();
  BlastRadius out;
  out.failure = failure;
  out.model = model.name;
  const std::size_t n = model.services.size();

  DomainContents lost;
  Situation situation;
  situation.fault_s = steady_state_start(model, 0);  // every backup has history by then
  if (failure.kind != FailureKind::kDependency) {
    lost = graph.contents(failure.id);
    situation.lost_domains = {failure.id};
  }
  out.failed_domains = lost.domains;
  out.stores_lost = lost.stores;
  std::sort(out.stores_lost.begin(), out.stores_lost.end());
  const std::set<std::string> stores_lost(out.stores_lost.begin(), out.stores_lost.end());
  const double team_ready = team_ready_after(model, situation);

  // Services in id order, so every list comes out sorted and ties break the same way.
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < n; ++i) by_id.emplace(model.services[i].id, i);

  std::vector<Reach> state(n, Reach::kUp);
  std::vector<Outage> outage(n);
  for (const auto& [id, i] : by_id) {
    const Service& svc = model.services[i];
    ServiceState st = initial_state(model, i);
    InstanceLoss loss;
    if (failure.kind == FailureKind::kDependency) {
      if (id != failure.id) continue;
      loss = instance_loss(svc, nullptr);
      loss.reason = "failed: " + failure.text;
      st.dependency_faults = 1;
    } else {
      auto inst = lost.instances.find(i);
      static const std::vector<std::size_t> kNoInstances;
      loss = instance_loss(svc, inst == lost.instances.end() ? &kNoInstances : &inst->second);
      auto reps = lost.replicas.find(i);
      if (svc.data && reps != lost.replicas.end()) {
        DataImpact data = data_impact(model, svc, reps->second, stores_lost);
        bool capacity = capacity_ok(model, svc, st, situation.lost_domains);
        if (capacity && !data_ok(model, svc, st, situation.lost_domains)) {
          loss.reason = data.replicas_kept.empty() ? "every replica of its data is lost"
                                                   : "its primary copy is lost";
        }
        if (data.replicas_kept.empty()) {
          (data.backups_kept.empty() ? out.last_copy_lost : out.copy_kept).push_back(data);
        } else {
          out.copy_kept.push_back(data);
        }
      }
    }
    Plan plan = plan_recovery(model, svc, st, situation);
    if (plan.serving) {
      if (loss.lost > 0 || loss.standby_lost > 0) out.reduced_capacity.push_back(loss);
      continue;
    }
    state[i] = Reach::kHit;
    outage[i] = outage_of(model, plan, team_ready);
    loss.procedure = plan.procedure;
    if (!outage[i].forever) loss.rto_lower_s = outage[i].lower_s;
    out.hit_directly.push_back(loss);
  }

  // Dependants in dependency order (every dependency before its dependants): a hard dependency
  // that is down takes the dependant down unless the outage ends within `tolerate`; a queued
  // one degrades it, or takes it down once the outage outlasts the buffer; degradation travels
  // on through hard dependencies only.
  std::vector<std::size_t> order;
  boost::topological_sort(deps, std::back_inserter(order));
  std::vector<std::size_t> via(n, kNoVertex);
  for (auto u : order) {
    if (state[u] == Reach::kHit) continue;
    const Service& svc = model.services[u];
    for (const auto& d : svc.depends_on) {
      // THE ALTERNATIVES RULE: an `any_of` item is out only while every alternative is; its
      // outage is then the shortest of theirs, and the path runs through that alternative.
      auto state_of = [&](const std::string& id) {
        auto w = graph.service_vertex(id);
        return w ? state[*w] : Reach::kUp;
      };
      auto out_of = [&](const std::string& id) {
        return state_of(id) == Reach::kHit || state_of(id) == Reach::kDown;
      };
      // The best alternative: up, else degraded, else out the shortest.
      auto rank = [&](std::size_t w) {
        const int r = state[w] == Reach::kUp ? 0 : state[w] == Reach::kDegraded ? 1 : 2;
        return std::make_tuple(r, outage[w].forever, outage[w].lower_s);
      };
      std::optional<std::size_t> v;
      for (const auto& alt : d.alternatives()) {
        auto w = graph.service_vertex(alt);
        if (w && (!v || rank(*w) < rank(*v))) v = w;
      }
      if (!v || state[*v] == Reach::kUp) continue;
      const bool out_v = item_out(d, out_of);
      const Outage& o = outage[*v];
      if (d.mode == DependencyMode::kHard && out_v) {
        if (!o.forever && o.exact && o.lower_s <= d.tolerate) {
          out.ridden_through.push_back({svc.id, d.name(), o.lower_s, d.tolerate});
          continue;
        }
        if (state[u] != Reach::kDown) via[u] = *v;
        state[u] = Reach::kDown;
        outage[u].forever = outage[u].forever || o.forever;
        outage[u].exact = outage[u].exact && o.exact;
        outage[u].lower_s = std::max(outage[u].lower_s, o.lower_s - d.tolerate);
      } else if (d.mode == DependencyMode::kQueued && out_v && d.buffer > 0 &&
                 (o.forever || o.lower_s > d.buffer)) {
        if (state[u] != Reach::kDown) via[u] = *v;
        state[u] = Reach::kDown;
        outage[u].forever = outage[u].forever || o.forever;
        outage[u].lower_s = std::max(outage[u].lower_s, o.lower_s - d.buffer);
      } else if ((d.mode == DependencyMode::kQueued && out_v) ||
                 (d.mode == DependencyMode::kHard && state[*v] == Reach::kDegraded)) {
        if (state[u] == Reach::kUp) {
          state[u] = Reach::kDegraded;
          via[u] = *v;
        }
      }
    }
  }

  for (const auto& [id, u] : by_id) {
    if (state[u] == Reach::kDown) out.down.push_back(explain(graph, via, u));
    if (state[u] == Reach::kDegraded) out.degraded.push_back(explain(graph, via, u));
    BlockedRebuild blocked{id, {}};
    for (const auto& need : model.services[u].recovery.rebuild_needs) {
      auto down = [&](const std::string& alt) {
        auto v = graph.service_vertex(alt);
        return v && (state[*v] == Reach::kHit || state[*v] == Reach::kDown);
      };
      if (item_out(need, down)) blocked.needs_down.push_back(need.name());
    }
    if (!blocked.needs_down.empty()) out.rebuild_blocked.push_back(blocked);
  }
  std::sort(out.ridden_through.begin(), out.ridden_through.end(),
            [](const RideThrough& a, const RideThrough& b) {
              return std::tie(a.service, a.dependency) < std::tie(b.service, b.dependency);
            });

  if (failure.kind == FailureKind::kOffice) {
    const auto& offices = model.people.offices;
    out.people.office_lost = std::find(offices.begin(), offices.end(), failure.id) != offices.end();
  }
  out.people.remote_work = model.people.remote_work;
  out.people.can_work = !out.people.office_lost || out.people.remote_work;
  return out;
}

std::string to_text(const BlastRadius& r) {
  std::ostringstream out;
  out << "blast radius of " << r.failure.text << " in model \"" << r.model << "\"\n";
  if (r.failure.kind == FailureKind::kDependency) {
    out << "failed domains: none (service " << r.failure.id << " fails on its own)\n";
  } else {
    out << "failed domains: " << join(r.failed_domains) << "\n";
  }
  out << "stores lost: " << (r.stores_lost.empty() ? "none" : join(r.stores_lost)) << "\n";

  auto header = [&out](const char* title, std::size_t count) {
    out << "\n" << title;
    if (count == 0) {
      out << ": none\n";
    } else {
      out << " (" << count << "):\n";
    }
  };
  auto loss_line = [&out](const InstanceLoss& l) {
    out << "  " << l.service << ": ";
    if (!l.reason.empty()) {
      out << l.reason;
      if (l.lost > 0) out << "; ";
    }
    if (l.lost > 0 || l.standby_lost > 0) {
      out << (l.instances - l.lost) << " of " << l.instances << " instances left, needs "
          << l.min_healthy;
      if (!l.lost_in.empty()) {
        out << "; lost ";
        if (l.lost > 0) out << l.lost;
        if (l.lost > 0 && l.standby_lost > 0) out << " + ";
        if (l.standby_lost > 0) out << l.standby_lost << " passive standby";
        out << " in " << join(l.lost_in);
      }
    }
    if (l.instances - l.lost < l.min_healthy && l.standby_left > 0) {
      out << "; a passive standby of " << l.standby_left << " takes over after scale-up";
    }
    if (l.procedure != Procedure::kNone) {
      out << "; recovery: " << to_string(l.procedure);
      if (l.rto_lower_s) out << ", at least " << units::format_duration(*l.rto_lower_s);
    }
    out << "\n";
  };
  header("hit directly", r.hit_directly.size());
  for (const auto& l : r.hit_directly) loss_line(l);
  header("losing instances but still up", r.reduced_capacity.size());
  for (const auto& l : r.reduced_capacity) loss_line(l);
  header("down via dependency", r.down.size());
  for (const auto& i : r.down) out << "  " << i.service << ": " << describe_chain(i) << "\n";
  if (!r.ridden_through.empty()) {
    header("hard-dependency outages ridden through", r.ridden_through.size());
    for (const auto& x : r.ridden_through) {
      out << "  " << x.service << ": " << x.dependency << " is out for "
          << units::format_duration(x.outage_s) << ", within its tolerate of "
          << units::format_duration(x.tolerate_s) << "\n";
    }
  }
  header("degraded via queued dependency", r.degraded.size());
  for (const auto& i : r.degraded) out << "  " << i.service << ": " << describe_chain(i) << "\n";

  auto replicas = [](const std::vector<ReplicaRef>& rs) {
    std::vector<std::string> parts;
    for (const auto& x : rs) parts.push_back(describe(x));
    return join(parts);
  };
  header("data sets losing their last copy", r.last_copy_lost.size());
  for (const auto& d : r.last_copy_lost) {
    out << "  " << d.service << ": loses " << replicas(d.replicas_lost)
        << "; no replica or backup survives outside the failed domain\n";
  }
  header("data sets keeping a copy", r.copy_kept.size());
  for (const auto& d : r.copy_kept) {
    out << "  " << d.service << ": loses " << replicas(d.replicas_lost) << "; keeps ";
    std::vector<std::string> kept;
    if (!d.replicas_kept.empty()) kept.push_back("replicas " + replicas(d.replicas_kept));
    if (!d.backups_kept.empty()) {
      std::vector<std::string> parts;
      for (const auto& b : d.backups_kept) parts.push_back(describe(b));
      kept.push_back(std::string(d.replicas_kept.empty() ? "only backups " : "backups ") +
                     join(parts));
    }
    out << join(kept, "; ") << "\n";
  }
  if (!r.rebuild_blocked.empty()) {
    header("rebuilds blocked by a service that is down", r.rebuild_blocked.size());
    for (const auto& b : r.rebuild_blocked) {
      out << "  " << b.service << ": its rebuild needs " << join(b.needs_down) << "\n";
    }
  }
  if (r.failure.kind == FailureKind::kOffice) {
    out << "\npeople: ";
    if (!r.people.office_lost) {
      out << "the on-call team does not work from " << r.failure.id << "\n";
    } else if (r.people.remote_work) {
      out << "the on-call team works from " << r.failure.id
          << " and keeps working remotely (remote_work: true)\n";
    } else {
      out << "the on-call team works from " << r.failure.id
          << " and cannot work remotely (remote_work: false): manual steps wait for them\n";
    }
  }
  return out.str();
}

nlohmann::ordered_json to_json(const BlastRadius& r) {
  nlohmann::ordered_json out = {
      {"format", "drsim-blast-radius"},
      {"version", 1},
      {"model", r.model},
      {"failure", {{"class", to_string(r.failure.kind)}, {"id", r.failure.id}}},
      {"failed_domains", r.failed_domains},
      {"stores_lost", r.stores_lost},
      {"hit_directly", losses_json(r.hit_directly)},
      {"reduced_capacity", losses_json(r.reduced_capacity)},
      {"down_via_dependency", impacts_json(r.down)},
      {"ridden_through", ridden_json(r.ridden_through)},
      {"degraded_via_queued_dependency", impacts_json(r.degraded)},
      {"data_sets_losing_last_copy", data_json(r.last_copy_lost)},
      {"data_sets_keeping_a_copy", data_json(r.copy_kept)},
  };
  auto blocked = nlohmann::ordered_json::array();
  for (const auto& b : r.rebuild_blocked) {
    blocked.push_back({{"service", b.service}, {"needs_down", b.needs_down}});
  }
  out["rebuild_blocked"] = blocked;
  if (r.failure.kind == FailureKind::kOffice) {
    out["people"] = {{"office_lost", r.people.office_lost},
                     {"remote_work", r.people.remote_work},
                     {"can_work", r.people.can_work}};
  }
  return out;
}

}  // namespace drsim::engine
