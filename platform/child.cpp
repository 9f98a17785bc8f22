#include "platform/child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "model/errors.hpp"

namespace drsim::platform {
namespace {

ExitStatus decode(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) s.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) s.signal = WTERMSIG(status);
  return s;
}

std::string reason() { return std::strerror(errno); }

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  reset(other.release());
  return *this;
}

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

int Fd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

Child::Child(Child&& other) noexcept : pid_(other.pid_), group_(other.group_) { other.pid_ = -1; }

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0) kill();
    pid_ = other.pid_;
    group_ = other.group_;
    other.pid_ = -1;
  }
  return *this;
}

Child::~Child() {
  if (pid_ > 0) kill();
}

std::optional<ExitStatus> Child::try_wait() {
  if (pid_ <= 0) return ExitStatus{};
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == 0 || (r < 0 && errno == EINTR)) return std::nullopt;
  pid_ = -1;  // reaped, or not ours to reap (ECHILD)
  return r > 0 ? decode(status) : ExitStatus{};
}

ExitStatus Child::wait_exit() {
  if (pid_ <= 0) return {};
  int status = 0;
  pid_t r;
  while ((r = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return r > 0 ? decode(status) : ExitStatus{};
}

ExitStatus Child::kill(double grace_s) {
  if (pid_ <= 0) return {};
  const int target = group_ ? -pid_ : pid_;
  ::kill(target, SIGTERM);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_s);
  std::optional<ExitStatus> status;
  while (!(status = try_wait()) && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (group_ || !status) ::kill(target, SIGKILL);  // the group's stragglers, or it ignored SIGTERM
  return status ? *status : wait_exit();
}

ForkedChild fork_worker(const std::function<void(int write_fd)>& work, bool own_group) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw EnvironmentError("cannot create a pipe: " + reason());
  Fd read_end(fds[0]), write_end(fds[1]);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw EnvironmentError("cannot fork: " + reason());
  if (pid == 0) {
    if (own_group) ::setpgid(0, 0);
    ::signal(SIGINT, SIG_DFL);  // drsim's handlers only record a signal: a worker must end
    ::signal(SIGTERM, SIG_DFL);
    read_end.reset();
    try {
      work(write_end.get());
    } catch (...) {
      std::_Exit(70);
    }
    std::_Exit(0);
  }
  // Set in both, so the group exists before anyone signals it, whichever process runs first.
  if (own_group) ::setpgid(pid, pid);
  return {Child(pid, own_group), std::move(read_end)};
}

ReadStatus read_chunk(int fd, std::string& out) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    out.append(buf, static_cast<std::size_t>(n));
    return ReadStatus::kData;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return ReadStatus::kNone;
  return ReadStatus::kEnd;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::vector<bool> wait_readable(const std::vector<int>& fds, int timeout_ms) {
  std::vector<pollfd> pfds;
  for (int fd : fds) pfds.push_back({fd, POLLIN, 0});
  std::vector<bool> ready(fds.size(), false);
  if (::poll(pfds.data(), pfds.size(), timeout_ms) < 0) {
    if (errno == EINTR) return ready;
    throw InternalError("poll: " + reason());
  }
  for (std::size_t i = 0; i < pfds.size(); ++i) {
    ready[i] = (pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
  }
  return ready;
}

void write_all(int fd, const std::string& bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace drsim::platform
