// Plain-text tables (reports/text_table.hpp): aligned columns, and cells that cannot steer the
// terminal.
#include "reports/text_table.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using drsim::reports::TextTable;

namespace {

std::string printed(std::vector<std::string> header, std::vector<std::vector<std::string>> rows) {
  TextTable t(std::move(header));
  for (auto& row : rows) t.add(std::move(row));
  std::ostringstream out;
  t.print(out);
  return out.str();
}

}  // namespace

TEST_CASE("reports::TextTable: pads columns to the widest cell, two spaces apart",
          "[reports][text]") {
  CHECK(printed({"SCENARIO", "RTO"}, {{"az:euw1-az1", "90 s"}, {"x", ""}}) ==
        "SCENARIO     RTO\naz:euw1-az1  90 s\nx\n");
}

TEST_CASE("reports::TextTable: control and bidi characters in cells are shown escaped",
          "[reports][text]") {
  const std::string out =
      printed({"DESIGN", "RTO"}, {{"shop\x1b[31m\nfake line", "1 h"}, {"evil\u202Eexe", "2 h"}});
  CHECK(out ==
        "DESIGN                   RTO\n"
        "shop\\x1b[31m\\nfake line  1 h\n"
        "evil\\u202eexe            2 h\n");
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("reports::TextTable: columns line up in terminal columns, not bytes", "[reports][text]") {
  // "Zürich" is 7 bytes and 6 columns, "東京" 6 bytes and 4 columns, "é" as e + U+0301 is 3
  // bytes and 1 column.
  CHECK(printed({"OFFICE", "RTO"}, {{"Zürich", "1 h"}, {"東京", "2 h"}, {"Cafe\u0301", "3 h"}}) ==
        "OFFICE  RTO\n"
        "Zürich  1 h\n"
        "東京    2 h\n"
        "Cafe\u0301    3 h\n");
}
