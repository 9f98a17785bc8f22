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
