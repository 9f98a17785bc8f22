#include "reports/shard_json.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "model/errors.hpp"
#include "reports/detail/result_reader.hpp"

using namespace drsim;
using namespace drsim::reports;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Doubles whose shortest decimal text is long, tiny, subnormal or just below a whole number.
const std::vector<double> kAwkward = {
    0.1 + 0.2, 1e-300, 4.9406564584124654e-324, 2169.3167019494863, 86559.99900000001, kInf};

// A shard of a --trials run: one scenario of two services, with costs, the second service's
// trials never recovered once.
Shard sample() {
  Shard s;
  s.index = 2;
  s.count = 3;
  s.options.seed = 9223372036854775807LL;
  s.options.trials = 10;
  s.options.all = true;
  s.options.at_s = 90000.5;
  s.options.horizon_s = 604800;
  s.options.detect_after_s = 3600;
  s.options.selected = {"az:a", "region:r"};
  RunResult& r = s.result;
  r.model = "m";
  r.model_source = "m.yaml";
  r.model_checksum = "sha256:00";
  r.tool_version = "0.1.0";
  r.seed = 7;
  r.currency = "EUR";
  r.running_cost_monthly = 1234.005;  // the result file says 1234.01
  for (const char* id : {"az:a", "region:r"}) {
    ScenarioResult sc;
    sc.id = id;
    sc.cls = "az";
    sc.horizon_s = 604800;
    sc.cost = ScenarioCost{0.5, false, 0.004, 0.004};  // 0 + 0 in the file, 0.01 in all
    for (const char* service : {"web", "db"}) {
      TargetResult t;
      t.id = service;
      sc.services.push_back(t);
    }
    r.scenarios.push_back(sc);
  }
  for (int i = 0; i < 2; ++i) {
    engine::TrialSummary::Tally web, db;
    db.affected = 3;
    db.rto = kAwkward;
    db.rpo = {0, 5, 0, 0, 1e-300, kInf};
    db.met[0] = 2;
    db.met[1] = 3;
    db.paths = {{"detect promote", 2}, {"detect wait", 1}};
    TrialRun run;
    run.count = 10;
    run.start_from_s = 172800.001;
    run.start_span_s = 86400;
    run.varying = 4;
    s.trials.push_back({run, engine::TrialSummary(6, {web, db})});
  }
  return s;
}

std::string written(const Shard& s) {
  std::ostringstream out;
  write_shard(s, out);
  return out.str();
}

std::string error_of(const std::string& text, const std::string& file = "s.json") {
  try {
    read_shard(text, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// `text` with its first `from` replaced by `to`.
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("reports::shard_json: a shard reads back exactly, doubles and infinity included",
          "[reports]") {
  const Shard s = sample();
  const std::string text = written(s);
  const Shard back = read_shard(text, "s.json");
  CHECK(back.file == "s.json");
  CHECK(back.index == 2);
  CHECK(back.count == 3);
  CHECK(back.options.seed == 9223372036854775807LL);
  CHECK(back.options.trials == 10);
  CHECK(back.options.all);
  CHECK(back.options.at_s == 90000.5);
  CHECK_FALSE(back.options.duration_s);
  CHECK(back.options.selected == s.options.selected);
  // The amounts the result rounds to cents come back whole.
  CHECK(*back.result.running_cost_monthly == 1234.005);
  CHECK(back.result.scenarios[1].cost->downtime == 0.004);
  CHECK(back.result.scenarios[1].cost->data_loss == 0.004);
  REQUIRE(back.trials.size() == 2);
  const auto& part = back.trials[1];
  CHECK(part.run.start_from_s == 172800.001);
  CHECK(part.run.start_span_s == 86400);
  CHECK(part.run.varying == 4);
  CHECK(part.summary.trials() == 6);
  const auto& db = part.summary.services()[1];
  REQUIRE(db.rto.size() == kAwkward.size());
  for (std::size_t i = 0; i < kAwkward.size(); ++i) CHECK(db.rto[i] == kAwkward[i]);
  CHECK(std::isinf(db.rpo.back()));
  CHECK(db.met[0] == 2);
  CHECK(db.met[1] == 3);
  CHECK(db.affected == 3);
  CHECK(db.paths == s.trials[1].summary.services()[1].paths);
  CHECK(part.summary.services()[0].rto.empty());
  // Read back and written again: the same bytes.
  CHECK(written(back) == text);
}

TEST_CASE("reports::shard_json: a whole result is not a shard", "[reports]") {
  Shard s = sample();
  s.trials.clear();
  std::string text = written(s);
  const auto begin = text.find("\n  \"shard\": {");
  const auto end = text.find("\n  \"scenarios\": [", begin);
  text.erase(begin, end - begin);
  CHECK(error_of(text, "whole.json") ==
        "whole.json: error: /: a whole result, not a shard of a run\n"
        "  hint: drsim merge reads the files `drsim simulate ... --shard I/N -f json` writes; "
        "`drsim report` reads a whole result\n");
}

TEST_CASE("reports::shard_json: every other reader refuses a shard, saying what it is",
          "[reports]") {
  try {
    detail::read_result_text(written(sample()), "s.json", true);
    FAIL("a shard was read as a whole result");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "s.json:12:3: error: /shard: this is one shard of a run split with --shard, not a "
          "whole result\n"
          "  hint: merge every shard of the run with `drsim merge SHARD.json...` and use the "
          "merged result\n");
  }
}

TEST_CASE("reports::shard_json: a malformed shard object is refused with every problem",
          "[reports]") {
  const std::string text = written(sample());
  CHECK(error_of(edited(text, "\"index\": 2", "\"index\": 4")) ==
        "s.json: error: /shard/index: shard 4 of 3 does not exist\n"
        "  hint: a run split N ways has shards 1/N to N/N\n");
  CHECK(error_of(edited(text, "\"all\": true", "\"al\": true")) ==
        "s.json: error: /shard/al: unknown key 'al' in a shard\n"
        "  hint: allowed keys: index, count, seed, trials, all, at_s, duration_s, horizon_s, "
        "detect_after_s, selected, scenarios, running_cost_monthly, compact\n"
        "s.json: error: /shard: missing key 'all' in a shard\n");
  CHECK(error_of(edited(text, "\"rto_met\": 2", "\"rto_met\": -1")) ==
        "s.json: error: /shard/scenarios/0/trials/services/1/rto_met: expected a whole number "
        "from 0 to 6, got '-1'\n");
  CHECK(error_of(edited(text, "0.30000000000000004", "\"soon\"")) ==
        "s.json: error: /shard/scenarios/0/trials/services/1/rto_s/0: expected a non-negative "
        "number of seconds or null, got 'soon'\n");
  CHECK(error_of(edited(text, "\"id\": \"db\"", "\"id\": \"web\"")) ==
        "s.json: error: /shard/scenarios/0/trials/services/1/id: 'web', not the result's service "
        "'db' at this place\n");
}

TEST_CASE("reports::shard_json: shard files drsim simulate wrote read back", "[reports]") {
  const std::string dir = std::string(DRSIM_SOURCE_DIR) + "/tests/data/shards/";
  // simulate examples/uncertainty.yaml --scenario az:use1-az1 --trials 12 --seed 7 --shard 2/3
  const Shard trials = load_shard(dir + "uncertainty-trials-2-of-3.json");
  CHECK(trials.index == 2);
  CHECK(trials.count == 3);
  CHECK(trials.options.trials == 12);
  CHECK(trials.options.selected == std::vector<std::string>{"az:use1-az1"});
  REQUIRE(trials.trials.size() == 1);
  CHECK(trials.trials[0].summary.trials() == 4);               // trials 1, 4, 7 and 10
  CHECK_FALSE(trials.result.scenarios[0].services[0].trials);  // no partial summary
  // simulate examples/ladder/warm-standby-async.yaml --scenario region:us-east-1 az:use1-az1
  //   --at 01:00 --shard 1/2: the first scenario only, with its exact costs.
  const Shard sweep = load_shard(dir + "ladder-costs-1-of-2.json");
  CHECK(sweep.options.selected == std::vector<std::string>{"region:us-east-1", "az:use1-az1"});
  REQUIRE(sweep.result.scenarios.size() == 1);
  CHECK(sweep.result.scenarios[0].id == "region:us-east-1");
  CHECK(sweep.result.scenarios[0].cost);
  CHECK(sweep.result.running_cost_monthly);
  CHECK(sweep.trials.empty());
}
