#include "history/location.hpp"

#include <cstdlib>

#include "model/errors.hpp"

namespace drsim::history {
namespace {

// The variable's value if it is an absolute path (the XDG rule: relative values are ignored).
std::string absolute_env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && v[0] == '/' ? std::string(v) : std::string();
}

}  // namespace

std::string default_history_path() {
  if (auto state = absolute_env("XDG_STATE_HOME"); !state.empty()) {
    return state + "/drsim/history.sqlite";
  }
  if (auto home = absolute_env("HOME"); !home.empty()) {
    return home + "/.local/state/drsim/history.sqlite";
  }
  throw EnvironmentError(
      "cannot tell where the drill history goes: neither XDG_STATE_HOME nor HOME is set to an "
      "absolute path",
      "give --history FILE, or --no-history to record nothing");
}

}  // namespace drsim::history
