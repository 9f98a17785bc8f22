// Forked workers: their bytes come back through the pipe, their exit is reaped, and one that
// nobody waited for is killed and reaped when its owner goes.
#include "platform/child.hpp"

#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <stdexcept>

using namespace drsim;

namespace {

// Everything a worker writes until it closes the pipe.
std::string read_all(int fd) {
  std::string out;
  while (true) {
    if (!platform::wait_readable({fd}, -1)[0]) continue;
    if (platform::read_chunk(fd, out) == platform::ReadStatus::kEnd) return out;
  }
}

}  // namespace

TEST_CASE("platform::fork_worker: a worker's bytes come back through its pipe", "[platform]") {
  auto w = platform::fork_worker([](int fd) { platform::write_all(fd, std::string(100000, 'x')); });
  CHECK(read_all(w.out.get()) == std::string(100000, 'x'));
  auto status = w.child.wait_exit();
  CHECK(status.exited());
  CHECK(status.code == 0);
}

TEST_CASE("platform::fork_worker: a worker that throws exits with 70", "[platform]") {
  auto w = platform::fork_worker([](int) { throw std::runtime_error("boom"); });
  CHECK(read_all(w.out.get()).empty());
  CHECK(w.child.wait_exit().code == 70);
}

TEST_CASE("platform::Child: a worker nobody waited for is killed and reaped with its owner",
          "[platform]") {
  int pid = 0;
  {
    auto w = platform::fork_worker([](int) {
      for (;;) ::pause();
    });
    pid = w.child.pid();
    REQUIRE(::kill(pid, 0) == 0);
  }
  errno = 0;
  CHECK(::kill(pid, 0) == -1);
  CHECK(errno == ESRCH);  // reaped, not a zombie
}

TEST_CASE("platform::Child::kill: reports the signal that ended a worker", "[platform]") {
  auto w = platform::fork_worker([](int) {
    for (;;) ::pause();
  });
  auto status = w.child.kill();
  CHECK_FALSE(status.exited());
  CHECK(status.signal == SIGTERM);
  CHECK(w.child.pid() == -1);
}
