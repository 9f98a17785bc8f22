#include "reports/result_json.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "reports/json_writer.hpp"
#include "reports/report_model.hpp"

using drsim::InputError;
using drsim::RunResult;
using drsim::Verdict;
using drsim::reports::load_result;
using drsim::reports::result_from_json;
using drsim::reports::to_json;

namespace {

const std::string kData = std::string(DRSIM_SOURCE_DIR) + "/tests/data/results/";

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// A minimal valid result whose parts the tests below break one at a time.
nlohmann::json minimal() {
  return nlohmann::json::parse(R"({
    "schema": "drsim.result/1", "kind": "simulation", "model": "m", "model_source": "m.yaml",
    "model_checksum": "sha256:00", "tool_version": "0.1.0", "generated_at": "", "seed": 7,
    "scenarios": [{"id": "az:a", "class": "az", "impact": "severe", "recovery_process": "p",
      "data_loss": "none", "t0_s": 3600, "horizon_s": 86400, "services": [{"id": "db",
      "down": true, "degraded": false, "recovered": true, "rto_s": 90, "rpo_s": 0,
      "path": [{"step": "detect", "begin_s": 0, "end_s": 30, "detail": "health check"}],
      "objectives": [{"kind": "rto", "target_s": 900, "achieved_s": 90, "verdict": "met"}]}]}]})");
}

std::string error_of(const nlohmann::json& j) {
  try {
    result_from_json(j, "r.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("reports::result_json: reads every field of a result file", "[reports]") {
  RunResult r = load_result(kData + "shop-simulation.json");
  CHECK(r.kind == "simulation");
  CHECK(r.seed == 42);
  CHECK(r.generated_at == "2026-11-22T03:00:00Z");
  REQUIRE(r.scenarios.size() == 3);
  const auto& region = r.scenarios[0];
  CHECK(region.id == "region:eu-west-1");
  CHECK(region.impact == drsim::Impact::kSevere);
  CHECK(region.t0_s == 7800);
  REQUIRE(region.services.size() == 5);
  const auto& db = region.services[2];
  CHECK(db.id == "orders-db");
  CHECK(*db.rto_s == 7530);
  CHECK(*db.rpo_s == 87000);
  REQUIRE(db.path.size() == 6);
  CHECK(db.path[4].name() == "restore");
  CHECK(db.path[4].end_s == 6630);
  CHECK(db.objectives[1].verdict == Verdict::kBreached);
  CHECK(*db.objectives[1].target_s == 3600);
  CHECK_FALSE(region.services[0].objectives[1].target_s.has_value());
}

TEST_CASE("reports::result_json: writing then reading gives the same JSON, keys in contract order",
          "[reports]") {
  for (const char* name : {"shop-simulation.json", "orders-db-drill.json"}) {
    nlohmann::json original = read_json(kData + name);
    nlohmann::ordered_json written = to_json(load_result(kData + name));
    CHECK(nlohmann::json::parse(written.dump()) == original);
  }
  nlohmann::ordered_json j = to_json(result_from_json(minimal(), "r.json"));
  std::string keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys += it.key() + " ";
  CHECK(keys ==
        "schema kind model model_source model_checksum tool_version generated_at seed scenarios ");
  CHECK(j["scenarios"][0]["t0_s"].dump() == "3600");  // whole seconds stay integers
}

TEST_CASE("reports::result_json: fault outages are read back and may be left out", "[reports]") {
  auto j = minimal();
  j["scenarios"][0]["outages"] = nlohmann::json::parse(
      R"([{"fault": "az:a", "class": "az", "duration_s": 14400, "default": true},
          {"fault": "hardware:db", "class": "hardware", "duration_s": null, "default": false}])");
  RunResult r = result_from_json(j, "r.json");
  const auto& o = r.scenarios[0].outages;
  REQUIRE(o.size() == 2);
  CHECK(o[0].fault == "az:a");
  CHECK(o[0].cls == "az");
  CHECK(o[0].duration_s == 14400.0);
  CHECK(o[0].is_default);
  CHECK_FALSE(o[1].duration_s);
  CHECK_FALSE(o[1].is_default);
  CHECK(nlohmann::json::parse(to_json(r).dump()) == j);
  CHECK(drsim::reports::outage_text(o) ==
        "az:a 4 h (default for az); hardware:db does not end by itself");
  CHECK(drsim::reports::outage_text({o[0]}) == "4 h (default for az)");
  // Drills and older results have none.
  CHECK(result_from_json(minimal(), "r.json").scenarios[0].outages.empty());
  j["scenarios"][0]["outages"][0].erase("default");
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/0/outages/0: missing key 'default' in a fault outage\n");
}

TEST_CASE("reports::result_json: rejects an unknown key with a did-you-mean hint", "[reports]") {
  auto j = minimal();
  j["scenarios"][0]["services"][0]["rto"] = 5;
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/0/services/0/rto: unknown key 'rto' in a service result\n"
        "  hint: did you mean 'rto_s'?\n");
}

TEST_CASE("reports::result_json: rejects a missing key, naming it", "[reports]") {
  auto j = minimal();
  j["scenarios"][0]["services"][0]["objectives"][0].erase("verdict");
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/0/services/0/objectives/0: missing key 'verdict' in an "
        "objective result\n");
}

// Problems are reported in document order (the in-memory JSON here has its keys sorted).
TEST_CASE("reports::result_json: rejects bad values and reports all of them at once", "[reports]") {
  auto j = minimal();
  j["scenarios"][0]["impact"] = "bad";
  j["scenarios"][0]["services"][0]["rpo_s"] = -1;
  j["scenarios"][0]["services"][0]["down"] = "yes";
  j["scenarios"][0]["services"][0]["path"][0]["end_s"] = -0.0;
  j["scenarios"][0]["services"][0]["path"][0]["begin_s"] = 10;
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/0/impact: unknown impact 'bad'\n"
        "  hint: allowed impacts: none, limited, severe, catastrophic\n"
        "r.json: error: /scenarios/0/services/0/down: expected true or false, got 'yes'\n"
        "r.json: error: /scenarios/0/services/0/path/0/end_s: step ends before it begins "
        "(-0.0 < begin_s)\n"
        "  hint: end_s must be at least begin_s, in seconds after t0\n"
        "r.json: error: /scenarios/0/services/0/rpo_s: expected a non-negative number of "
        "seconds, got -1\n");
}

TEST_CASE("reports::result_json: refuses times beyond the bounds every input obeys", "[reports]") {
  auto j = minimal();
  j["scenarios"][0]["horizon_s"] = 1e20;
  j["scenarios"][0]["t0_s"] = -7e8;
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/0/horizon_s: number 1e+20 is out of range\n"
        "  hint: times in a result file reach at most 630720000 seconds (7300 d)\n"
        "r.json: error: /scenarios/0/t0_s: number -700000000.0 is out of range\n"
        "  hint: times in a result file reach at most 630720000 seconds (7300 d)\n");
}

TEST_CASE("reports::result_json: refuses another schema version with a hint", "[reports]") {
  auto j = minimal();
  j["schema"] = "drsim.result/2";
  CHECK(error_of(j) ==
        "r.json: error: /schema: unsupported result schema 'drsim.result/2'\n"
        "  hint: this drsim reads 'drsim.result/1'; regenerate the result with this version of "
        "drsim\n");
}

TEST_CASE("reports::result_json: rejects duplicate scenario ids", "[reports]") {
  auto j = minimal();
  j["scenarios"].push_back(j["scenarios"][0]);
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/1: duplicate scenario id 'az:a'\n"
        "  hint: each scenario appears once in a result\n");
}

TEST_CASE("reports::result_json: a result file's errors carry line and column", "[reports]") {
  std::string path = std::string(DRSIM_BINARY_DIR) + "/tests/reports/bad-verdict.json";
  {
    std::ofstream out(path);
    std::string text = minimal().dump(2);
    auto pos = text.find("\"met\"");
    out << text.substr(0, pos) << "\"passed\"" << text.substr(pos + 5);
  }
  try {
    load_result(path);
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& d = e.diagnostics()[0];
    CHECK(d.loc.line == 25);
    CHECK(d.loc.col == 26);
    CHECK(d.loc.pointer == "/scenarios/0/services/0/objectives/0/verdict");
    CHECK(d.message == "unknown verdict 'passed'");
  }
}

TEST_CASE("reports::result_json: a truncated result file is refused, not half read", "[reports]") {
  std::string path = std::string(DRSIM_BINARY_DIR) + "/tests/reports/truncated.json";
  {
    std::ofstream out(path);
    out << minimal().dump(2).substr(0, 200);
  }
  try {
    load_result(path);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().at(0).message ==
          "invalid JSON: unexpected end of file (the JSON is truncated)");
  }
}

TEST_CASE("reports::result_json: damaged result files give input errors, never a crash",
          "[reports]") {
  std::ifstream in(kData + "shop-simulation.json", std::ios::binary);
  std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string path = std::string(DRSIM_BINARY_DIR) + "/tests/reports/damaged.json";
  std::size_t input_errors = 0, cases = 0;
  auto attempt = [&](const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ++cases;
    try {
      load_result(path);
    } catch (const InputError& e) {
      ++input_errors;
      CHECK_FALSE(e.diagnostics().empty());
    }
  };
  for (std::size_t cut = 0; cut < good.size(); cut += 211) attempt(good.substr(0, cut));
  // Deterministic byte damage: every 157th byte replaced by a character that breaks JSON or
  // changes a value's type.
  const char kDamage[] = {'{', ']', '"', '-', '\0', 'x', ',', '9'};
  for (std::size_t i = 0, k = 0; i < good.size(); i += 157, ++k) {
    std::string bad = good;
    bad[i] = kDamage[k % sizeof kDamage];
    attempt(bad);
  }
  CHECK(cases > 60);
  CHECK(input_errors > cases / 2);  // most damage is caught; the rest still reads (e.g. in text)
}

TEST_CASE("reports::result_json: costs and frequencies are written, read back and optional",
          "[reports]") {
  RunResult r = result_from_json(minimal(), "r.json");
  CHECK_FALSE(r.scenarios[0].cost);  // results of models without costs, and older results
  CHECK_FALSE(r.running_cost_monthly);
  r.currency = "EUR";
  r.running_cost_monthly = 1234.5;
  drsim::ScenarioCost cost;
  cost.annual_frequency = 0.1;
  cost.frequency_assumed = true;
  cost.downtime = 40000;
  cost.data_loss = 0.1 + 0.2;  // rounded to cents in the file
  r.scenarios[0].cost = cost;
  auto json = to_json(r);
  CHECK(json["currency"] == "EUR");
  CHECK(json["running_cost_monthly"] == 1234.5);
  CHECK(json["scenarios"][0]["annual_frequency"] == 0.1);
  CHECK(json["scenarios"][0]["frequency_assumed"] == true);
  CHECK(json["scenarios"][0]["data_loss_cost"].dump() == "0.3");
  CHECK(json["scenarios"][0]["outage_cost"].dump() == "40000.3");
  RunResult back = result_from_json(json, "r.json");
  REQUIRE(back.scenarios[0].cost);
  CHECK(back.scenarios[0].cost->total() == Approx(40000.3));
  CHECK(back.scenarios[0].cost->frequency_assumed);
  CHECK(back.running_cost_monthly == 1234.5);
  CHECK(to_json(back).dump() == json.dump());
  json["scenarios"][0]["outage_cost"] = -1;
  json["running_cost_monthly"] = "a lot";
  CHECK(error_of(nlohmann::json::parse(json.dump())) ==
        "r.json: error: /running_cost_monthly: expected a number of currency units, got 'a lot'\n"
        "r.json: error: /scenarios/0/outage_cost: expected a non-negative number of currency "
        "units, got -1\n");
}

TEST_CASE("reports::write_json: streams exactly the bytes of the whole document", "[reports]") {
  RunResult run = load_result(kData + "shop-simulation.json");
  REQUIRE(run.scenarios.size() > 2);
  auto whole = [](const RunResult& r) { return to_json(r).dump(2) + "\n"; };
  auto streamed = [](const RunResult& r) {
    std::ostringstream out;
    drsim::reports::write_json(r, out);
    return out.str();
  };
  CHECK(streamed(run) == whole(run));
  run.scenarios.resize(1);
  CHECK(streamed(run) == whole(run));
  run.scenarios.clear();
  CHECK(streamed(run) == whole(run));
  CHECK(streamed(run).substr(streamed(run).size() - 18) == "\"scenarios\": []\n}\n");
}

namespace {

// A service the scenario did not touch, with an RTO objective met and an RPO without target.
drsim::TargetResult untouched_service(const std::string& id) {
  drsim::TargetResult t;
  t.id = id;
  t.rto_s = 0.0;
  t.rpo_s = 0.0;
  t.objectives = {{drsim::ObjectiveKind::kRto, 900.0, 0.0, Verdict::kMet},
                  {drsim::ObjectiveKind::kRpo, std::nullopt, 0.0, Verdict::kMissingPolicy}};
  return t;
}

}  // namespace

TEST_CASE("compact(): untouched services leave the list and are counted per objective verdict",
          "[reports]") {
  RunResult run = load_result(kData + "shop-simulation.json");
  drsim::ScenarioResult& s = run.scenarios.front();
  s.services.clear();
  s.services.push_back(untouched_service("a"));
  drsim::TargetResult worst = untouched_service("b");
  worst.rpo_worst = drsim::WorstRpo{30.0, 100, "async replica"};  // touched: a worst-phase RPO
  s.services.push_back(worst);
  s.services.push_back(untouched_service("c"));
  drsim::TargetResult down = untouched_service("d");
  down.down = true;
  down.rto_s = 120.0;
  down.objectives[0] = {drsim::ObjectiveKind::kRto, 60.0, 120.0, Verdict::kBreached};
  s.services.push_back(down);
  CHECK_FALSE(drsim::untouched(worst));
  CHECK_FALSE(drsim::untouched(down));
  CHECK(drsim::untouched(s.services[2]));

  drsim::compact(s);
  REQUIRE(s.services.size() == 2);
  CHECK(s.services[0].id == "b");  // model order kept
  CHECK(s.services[1].id == "d");
  REQUIRE(s.unaffected);
  CHECK(s.unaffected->count == 2);
  CHECK(s.unaffected->objectives(drsim::ObjectiveKind::kRto, Verdict::kMet) == 2);
  CHECK(s.unaffected->objectives(drsim::ObjectiveKind::kRpo, Verdict::kMissingPolicy) == 2);
  CHECK(s.unaffected->objectives(drsim::ObjectiveKind::kRto, Verdict::kBreached) == 0);
  CHECK(drsim::any_breached(s));  // d's breach stays listed

  drsim::compact(s);  // compacting again changes nothing
  CHECK(s.services.size() == 2);
  CHECK(s.unaffected->count == 2);

  // A breach counted among the unaffected (not produced by the engine, possible in a file) is
  // still a breach.
  drsim::ScenarioResult counted;
  counted.unaffected = drsim::UnaffectedServices{};
  CHECK_FALSE(drsim::any_breached(counted));
  counted.unaffected->verdicts[1][static_cast<int>(Verdict::kBreached)] = 1;
  CHECK(drsim::any_breached(counted));
}

TEST_CASE(
    "reports::write_json: a compact result is written compact, one scenario a line, and "
    "read back",
    "[reports]") {
  RunResult run = load_result(kData + "shop-simulation.json");
  for (auto& s : run.scenarios) drsim::compact(s);
  std::ostringstream out;
  drsim::reports::write_json(run, out);
  const std::string text = out.str();
  // Header and each scenario on a line, then the closing brackets: no pretty-printing.
  CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<long>(run.scenarios.size()) + 2);
  CHECK(text.find("\"scenarios\":[\n{\"id\":") != std::string::npos);
  CHECK(text.substr(text.size() - 3) == "]}\n");
  const auto parsed = nlohmann::ordered_json::parse(text);
  CHECK(parsed == to_json(run));
  const auto& u = parsed["scenarios"][0]["unaffected"];
  std::vector<std::string> keys;
  for (const auto& item : u.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"services", "rto_met", "rto_breached",
                                         "rto_not_applicable", "rto_missing_policy", "rpo_met",
                                         "rpo_breached", "rpo_not_applicable",
                                         "rpo_missing_policy"});
  CHECK(u["services"] == run.scenarios[0].unaffected->count);
  CHECK(u["rto_met"] == run.scenarios[0].unaffected->verdicts[0][0]);
  const RunResult back = result_from_json(parsed, "c.json");
  CHECK(to_json(back) == to_json(run));
}

TEST_CASE("reports::result_json: a compact scenario's unaffected counts are checked", "[reports]") {
  auto j = minimal();
  j["scenarios"][0]["unaffected"] = {{"services", 3},           {"rto_met", 2},
                                     {"rto_breached", 0},       {"rto_not_applicable", 0},
                                     {"rto_missing_policy", 1}, {"rpo_met", -1},
                                     {"rpo_breached", 0},       {"rpo_not_applicable", 1.5},
                                     {"rpo_missing_policy", 0}, {"rpo_unknown", 0}};
  CHECK(error_of(j) ==
        "r.json: error: /scenarios/0/unaffected/rpo_met: expected a whole number, 0 or more, got "
        "'-1'\n"
        "r.json: error: /scenarios/0/unaffected/rpo_not_applicable: expected a whole number, 0 or "
        "more, got '1.5'\n"
        "r.json: error: /scenarios/0/unaffected/rpo_unknown: unknown key 'rpo_unknown' in a "
        "scenario's unaffected services\n"
        "  hint: allowed keys: services, rto_met, rto_breached, rto_not_applicable, "
        "rto_missing_policy, rpo_met, rpo_breached, rpo_not_applicable, rpo_missing_policy\n");
  j["scenarios"][0]["unaffected"] = {{"services", 3}};
  CHECK(
      error_of(j).substr(0, 90) ==
      "r.json: error: /scenarios/0/unaffected: missing key 'rto_met' in a scenario's unaffected s");
  j["scenarios"][0]["unaffected"] = 3;
  CHECK(error_of(j) == "r.json: error: /scenarios/0/unaffected: expected a mapping, got '3'\n");
}
