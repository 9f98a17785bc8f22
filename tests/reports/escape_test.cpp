// Markdown escaping (reports/escape.hpp): names from result files are shown as written, never as
// links, emphasis, HTML or entities.
#include "reports/escape.hpp"

#include <catch2/catch.hpp>

using drsim::reports::markdown_cell;

TEST_CASE("reports::markdown_cell: a link in a name stays text", "[reports][escape]") {
  CHECK(markdown_cell("[l](javascript:alert(3))") == "\\[l\\](javascript:alert(3))");
  CHECK(markdown_cell("![i](x.png)") == "!\\[i\\](x.png)");
  CHECK(markdown_cell("<https://evil.example>") == "\\<https\\://evil.example>");
  CHECK(markdown_cell("see https://evil.example") == "see https\\://evil.example");
}

TEST_CASE("reports::markdown_cell: entities are shown as written", "[reports][escape]") {
  CHECK(markdown_cell("a &amp; b") == "a &amp;amp; b");
  CHECK(markdown_cell("&#x3C;script&#x3E;") == "&amp;#x3C;script&amp;#x3E;");
}

TEST_CASE("reports::markdown_cell: emphasis, code, tables and HTML are escaped, ids are not",
          "[reports][escape]") {
  CHECK(markdown_cell("**b** _i_ ~~s~~ `c` a|b <b>") ==
        "\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` a\\|b \\<b>");
  CHECK(markdown_cell("back\\slash") == "back\\\\slash");
  // What ids and durations hold is left alone, so reports stay readable as plain text.
  CHECK(markdown_cell("orders_db region:eu-west-1 24 h 10 min (a, b) #1") ==
        "orders_db region:eu-west-1 24 h 10 min (a, b) #1");
  CHECK(markdown_cell("_a") == "\\_a");
  CHECK(markdown_cell("a__b") == "a\\_\\_b");
}

TEST_CASE("reports::markdown_cell: line breaks fold, other control characters show escaped",
          "[reports][escape]") {
  CHECK(markdown_cell("two\nlines\r\tend") == "two lines  end");
  CHECK(markdown_cell("red\x1b[31m") == "red\\\\x1b\\[31m");
  CHECK(markdown_cell("rtl\u202E") == "rtl\\\\u202e");
}
