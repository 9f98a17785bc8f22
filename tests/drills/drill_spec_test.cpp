// Drill spec loading: defaults, and located errors with hints that tests compare in full.
#include "drills/drill_spec.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "drills/runner.hpp"
#include "model/errors.hpp"
#include "tests/drills/spec_support.hpp"

using namespace drsim;
namespace fs = std::filesystem;

namespace {

drills::DrillSpec load(const std::string& yaml) { return test::load_spec(yaml, "d.yaml"); }

std::string errors_of(const std::string& yaml) { return test::spec_errors(yaml, "d.yaml"); }

const std::string kMinimal =
    "drill: orders-pitr\nmethod: pitr\nsource:\n  conninfo: 'host=db1 user=drill dbname=app'\n"
    "  password_env: PGPW\nbackup:\n  archive_dir: /srv/wal\n";

}  // namespace

TEST_CASE("drills::load: a minimal pitr drill gets the documented defaults", "[drills]") {
  auto spec = load(kMinimal);
  CHECK(spec.name == "orders-pitr");
  CHECK(spec.service == "orders-pitr");
  CHECK(spec.method == drills::Method::kPitr);
  CHECK(spec.source.password.env == "PGPW");
  CHECK(spec.backup.take);
  CHECK(spec.scratch.dir == "/var/tmp/drsim-drills");
  CHECK(spec.scratch.bin_dir == "/usr/lib/postgresql/15/bin");
  CHECK(spec.scratch.os_user == "postgres");
  CHECK(spec.scratch.port == 0);
  CHECK_FALSE(spec.heartbeat.enabled);
  CHECK(spec.timeout_for("backup") == 600);
  CHECK(spec.checksum.rfind("sha256:", 0) == 0);
  CHECK(spec.checksum.size() == 7 + 64);
}

TEST_CASE("drills::load: a heartbeat block turns the heartbeat on with a 100 ms default",
          "[drills]") {
  auto spec = load(kMinimal +
                   "heartbeat: {}\ntimeouts: {default: 5 min, flush: 30 s}\n"
                   "objectives: {rto: 15 min, rpo: 1 min}\n");
  CHECK(spec.heartbeat.enabled);
  CHECK(spec.heartbeat.interval_s == Approx(0.1));
  CHECK(spec.heartbeat.table == "drsim_heartbeat");
  CHECK(spec.timeout_for("backup") == 300);
  CHECK(spec.timeout_for("flush") == 30);
  CHECK(*spec.objectives.rto_s == 900);
  CHECK(*spec.objectives.rpo_s == 60);
}

TEST_CASE("drills::load: rejects a password inside the connection string", "[drills]") {
  CHECK(
      errors_of("drill: x\nmethod: logical\nsource:\n  conninfo: 'host=db1 password=hunter2'\n") ==
      "d.yaml:4:13: error: /source/conninfo: the connection string contains a password\n"
      "  hint: remove it and name where to read it: 'password_env: PGPASSWORD_DRILL' or "
      "'password_file: /run/secrets/pg'\n");
  CHECK(errors_of(
            "drill: x\nmethod: logical\nsource:\n  conninfo: 'postgresql://u:hunter2@db1/app'\n")
            .find("the connection string contains a password") != std::string::npos);
}

TEST_CASE("drills::load: unknown keys and methods get a did-you-mean", "[drills]") {
  CHECK(
      errors_of(
          "drill: x\nmethod: pitt\nsource: {conninfo: 'host=db1'}\nbackup: {archive_dir: /a}\n") ==
      "d.yaml:2:9: error: /method: unknown postgresql method 'pitt'\n"
      "  hint: did you mean 'pitr'?\n"
      "  hint: allowed values: pitr, logical, failover\n");
  CHECK(errors_of(kMinimal + "heartbeet: {}\n") ==
        "d.yaml:8:1: error: /heartbeet: unknown key 'heartbeet'\n"
        "  hint: did you mean 'heartbeat'?\n"
        "  hint: allowed keys here: drill, description, service, target, method, source, backup, "
        "recovery, scratch, heartbeat, verify, objectives, max_age, timeouts\n");
}

TEST_CASE("drills::load: reports every problem of a file at once", "[drills]") {
  std::string text = errors_of(
      "drill: 'bad name'\nmethod: pitr\nsource: {conninfo: 'host=db1'}\n"
      "heartbeat: {interval: 5 parsecs}\ntimeouts: {restor: 1 min}\n");
  CHECK(text ==
        "d.yaml:1:1: error: /: a pitr drill needs the source's WAL archive directory\n"
        "  hint: add it, e.g. 'backup: {archive_dir: /var/lib/postgresql/wal-archive}'\n"
        "d.yaml:1:8: error: /drill: drill name 'bad name' is not a plain name\n"
        "  hint: use letters, digits, '-', '_' and '.' only, at most 64 characters\n"
        "d.yaml:4:23: error: /heartbeat/interval: unknown unit 'parsecs' in '5 parsecs'\n"
        "  hint: write a number and a unit, e.g. '15 min' or '1 h 30 min'; units: ms, s, sec, "
        "secs, second, seconds, min, mins, minute, minutes, h, hr, hrs, hour, hours, d, day, days, "
        "w, week, weeks\n"
        "d.yaml:5:12: error: /timeouts/restor: unknown step 'restor'\n"
        "  hint: did you mean 'restore'?\n"
        "  hint: steps with timeouts: default, preflight, heartbeat, backup, verify_backup, "
        "provision, catch_up, reference, declare_loss, check_archive, copy_base, flush, configure, "
        "start_server, answers_queries, writable, restore, check_recovery, verify_role, "
        "measure_rpo, verify_tables, amcheck, probes, old_primary, old_primary_returns, "
        "promoted_writes, rewind, resync, switchover, failback_writable, verify_failback, hold, "
        "cleanup\n");
}

TEST_CASE("drills::load: a scratch database needs a logical drill and a server", "[drills]") {
  CHECK(errors_of(kMinimal + "scratch: {kind: database}\n") ==
        "d.yaml:8:10: error: /scratch: a scratch database works for logical drills only\n"
        "  hint: use 'kind: instance' (the default) for pitr and failover\n"
        "d.yaml:8:10: error: /scratch: a scratch database needs the server to restore into\n"
        "  hint: add 'conninfo: \"host=scratch-db user=drill dbname=postgres\"'\n");
}

TEST_CASE("drills::plan: lists the steps and never a password", "[drills]") {
  auto spec = load(kMinimal + "heartbeat: {interval: 250 ms}\n");
  std::string plan = drills::plan_drill(spec);
  CHECK(plan.find("drill orders-pitr (method pitr, target orders-pitr)\n") == 0);
  CHECK(plan.find("password: from environment variable PGPW (never printed)") != std::string::npos);
  CHECK(plan.find("every 250 ms") != std::string::npos);
  CHECK(plan.find("  4. reference (timeout 10 min): open snapshots of the verified source "
                  "databases exact at one WAL location") != std::string::npos);
  CHECK(plan.find("  6. check_archive (timeout 10 min): ") != std::string::npos);
  CHECK(plan.find("cleanup (timeout 10 min): always:") != std::string::npos);
}

TEST_CASE("drills::load: every example drill in examples/drills loads", "[drills]") {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(DRSIM_SOURCE_DIR "/examples/drills")) {
    INFO(e.path());
    auto spec = drills::load_drill(e.path().string());
    CHECK_FALSE(spec.name.empty());
    CHECK_FALSE(drills::plan_drill(spec).empty());
    ++n;
  }
  CHECK(n == 15);
}

TEST_CASE("drills::load: refuses every catalogued hostile path with its expected message",
          "[drills]") {
  const fs::path dir = fs::path(DRSIM_SOURCE_DIR) / "tests" / "data" / "drills" / "hostile-paths";
  int checked = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    std::ifstream expected_in(fs::path(e.path()).replace_extension(".expected"));
    std::stringstream expected;
    expected << expected_in.rdbuf();
    std::string text = "loaded";
    try {
      drills::load_drill(e.path().string());
    } catch (const InputError& err) {
      text = err.what();
    }
    // Messages name the file as given; the catalogue stores them relative to its folder.
    for (auto pos = text.find(dir.string() + "/"); pos != std::string::npos;
         pos = text.find(dir.string() + "/")) {
      text.erase(pos, dir.string().size() + 1);
    }
    INFO(e.path().filename().string());
    CHECK(text == expected.str());
    ++checked;
  }
  CHECK(checked == 12);
}

TEST_CASE("drills::load: a scratch port is digits only, no sign or blank", "[drills]") {
  for (const char* port : {"'+5432'", "' 5432'", "'5432 '", "'-1'", "'0x1538'", "80", "70000"}) {
    INFO(port);
    std::string text = errors_of(kMinimal + "scratch: {port: " + port + "}\n");
    CHECK(text.find("/scratch/port: port ") != std::string::npos);
    CHECK(text.find(" is not a usable port\n  hint: allowed range is 1024 to 65535, or 'auto'\n") !=
          std::string::npos);
  }
  CHECK(load(kMinimal + "scratch: {port: 5433}\n").scratch.port == 5433);
}

TEST_CASE("drills::load: a bad table name is blamed where it stands in the list", "[drills]") {
  CHECK(errors_of(kMinimal + "verify:\n  tables: [[x], public.ok, \"bad name!\"]\n") ==
        "d.yaml:9:12: error: /verify/tables/0: expected a string, got a list\n"
        "  hint: write some text, e.g. 'name: Storefront'\n"
        "d.yaml:9:28: error: /verify/tables/2: table name 'bad name!' is not a plain identifier\n"
        "  hint: use letters, digits and '_' (optionally schema.table)\n");
}

TEST_CASE("drills::load: an explicit null is a mistake, as in models, not an omission",
          "[drills]") {
  CHECK(errors_of(kMinimal + "heartbeat:\ndescription: ~\n") ==
        "d.yaml:8:11: error: /heartbeat: expected a mapping, got null\n"
        "  hint: write 'key: value' pairs, e.g. '{id: web}', or indented lines\n"
        "d.yaml:9:14: error: /description: expected a string, got null\n"
        "  hint: write some text, e.g. 'name: Storefront'\n");
}

TEST_CASE("drills::load: max_age is an optional duration from 1 min to 3650 d", "[drills]") {
  CHECK_FALSE(load(kMinimal).max_age_s);
  CHECK(load(kMinimal + "max_age: 35 d\n").max_age_s == 35 * 86400.0);
  CHECK(errors_of(kMinimal + "max_age: 30 s\n") ==
        "d.yaml:8:10: error: /max_age: max_age '30 s' is out of range\n"
        "  hint: allowed range is 1 min to 3650 d\n");
  CHECK(errors_of(kMinimal + "max_age: 5 weeks ago\n") ==
        "d.yaml:8:10: error: /max_age: '5 weeks ago' is not a duration\n"
        "  hint: write a number and a unit, e.g. '15 min' or '1 h 30 min'; units: ms, s, sec, "
        "secs, second, seconds, min, mins, minute, minutes, h, hr, hrs, hour, hours, d, day, "
        "days, w, week, weeks\n");
}

TEST_CASE("drills::load: values are read and refused with the model's words", "[drills]") {
  CHECK(
      errors_of(kMinimal + "heartbeat: {enabled: yes}\nobjectives: {rto: [15 min]}\n"
                           "verify: {level: [quick]}\nscratch: {keep_for: 2 d}\n") ==
      "d.yaml:8:22: error: /heartbeat/enabled: expected true or false, got 'yes'\n"
      "  hint: write 'true' or 'false'\n"
      "d.yaml:9:19: error: /objectives/rto: expected a duration, got a list\n"
      "  hint: write a number and a unit, e.g. '15 min'\n"
      "d.yaml:10:17: error: /verify/level: expected one of quick, standard, thorough, got a list\n"
      "  hint: write one of the allowed values\n"
      "d.yaml:11:21: error: /scratch/keep_for: keep_for '2 d' is out of range\n"
      "  hint: allowed range is 0 s to 24 h\n");
  CHECK_FALSE(load("drill: x\nmethod: logical\nsource: {conninfo: 'host=db1'}\n"
                   "backup: {take: \"false\", dump_file: /srv/x.dump}\n")
                  .backup.take);
}

TEST_CASE("drills::load: failback belongs to failover drills", "[drills]") {
  const std::string failover =
      "drill: f\nmethod: failover\nsource: {conninfo: 'host=db1'}\nrecovery: {failback: true}\n";
  CHECK(load(failover).recovery.failback);
  CHECK(errors_of("drill: f\nmethod: pitr\nsource: {conninfo: 'host=db1'}\nbackup: {archive_dir: "
                  "/a}\nrecovery: {failback: true}\n") ==
        "d.yaml:5:22: error: /recovery/failback: 'failback' applies to failover drills only\n"
        "  hint: use 'method: failover', or remove 'failback'\n");
  const std::string plan = drills::plan_drill(load(failover));
  CHECK(plan.find("old_primary (timeout 10 min): /usr/lib/postgresql/15/bin/pg_basebackup of the "
                  "source into a second hot standby") != std::string::npos);
  CHECK(plan.find("verify_failback (timeout 10 min): every table and row of the promoted side is "
                  "on the old primary") != std::string::npos);
}
