// The Redis target's drill files (located errors compared in full), its plan, and what drsim
// reads from redis-check-rdb.
#include <catch2/catch.hpp>

#include "drills/drill_spec.hpp"
#include "drills/redis_run.hpp"
#include "drills/runner.hpp"
#include "model/errors.hpp"
#include "tests/drills/spec_support.hpp"

using namespace drsim;

namespace {

drills::DrillSpec load(const std::string& yaml) { return test::load_spec(yaml, "r.yaml"); }

std::string errors_of(const std::string& yaml) { return test::spec_errors(yaml, "r.yaml"); }

const std::string kRedis =
    "drill: cache\ntarget: redis\nmethod: rdb\nsource:\n  address: 10.0.0.5:6379\n"
    "  password_env: REDIS_PW\n";

}  // namespace

TEST_CASE("drills::load: a redis drill gets the documented defaults", "[drills][redis]") {
  auto spec = load(kRedis);
  CHECK(spec.target == drills::Target::kRedis);
  CHECK(spec.method == drills::Method::kRdb);
  CHECK(spec.source.address == "10.0.0.5:6379");
  CHECK(spec.source.password.env == "REDIS_PW");
  CHECK(spec.backup.take);
  CHECK(spec.scratch.bin_dir == "/usr/bin");
  CHECK_FALSE(spec.heartbeat.enabled);
  CHECK(spec.heartbeat.key == "drsim:heartbeat");
  auto probed = load(kRedis +
                     "heartbeat: {interval: 50 ms, key: 'app:beat'}\nverify:\n  probes:\n"
                     "    - {name: v, command: [HGET, config, version], expect: '42'}\n");
  CHECK(probed.heartbeat.enabled);
  CHECK(probed.heartbeat.key == "app:beat");
  REQUIRE(probed.verify.probes.size() == 1);
  CHECK(probed.verify.probes[0].command == std::vector<std::string>{"HGET", "config", "version"});
  CHECK(probed.verify.probes[0].expect == "42");
}

TEST_CASE("drills::load: redis drill files are refused where they are wrong", "[drills][redis]") {
  CHECK(errors_of("drill: c\ntarget: redis\nmethod: pitr\nsource: {address: 'h:6379'}\n") ==
        "r.yaml:3:9: error: /method: unknown redis method 'pitr'\n"
        "  hint: allowed values: rdb, aof\n");
  CHECK(errors_of("drill: c\ntarget: redis\nmethod: rdb\nsource: {}\n") ==
        "r.yaml:4:9: error: /source: the source needs 'address' or 'socket'\n"
        "  hint: add e.g. 'address: 127.0.0.1:6379'\n");
  CHECK(errors_of("drill: c\ntarget: redis\nmethod: rdb\nsource: {address: 'redis:pw@h:6379'}\n") ==
        "r.yaml:4:19: error: /source/address: address 'redis:pw@h:6379' is not host:port\n"
        "  hint: write e.g. '10.0.0.5:6379'; a password goes in 'password_env' or "
        "'password_file'\n");
  CHECK(errors_of("drill: c\ntarget: redis\nmethod: rdb\nsource: {address: 'h:6379', socket: "
                  "/run/r.sock}\n") ==
        "r.yaml:4:37: error: /source/socket: give either 'address' or 'socket', not both\n"
        "  hint: remove one of them\n");
  CHECK(errors_of(kRedis + "backup: {take: false}\n") ==
        "r.yaml:7:9: error: /backup: an existing redis backup needs 'rdb_file'\n"
        "  hint: point it at an RDB snapshot (dump.rdb), or set 'take: true'\n");
  CHECK(errors_of(kRedis + "heartbeat: {key: 'my beat'}\n") ==
        "r.yaml:7:18: error: /heartbeat/key: key 'my beat' is not a plain key name\n"
        "  hint: use letters, digits and : . _ - / only, at most 128 characters\n");
  // A PostgreSQL key is no Redis key: refused with the Redis section's own keys.
  CHECK(errors_of(kRedis + "backup: {archive_dir: /srv/wal}\n") ==
        "r.yaml:7:10: error: /backup/archive_dir: unknown key 'archive_dir'\n"
        "  hint: allowed keys here: take, rdb_file, loss_after\n");
  CHECK(errors_of(kRedis + "timeouts: {copy_base: 1 min}\n").find("unknown step 'copy_base'") !=
        std::string::npos);
}

TEST_CASE("drills::plan: a redis drill's steps, without a password", "[drills][redis]") {
  auto plan = drills::plan_drill(load(kRedis + "heartbeat: {}\n"));
  CHECK(plan.find("drill cache (method rdb, target cache)\nsource: 10.0.0.5:6379\n"
                  "password: from environment variable REDIS_PW (never printed)\n") == 0);
  CHECK(plan.find("  3. backup (timeout 10 min): /usr/bin/redis-cli --rdb <run>/backup.rdb") !=
        std::string::npos);
  CHECK(plan.find("  12. sample_values (timeout 10 min): the values (DUMP) of up to 100 keys of "
                  "the restored server against the source's\n") != std::string::npos);
  CHECK(plan.find("  13. cleanup (timeout 10 min): always: shut the scratch server down") !=
        std::string::npos);
}

TEST_CASE("drills::parse_rdb_check: keys, expiries and the creation time of a sound snapshot",
          "[drills][redis]") {
  const std::string ok =
      "[offset 0] Checking RDB file dump.rdb\n"
      "[offset 27] AUX FIELD redis-ver = '7.0.15'\n"
      "[offset 53] AUX FIELD ctime = '1796529357'\n"
      "[offset 2177] Checksum OK\n"
      "[offset 2177] \\o/ RDB looks OK! \\o/\n"
      "[info] 201 keys read\n[info] 1 expires\n[info] 0 already expired\n";
  auto c = drills::parse_rdb_check(ok);
  REQUIRE(c);
  CHECK(c->keys == 201);
  CHECK(c->expires == 1);
  CHECK(c->already_expired == 0);
  CHECK(*c->ctime == 1796529357);
  const std::string damaged =
      "[offset 165] Selecting DB ID 0\n--- RDB ERROR DETECTED ---\n"
      "[offset 2177] RDB CRC error\n[additional info] While doing: check-sum\n"
      "[info] 201 keys read\n";
  CHECK_FALSE(drills::parse_rdb_check(damaged));
}

TEST_CASE("drills::load: a redis aof drill copies an appendonlydir", "[drills][redis]") {
  const std::string aof = "drill: c\ntarget: redis\nmethod: aof\nsource: {address: 'h:6379'}\n";
  auto spec = load(aof + "backup: {aof_dir: /var/lib/redis/appendonlydir}\nverify: {sample: 0}\n");
  CHECK(spec.method == drills::Method::kAof);
  CHECK_FALSE(spec.backup.take);
  CHECK(spec.verify.sample == 0);
  CHECK(errors_of(aof) ==
        "r.yaml:1:1: error: /: an existing redis backup needs 'aof_dir'\n"
        "  hint: point it at an appendonlydir (the source's, or a copy of it), or set 'take: "
        "true'\n");
  CHECK(errors_of(aof + "backup: {take: true, aof_dir: /a}\n") ==
        "r.yaml:5:9: error: /backup: 'aof_dir' is an existing backup: drsim takes none then\n"
        "  hint: add 'take: false', or remove 'aof_dir'\n"
        "r.yaml:5:9: error: /backup: drsim cannot take an AOF: it copies 'aof_dir'\n"
        "  hint: remove 'take: true'\n");
  CHECK(
      errors_of(aof + "backup: {aof_dir: /a}\nverify: {sample: 1.5}\n").find("/verify/sample: ") !=
      std::string::npos);
  const std::string plan = drills::plan_drill(load(aof + "backup: {aof_dir: /a}\n"));
  CHECK(plan.find("verify_backup (timeout 10 min): /usr/bin/redis-check-aof: every AOF file and "
                  "the manifest are valid\n") != std::string::npos);
  CHECK(plan.find("verify_keys") == std::string::npos);
}

TEST_CASE("drills::parse_aof_check: sound, cut short at the end, damaged", "[drills][redis]") {
  CHECK(drills::parse_aof_check("Start checking Multi Part AOF\nAll AOF files and manifest are "
                                "valid\n")
            .valid);
  auto cut = drills::parse_aof_check(
      "Start to check INCR files.\n0x              4a: Expected to read 3 bytes, got 0 bytes\n"
      "AOF analyzed: filename=appendonly.aof.1.incr.aof, size=74, ok_up_to=50\n"
      "AOF appendonly.aof.1.incr.aof is not valid. Use the --fix option to try fixing it.\n");
  CHECK_FALSE(cut.valid);
  CHECK(cut.truncated_tail);
  CHECK(cut.why == "Expected to read 3 bytes, got 0 bytes");
  auto bad = drills::parse_aof_check(
      "0x              1b: Expected \\r\\n, got: 0d58\nAOF analyzed: filename=appendonly.aof.1."
      "incr.aof, size=77\nAOF appendonly.aof.1.incr.aof is not valid. Use the --fix option\n");
  CHECK_FALSE(bad.valid);
  CHECK_FALSE(bad.truncated_tail);
  CHECK(bad.why == "Expected \\r\\n, got: 0d58");
}
