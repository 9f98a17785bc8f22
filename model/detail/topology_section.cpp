// Reads `topology:` (vendors > regions > zones > datacenters, offices, links, link defaults) and
// `stores:` into failure domains, links and stores.
#include "model/detail/load_context.hpp"
#include "model/field_reader.hpp"

namespace drsim::model::detail {
namespace {

constexpr double kMaxLatency = 10;                 // seconds, one way
constexpr double kMaxRetrievalDelay = 30 * 86400;  // seconds

const EnumTable<VendorKind> kVendorKinds = {
    {"cloud", VendorKind::kCloud}, {"saas", VendorKind::kSaas}, {"self", VendorKind::kSelf}};
const EnumTable<StoreTier> kTiers = {{"standard", StoreTier::kStandard},
                                     {"infrequent", StoreTier::kInfrequent},
                                     {"archive", StoreTier::kArchive}};

// Reads `id` and `name` of a domain mapping and appends the domain; false if there is no id.
bool add_domain(MapReader& m, DomainLevel level, const Domain& parent, LoadContext& ctx) {
  Domain d;
  d.level = level;
  d.loc = m.node().loc();
  d.parent = parent.id;
  d.vendor = level == DomainLevel::kVendor ? "" : parent.vendor;
  d.vendor_kind = parent.vendor_kind;
  const Node* id = m.need("id", "az1");
  if (const Node* name = m.get("name")) d.name = read_string(*name, ctx.diags).value_or("");
  if (!id) return false;
  auto value = read_id(*id, ctx.diags);
  if (!value) return false;
  d.id = *value;
  if (level == DomainLevel::kVendor) d.vendor = d.id;
  ctx.ids.push_back({d.id, to_string(level), id->loc()});
  ctx.model.domains.push_back(d);
  return true;
}

void read_datacenters(const Node& node, const Domain& zone, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  for (const auto& item : node.items) {
    if (item.is_scalar()) {  // short form: a bare id
      auto id = read_id(item, ctx.diags);
      if (!id) continue;
      Domain d{*id,       DomainLevel::kDatacenter, zone.id, zone.vendor_kind, zone.vendor, "",
               item.loc()};
      ctx.ids.push_back({d.id, "datacenter", item.loc()});
      ctx.model.domains.push_back(d);
      continue;
    }
    MapReader m(item, ctx.diags);
    if (m.ok()) add_domain(m, DomainLevel::kDatacenter, zone, ctx);
  }
}

void read_zones(const Node& node, const Domain& region, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  if (node.items.empty()) {
    ctx.diags.error(node.loc(), "region '" + region.id + "' has no zones",
                    {"list at least one zone, e.g. 'zones: [{id: " + region.id + "-a}]'"});
  }
  for (const auto& item : node.items) {
    MapReader m(item, ctx.diags);
    if (!m.ok()) continue;
    bool added = add_domain(m, DomainLevel::kZone, region, ctx);
    const Node* dcs = m.get("datacenters");
    if (added && dcs) read_datacenters(*dcs, Domain(ctx.model.domains.back()), ctx);
  }
}

void read_regions(const Node& node, const Domain& vendor, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  for (const auto& item : node.items) {
    MapReader m(item, ctx.diags);
    if (!m.ok()) continue;
    bool added = add_domain(m, DomainLevel::kRegion, vendor, ctx);
    const Node* zones = m.need("zones", "[{id: az1}, {id: az2}]");
    if (added && zones) read_zones(*zones, Domain(ctx.model.domains.back()), ctx);
  }
}

void read_vendors(const Node& node, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  for (const auto& item : node.items) {
    MapReader m(item, ctx.diags);
    if (!m.ok()) continue;
    bool added = add_domain(m, DomainLevel::kVendor, Domain(), ctx);
    if (const Node* kind = m.get("kind")) {
      auto value = read_enum(*kind, "vendor kind", kVendorKinds, ctx.diags);
      if (added && value) ctx.model.domains.back().vendor_kind = *value;
    }
    const Node* regions = m.get("regions");
    if (added && regions) read_regions(*regions, Domain(ctx.model.domains.back()), ctx);
  }
}

void read_offices(const Node& node, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  for (const auto& item : node.items) {
    MapReader m(item, ctx.diags);
    Domain root;
    root.vendor_kind = VendorKind::kSelf;
    if (m.ok()) add_domain(m, DomainLevel::kOffice, root, ctx);
  }
}

void read_links(const Node& node, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  for (const auto& item : node.items) {
    MapReader m(item, ctx.diags);
    if (!m.ok()) continue;
    Link link;
    link.loc = item.loc();
    bool ok = true;
    if (const Node* between = m.need("between", "[region-a, region-b]")) {
      if (expect_list(*between, ctx.diags) && between->items.size() != 2) {
        ctx.diags.error(between->loc(),
                        "a link is between 2 domains, got " + std::to_string(between->items.size()),
                        {"write 'between: [<domain id>, <domain id>]'"});
        ok = false;
      } else if (between->is_sequence()) {
        auto a = read_id(between->items[0], ctx.diags);
        auto b = read_id(between->items[1], ctx.diags);
        if (a) ctx.ref(between->items[0], *a, RefKind::kDomain);
        if (b) ctx.ref(between->items[1], *b, RefKind::kDomain);
        if (a && b && *a == *b) {
          ctx.diags.error(between->items[1].loc(), "a link joins '" + *a + "' to itself",
                          {"name two different domains"});
        }
        link.a = a.value_or("");
        link.b = b.value_or("");
      } else {
        ok = false;
      }
    }
    if (const Node* bw = m.need("bandwidth", "10 Gbps")) {
      link.bandwidth = read_bandwidth(*bw, "bandwidth", ctx.diags).value_or(0);
    }
    if (const Node* latency = m.get("latency")) {
      link.latency = read_duration(*latency, "latency", 0, kMaxLatency, ctx.diags).value_or(0);
    } else if (ok) {
      ctx.links_default_latency.push_back(ctx.model.links.size());
    }
    ctx.model.links.push_back(link);
  }
}

// One `link_defaults` level: {bandwidth, latency}.
void read_link_default(const Node& node, double& bandwidth, double& latency, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  if (const Node* bw = m.get("bandwidth")) {
    bandwidth = read_bandwidth(*bw, "bandwidth", ctx.diags).value_or(bandwidth);
  }
  if (const Node* lat = m.get("latency")) {
    latency = read_duration(*lat, "latency", 0, kMaxLatency, ctx.diags).value_or(latency);
  }
}

void read_link_defaults(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  LinkDefaults& d = ctx.model.link_defaults;
  if (const Node* n = m.get("zone")) read_link_default(*n, d.zone_bandwidth, d.zone_latency, ctx);
  if (const Node* n = m.get("region")) {
    read_link_default(*n, d.region_bandwidth, d.region_latency, ctx);
  }
  if (const Node* n = m.get("vendor")) {
    read_link_default(*n, d.vendor_bandwidth, d.vendor_latency, ctx);
  }
  if (const Node* n = m.get("internet")) {
    read_link_default(*n, d.internet_bandwidth, d.internet_latency, ctx);
  }
}

}  // namespace

void read_topology(const Node& node, LoadContext& ctx) {
  MapReader m(node, ctx.diags);
  if (const Node* vendors = m.get("vendors")) read_vendors(*vendors, ctx);
  if (const Node* offices = m.get("offices")) read_offices(*offices, ctx);
  if (const Node* links = m.get("links")) read_links(*links, ctx);
  if (const Node* defaults = m.get("link_defaults")) read_link_defaults(*defaults, ctx);
}

void read_stores(const Node& node, LoadContext& ctx) {
  if (!expect_list(node, ctx.diags)) return;
  for (const auto& item : node.items) {
    MapReader m(item, ctx.diags);
    if (!m.ok()) continue;
    Store s;
    s.loc = item.loc();
    const Node* id = m.need("id", "backups-eu");
    if (id) {
      s.id = read_id(*id, ctx.diags).value_or("");
      if (!s.id.empty()) ctx.ids.push_back({s.id, "store", id->loc()});
    }
    if (const Node* domain = m.need("domain", "eu-west-1")) {
      if (auto d = read_id(*domain, ctx.diags)) {
        s.domain = *d;
        ctx.ref(*domain, *d, RefKind::kDomain);
      }
    }
    if (const Node* tier = m.get("tier")) {
      s.tier = read_enum(*tier, "tier", kTiers, ctx.diags).value_or(StoreTier::kStandard);
    }
    s.retrieval_delay = s.tier == StoreTier::kArchive ? 5 * 3600.0 : 0.0;
    if (const Node* delay = m.get("retrieval_delay")) {
      s.retrieval_delay = read_duration(*delay, "retrieval_delay", 0, kMaxRetrievalDelay, ctx.diags)
                              .value_or(s.retrieval_delay);
    }
    if (const Node* v = m.get("immutable")) s.immutable = read_bool(*v, ctx.diags).value_or(false);
    if (const Node* v = m.get("offline")) s.offline = read_bool(*v, ctx.diags).value_or(false);
    if (const Node* bw = m.get("bandwidth")) {
      s.bandwidth = read_bandwidth(*bw, "bandwidth", ctx.diags).value_or(0);
    }
    if (!s.id.empty()) ctx.model.stores.push_back(s);
  }
}

}  // namespace drsim::model::detail
