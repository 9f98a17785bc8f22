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

TEST_CASE("document: scalars keep their text, quoting and null-ness", "[model][document]") {
  auto root =
      parse_document("a: ~\nb:\nc: 'x'\nd: \"null\"\ne: null\nf: 15 min\n", "m.yaml", false);
  CHECK(root.find("a")->is_null());
  CHECK(root.find("b")->is_null());
  CHECK(root.find("c")->quoted);
  CHECK(root.find("d")->is_scalar());
  CHECK(root.find("d")->scalar == "null");
  CHECK(root.find("e")->is_null());
  CHECK(root.find("f")->scalar == "15 min");
  CHECK_FALSE(root.find("f")->quoted);
}

TEST_CASE("document: an alias copies its anchor with pointers of its own place",
          "[model][document]") {
  auto root = parse_document("a: &z {zones: [x, y]}\nb: *z\n", "m.yaml", false);
  const drsim::Node* b = root.find("b");
  REQUIRE(b);
  REQUIRE(b->find("zones"));
  CHECK(b->find("zones")->items.at(1).scalar == "y");
  CHECK(b->find("zones")->items.at(1).loc.pointer == "/b/zones/1");
  CHECK(b->loc.line == 2);
}

TEST_CASE("document: alias bombs stop before they expand", "[model][document]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  CHECK(error_of(bomb) ==
        "m.yaml:5:36: error: /: YAML aliases expand to more than 100000 nodes\n"
        "  hint: write the values out; a drsim model needs few or no '*' aliases\n");
}

TEST_CASE("document: a mapping with thousands of keys still finds a duplicate",
          "[model][document]") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "k" + std::to_string(i) + ": 1\n";
  CHECK(parse_document(text, "m.yaml", false).entries.size() == 5000);
  CHECK(error_of(text + "k4321: 2\n") ==
        "m.yaml:5001:1: error: /k4321: duplicate key 'k4321' (first at line 4322)\n"
        "  hint: remove one of the two entries\n");
}
