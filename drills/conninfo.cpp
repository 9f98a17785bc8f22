#include "drills/conninfo.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>

#include "model/errors.hpp"

namespace drsim::drills {

std::string read_password(const PasswordSource& source, const std::string& what) {
  if (!source.env.empty()) {
    const char* v = std::getenv(source.env.c_str());
    if (!v || !*v) {
      throw EnvironmentError("the password of " + what + " is not set: environment variable " +
                                 source.env + " is empty or unset",
                             "export " + source.env + " before running the drill");
    }
    return v;
  }
  if (!source.file.empty()) {
    std::ifstream in(source.file);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
      throw EnvironmentError("cannot read the password of " + what + " from " + source.file,
                             "put the password on the first line of that file");
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
  }
  return "";
}

std::map<std::string, std::string> parse_conninfo(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    std::string msg = err ? err : "invalid connection string";
    if (err) PQfreemem(err);
    throw EnvironmentError("invalid connection string: " + msg,
                           "use libpq syntax, e.g. 'host=db1 port=5432 user=drill dbname=app'");
  }
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (o->val && *o->val) out[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  return out;
}

std::string format_conninfo(const std::map<std::string, std::string>& keys) {
  std::string out;
  for (const auto& [k, v] : keys) {
    std::string q;
    // Masked where it is inserted: a conninfo is rendered for command lines and messages.
    for (char ch : k == "password" ? std::string(kMasked) : v) {
      if (ch == '\'' || ch == '\\') q += '\\';
      q += ch;
    }
    out += (out.empty() ? "" : " ") + k + "='" + q + "'";
  }
  return out;
}

}  // namespace drsim::drills
