// The etcd target's drill files (located errors compared in full), its plan, and what drsim
// reads from etcdctl's JSON.
#include <catch2/catch.hpp>

#include "drills/drill_spec.hpp"
#include "drills/etcd_run.hpp"
#include "drills/runner.hpp"
#include "model/errors.hpp"
#include "tests/drills/spec_support.hpp"

using namespace drsim;

namespace {

drills::DrillSpec load(const std::string& yaml) { return test::load_spec(yaml, "e.yaml"); }

std::string errors_of(const std::string& yaml) { return test::spec_errors(yaml, "e.yaml"); }

const std::string kEtcd =
    "drill: config\ntarget: etcd\nmethod: snapshot\nsource:\n  endpoint: 10.0.0.8:2379\n"
    "  user: drill\n  password_file: /run/secrets/etcd\n";

}  // namespace

TEST_CASE("drills::load: an etcd drill gets the documented defaults", "[drills][etcd]") {
  auto spec = load(kEtcd);
  CHECK(spec.target == drills::Target::kEtcd);
  CHECK(spec.method == drills::Method::kSnapshot);
  CHECK(spec.source.address == "10.0.0.8:2379");
  CHECK(spec.source.user == "drill");
  CHECK(spec.source.password.file == "/run/secrets/etcd");
  CHECK(spec.backup.take);
  CHECK(spec.scratch.bin_dir == "/usr/bin");
  CHECK(spec.heartbeat.key == "drsim/heartbeat");
  auto probed = load(kEtcd +
                     "heartbeat: {}\nverify:\n  probes:\n    - {name: v, key: /config/version, "
                     "expect: '42'}\nbackup: {take: false, snapshot_file: /srv/etcd/snap.db}\n");
  CHECK(probed.heartbeat.enabled);
  CHECK_FALSE(probed.backup.take);
  CHECK(probed.backup.snapshot_file == "/srv/etcd/snap.db");
  REQUIRE(probed.verify.probes.size() == 1);
  CHECK(probed.verify.probes[0].key == "/config/version");
}

TEST_CASE("drills::load: etcd drill files are refused where they are wrong", "[drills][etcd]") {
  CHECK(errors_of("drill: c\ntarget: etcd\nmethod: rdb\nsource: {endpoint: 'h:2379'}\n") ==
        "e.yaml:3:9: error: /method: unknown etcd method 'rdb'\n"
        "  hint: allowed values: snapshot\n");
  CHECK(errors_of(
            "drill: c\ntarget: etcd\nmethod: snapshot\nsource: {endpoint: 'http://h:2379'}\n") ==
        "e.yaml:4:20: error: /source/endpoint: address 'http://h:2379' is not host:port\n"
        "  hint: write e.g. '10.0.0.5:6379'; a password goes in 'password_env' or "
        "'password_file'\n");
  CHECK(errors_of("drill: c\ntarget: etcd\nmethod: snapshot\nsource: {endpoint: 'h:2379', "
                  "password_env: PW}\n") ==
        "e.yaml:4:9: error: /source: a password needs the user it belongs to\n"
        "  hint: add e.g. 'user: drill'\n");
  CHECK(errors_of(kEtcd + "backup: {take: false}\n") ==
        "e.yaml:8:9: error: /backup: an existing etcd backup needs 'snapshot_file'\n"
        "  hint: point it at a file of 'etcdctl snapshot save', or set 'take: true'\n");
  CHECK(errors_of(kEtcd + "backup: {rdb_file: /x}\n") ==
        "e.yaml:8:10: error: /backup/rdb_file: unknown key 'rdb_file'\n"
        "  hint: allowed keys here: take, snapshot_file, loss_after\n");
}

TEST_CASE("drills::plan: an etcd drill's steps, without a password", "[drills][etcd]") {
  auto plan = drills::plan_drill(load(kEtcd));
  CHECK(plan.find("drill config (method snapshot, target config)\nsource: 10.0.0.8:2379 as "
                  "drill\npassword: from file /run/secrets/etcd (never printed)\n") == 0);
  CHECK(plan.find("  2. backup (timeout 10 min): /usr/bin/etcdctl snapshot save "
                  "<run>/backup.db") != std::string::npos);
  CHECK(plan.find("  11. cleanup (timeout 10 min): always: stop the member") != std::string::npos);
}

TEST_CASE("drills::parse_etcd_range: revision and sorted key-values of etcdctl get -w json",
          "[drills][etcd]") {
  const std::string out =
      "Password: \n"
      "{\"header\":{\"cluster_id\":1,\"member_id\":2,\"revision\":23,\"raft_term\":2},\"kvs\":["
      "{\"key\":\"L2I=\",\"create_revision\":3,\"mod_revision\":5,\"version\":2,\"value\":\"Mg==\"}"
      ","
      "{\"key\":\"L2E=\",\"create_revision\":2,\"mod_revision\":2,\"version\":1,\"value\":\"MQ==\"}"
      "],\"count\":2}\n";
  auto r = drills::parse_etcd_range(out);
  REQUIRE(r);
  CHECK(r->revision == 23);
  CHECK(r->kvs == std::vector<std::string>{"L2E==MQ==@2", "L2I==Mg==@5"});
  CHECK_FALSE(drills::parse_etcd_range("Error: context deadline exceeded\n"));
  auto empty = drills::parse_etcd_range("{\"header\":{\"revision\":7}}\n");
  REQUIRE(empty);
  CHECK(empty->kvs.empty());
}

TEST_CASE("drills::load: an etcd source over TLS, with or without a client certificate",
          "[drills][etcd]") {
  auto spec = load(kEtcd +
                   "  tls: {ca_file: /etc/etcd/ca.crt, cert_file: /etc/etcd/d.crt, key_file: "
                   "/etc/etcd/d.key}\n");
  CHECK(spec.source.tls.enabled());
  CHECK(spec.source.tls.cert_file == "/etc/etcd/d.crt");
  CHECK(drills::plan_drill(spec).find(
            "source: https://10.0.0.8:2379 as drill (TLS: CA /etc/etcd/ca.crt, client "
            "certificate /etc/etcd/d.crt)\n") != std::string::npos);
  CHECK(errors_of(kEtcd + "  tls: {cert_file: /etc/etcd/d.crt}\n") ==
        "e.yaml:8:8: error: /source/tls: missing required key 'ca_file'\n"
        "  hint: add it, e.g. 'ca_file: /etc/etcd/ca.crt'\n"
        "e.yaml:8:8: error: /source/tls: a client certificate needs both 'cert_file' and "
        "'key_file'\n"
        "  hint: give both, or neither (no client certificate)\n");
}
