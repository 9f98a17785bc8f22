// Fuzzes drill specs (YAML and JSON: the first byte '{' selects JSON): every key, duration,
// port, path and verification entry the drill runner would act on. Nothing is run.
#include "drills/drill_spec.hpp"
#include "fuzz/fuzz_support.hpp"
#include "model/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = drsim::fuzz::text_of(data, size);
  return drsim::fuzz::expect_answer_or_error([&] {
    const bool json = !text.empty() && text[0] == '{';
    const std::string file = json ? "fuzz.json" : "fuzz.yaml";
    auto root = drsim::parse_document(text, file, json);
    drsim::drills::load_drill(root, file, text);
  });
}
