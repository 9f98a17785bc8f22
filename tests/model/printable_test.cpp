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

TEST_CASE("display_width: terminal columns of names in any script", "[model][text]") {
  using drsim::display_width;
  CHECK(display_width("") == 0);
  CHECK(display_width("orders-db") == 9);
  CHECK(display_width("Zürich") == 6);         // 7 bytes
  CHECK(display_width("東京オフィス") == 12);  // CJK and katakana: 2 columns each
  CHECK(display_width("서울") == 4);           // Hangul syllables
  CHECK(display_width("Cafe\u0301") == 4);     // a combining accent takes no column
  CHECK(display_width("a\u200Bb") == 2);       // zero-width space
  CHECK(display_width("db \U0001F525") == 5);  // emoji: 2 columns
  CHECK(display_width("ＡＢ") == 4);           // fullwidth Latin
}
