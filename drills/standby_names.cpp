#include "drills/standby_names.hpp"

#include <strings.h>

#include <sstream>

namespace drsim::drills {

bool standby_names_include(const std::string& setting, const std::string& application_name) {
  // The list is what the parentheses hold, if any.
  std::string list = setting;
  auto open = setting.find('('), close = setting.rfind(')');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    list = setting.substr(open + 1, close - open - 1);
  }
  std::istringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    auto first = name.find_first_not_of(" \t\n"), last = name.find_last_not_of(" \t\n");
    if (first == std::string::npos) continue;
    name = name.substr(first, last - first + 1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    if (name == "*" || ::strcasecmp(name.c_str(), application_name.c_str()) == 0) return true;
  }
  return false;
}

}  // namespace drsim::drills
