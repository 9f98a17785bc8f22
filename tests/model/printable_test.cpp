// Text on its way to a terminal (model/printable.hpp): control and bidi characters are found,
// located and written as visible escapes; everything else passes unchanged.
#include "model/printable.hpp"

#include <catch2/catch.hpp>

using drsim::find_unprintable;
using drsim::printable;

TEST_CASE("printable: ANSI escapes, line breaks and tabs become visible escapes", "[model][text]") {
  CHECK(printable("red\x1b[31mALERT\nfake-line") == "red\\x1b[31mALERT\\nfake-line");
  CHECK(printable("a\tb\rc\x7f"
                  "d\x01") == "a\\tb\\rc\\x7fd\\x01");
  CHECK(printable(std::string("nul\0x", 5)) == "nul\\x00x");
}

TEST_CASE("printable: C1 controls and bidi overrides and isolates are escaped as \\u",
          "[model][text]") {
  CHECK(printable("a\u0085b\u009bc") == "a\\u0085b\\u009bc");
  CHECK(printable("evil\u202Egnp.exe") == "evil\\u202egnp.exe");
  CHECK(printable("\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069") ==
        "\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069");
}

TEST_CASE("printable: other text, backslashes and non-ASCII letters are kept as they are",
          "[model][text]") {
  CHECK(printable("Zürich office — 24 h × 2 \\n") == "Zürich office — 24 h × 2 \\n");
  CHECK(printable("\u200F\u2065\u206A") == "\u200F\u2065\u206A");  // marks, not overrides
  CHECK(printable("") == "");
}

TEST_CASE("find_unprintable: the first such character, its byte offset and its position",
          "[model][text]") {
  CHECK_FALSE(find_unprintable("region-loss-at-night"));
  auto esc = find_unprintable("red\x1b[31m\n");
  REQUIRE(esc);
  CHECK(esc->offset == 3);
  CHECK(esc->character == 4);
  CHECK(esc->code_point == 0x1B);
  auto bidi = find_unprintable("é\u202E");
  REQUIRE(bidi);
  CHECK(bidi->offset == 2);
  CHECK(bidi->character == 2);
  CHECK(drsim::code_point_name(bidi->code_point) == "U+202E");
}
