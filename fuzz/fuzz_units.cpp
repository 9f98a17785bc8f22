// Fuzzes the quantity and time grammar: durations, sizes, bandwidths, rates and times of day as
// the model reads them, fault times and duration options as the command line and scenario files
// read them (against a model with a daily backup), and the formatters on what was parsed.
#include "fuzz/fuzz_support.hpp"
#include "model/document.hpp"
#include "model/loader.hpp"
#include "model/units.hpp"
#include "scenarios/time_options.hpp"

namespace {

const drsim::model::Model& model() {
  static const drsim::model::Model m = [] {
    const std::string text = R"(version: 1
name: fuzz
topology: {vendors: [{id: aws, regions: [{id: r1, zones: [{id: z1}]}]}]}
stores: [{id: s1, domain: r1}]
services:
  - id: db
    kind: database
    placement: {zones: [z1]}
    data: {size: 1 GB, backups: [{id: b, kind: snapshot, schedule: daily at 02:00, store: s1}]}
)";
    auto root = drsim::parse_document(text, "fuzz-model.yaml", false);
    return drsim::model::load_model(root, "fuzz-model.yaml", text).model;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace units = drsim::units;
  const std::string text = drsim::fuzz::text_of(data, size);
  for (auto parse : {units::parse_duration, units::parse_bytes, units::parse_bandwidth,
                     units::parse_rate, units::parse_time_of_day}) {
    auto p = parse(text);
    if (p.ok) {
      units::format_duration(p.value);
      units::format_bytes(p.value);
      units::format_bandwidth(p.value);
    }
  }
  const auto& m = model();
  return drsim::fuzz::expect_answer_or_error([&] {
    const auto loc = drsim::command_line_loc("--at");
    try {
      units::format_duration(drsim::scenarios::parse_fault_time(text, m, loc));
    } catch (const drsim::Error&) {
    }
    drsim::scenarios::parse_duration_option(text, "horizon", loc, true);
  });
}
