// The MariaDB target's drill files (located errors compared in full), its plan, and what drsim
// reads of binary log positions and compares of tables.
#include <catch2/catch.hpp>

#include "drills/drill_spec.hpp"
#include "drills/mariadb_tables.hpp"
#include "drills/runner.hpp"
#include "tests/drills/spec_support.hpp"

using namespace drsim;

namespace {

drills::DrillSpec load(const std::string& yaml) { return test::load_spec(yaml, "m.yaml"); }

std::string errors_of(const std::string& yaml) { return test::spec_errors(yaml, "m.yaml"); }

const std::string kMariadb =
    "drill: shop\ntarget: mariadb\nmethod: physical\nsource:\n  address: 10.0.0.7:3306\n"
    "  user: drill\n  password_env: MARIADB_PW\n";

}  // namespace

TEST_CASE("drills::load: a mariadb drill gets the documented defaults", "[drills][mariadb]") {
  auto spec = load(kMariadb);
  CHECK(spec.target == drills::Target::kMariadb);
  CHECK(spec.method == drills::Method::kPhysical);
  CHECK(spec.source.address == "10.0.0.7:3306");
  CHECK(spec.source.user == "drill");
  CHECK(spec.source.password.env == "MARIADB_PW");
  CHECK(spec.backup.take);
  CHECK(spec.backup.binlog_dir.empty());
  CHECK(spec.scratch.bin_dir == "/usr/bin");
  CHECK(spec.scratch.os_user == "mysql");
  CHECK_FALSE(spec.heartbeat.enabled);
  CHECK(spec.heartbeat.table == "drsim.drsim_heartbeat");
  CHECK(spec.verify.level == drills::VerifyLevel::kStandard);
  auto logical = load(
      "drill: shop\ntarget: mariadb\nmethod: logical\nsource: {socket: /run/mysqld/mysqld.sock, "
      "user: drill}\nbackup:\n  databases: [shop, app]\n  binlog_dir: /var/lib/mysql\n"
      "recovery: {target_time: '2026-11-22 03:00:00'}\nheartbeat: {table: shop.beats}\n"
      "verify:\n  level: quick\n  tables: [shop.orders]\n  probes:\n"
      "    - {name: n, sql: 'select count(*) from orders', database: shop, expect: '2000'}\n");
  CHECK(logical.method == drills::Method::kLogical);
  CHECK(logical.source.socket == "/run/mysqld/mysqld.sock");
  CHECK(logical.backup.databases == std::vector<std::string>{"shop", "app"});
  CHECK(logical.recovery.target_time == "2026-11-22 03:00:00");
  CHECK(logical.heartbeat.table == "shop.beats");
  CHECK(logical.verify.tables == std::vector<std::string>{"shop.orders"});
  REQUIRE(logical.verify.probes.size() == 1);
  CHECK(logical.verify.probes[0].database == "shop");
}

TEST_CASE("drills::load: mariadb drill files are refused where they are wrong",
          "[drills][mariadb]") {
  CHECK(errors_of("drill: s\ntarget: mariadb\nmethod: rdb\nsource: {address: 'h:3306', user: "
                  "u}\n") ==
        "m.yaml:3:9: error: /method: unknown mariadb method 'rdb'\n"
        "  hint: allowed values: physical, logical, failover\n");
  CHECK(errors_of("drill: s\ntarget: mariadb\nmethod: physical\nsource: {address: 'h:3306'}\n") ==
        "m.yaml:4:9: error: /source: missing required key 'user'\n"
        "  hint: add it, e.g. 'user: drill'\n");
  CHECK(errors_of(kMariadb + "backup: {take: false}\n") ==
        "m.yaml:8:9: error: /backup: an existing mariadb backup needs 'backup_dir'\n"
        "  hint: point it at a directory of 'mariabackup --backup', or set 'take: true'\n");
  CHECK(errors_of(kMariadb + "recovery: {target_time: '2026-11-22T03:00:00Z'}\n") ==
        "m.yaml:8:25: error: /recovery/target_time: target time '2026-11-22T03:00:00Z' is not "
        "'YYYY-MM-DD HH:MM:SS'\n"
        "  hint: write the time in UTC, e.g. '2026-11-22 03:00:00'\n");
  CHECK(errors_of(kMariadb + "recovery: {target_time: '2026-11-22 03:00:00'}\n") ==
        "m.yaml:8:25: error: /recovery/target_time: a target time needs the binary logs to "
        "replay\n"
        "  hint: add 'backup: {binlog_dir: /var/lib/mysql}' (where the source's binary logs, or "
        "copies of them, are)\n");
  CHECK(errors_of(kMariadb + "heartbeat: {table: beats}\n") ==
        "m.yaml:8:20: error: /heartbeat/table: table 'beats' is not database.table\n"
        "  hint: write e.g. 'shop.orders': plain names of letters, digits, '_' and '$'\n");
  CHECK(errors_of("drill: s\ntarget: mariadb\nmethod: logical\nsource: {address: 'h:3306', "
                  "user: u}\nbackup: {databases: [shop]}\nheartbeat: {}\n") ==
        "m.yaml:5:9: error: /backup: the dump leaves out the heartbeat's database 'drsim'\n"
        "  hint: add 'drsim' to 'databases', or move the heartbeat: 'heartbeat: {table: "
        "shop.drsim_heartbeat}'\n");
  CHECK(errors_of("drill: s\ntarget: mariadb\nmethod: logical\nsource: {address: 'h:3306', "
                  "user: u}\nbackup: {databases: ['shop; drop']}\n") ==
        "m.yaml:5:22: error: /backup/databases/0: database name 'shop; drop' is not a plain "
        "name\n"
        "  hint: use letters, digits, '_' and '$' only, at most 64 characters\n");
  // A key of another method, or of PostgreSQL, is an unknown key with the allowed ones listed.
  CHECK(errors_of(kMariadb + "backup: {databases: [shop]}\n") ==
        "m.yaml:8:10: error: /backup/databases: unknown key 'databases'\n"
        "  hint: allowed keys here: take, backup_dir, loss_after, binlog_dir\n");
  CHECK(errors_of(kMariadb + "verify: {level: thorough}\n") ==
        "m.yaml:8:17: error: /verify/level: unknown verification level 'thorough'\n"
        "  hint: allowed values: quick, standard\n");
  CHECK(errors_of(kMariadb + "timeouts: {copy_base: 1 min}\n").find("unknown step 'copy_base'") !=
        std::string::npos);
}

TEST_CASE("drills::plan: a mariadb drill's steps, without a password", "[drills][mariadb]") {
  auto plan =
      drills::plan_drill(load(kMariadb + "backup: {binlog_dir: /var/lib/mysql}\nheartbeat: {}\n"));
  CHECK(plan.find("drill shop (method physical, target shop)\nsource: 10.0.0.7:3306 as drill\n"
                  "password: from environment variable MARIADB_PW (never printed)\n") == 0);
  CHECK(plan.find("  3. backup (timeout 10 min): /usr/bin/mariabackup --backup "
                  "--target-dir=<run>/backup\n") != std::string::npos);
  CHECK(plan.find("  8. replay_binlogs (timeout 10 min): /usr/bin/mariadb-binlog from the "
                  "backup's position to the reference point") != std::string::npos);
  CHECK(plan.find("  14. cleanup (timeout 10 min): always: stop the scratch server, delete the "
                  "heartbeat row, remove the run directory\n") != std::string::npos);
  CHECK(plan.find("catch_up") == std::string::npos);  // replayed to the reference point
}

TEST_CASE("drills::mariadb: binary log positions of dumps and mariabackup", "[drills][mariadb]") {
  auto p = drills::parse_dump_position(
      "-- Position to start replication or point-in-time recovery from\n--\n\n"
      "-- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000003', MASTER_LOG_POS=1531;\n");
  REQUIRE(p);
  CHECK(p->shown() == "binlog.000003:1531");
  CHECK_FALSE(drills::parse_dump_position("-- MariaDB dump 10.19\n"));
  auto q = drills::parse_binlog_info("binlog.000001\t106600\t0-1-7\n");
  REQUIRE(q);
  CHECK(q->file == "binlog.000001");
  CHECK(q->pos == 106600);
  CHECK_FALSE(drills::parse_binlog_info(""));
  CHECK_FALSE(drills::parse_binlog_info("binlog.000001\tx\n"));
}

TEST_CASE("drills::mariadb: tables compare by count, then checksum", "[drills][mariadb]") {
  const std::vector<drills::MariadbTable> reference{
      {"shop.customers", 200, "119"}, {"shop.orders", 2000, "42"}, {"shop.gone", 1, "7"}};
  const std::vector<drills::MariadbTable> restored{{"shop.customers", 200, "118"},
                                                   {"shop.orders", 1999, "40"}};
  CHECK(drills::compare_mariadb_tables(reference, restored) ==
        std::vector<std::string>{
            "shop.customers: 200 rows, but their contents differ (checksum 118 restored, 119 in "
            "the reference)",
            "shop.orders: 1999 rows restored, 2000 in the reference",
            "shop.gone: missing from the restored copy"});
  CHECK(drills::compare_mariadb_tables(reference, reference).empty());
}

TEST_CASE("drills::load: a mariadb failover drill builds its own replica over TCP",
          "[drills][mariadb]") {
  const std::string failover =
      "drill: s\ntarget: mariadb\nmethod: failover\nsource: {address: 'h:3306', user: u}\n";
  CHECK(load(failover).method == drills::Method::kFailover);
  CHECK(errors_of(failover + "backup: {take: false, backup_dir: /b, binlog_dir: /l}\n") ==
        "m.yaml:5:9: error: /backup: a failover drill always builds its own replica\n"
        "  hint: remove 'take: false'\n"
        "m.yaml:5:9: error: /backup: a failover drill's replica replicates: it replays no "
        "'binlog_dir'\n"
        "  hint: remove 'binlog_dir'\n");
  CHECK(errors_of("drill: s\ntarget: mariadb\nmethod: failover\nsource: {socket: /run/m.sock, "
                  "user: u}\n") ==
        "m.yaml:4:9: error: /source: a failover drill's replica reaches the source over TCP\n"
        "  hint: give the source's 'address' (host:port) instead of 'socket'\n");
  CHECK(errors_of(failover + "recovery: {target_time: '2026-11-22 03:00:00'}\n") ==
        "m.yaml:5:25: error: /recovery/target_time: a failover drill promotes its replica as it "
        "is: it has no target time\n"
        "  hint: remove 'target_time', or drill method physical with 'binlog_dir'\n");
  const std::string plan = drills::plan_drill(load(failover));
  CHECK(plan.find("  7. promote (timeout 10 min): stop and reset replication, read_only off\n") !=
        std::string::npos);
}
