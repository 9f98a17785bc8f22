// A plain-text table for terminals and golden files: columns padded to their widest cell, two
// spaces apart, no trailing blanks.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace drsim::reports {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Writes the header and every row, one line each.
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace drsim::reports
