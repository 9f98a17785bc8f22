// Scenario files (scenarios/loader.hpp, docs/scenario-format.md): several timed faults per
// scenario, file defaults, and located errors for everything that is wrong, all at once.
#include "scenarios/loader.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "model/loader.hpp"
#include "tests/engine_core/test_models.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

std::vector<scenarios::Scenario> parse(const std::string& yaml,
                                       const scenarios::TimeOptions& o = {}) {
  auto m = two_region_model();
  return scenarios::parse_scenarios(parse_document(yaml, "drill.yaml", false), m, o);
}

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("scenarios::parse_scenarios: reads several timed faults and sorts them by start",
          "[scenarios][file]") {
  auto v = parse(
      "version: 1\n"
      "horizon: 3 d\n"
      "scenarios:\n"
      "  - name: region-and-payments\n"
      "    seed: 7\n"
      "    faults:\n"
      "      - {scenario: dependency:payments, at: '02:00', duration: 4 h}\n"
      "      - {scenario: region:ap-southeast-2, at: '01:00'}\n"
      "  - name: bad-deploy\n"
      "    horizon: 5 d\n"
      "    faults:\n"
      "      - {scenario: corruption:db, at: day 2 13:00, detect_after: 36 h}\n"
      "      - az:apse2-az2\n");
  REQUIRE(v.size() == 2);
  CHECK(v[0].id == "region-and-payments");
  CHECK(v[0].cls == model::DisruptionClass::kRegion);
  CHECK(v[0].seed == 7);
  CHECK(v[0].horizon_s == 3 * kDay);
  REQUIRE(v[0].faults.size() == 2);
  CHECK(v[0].faults[0].target == "ap-southeast-2");
  CHECK(v[0].t0() == kDay + 1 * kH);
  CHECK(v[0].faults[1].kind == scenarios::FaultKind::kDependency);
  CHECK(v[0].faults[1].duration_s == 4 * kH);
  CHECK(v[0].faults[1].loc.line == 7);
  CHECK(v[1].horizon_s == 5 * kDay);
  CHECK(v[1].seed == 1);
  REQUIRE(v[1].faults.size() == 2);
  CHECK(v[1].faults[0].kind == scenarios::FaultKind::kDomainLoss);  // az at day 1 00:00 first
  CHECK(v[1].faults[1].start_s == 2 * kDay + 13 * kH);
  CHECK(v[1].faults[1].detect_after_s == 36 * kH);
  CHECK(v[1].cls == model::DisruptionClass::kAz);
}

TEST_CASE("scenarios::parse_scenarios: one scenario per file takes the file's name and defaults",
          "[scenarios][file]") {
  scenarios::TimeOptions o;
  o.at = "+1h";
  o.horizon = "2 d";
  auto v = parse("class: corruption\nfaults: [corruption:db, az:apse1-az1]\n", o);
  REQUIRE(v.size() == 1);
  CHECK(v[0].id == "drill");
  CHECK(v[0].cls == model::DisruptionClass::kCorruption);
  CHECK(v[0].horizon_s == 2 * kDay);
  CHECK(v[0].t0() == kDay + 1 * kH);
}

TEST_CASE("scenarios::parse_scenarios: reports every located problem at once",
          "[scenarios][file]") {
  const std::string hints =
      "  hint: write HH:MM on day 1 ('01:00'), 'day 3 01:00', or an offset from the first backup "
      "start ('+2h', '-30 min')\n"
      "  hint: the first backup start of this model is day 1 00:00\n";
  CHECK(error_of("scenarios:\n"
                 "  - name: x\n"
                 "    faults:\n"
                 "      - {scenario: az:apse2-az9, at: '25:00'}\n"
                 "      - {scenario: region:ap-southeast-2, at: '+-3h', durtion: 1 h}\n") ==
        "drill.yaml:4:20: error: /scenarios/0/faults/0/scenario: scenario 'az:apse2-az9': zone "
        "'apse2-az9' is not in the model\n"
        "  hint: did you mean 'apse2-az1'?\n"
        "  hint: zones in the model: apse2-az1, apse2-az2, apse1-az1, apse1-az2\n"
        "drill.yaml:4:38: error: /scenarios/0/faults/0/at: '25:00' is not a fault time\n" +
            hints +
            "drill.yaml:5:47: error: /scenarios/0/faults/1/at: '+-3h' is not a fault time\n" +
            hints +
            "drill.yaml:5:55: error: /scenarios/0/faults/1/durtion: unknown key 'durtion'\n"
            "  hint: did you mean 'duration'?\n"
            "  hint: allowed keys: scenario, at, duration, detect_after, runs\n");
}

TEST_CASE("scenarios::parse_scenarios: rejects a fault outside the horizon", "[scenarios][file]") {
  CHECK(error_of("scenarios:\n"
                 "  - name: late\n"
                 "    horizon: 1 d\n"
                 "    faults:\n"
                 "      - {scenario: az:apse2-az1, at: '01:00'}\n"
                 "      - {scenario: az:apse2-az2, at: day 3 01:00, duration: 2 h}\n"
                 "  - name: long\n"
                 "    horizon: 1 d\n"
                 "    faults: [{scenario: region:ap-southeast-1, duration: 2 d}]\n") ==
        "drill.yaml:6:20: error: /scenarios/0/faults/1/scenario: scenario 'late': a fault starts "
        "48 h after the first one but the horizon is 24 h\n"
        "  hint: raise the horizon to at least 48 h\n"
        "drill.yaml:9:25: error: /scenarios/1/faults/0/scenario: scenario 'long': a fault lasts "
        "until 48 h after t0 but the horizon is 24 h\n"
        "  hint: raise the horizon to at least 48 h or shorten the fault\n");
}

TEST_CASE("scenarios::parse_scenarios: rejects files of the wrong shape", "[scenarios][file]") {
  CHECK(error_of("- az:apse2-az1\n") ==
        "drill.yaml:1:1: error: /: expected a mapping with 'scenarios' or 'faults', got a list\n"
        "  hint: see docs/scenario-format.md\n");
  CHECK(error_of("scenarios:\n  - faults: [ransomware]\n  - {name: b, faults: []}\n") ==
        "drill.yaml:2:5: error: /scenarios/0: scenario has no 'name'\n"
        "  hint: add name: <a short id>\n"
        "drill.yaml:3:23: error: /scenarios/1/faults: 'faults' must be a non-empty list, got a "
        "list\n");
  CHECK(error_of("seed: -4\nfaults: [ransomware]\n") ==
        "drill.yaml:1:7: error: /seed: seed '-4' is not a whole number\n"
        "  hint: use a whole number from 0 to 9223372036854775807, e.g. 42\n");
  CHECK(error_of("seed: 9223372036854775808\nfaults: [ransomware]\n") ==
        "drill.yaml:1:7: error: /seed: seed '9223372036854775808' is out of range\n"
        "  hint: use a whole number from 0 to 9223372036854775807, e.g. 42\n");
}

TEST_CASE("scenarios::load_scenarios: the bundled example file against examples/small.yaml",
          "[scenarios][file]") {
  const std::string root = DRSIM_SOURCE_DIR;
  auto m = model::load_model(root + "/examples/small.yaml").model;
  auto v =
      scenarios::load_scenarios(root + "/examples/scenarios/small-region-and-payments.yaml", m);
  REQUIRE(v.size() == 2);
  CHECK(v[0].id == "region-then-payments");
  CHECK(v[0].horizon_s == 3 * kDay);
  REQUIRE(v[0].faults.size() == 2);
  CHECK(v[0].faults[0].target == "eu-west-1");
  CHECK(v[0].faults[1].start_s == kDay + 2 * kH);
  CHECK(v[1].cls == model::DisruptionClass::kCorruption);
  CHECK(v[1].faults[0].detect_after_s == 36 * kH);
}

TEST_CASE("scenarios::parse_scenarios: a fault id that is not a string is one error",
          "[scenarios][file]") {
  CHECK(error_of("faults: [{scenario: [1, 2]}]\n") ==
        "drill.yaml:1:21: error: /faults/0/scenario: expected a scenario id, got a list\n"
        "  hint: write an id such as region:<region>; ids are office:<office>, "
        "hardware:<service>, az:<zone>, region:<region>, vendor:<vendor>, dependency:<service>, "
        "corruption:<service>, deletion:<service>, ransomware, bad-backup:<service>[/<backup>], "
        "destroy:<store>, failback:<domain>\n");
}

TEST_CASE("scenarios::parse_scenarios: two entries without a name are two errors, not a crash",
          "[scenarios][file]") {
  CHECK(error_of("scenarios:\n"
                 "  - faults: [az:apse2-az1]\n"
                 "  - faults: [az:apse2-az2]\n") ==
        "drill.yaml:2:5: error: /scenarios/0: scenario has no 'name'\n"
        "  hint: add name: <a short id>\n"
        "drill.yaml:3:5: error: /scenarios/1: scenario has no 'name'\n"
        "  hint: add name: <a short id>\n");
}

TEST_CASE("scenarios::parse_scenarios: a bad-backup fault combines with a loss, runs N or all",
          "[scenarios][file]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 0, "s3-apse2"));
  m.index();
  auto v = scenarios::parse_scenarios(
      parse_document("scenarios:\n"
                     "  - name: two\n"
                     "    faults:\n"
                     "      - {scenario: bad-backup:db, runs: 2}\n"
                     "      - {scenario: region:ap-southeast-2, at: '01:00'}\n"
                     "  - name: all\n"
                     "    faults:\n"
                     "      - {scenario: destroy:s3-apse1, at: '00:30'}\n"
                     "      - {scenario: az:apse2-az1, at: '01:00'}\n"
                     "      - {scenario: bad-backup:db/nightly, runs: all}\n",
                     "bad.yaml", false),
      m);
  REQUIRE(v.size() == 2);
  REQUIRE(v[0].faults.size() == 2);
  // The bad backup has no time of its own: it starts with the loss and never becomes t0.
  CHECK(v[0].t0() == kDay + kH);
  CHECK(v[0].cls == model::DisruptionClass::kRegion);
  CHECK(v[0].faults[0].kind == scenarios::FaultKind::kBadBackup);  // file order at equal times
  CHECK(v[0].faults[0].start_s == kDay + kH);
  CHECK(v[0].faults[0].unusable_runs == 2);
  CHECK(v[0].faults[0].backup == "nightly");
  CHECK(v[0].faults[1].kind == scenarios::FaultKind::kDomainLoss);
  // A destroyed store may be t0; the class is still the loss's.
  CHECK(v[1].t0() == kDay + 30 * kMin);
  CHECK(v[1].cls == model::DisruptionClass::kAz);
  CHECK(v[1].faults[1].kind == scenarios::FaultKind::kBadBackup);  // with the earliest fault
  CHECK(v[1].faults[1].unusable_runs == 0);
}

TEST_CASE("scenarios::parse_scenarios: 'runs' only on bad-backup faults, 'at' never on them",
          "[scenarios][file]") {
  auto m = two_region_model();
  db_of(m).data->backups.push_back(daily_snapshot("nightly", 2 * kH, 0, "s3-apse2"));
  m.index();
  try {
    scenarios::parse_scenarios(parse_document("faults:\n"
                                              "  - {scenario: region:ap-southeast-2, runs: 2}\n"
                                              "  - {scenario: bad-backup:db, runs: 0}\n"
                                              "  - {scenario: bad-backup:db, at: '01:00'}\n",
                                              "bad.yaml", false),
                               m);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "bad.yaml:2:45: error: /faults/0/runs: 'runs' applies only to bad-backup faults\n"
          "  hint: write scenario: bad-backup:<service>[/<backup>] with runs: 2 or all\n"
          "bad.yaml:3:37: error: /faults/1/runs: runs '0' is neither a whole number of runs nor "
          "'all'\n"
          "  hint: write 1 to 10000 (the newest runs that turn out unusable) or all (every run)\n"
          "bad.yaml:4:35: error: /faults/2/at: 'at' does not apply to bad-backup faults\n"
          "  hint: the runs turn out unusable whenever a restore is attempted; remove 'at'\n");
  }
}

TEST_CASE("scenarios::parse_scenarios: a name with a control or bidi character is refused, located",
          "[scenarios][file]") {
  // Names become scenario ids in reports and on terminals (issue 15 item 5).
  CHECK(error_of("scenarios:\n"
                 "  - name: \"red\\e[31mALERT\\nfake-line\"\n"
                 "    faults: [az:apse2-az1]\n"
                 "  - name: \"invoice-\\u202Egnp.exe\"\n"
                 "    faults: [az:apse2-az2]\n") ==
        "drill.yaml:2:11: error: /scenarios/0/name: scenario name 'red\\x1b[31mALERT\\nfake-line' "
        "has a control character U+001B at character 4\n"
        "  hint: write the name on one line with visible characters only, e.g. "
        "'region-loss-at-night'; it becomes the scenario id in reports\n"
        "drill.yaml:4:11: error: /scenarios/1/name: scenario name 'invoice-\\u202egnp.exe' has a "
        "bidirectional control character U+202E at character 9\n"
        "  hint: write the name on one line with visible characters only, e.g. "
        "'region-loss-at-night'; it becomes the scenario id in reports\n");
  // Other characters are fine, and so is a name that only looks odd.
  auto v =
      parse("scenarios:\n  - name: \"Zürich office \\\\ night\"\n    faults: [az:apse2-az1]\n");
  REQUIRE(v.size() == 1);
  CHECK(v[0].id == "Zürich office \\ night");
}
