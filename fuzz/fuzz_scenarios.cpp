// Fuzzes scenario files (YAML and JSON: the first byte '{' or '[' selects JSON) against a fixed
// model with every kind of domain, store and service the scenario ids can name.
#include "fuzz/fuzz_support.hpp"
#include "model/document.hpp"
#include "model/loader.hpp"
#include "scenarios/loader.hpp"

namespace {

const char* kModel = R"(version: 1
name: fuzz
topology:
  vendors:
    - id: aws
      regions:
        - {id: eu-west-1, zones: [{id: euw1-az1, datacenters: [dc1]}, {id: euw1-az2}]}
        - {id: eu-central-1, zones: [{id: euc1-az1}]}
    - {id: payco, kind: saas}
  offices: [{id: hq}]
stores:
  - {id: s3-euc1, domain: eu-central-1}
services:
  - id: web
    placement: {zones: [euw1-az1, euw1-az2], instances: 2}
    depends_on: [db, {service: payments, mode: queued, buffer: 1 h}]
  - id: db
    kind: database
    placement: {zones: [euw1-az1]}
    data:
      size: 10 GB
      replicas: [{zone: euw1-az1, role: primary}, {zone: euw1-az2, mode: sync}]
      backups: [{id: nightly, kind: snapshot, schedule: daily at 02:00, store: s3-euc1}]
  - {id: payments, kind: external, vendor: payco}
)";

const drsim::model::Model& model() {
  static const drsim::model::Model m = [] {
    auto root = drsim::parse_document(kModel, "fuzz-model.yaml", false);
    return drsim::model::load_model(root, "fuzz-model.yaml", kModel).model;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = drsim::fuzz::text_of(data, size);
  const auto& m = model();
  return drsim::fuzz::expect_answer_or_error([&] {
    const bool json = !text.empty() && (text[0] == '{' || text[0] == '[');
    auto root = drsim::parse_document(text, json ? "fuzz.json" : "fuzz.yaml", json);
    drsim::scenarios::parse_scenarios(root, m);
  });
}
