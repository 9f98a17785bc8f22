// A plain-text table for terminals and golden files: columns padded to their widest cell (in
// terminal columns: "Zürich" is 6 wide, "東京" 4), two spaces apart, no trailing blanks. Cells are
// shown with drsim::printable(): a control or bidi character in a name cannot recolour the terminal
// or break a row.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace drsim::reports {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { add(std::move(header)); }
  // Adds a row; its cells are escaped with printable().
  void add(std::vector<std::string> row);
  // Writes the header and every row, one line each.
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace drsim::reports
