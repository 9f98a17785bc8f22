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
        - {id: eu-central-1, zones: [{id: euc1-az1}]}
    - {id: stripe, kind: saas}
stores:
  - {id: local, domain: euw1-az2}
  - {id: remote, domain: eu-central-1}
services:
)";

std::string warnings_of(const std::string& services) {
  const std::string text = kHead + services;
  auto r = load_model(parse_document(text, "m.yaml", false), "m.yaml", text);
  return drsim::format_diagnostics(r.warnings);
}

}  // namespace

TEST_CASE("model::load: warns when every replica of a data set is in one zone",
          "[model][warnings]") {
  CHECK(warnings_of(R"(  - id: db
    kind: database
    placement: {zones: [euw1-az1]}
    data:
      size: 1 GB
      replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az1, mode: sync}]
      backups: [{id: b, kind: dump, schedule: every 1 h, store: remote}]
)") == "m.yaml:18:7: warning: /services/0/data: every replica of 'db' is in zone 'euw1-az1'\n"
       "  hint: an outage of zone 'euw1-az1' leaves no live copy of the data; add a replica in "
       "another zone\n");
}

TEST_CASE("model::load: warns when backups stay in the region of every replica",
          "[model][warnings]") {
  CHECK(warnings_of(R"(  - id: db
    kind: database
    placement: {zones: [euw1-az1, euw1-az2]}
    data:
      size: 1 GB
      replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, mode: sync}]
      backups: [{id: b, kind: snapshot, schedule: daily at 01:00, store: local}]
)") == "m.yaml:20:17: warning: /services/0/data/backups/0: every backup of 'db' is stored in "
       "region 'eu-west-1', with all its replicas\n"
       "  hint: an outage of region 'eu-west-1' takes the data and its backups together; copy "
       "backups to a store in another region or vendor\n");
  // A copy in another region is enough.
  CHECK(warnings_of(R"(  - id: db
    kind: database
    placement: {zones: [euw1-az1, euw1-az2]}
    data:
      size: 1 GB
      replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, mode: sync}]
      backups: [{id: b, kind: snapshot, schedule: daily at 01:00, store: local,
                 copies: [{store: remote, delay: 20 min}]}]
)")
            .empty());
}

TEST_CASE("model::load: warns about a hard dependency on an external service",
          "[model][warnings]") {
  CHECK(warnings_of(R"(  - {id: pay, kind: external, vendor: stripe}
  - id: checkout
    placement: {zones: [euw1-az1, euw1-az2]}
    depends_on: [pay]
  - id: orders
    placement: {zones: [euw1-az1, euw1-az2]}
    depends_on: [{service: pay, mode: queued, buffer: 24 h}]
)") == "m.yaml:17:18: warning: /services/1/depends_on/0: hard dependency on external service "
       "'pay' with no queue\n"
       "  hint: while vendor 'stripe' is down, 'checkout' is down too; if the work can wait, "
       "write '{service: pay, mode: queued, buffer: 24 h}'\n");
}
