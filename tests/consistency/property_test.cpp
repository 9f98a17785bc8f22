// Semantic property test: valid models mutated at random (seeded, deterministic) go through
// analyze and simulate --all, and every result must keep the invariants of DESIGN.md §4 —
// no crash and no internal error, RTO and RPO finite and non-negative, an RPO never longer than
// the history before the fault, an RTO within the horizon, every path step inside [0, horizon]
// and ending after it begins, and analyze's bounds consistent with the simulation. Mutations
// change what the loader allows (durations, counts, modes, schedules, standby, retention), so
// the engine sees designs nobody wrote. DRSIM_PROPERTY_MUTANTS sets how many (default 40).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>

#include "engine/core/analytic.hpp"
#include "engine/sim/simulator.hpp"
#include "model/loader.hpp"
#include "scenarios/catalog.hpp"

using namespace drsim;

namespace {

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  void mutate(model::Model& m) {
    const int changes = pick(1, 6);
    for (int i = 0; i < changes; ++i) mutate_service(m.services[index(m.services.size())], m);
    if (coin()) m.people.page = duration();
    if (coin()) m.people.decision = duration();
    m.index();
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(pick(0, int(n) - 1)); }
  bool coin() { return pick(0, 1) == 1; }
  // 0 s to 2 d, skewed towards the short durations real procedures have.
  double duration() {
    const double choices[] = {0, 1, 30, 60, 90, 300, 900, 1800, 3600, 7200, 86400, 172800};
    return choices[index(std::size(choices))];
  }
  model::FailoverMode mode() {
    const model::FailoverMode modes[] = {
        model::FailoverMode::kNone, model::FailoverMode::kAutomatic, model::FailoverMode::kManual};
    return modes[index(3)];
  }

  void mutate_service(model::Service& s, const model::Model& m) {
    if (s.kind == model::ServiceKind::kExternal) return;
    auto& r = s.recovery;
    switch (pick(0, 11)) {
      case 0:
        r.failover = mode();
        break;
      case 1:
        r.cross_region = model::FailoverScope{mode(), duration()};
        break;
      case 2:
        r.promotion = duration();
        r.replace_time = duration();
        break;
      case 3:
        r.scale_up = duration();
        r.dns_ttl = duration();
        break;
      case 4:
        r.rebuild = coin() ? std::optional<double>(duration() + 1) : std::nullopt;
        break;
      case 5:
        r.auto_replace = coin();
        r.restore_overhead = duration();
        break;
      case 6: {  // a standby somewhere in the estate's zones
        std::vector<std::string> zones;
        for (const auto& d : m.domains) {
          if (d.level == model::DomainLevel::kZone) zones.push_back(d.id);
        }
        if (zones.empty()) break;
        model::Standby st;
        st.zones = {zones[index(zones.size())]};
        st.instances = pick(0, 4);
        st.active = coin();
        s.standby = st;
        break;
      }
      case 7:
        s.placement.instances = pick(1, 6);
        s.placement.min_healthy = pick(1, s.placement.instances);
        break;
      case 8:
        if (s.data && !s.data->replicas.empty()) {
          auto& rep = s.data->replicas[index(s.data->replicas.size())];
          if (rep.role == model::ReplicaRole::kPrimary) break;
          const model::ReplicationMode modes[] = {model::ReplicationMode::kSync,
                                                  model::ReplicationMode::kAsync,
                                                  model::ReplicationMode::kLogShipping};
          rep.mode = modes[index(3)];
          rep.lag = duration();
          rep.interval = duration() + 1;
        }
        break;
      case 9:
        if (s.data && !s.data->backups.empty()) {
          auto& b = s.data->backups[index(s.data->backups.size())];
          const double every[] = {60, 300, 3600, 6 * 3600.0, 86400};
          b.schedule.every = every[index(std::size(every))];
          b.schedule.at = std::fmod(duration(), b.schedule.every);
          b.duration = std::min(duration(), b.schedule.every);
          for (auto& c : b.copies) c.delay = duration();
        }
        break;
      case 10:
        if (s.data && !s.data->backups.empty()) {
          auto& ret = s.data->backups[index(s.data->backups.size())].retention;
          ret.keep_last = pick(0, 3);
          ret.daily = pick(0, 7);
          ret.window = coin() ? 0 : duration();
        }
        break;
      case 11:
        for (auto& d : s.depends_on) {
          if (d.mode == model::DependencyMode::kHard) d.tolerate = coin() ? 0 : duration();
          if (d.mode == model::DependencyMode::kQueued) d.buffer = coin() ? 0 : duration();
        }
        break;
    }
  }

  std::mt19937_64 rng_;
};

std::vector<std::string> seed_models() {
  const std::string src = DRSIM_SOURCE_DIR;
  return {src + "/examples/small.yaml", src + "/examples/seed-001-managed.yaml",
          src + "/examples/seed-004-api-fortress.yaml", src + "/examples/ladder/warm-standby.yaml"};
}

}  // namespace

TEST_CASE("property: mutated models keep the RTO/RPO invariants and analyze's bounds",
          "[consistency][property]") {
  const char* env = std::getenv("DRSIM_PROPERTY_MUTANTS");
  const int mutants = env ? std::atoi(env) : 40;
  const auto files = seed_models();
  for (int k = 0; k < mutants; ++k) {
    auto m = model::load_model(files[static_cast<std::size_t>(k) % files.size()]).model;
    Mutator(static_cast<std::uint64_t>(k) + 1).mutate(m);
    INFO("mutant " << k << " of " << m.name);
    engine::Analysis analysis;
    REQUIRE_NOTHROW(analysis = engine::analyze(m));
    scenarios::TimeOptions o;
    o.at = k % 2 ? "13:37" : "01:00";
    o.duration = "7 d";  // analyze bounds a loss that does not end by itself
    auto scenarios = scenarios::all_scenarios(m, o);
    std::vector<ScenarioResult> results;
    REQUIRE_NOTHROW(results = engine::simulate(m, scenarios));
    for (const auto& r : results) {
      for (const auto& t : r.services) {
        INFO(r.id << ": " << t.id);
        if (t.rto_s) {
          CHECK(std::isfinite(*t.rto_s));
          CHECK(*t.rto_s >= 0);
          CHECK(*t.rto_s <= r.horizon_s + 1e-6);
        }
        if (t.rpo_s) {
          CHECK(std::isfinite(*t.rpo_s));
          CHECK(*t.rpo_s >= 0);
          CHECK(*t.rpo_s <= r.t0_s + 1e-6);  // no data older than the simulation's history
        }
        for (const auto& p : t.path) {
          INFO(p.name() << " " << p.begin_s << " - " << p.end_s);
          CHECK(p.begin_s >= -1e-6);
          CHECK(p.end_s >= p.begin_s - 1e-6);
          CHECK(p.end_s <= r.horizon_s + 1e-6);
        }
        // analyze's bounds, for the loss kinds it computes.
        std::string loss = r.cls == "az" ? "zone" : r.cls;
        for (const auto& s : analysis.services) {
          if (s.service != t.id) continue;
          for (const auto& b : s.losses) {
            if (b.loss != loss || r.id.substr(r.id.find(':') + 1) != b.target) continue;
            if (b.rto_lower_s && t.rto_s) CHECK(*b.rto_lower_s <= *t.rto_s + 1e-6);
            if (!b.rto_lower_s) CHECK_FALSE(t.recovered);
            if (b.rpo_applicable && b.rpo_worst_s && t.rpo_s) {
              CHECK(*b.rpo_worst_s + 1e-6 >= *t.rpo_s);
            }
          }
        }
      }
    }
  }
}
