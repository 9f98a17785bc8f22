// Connection details a drill handles: passwords read from where the drill file says (never from
// the file itself), and libpq connection strings parsed and rendered in key='value' form with
// any password masked where it is rendered.
#pragma once

#include <map>
#include <string>

#include "drills/drill_spec.hpp"

namespace drsim::drills {

inline constexpr const char* kMasked = "********";

// Reads a password from its source; throws EnvironmentError (never showing the value).
std::string read_password(const PasswordSource& source, const std::string& what);
// A connection string in key='value' form, as PQconninfoParse understands it.
std::map<std::string, std::string> parse_conninfo(const std::string& conninfo);
// Renders `keys` in key='value' form; a password is rendered as "********".
std::string format_conninfo(const std::map<std::string, std::string>& keys);

}  // namespace drsim::drills
