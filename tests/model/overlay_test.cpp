#include "model/overlay.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "../history/scratch_dir.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

using drsim::InputError;
using drsim::Node;
using drsim::parse_document;
using namespace drsim::model;

namespace {

const std::string kModel = R"(version: 1
name: shop
topology:
  vendors:
    - id: aws
      regions:
        - id: eu-west-1
          zones: [{id: euw1-az1}, {id: euw1-az2}]
        - id: eu-central-1
          zones: [{id: euc1-az1}]
stores:
  - {id: s3, domain: eu-central-1}
services:
  - id: web
    kind: stateless
    placement: {zones: [euw1-az1, euw1-az2], instances: 2}
    recovery: {dns_ttl: 60 s}
  - id: orders-db
    kind: database
    placement: {zones: [euw1-az1]}
    data:
      size: 200 GB
      replicas:
        - {zone: euw1-az1, role: primary}
        - {zone: euw1-az2, role: standby, mode: sync}
      backups:
        - {id: nightly, kind: snapshot, schedule: daily at 02:00, store: s3, retention: {daily: 7}}
    recovery:
      failover: {mode: automatic, promotion: 60 s}
      restore: {overhead: {uniform: [5 min, 15 min]}, replay_rate: 50 MB/s}
)";

std::string write(const drsim::test::ScratchDir& dir, const std::string& name,
                  const std::string& text) {
  std::ofstream(dir.file(name), std::ios::binary) << text;
  return dir.file(name);
}

Node doc(const std::string& text, const std::string& file) {
  return parse_document(text, file, false);
}

LoadResult load_with(const std::string& overlay) {
  Node merged = apply_overlay(doc(kModel, "m.yaml"), doc(overlay, "o.yaml"));
  return load_model(merged, "m.yaml + o.yaml", kModel + overlay);
}

std::string error_of(const std::string& overlay) {
  try {
    load_with(overlay);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const Service& service(const Model& m, const std::string& id) { return *m.find_service(id); }

}  // namespace

TEST_CASE("model::overlay: merges mappings key by key and items by id, replacing the rest",
          "[model][overlay]") {
  const Model m = load_with(R"(services:
  - id: orders-db
    data: {size: 12 MB}
    recovery:
      restore: {overhead: {samples: [1.2 s, 1.4 s, 1.3 s]}, throughput: 0.5}
      failover: {mode: automatic, promotion: 0.8 s}
)")
                      .model;
  const Service& db = service(m, "orders-db");
  CHECK(db.data->size == 12e6);
  CHECK(db.data->replicas.size() == 2);        // kept: the overlay's data mapping merged
  CHECK(db.data->backups.size() == 1);         // kept
  CHECK(db.recovery.restore_overhead == 1.3);  // the distribution replaced, its median
  CHECK(db.recovery.restore_throughput == 0.5);
  CHECK(db.recovery.replay_rate == 50e6);  // kept beside the overlay's restore keys
  CHECK(db.recovery.promotion == 0.8);
  CHECK(service(m, "web").recovery.dns_ttl == 60);  // an item the overlay does not name
  CHECK(m.services.size() == 2);
}

TEST_CASE("model::overlay: an id the model does not have is an error located in the overlay",
          "[model][overlay]") {
  CHECK(error_of("services:\n  - id: orders\n    recovery: {dns_ttl: 5 s}\n") ==
        "o.yaml:2:9: error: /services/0/id: the model has no item with id 'orders' here\n"
        "  hint: did you mean 'orders-db'?\n"
        "  hint: an overlay changes items the model has; add a new item to the model itself\n");
}

TEST_CASE("model::overlay: an empty list empties the model's, and ids still name existing items",
          "[model][overlay]") {
  const Model m = load_with("services:\n  - id: orders-db\n    data: {backups: []}\n").model;
  CHECK(service(m, "orders-db").data->backups.empty());
  CHECK(service(m, "orders-db").data->replicas.size() == 2);
  // A list the model leaves empty takes no new items either.
  Node empty = doc("services: []\n", "e.yaml");
  CHECK_THROWS_WITH(apply_overlay(empty, doc("services: [{id: web}]\n", "o.yaml")),
                    "o.yaml:1:17: error: /services/0/id: the model has no item with id 'web' "
                    "here\n  hint: an overlay changes items the model has; add a new item to the "
                    "model itself\n");
}

TEST_CASE("model::overlay: an item without an id is an error, not a new list", "[model][overlay]") {
  CHECK(error_of("services:\n  - name: Orders\n") ==
        "o.yaml:2:5: error: /services/0: an item of this list needs the id of the model's item it "
        "changes\n  hint: add 'id: ...' with the id the model gives it; an overlay changes the "
        "model's items and never replaces their list\n");
}

TEST_CASE("model::overlay: a bad value in an overlay is reported at its line in the overlay",
          "[model][overlay]") {
  CHECK(error_of("services:\n  - id: web\n    recovery: {dns_ttl: -5 s}\n") ==
        "o.yaml:3:25: error: /services/0/recovery/dns_ttl: '-5 s' is negative\n"
        "  hint: use a duration of 0 s or more\n");
}

TEST_CASE("model::overlay: an overlay must be a mapping", "[model][overlay]") {
  CHECK(error_of("- id: web\n") ==
        "o.yaml:1:1: error: /: an overlay is a mapping of the model's keys, got a list\n"
        "  hint: write the keys to change as in the model, e.g. 'services: [{id: orders-db, "
        "recovery: {restore: {overhead: 2 min}}}]'\n");
}

TEST_CASE("model::overlay: load_model with overlays names every file and checksums every byte",
          "[model][overlay]") {
  drsim::test::ScratchDir dir;
  const std::string a = "services: [{id: web, recovery: {dns_ttl: 5 s}}]\n";
  const std::string b = "services: [{id: web, recovery: {dns_ttl: 7 s}}]\n";
  const std::string model = write(dir, "m.yaml", kModel);
  const std::string first = write(dir, "a.yaml", a), second = write(dir, "b.yaml", b);
  const LoadResult both = load_model(model, {first, second});
  CHECK(both.model.source == model + " + " + first + " + " + second);
  CHECK(service(both.model, "web").recovery.dns_ttl == 7);  // applied in order
  // The checksum covers the model's bytes and then each overlay's, in order.
  CHECK(both.model.checksum ==
        load_model(doc(kModel, "m.yaml"), "m", kModel + a + b).model.checksum);
  CHECK(both.model.checksum != load_model(model).model.checksum);
  CHECK(load_model(model, {}).model.checksum == load_model(model).model.checksum);
}
