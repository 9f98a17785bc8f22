#include "mpi/run_program.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "model/errors.hpp"

extern char** environ;

namespace drsim::mpi {
namespace {

// posix_spawn's file actions, released however the call ends.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;

  // The child's descriptor `fd` writes to `path` (created or truncated) when `path` is not "".
  void redirect(int fd, const std::string& path) {
    if (path.empty()) return;
    posix_spawn_file_actions_addopen(&actions_, fd, path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
  }
  const posix_spawn_file_actions_t* get() const { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

int run_program(const std::vector<std::string>& argv, const Streams& streams) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  FileActions actions;
  actions.redirect(STDOUT_FILENO, streams.out);
  actions.redirect(STDERR_FILENO, streams.err);
  pid_t pid = 0;
  const int failed = posix_spawnp(&pid, args[0], actions.get(), nullptr, args.data(), environ);
  if (failed != 0) {
    throw EnvironmentError("cannot run " + argv[0] + ": " + std::strerror(failed),
                           "put drsim next to drsim-mpi or on PATH, or name it in DRSIM");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw EnvironmentError("waiting for " + argv[0] + ": " + std::strerror(errno));
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string drsim_program() {
  if (const char* named = std::getenv("DRSIM"); named && *named) return named;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto next_to = self.parent_path() / "drsim";
    if (::access(next_to.c_str(), X_OK) == 0) return next_to.string();
  }
  return "drsim";
}

}  // namespace drsim::mpi
