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
  CHECK(b->loc().line == 2);
  CHECK(b->loc().col == 6);
  CHECK(b->items[1].loc().pointer == "/a/b/1");
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
  CHECK(b->find("zones")->items.at(1).loc().pointer == "/b/zones/1");
  CHECK(b->loc().line == 2);
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

TEST_CASE("document: a key's place, and the key as a node, share the value's pointer",
          "[model][document]") {
  auto root = parse_document("svc:\n  a/b~c: 1\n", "m.yaml", false);
  const auto& e = root.find("svc")->entries.at(0);
  const drsim::SourceLoc key = e.key_loc();
  CHECK(key.file == "m.yaml");
  CHECK(key.line == 2);
  CHECK(key.col == 3);
  CHECK(key.pointer == "/svc/a~1b~0c");
  CHECK(e.value.loc().col == 10);
  const drsim::Node as_node = e.key_node();
  CHECK(as_node.scalar == "a/b~c");
  CHECK(as_node.loc().line == 2);
  CHECK(as_node.loc().pointer == "/svc/a~1b~0c");
  CHECK(root.loc().pointer.empty());
  CHECK(drsim::Node().loc().file.empty());
}

TEST_CASE("document: a node outlives the tree it was copied from", "[model][document]") {
  drsim::Node copy;
  {
    auto root = parse_document("a: [x, {b: y}]\n", "m.yaml", false);
    copy = root.find("a")->items.at(1);
  }
  CHECK(copy.find("b")->loc().pointer == "/a/1/b");
  CHECK(copy.find("b")->loc().file == "m.yaml");
}

TEST_CASE("document: a file of more values than the limit stops at the value past it",
          "[model][document]") {
  drsim::DocumentLimits limits;
  limits.max_nodes = 5;
  try {
    parse_document("a: 1\nb: [1, 2, 3]\n", "m.yaml", false, limits);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "m.yaml:2:11: error: /b: document has more than 5 values (lists, mappings and "
          "scalars)\n"
          "  hint: a model of 10,000 services has about 230,000; split the estate into several "
          "models, or check that this is the right file\n");
  }
}
