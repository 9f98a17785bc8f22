// Fuzzes model overlays (model/overlay.hpp): the input, as YAML, merged into the bundled
// examples/small.yaml (mappings by key, lists by id, the rest replaced) and the result read as a
// model, so hostile overlays reach every section reader through the merge.
#include <fstream>
#include <sstream>

#include "fuzz/fuzz_support.hpp"
#include "model/document.hpp"
#include "model/overlay.hpp"

namespace {

const std::string& base_text() {
  static const std::string text = [] {
    std::ifstream in(DRSIM_FUZZ_BASE_MODEL, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = drsim::fuzz::text_of(data, size);
  static const drsim::Node base = drsim::parse_document(base_text(), "small.yaml", false);
  return drsim::fuzz::expect_answer_or_error([&] {
    const auto overlay = drsim::parse_document(text, "overlay.yaml", false);
    const auto merged = drsim::model::apply_overlay(base, overlay);
    drsim::model::load_model(merged, "small.yaml + overlay.yaml", base_text() + text);
  });
}
