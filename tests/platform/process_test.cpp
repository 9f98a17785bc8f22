// Running programs: output and exit code, a missing program, the deadline, and a wait that is
// abandoned by a throwing hook (how drills cancel on SIGINT/SIGTERM).
#include "platform/process.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <stdexcept>

#include "model/errors.hpp"

using namespace drsim;

TEST_CASE("platform::run_process: captures stdout, stderr and the exit code", "[platform]") {
  platform::ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  auto r = platform::run_process(spec);
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.timed_out);
  CHECK_FALSE(r.ok());
  CHECK(r.output == "out\nerr\n");
}

TEST_CASE("platform::run_process: the child gets only PATH, LANG and what the caller adds",
          "[platform]") {
  platform::ProcessSpec spec;
  spec.argv = {"/usr/bin/env"};
  spec.env = {{"PGPASSFILE", "/x"}};
  auto r = platform::run_process(spec);
  CHECK(r.ok());
  CHECK(r.output == "PATH=/usr/local/bin:/usr/bin:/bin\nLANG=C\nPGPASSFILE=/x\n");
}

TEST_CASE("platform::run_process: a program that cannot be run is an environment error",
          "[platform]") {
  platform::ProcessSpec spec;
  spec.argv = {"/nonexistent/pg_ctl", "start"};
  spec.missing_hint = "install it";
  try {
    platform::run_process(spec);
    FAIL("no error");
  } catch (const EnvironmentError& e) {
    CHECK(std::string(e.what()) == "cannot run '/nonexistent/pg_ctl': not found or not executable");
    CHECK(e.hint() == "install it");
  }
}

TEST_CASE("platform::run_process: a child past its deadline is killed and marked timed out",
          "[platform]") {
  platform::ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  spec.timeout_s = 0.1;
  auto r = platform::run_process(spec);
  CHECK(r.timed_out);
  CHECK(r.exit_code == -1);
  CHECK(r.seconds < 10);
}

TEST_CASE("platform::run_process: a throwing on_wait kills the child and passes the error on",
          "[platform]") {
  platform::ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  int pid = 0;
  spec.on_start = [&](int p) { pid = p; };
  spec.on_wait = [] { throw std::runtime_error("cancelled"); };
  CHECK_THROWS_WITH(platform::run_process(spec), "cancelled");
  REQUIRE(pid > 0);
  errno = 0;
  CHECK(::kill(pid, 0) == -1);
  CHECK(errno == ESRCH);  // killed and reaped
}
