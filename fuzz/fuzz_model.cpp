// Fuzzes the model loader: document parsing (YAML through libyaml's events, or JSON checked by
// nlohmann's SAX parser first), then every section reader, cross-check, preset and warning.
// Built twice: fuzz_model_yaml and fuzz_model_json (DRSIM_FUZZ_JSON).
#include "fuzz/fuzz_support.hpp"
#include "model/document.hpp"
#include "model/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = drsim::fuzz::text_of(data, size);
  return drsim::fuzz::expect_answer_or_error([&] {
    const std::string file = DRSIM_FUZZ_JSON ? "fuzz.json" : "fuzz.yaml";
    auto root = drsim::parse_document(text, file, DRSIM_FUZZ_JSON);
    drsim::model::load_model(root, file, text);
  });
}
