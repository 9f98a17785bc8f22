#include "model/document.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"

using drsim::InputError;
using drsim::parse_document;

namespace {
std::string error_of(const std::string& text, bool json = false) {
  try {
    parse_document(text, "m.yaml", json);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("document: nodes carry line, column and JSON pointer", "[model][document]") {
  auto root = parse_document("a:\n  b: [1, 2]\n", "m.yaml", false);
  const auto* b = root.find("a")->find("b");
  REQUIRE(b);
  CHECK(b->loc.line == 2);
  CHECK(b->loc.col == 6);
  CHECK(b->items[1].loc.pointer == "/a/b/1");
}

TEST_CASE("document: hostile inputs give located errors", "[model][document]") {
  CHECK(error_of("") ==
        "m.yaml:1:1: error: /: file is empty\n"
        "  hint: a model needs at least 'version: 1' and 'services:'\n");
  CHECK(error_of(std::string("a: \0x", 5)).find("file is not UTF-8 text (byte 0x00)") !=
        std::string::npos);
  CHECK(error_of(std::string(100000, '[')).find("nesting is deeper than 64 levels") !=
        std::string::npos);
  CHECK(error_of("{\"a\": [1, 2", true) ==
        "m.yaml:1:12: error: /: invalid JSON: unexpected end of file (the JSON is truncated)\n"
        "  hint: check brackets, commas and quotes near here\n");
  CHECK(error_of("a: 1\na: 2\n").find("duplicate key 'a' (first at line 1)") != std::string::npos);
}
