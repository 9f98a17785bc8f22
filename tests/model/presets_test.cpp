#include <catch2/catch.hpp>

#include "model/loader.hpp"

using drsim::parse_document;
using namespace drsim::model;

namespace {

const std::string kHead = R"(version: 1
name: shop
topology:
  vendors:
    - id: aws
      regions:
        - {id: eu-west-1, zones: [{id: euw1-az1}, {id: euw1-az2}]}
        - {id: eu-central-1, zones: [{id: euc1-az1}, {id: euc1-az2}]}
services:
)";

// Loads one service `id` written as `service` (YAML lines under `services:`).
Service load_service(const std::string& service) {
  const std::string text = kHead + service;
  auto r = load_model(parse_document(text, "m.yaml", false), "m.yaml", text);
  return r.model.services.at(0);
}

}  // namespace

TEST_CASE("model::load: backup_restore adds a 2 h rebuild and a 60 s DNS switch in the region",
          "[model][presets]") {
  Service s = load_service(R"(  - id: web
    placement: {zones: [euw1-az1, euw1-az2], instances: 4}
    strategy: {preset: backup_restore, recovery_region: eu-central-1}
)");
  CHECK(s.strategy.preset == StrategyPreset::kBackupRestore);
  CHECK(s.recovery.rebuild == 7200);
  CHECK(s.recovery.dns_ttl == 60);
  CHECK(s.recovery.recovery_site == "eu-central-1");
  CHECK_FALSE(s.standby);
  CHECK(s.recovery.failover == FailoverMode::kNone);
}

TEST_CASE("model::load: pilot_light replicates data live and rebuilds compute in 30 min",
          "[model][presets]") {
  Service s = load_service(R"(  - id: db
    kind: database
    placement: {zones: [euw1-az1, euw1-az2], instances: 2}
    data: {size: 100 GB, replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, mode: sync}]}
    strategy: {preset: pilot_light, recovery_region: eu-central-1}
)");
  CHECK(s.recovery.rebuild == 1800);
  // The preset's standby is in the recovery region: the preset sets only the cross-region
  // failover; inside the home region a database keeps its default (a person promotes).
  CHECK(s.recovery.failover == FailoverMode::kManual);
  REQUIRE(s.recovery.cross_region);
  CHECK(s.recovery.cross_region->mode == FailoverMode::kManual);
  CHECK(s.recovery.failover_for(true).mode == FailoverMode::kManual);
  CHECK(s.recovery.dns_ttl == 60);
  CHECK_FALSE(s.standby);
  REQUIRE(s.data->replicas.size() == 3);
  const Replica& added = s.data->replicas[2];
  CHECK(added.zone == "euc1-az1");
  CHECK(added.role == ReplicaRole::kStandby);
  CHECK(added.mode == ReplicationMode::kAsync);
  CHECK(added.lag == 1);
}

TEST_CASE("model::load: warm_standby runs a quarter of the instances and scales up in 10 min",
          "[model][presets]") {
  Service s = load_service(R"(  - id: web
    placement: {zones: [euw1-az1, euw1-az2], instances: 6}
    strategy: {preset: warm_standby, recovery_region: eu-central-1}
)");
  REQUIRE(s.standby);
  CHECK(s.standby->zones == std::vector<std::string>{"euc1-az1", "euc1-az2"});
  CHECK(s.standby->instances == 2);  // ceil(6 / 4)
  CHECK_FALSE(s.standby->active);
  CHECK(s.recovery.scale_up == 600);
  CHECK(s.recovery.dns_ttl == 60);
  CHECK(s.recovery.failover == FailoverMode::kNone);
  REQUIRE(s.recovery.cross_region);
  CHECK(s.recovery.cross_region->mode == FailoverMode::kAutomatic);
  CHECK_FALSE(s.recovery.rebuild);
}

TEST_CASE("model::load: multi_site runs full capacity on both sides with no scale-up",
          "[model][presets]") {
  Service s = load_service(R"(  - id: web
    placement: {zones: [euw1-az1, euw1-az2], instances: 6}
    strategy: {preset: multi_site, recovery_region: eu-central-1}
)");
  REQUIRE(s.standby);
  CHECK(s.standby->instances == 6);
  CHECK(s.standby->active);
  CHECK(s.recovery.scale_up == 0);
  CHECK(s.recovery.dns_ttl == 0);
}

TEST_CASE("model::load: fields the user wrote win over preset defaults", "[model][presets]") {
  Service s = load_service(R"(  - id: db
    kind: database
    placement: {zones: [euw1-az1], instances: 8}
    data:
      size: 1 GB
      replicas: [{zone: euw1-az1, role: primary}, {zone: euc1-az2, mode: log_shipping}]
    standby: {zones: [euc1-az1], instances: 3}
    recovery:
      scale_up: 25 min
      dns_ttl: 5 min
      failover: {mode: manual}
    strategy: {preset: warm_standby, recovery_region: eu-central-1}
)");
  CHECK(s.recovery.scale_up == 1500);
  CHECK(s.recovery.dns_ttl == 300);
  CHECK(s.recovery.failover == FailoverMode::kManual);
  REQUIRE(s.standby);
  CHECK(s.standby->zones == std::vector<std::string>{"euc1-az1"});
  CHECK(s.standby->instances == 3);
  // A replica already in the recovery region: the preset adds none.
  REQUIRE(s.data->replicas.size() == 2);
  CHECK(s.data->replicas[1].mode == ReplicationMode::kLogShipping);
}

TEST_CASE("model::load: a preset leaves the in-region failover of a queue as it was",
          "[model][presets]") {
  Service s = load_service(R"(  - id: jobs
    kind: queue
    placement: {zones: [euw1-az1, euw1-az2], instances: 2}
    data: {size: 1 GB, replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, mode: sync}]}
    strategy: {preset: warm_standby, recovery_region: eu-central-1}
)");
  // The sync copy in euw1-az2 keeps serving the queue without a promotion (mode none in the
  // region); only the preset's cross-region standby is promoted automatically.
  CHECK(s.recovery.failover_for(false).mode == FailoverMode::kNone);
  CHECK(s.recovery.failover_for(true).mode == FailoverMode::kAutomatic);
}

TEST_CASE("model::load: failover per scope, automatic in the region and manual across regions",
          "[model][presets]") {
  Service s = load_service(R"(  - id: db
    kind: database
    placement: {zones: [euw1-az1]}
    data: {size: 1 GB, replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, mode: sync},
                                  {zone: euc1-az1, mode: async, lag: 5 s}]}
    recovery:
      failover: {mode: automatic, promotion: 60 s, cross_region: {mode: manual, promotion: 5 min}}
)");
  CHECK(s.recovery.failover_for(false).mode == FailoverMode::kAutomatic);
  CHECK(s.recovery.failover_for(false).promotion == 60);
  CHECK(s.recovery.failover_for(true).mode == FailoverMode::kManual);
  CHECK(s.recovery.failover_for(true).promotion == 300);
}
