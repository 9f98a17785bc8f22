// Reads the sections about people, targets and time: `people:` (on-call times, offices),
// `objectives:` (RTO/RPO/MTD per disruption class), `costs:` (running cost, cost of downtime and
// of lost data), `likelihoods:` (faults per year) and `calendar:` (the date and time zone of the
// simulation epoch).
#include <unordered_map>

#include "model/detail/load_context.hpp"
#include "model/field_reader.hpp"
#include "model/outcome.hpp"
#include "model/units.hpp"

namespace drsim::model::detail {
namespace {

constexpr double kDay = 86400;

std::vector<std::string> class_names() {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(DisruptionClass::kFailback); ++i) {
    out.emplace_back(to_string(static_cast<DisruptionClass>(i)));
  }
  return out;
}

// {rto, rpo, mtd}; mtd may not be shorter than rto.
Objective read_objective(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  Objective o;
  o.loc = node.loc();
  const double max = 3650 * kDay;
  if (const Node* n = m.get("rto")) o.rto = read_duration(*n, "rto", 0, max, ctx.diags);
  if (const Node* n = m.get("rpo")) o.rpo = read_duration(*n, "rpo", 0, max, ctx.diags);
  if (const Node* n = m.get("mtd")) o.mtd = read_duration(*n, "mtd", 0, max, ctx.diags);
  if (o.rto && o.mtd && *o.mtd < *o.rto) {
    const Node* mtd = node.find("mtd");
    ctx.diags.error(
        mtd->loc(),
        "mtd '" + mtd->scalar + "' is shorter than rto '" + node.find("rto")->scalar + "'",
        {"the maximum tolerable downtime is at least the recovery time objective"});
  }
  return o;
}

// A mapping from disruption class to objective.
std::map<DisruptionClass, Objective> read_classes(const Node& node, LoadContext& ctx) {
  std::map<DisruptionClass, Objective> out;
  if (!expect_mapping(node, ctx.diags)) return out;
  static const std::vector<std::string> names = class_names();
  for (const auto& e : node.entries) {
    std::size_t index = 0;
    Node key = e.key_node();
    Objective o = read_objective(e.value, ctx);
    if (lookup_enum(key, "disruption class", names, index, ctx.diags)) {
      out[static_cast<DisruptionClass>(index)] = o;
    }
  }
  return out;
}

}  // namespace

void read_calendar(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  Calendar& c = ctx.model.calendar;
  c.loc = node.loc();
  c.given = m.ok();
  if (const Node* n = m.get("epoch")) c.epoch_day = read_date(*n, ctx.diags).value_or(c.epoch_day);
  if (const Node* n = m.get("time_zone")) {
    c.utc_offset = read_time_zone(*n, ctx.diags).value_or(c.utc_offset);
  }
}

void read_people(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  People& p = ctx.model.people;
  p.loc = node.loc();
  if (const Node* oc = m.get("on_call")) {
    MapReader om(*oc, ctx.diags);
    auto on_call = [&](const char* key, double People::*field) {
      if (const Node* n = om.get(key)) {
        p.*field = read_varying(
                       *n, key, 0, 7 * kDay, ValueKind::kDuration,
                       [field](Model& model) -> double& { return model.people.*field; }, ctx)
                       .value_or(p.*field);
      }
    };
    on_call("page", &People::page);
    on_call("response", &People::response);
    on_call("decision", &People::decision);
  }
  if (const Node* offices = m.get("offices"); offices && expect_list(*offices, ctx.diags)) {
    for (const auto& item : offices->items) {
      if (auto id = read_id(item, ctx.diags)) {
        p.offices.push_back(*id);
        ctx.ref(item, *id, RefKind::kOffice);
      }
    }
  }
  if (const Node* n = m.get("remote_work")) p.remote_work = read_bool(*n, ctx.diags).value_or(true);
}

void read_objectives(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  if (const Node* d = m.get("defaults")) ctx.model.objectives.defaults = read_classes(*d, ctx);
  if (const Node* s = m.get("services"); s && expect_mapping(*s, ctx.diags)) {
    for (const auto& e : s->entries) {
      Node key = e.key_node();
      auto classes = read_classes(e.value, ctx);
      if (auto id = read_id(key, ctx.diags)) {
        ctx.ref(key, *id, RefKind::kService);
        ctx.model.objectives.services[*id] = std::move(classes);
      }
    }
  }
}

void read_costs(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  ctx.model.costs_given = m.ok();
  if (const Node* c = m.get("currency")) {
    auto text = read_string(*c, ctx.diags);
    bool ok = text && text->size() == 3;
    for (char ch : text.value_or("")) ok = ok && ch >= 'A' && ch <= 'Z';
    if (text && !ok) {
      ctx.diags.error(c->loc(), "invalid currency '" + *text + "'",
                      {"write a 3-letter ISO 4217 code, e.g. 'USD', 'EUR' or 'AUD'"});
    } else if (ok) {
      ctx.model.currency = *text;
    }
  }
  const Node* s = m.get("services");
  if (!s || !expect_mapping(*s, ctx.diags)) return;
  // Costs land on the services once they are all read; index them by id here.
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < ctx.model.services.size(); ++i)
    index.emplace(ctx.model.services[i].id, i);
  const std::string& currency = ctx.model.currency;
  for (const auto& e : s->entries) {
    Node key = e.key_node();
    MapReader cm(e.value, ctx.diags);
    Costs costs;
    auto money = [&](const char* name, const char* per, double& out) {
      if (const Node* n = cm.get(name))
        out = read_money(*n, name, currency, per, ctx.diags).value_or(0);
    };
    money("standby_monthly", "month", costs.standby_monthly);
    money("replica_monthly", "month", costs.replica_monthly);
    money("backup_monthly", "month", costs.backup_monthly);
    std::optional<double> unrecovered;
    if (const Node* n = cm.get("downtime_hourly"); n && n->is_mapping()) {
      // Per impact of the outage on this service: limited (degraded), severe (down),
      // catastrophic (not recovered within the horizon).
      MapReader im(*n, ctx.diags);
      auto level = [&](Impact impact, double& out) {
        if (const Node* v = im.get(to_string(impact))) {
          out = read_money(*v, "downtime_hourly", currency, "h", ctx.diags).value_or(0);
          return true;
        }
        return false;
      };
      level(Impact::kLimited, costs.degraded_hourly);
      level(Impact::kSevere, costs.downtime_hourly);
      double c = 0;
      if (level(Impact::kCatastrophic, c)) unrecovered = c;
    } else if (n) {
      costs.downtime_hourly =
          read_money(*n, "downtime_hourly", currency, "h", ctx.diags).value_or(0);
    }
    costs.unrecovered_hourly = unrecovered.value_or(costs.downtime_hourly);
    money("data_loss_hourly", "h", costs.data_loss_hourly);
    costs.data_unrecoverable = units::kYear / 3600 * costs.data_loss_hourly;
    money("data_unrecoverable", "", costs.data_unrecoverable);
    auto id = read_id(key, ctx.diags);
    if (!id) continue;
    ctx.ref(key, *id, RefKind::kService);
    if (auto it = index.find(*id); it != index.end()) ctx.model.services[it->second].costs = costs;
  }
}

void read_likelihoods(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  ctx.model.likelihoods_given = m.ok();
  Likelihoods& l = ctx.model.likelihoods;
  if (const Node* c = m.get("classes"); c && expect_mapping(*c, ctx.diags)) {
    static const std::vector<std::string> names = class_names();
    for (const auto& e : c->entries) {
      Node key = e.key_node();
      auto f = read_frequency(e.value, e.key, ctx.diags);
      std::size_t index = 0;
      if (lookup_enum(key, "disruption class", names, index, ctx.diags) && f) {
        l.classes[static_cast<DisruptionClass>(index)] = *f;
      }
    }
  }
  if (const Node* d = m.get("domains"); d && expect_mapping(*d, ctx.diags)) {
    for (const auto& e : d->entries) {
      Node key = e.key_node();
      auto f = read_frequency(e.value, e.key, ctx.diags);
      auto id = read_id(key, ctx.diags);
      if (!id) continue;
      ctx.ref(key, *id, RefKind::kDomain);
      if (f) l.domains[*id] = *f;
    }
  }
}

}  // namespace drsim::model::detail
