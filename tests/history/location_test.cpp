// Where the drill history lives by default: the XDG state directory, else ~/.local/state.
#include "history/location.hpp"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "model/errors.hpp"

using drsim::history::default_history_path;

namespace {

// Sets (or, with nullopt, unsets) a variable for the test's lifetime.
class EnvVar {
 public:
  EnvVar(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = ::getenv(name)) old_ = old;
    value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
  }
  ~EnvVar() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("history::default_history_path: follows XDG_STATE_HOME, else HOME", "[history]") {
  {
    EnvVar state("XDG_STATE_HOME", "/srv/state");
    EnvVar home("HOME", "/home/drill");
    CHECK(default_history_path() == "/srv/state/drsim/history.sqlite");
  }
  {
    EnvVar state("XDG_STATE_HOME", std::nullopt);
    EnvVar home("HOME", "/root");
    CHECK(default_history_path() == "/root/.local/state/drsim/history.sqlite");
  }
  {
    // A relative XDG_STATE_HOME is invalid by the XDG rules and ignored.
    EnvVar state("XDG_STATE_HOME", "state");
    EnvVar home("HOME", "/home/drill");
    CHECK(default_history_path() == "/home/drill/.local/state/drsim/history.sqlite");
  }
}

TEST_CASE("history::default_history_path: without XDG_STATE_HOME or HOME says what to give",
          "[history]") {
  EnvVar state("XDG_STATE_HOME", std::nullopt);
  EnvVar home("HOME", "");
  try {
    default_history_path();
    FAIL("no error");
  } catch (const drsim::EnvironmentError& e) {
    CHECK(std::string(e.what()) ==
          "cannot tell where the drill history goes: neither XDG_STATE_HOME nor HOME is set to an "
          "absolute path");
    CHECK(e.hint() == "give --history FILE, or --no-history to record nothing");
  }
}
