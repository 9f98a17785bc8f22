// Built-in scenario ids, wildcards and --all (scenarios/catalog.hpp), with the exact messages
// for ids that are malformed or name nothing in the model.
#include "scenarios/catalog.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "model/loader.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using scenarios::FaultKind;
using scenarios::TimeOptions;

namespace {

std::vector<std::string> ids_of(const std::vector<scenarios::Scenario>& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(s.id);
  return out;
}

std::string error_of(const std::vector<std::string>& ids, const TimeOptions& o = {}) {
  auto m = test::two_region_model();
  try {
    scenarios::resolve(m, ids, o);
  } catch (const InputError& e) {
    CHECK(e.exit_code() == ExitCode::kUsage);  // every id and option is on the command line
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("scenarios::resolve: builds one timed fault per built-in id", "[scenarios]") {
  auto m = test::two_region_model();
  auto v = scenarios::resolve(m, {"region:ap-southeast-2", "corruption:db", "ransomware"}, {});
  REQUIRE(v.size() == 3);
  CHECK(v[0].id == "region:ap-southeast-2");
  CHECK(v[0].cls == model::DisruptionClass::kRegion);
  REQUIRE(v[0].faults.size() == 1);
  CHECK(v[0].faults[0].kind == FaultKind::kDomainLoss);
  CHECK(v[0].faults[0].target == "ap-southeast-2");
  CHECK(v[0].faults[0].start_s == 86400);
  CHECK(v[0].faults[0].duration_s == 12 * 3600);  // the region default
  CHECK(v[0].faults[0].default_duration);
  CHECK(v[0].faults[0].detect_after_s == 0);
  CHECK(v[0].horizon_s == 7 * 86400);
  CHECK(v[0].seed == 1);
  CHECK(v[1].faults[0].kind == FaultKind::kCorruption);
  CHECK(v[1].faults[0].detect_after_s == 3600);
  CHECK(v[2].id == "ransomware");
  CHECK(v[2].faults[0].kind == FaultKind::kRansomware);
  CHECK(v[2].faults[0].target.empty());
}

TEST_CASE("scenarios::resolve: applies --at, --duration, --horizon, --detect-after and --seed",
          "[scenarios]") {
  auto m = test::two_region_model();
  TimeOptions o;
  o.at = "day 3 01:30";
  o.duration = "4h";
  o.horizon = "2 d";
  o.detect_after = "36h";
  o.seed = 42;
  auto v = scenarios::resolve(m, {"deletion:db", "vendor:stripe"}, o);
  REQUIRE(v.size() == 2);
  CHECK(v[0].t0() == 3 * 86400 + 5400);
  CHECK(v[0].faults[0].duration_s == 4 * 3600);
  CHECK_FALSE(v[0].faults[0].default_duration);
  CHECK(v[0].faults[0].detect_after_s == 36 * 3600);
  CHECK(v[0].horizon_s == 2 * 86400);
  CHECK(v[0].seed == 42);
  CHECK(v[1].cls == model::DisruptionClass::kVendor);
  CHECK(v[1].faults[0].detect_after_s == 0);
}

TEST_CASE("scenarios::resolve: expands wildcards in model order and drops repeats", "[scenarios]") {
  auto m = test::two_region_model();
  auto v = scenarios::resolve(m, {"az:apse1-az1", "az:*", "hardware:*", "dependency:*"}, {});
  CHECK(ids_of(v) == std::vector<std::string>{"az:apse1-az1", "az:apse2-az1", "az:apse2-az2",
                                              "az:apse1-az2", "hardware:db", "hardware:web",
                                              "dependency:payments"});
}

TEST_CASE("scenarios::all_scenarios: lists every failure domain then corruption, in a stable order",
          "[scenarios]") {
  auto m = test::two_region_model();
  auto v = scenarios::all_scenarios(m, {});
  CHECK(ids_of(v) == std::vector<std::string>{
                         "office:sydney-office", "az:apse2-az1", "az:apse2-az2", "az:apse1-az1",
                         "az:apse1-az2", "region:ap-southeast-2", "region:ap-southeast-1",
                         "vendor:aws", "vendor:stripe", "dependency:payments", "corruption:db"});
  CHECK(v.back().cls == model::DisruptionClass::kCorruption);
}

TEST_CASE("scenarios::resolve: rejects an unknown class with the list of classes", "[scenarios]") {
  CHECK(error_of({"regoin:ap-southeast-2"}) ==
        "<command line>: error: --scenario: unknown scenario 'regoin:ap-southeast-2'\n"
        "  hint: did you mean 'region'?\n"
        "  hint: scenario ids are office:<office>, hardware:<service>, az:<zone>, "
        "region:<region>, vendor:<vendor>, dependency:<service>, corruption:<service>, "
        "deletion:<service>, ransomware, bad-backup:<service>[/<backup>], destroy:<store>, "
        "failback:<domain>; "
        "'<class>:*' means every one\n");
  CHECK(error_of({"foo"}).rfind("<command line>: error: --scenario: unknown scenario 'foo'\n"
                                "  hint: scenario ids are office:<office>",
                                0) == 0);
}

TEST_CASE("scenarios::resolve: rejects an id without a target", "[scenarios]") {
  CHECK(error_of({"az:"}) ==
        "<command line>: error: --scenario: scenario 'az:' names no zone\n"
        "  hint: write az:<zone> or az:* (every zone)\n"
        "  hint: zones in the model: apse2-az1, apse2-az2, apse1-az1, apse1-az2\n");
}

TEST_CASE("scenarios::resolve: rejects a zone not in the model with did-you-mean", "[scenarios]") {
  CHECK(error_of({"az:apse2-az9"}) ==
        "<command line>: error: --scenario: scenario 'az:apse2-az9': zone 'apse2-az9' is not in "
        "the model\n"
        "  hint: did you mean 'apse2-az1'?\n"
        "  hint: zones in the model: apse2-az1, apse2-az2, apse1-az1, apse1-az2\n");
}

TEST_CASE("scenarios::resolve: says what a target of the wrong kind is", "[scenarios]") {
  CHECK(error_of({"az:ap-southeast-2"}) ==
        "<command line>: error: --scenario: scenario 'az:ap-southeast-2': 'ap-southeast-2' is a "
        "region, not a zone\n"
        "  hint: use region:ap-southeast-2\n");
  CHECK(error_of({"corruption:web"}) ==
        "<command line>: error: --scenario: scenario 'corruption:web': 'web' holds no data\n"
        "  hint: corruption needs a service with a data set\n"
        "  hint: stateful services in the model: db\n");
  CHECK(error_of({"hardware:payments"}) ==
        "<command line>: error: --scenario: scenario 'hardware:payments': 'payments' is an "
        "external service\n"
        "  hint: use dependency:payments\n"
        "  hint: internal services in the model: db, web\n");
  CHECK(error_of({"ransomware:db"}) ==
        "<command line>: error: --scenario: scenario 'ransomware:db': ransomware takes no target\n"
        "  hint: write 'ransomware': every reachable mutable copy of the estate is encrypted\n");
}

TEST_CASE("scenarios::resolve: reports every bad id and option at once", "[scenarios]") {
  TimeOptions o;
  o.at = "25:00";
  std::string e = error_of({"az:nowhere", "office:*"}, o);
  CHECK(e.find("--at: '25:00' is not a fault time") != std::string::npos);
  CHECK(e.find("zone 'nowhere' is not in the model") != std::string::npos);
  CHECK(e.find("error:") != e.rfind("error:"));
}

TEST_CASE("scenarios::resolve: rejects a wildcard that matches nothing", "[scenarios]") {
  auto m = test::two_region_model();
  m.services.pop_back();  // no external service left
  m.index();
  try {
    scenarios::resolve(m, {"dependency:*"}, {});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "<command line>: error: --scenario: scenario 'dependency:*' matches nothing: the model "
          "has no external services\n"
          "  hint: dependency:* means every external service\n");
  }
}

TEST_CASE("scenarios::resolve: rejects a horizon shorter than the fault or its detection",
          "[scenarios]") {
  TimeOptions o;
  o.duration = "9 d";
  CHECK(error_of({"az:apse2-az1"}, o) ==
        "<command line>: error: --duration: the fault lasts 9 d but the horizon is only 7 d\n"
        "  hint: raise --horizon to at least 9 d or shorten --duration\n");
  TimeOptions d;
  d.horizon = "30 min";
  CHECK(error_of({"corruption:db"}, d) ==
        "<command line>: error: --scenario: scenario 'corruption:db': the damage is detected 1 h "
        "after t0 but the horizon is 30 min\n"
        "  hint: raise the horizon to at least 1 h or detect it sooner\n");
  TimeOptions x;
  x.detect_after = "8 d";
  CHECK(error_of({"corruption:db"}, x) ==
        "<command line>: error: --detect-after: the damage is detected 8 d after it happens but "
        "the horizon is only 7 d\n"
        "  hint: raise --horizon to at least 8 d or shorten --detect-after\n");
}

TEST_CASE("scenarios::make_fault: refuses a wildcard as a single fault", "[scenarios]") {
  auto m = test::two_region_model();
  CHECK_THROWS_WITH(scenarios::make_fault(m, "az:*", 0, 1, 0, {}),
                    "<input>: error: /: scenario 'az:*': a wildcard cannot be one fault\n"
                    "  hint: name one az target per fault\n");
}

TEST_CASE("scenarios::all_scenarios: examples/small.yaml in the documented order", "[scenarios]") {
  auto loaded = model::load_model(std::string(DRSIM_SOURCE_DIR) + "/examples/small.yaml");
  scenarios::TimeOptions o;
  o.at = "+10 min";
  auto v = scenarios::all_scenarios(loaded.model, o);
  CHECK(ids_of(v) == std::vector<std::string>{
                         "office:dublin-office", "az:euw1-az1", "az:euw1-az2", "az:euw1-az3",
                         "az:euc1-az1", "az:euc1-az2", "region:eu-west-1", "region:eu-central-1",
                         "vendor:aws", "vendor:payco", "vendor:github", "dependency:payments",
                         "dependency:code-host", "corruption:jobs", "corruption:orders-db"});
  // The anchor is the nightly snapshot at 02:00, not the 5-minute WAL archive.
  CHECK(v.front().t0() == 86400 + 2 * 3600 + 10 * 60);
}

TEST_CASE("scenarios::resolve: bad-backup is corruption plus the newest run of a backup unusable",
          "[scenarios]") {
  auto m = test::two_region_model();
  test::db_of(m).data->backups.push_back(test::log_archive("wal", 300, "s3-apse1", 7 * 86400));
  test::db_of(m).data->backups.push_back(test::daily_snapshot("nightly", 7200, 0, "s3-apse2"));
  m.index();
  auto v = scenarios::resolve(m, {"bad-backup:db", "bad-backup:db/wal", "destroy:s3-apse1"}, {});
  REQUIRE(v.size() == 3);
  CHECK(v[0].id == "bad-backup:db");
  CHECK(v[0].cls == model::DisruptionClass::kCorruption);
  REQUIRE(v[0].faults.size() == 2);
  CHECK(v[0].faults[0].kind == FaultKind::kCorruption);
  CHECK(v[0].faults[0].target == "db");
  CHECK(v[0].faults[0].detect_after_s == 3600);
  CHECK(v[0].faults[1].kind == FaultKind::kBadBackup);
  CHECK(v[0].faults[1].backup == "nightly");  // the first snapshot/dump/copy, not the log
  CHECK(v[0].faults[1].unusable_runs == 1);
  CHECK(scenarios::fault_id(v[0].faults[1]) == "bad-backup:db/nightly");
  CHECK(v[1].faults[1].backup == "wal");
  CHECK(v[2].cls == model::DisruptionClass::kDeletion);
  REQUIRE(v[2].faults.size() == 1);
  CHECK(v[2].faults[0].kind == FaultKind::kDestroy);
  CHECK(v[2].faults[0].target == "s3-apse1");
  // In a file, the id is only the unusable runs.
  auto f = scenarios::make_fault(m, "bad-backup:db", 86400, std::nullopt, 3600, {});
  CHECK(f.kind == FaultKind::kBadBackup);
  CHECK(f.backup == "nightly");
}

TEST_CASE("scenarios::all_scenarios: leaves bad backups and destroyed stores out", "[scenarios]") {
  auto m = test::two_region_model();
  test::db_of(m).data->backups.push_back(test::daily_snapshot("nightly", 7200, 0, "s3-apse2"));
  m.index();
  CHECK(ids_of(scenarios::all_scenarios(m, {})).back() == "corruption:db");
  CHECK(ids_of(scenarios::resolve(m, {"bad-backup:*", "destroy:*"}, {})) ==
        std::vector<std::string>{"bad-backup:db", "destroy:s3-apse2", "destroy:s3-apse1"});
}

TEST_CASE("scenarios::resolve: bad-backup and destroy ids that name the wrong thing",
          "[scenarios]") {
  auto m = test::two_region_model();
  test::db_of(m).data->backups.push_back(test::daily_snapshot("nightly", 7200, 0, "s3-apse2"));
  m.index();
  auto error = [&m](const std::string& id) {
    try {
      scenarios::resolve(m, {id}, {});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("bad-backup:db/nightli") ==
        "<command line>: error: --scenario: scenario 'bad-backup:db/nightli': service 'db' has "
        "no backup 'nightli'\n"
        "  hint: did you mean 'nightly'?\n"
        "  hint: backups of db: nightly\n");
  CHECK(error("destroy:db") ==
        "<command line>: error: --scenario: scenario 'destroy:db': 'db' is a service, not a "
        "store\n"
        "  hint: deletion:db deletes its objects (versions survive); destroy:<store> destroys a "
        "store with every version in it\n"
        "  hint: stores in the model: s3-apse2, s3-apse1\n");
  CHECK(error("destroy:s3-apse3") ==
        "<command line>: error: --scenario: scenario 'destroy:s3-apse3': store 's3-apse3' is not "
        "in the model\n"
        "  hint: did you mean 's3-apse2'?\n"
        "  hint: stores in the model: s3-apse2, s3-apse1\n");
  CHECK(error("bad-backup:web") ==
        "<command line>: error: --scenario: scenario 'bad-backup:web': 'web' holds no data\n"
        "  hint: bad-backup needs a service with a data set\n"
        "  hint: stateful services with a backup in the model: db\n");
}
