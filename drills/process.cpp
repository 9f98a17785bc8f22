#include "drills/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "drills/cancel.hpp"
#include "model/errors.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;
constexpr const char* kChildPath = "/usr/local/bin:/usr/bin:/bin";

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  std::string p = kChildPath;
  std::size_t start = 0;
  while (start <= p.size()) {
    auto end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string candidate = p.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

void kill_group(pid_t pid) {
  ::kill(-pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {  // up to 2 s for a clean exit, then SIGKILL
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) {
      ::kill(-pid, SIGKILL);  // stragglers of the group
      return;
    }
    ::usleep(20000);
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

int parent_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  auto paren = line.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream rest(line.substr(paren + 2));
  std::string state;
  int ppid = 0;
  rest >> state >> ppid;
  return ppid;
}

}  // namespace

// Field 22 of /proc/<pid>/stat: start time in clock ticks, which tells a reused pid apart.
std::string process_start_time(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  auto paren = line.rfind(')');
  if (paren == std::string::npos) return "";
  std::istringstream rest(line.substr(paren + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) return field;
  }
  return "";
}

std::vector<int> child_processes(int pid) {
  std::vector<int> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    int p = std::atoi(name.c_str());
    if (parent_of(p) == pid) out.push_back(p);
  }
  return out;
}

bool same_process(int pid, const std::string& started) {
  return pid > 0 && process_alive(pid) && process_start_time(pid) == started;
}

bool wait_gone(int pid, double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (!process_alive(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !process_alive(pid);
}

bool running_as_root() { return ::geteuid() == 0; }

bool signal_process(int pid, int sig) { return pid > 0 && ::kill(pid, sig) == 0; }

bool process_alive(int pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return errno == EPERM;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto paren = line.rfind(')');
  return !(paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z');
}

ProcessResult run_process(const ProcessSpec& spec) {
  std::vector<std::string> argv;
  if (!spec.as_user.empty() && running_as_root()) {
    argv = {"/usr/sbin/runuser", "-u", spec.as_user, "--"};
  }
  argv.insert(argv.end(), spec.argv.begin(), spec.argv.end());
  std::string program = find_program(argv.at(0));
  if (program.empty() || ::access(program.c_str(), X_OK) != 0) {
    throw EnvironmentError("cannot run '" + argv[0] + "': not found or not executable",
                           "install PostgreSQL 15 (Debian package 'postgresql') or set "
                           "'scratch.bin_dir'");
  }
  // Everything the child needs is built before fork(): only async-signal-safe calls after it.
  // Children never inherit drsim's environment (cron's secrets, the source password): they get
  // a fixed minimal one plus what the caller names.
  std::vector<std::string> env_strings{"PATH=" + std::string(kChildPath), "LANG=C"};
  for (const auto& [k, v] : spec.env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (auto& s : argv) args.push_back(s.data());
  args.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw EnvironmentError("cannot create a pipe");
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw EnvironmentError("cannot fork: " + std::string(std::strerror(errno)));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::chdir("/");  // the OS user a tool runs as may not be able to enter our working directory
    ::execve(program.c_str(), args.data(), envp.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(fds[1]);
  if (spec.on_start) spec.on_start(static_cast<int>(pid));

  ProcessResult result;
  auto deadline = start + std::chrono::duration<double>(spec.timeout_s);
  bool exited = false;
  int status = 0;
  char buf[8192];
  auto append = [&](const char* data, std::size_t n) {
    result.output.append(data, n);
    if (result.output.size() > 2 * kMaxOutput) {
      result.output.erase(0, result.output.size() - kMaxOutput);
    }
  };
  while (!exited) {
    struct pollfd pfd {
      fds[0], POLLIN, 0
    };
    int r = ::poll(&pfd, 1, 50);
    if (r > 0) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n > 0) append(buf, static_cast<std::size_t>(n));
    }
    if (::waitpid(pid, &status, WNOHANG) == pid) exited = true;
    if (!exited && pending_signal() != 0) {
      kill_group(pid);
      ::close(fds[0]);
      throw_if_cancelled();
    }
    if (!exited && std::chrono::steady_clock::now() > deadline) {
      kill_group(pid);
      result.timed_out = true;
      break;
    }
  }
  // Drain what the child left in the pipe without waiting for grandchildren holding it open.
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (result.output.size() > kMaxOutput) {
    result.output.erase(0, result.output.size() - kMaxOutput);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (exited && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace drsim::drills
