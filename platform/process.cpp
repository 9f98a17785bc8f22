#include "platform/process.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "model/errors.hpp"
#include "platform/child.hpp"

namespace drsim::platform {
namespace {

constexpr std::size_t kMaxOutput = 64 * 1024;
constexpr std::size_t kMaxInput = 4096;
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

// Keeps the last kMaxOutput bytes of `output` once it holds more than `limit` bytes.
void trim(std::string& output, std::size_t limit) {
  if (output.size() > limit) output.erase(0, output.size() - kMaxOutput);
}

// A child's program, arguments and environment, built before fork(): only async-signal-safe
// calls after it. Children never inherit drsim's environment (cron's secrets, the source
// password): they get a fixed minimal one plus what the caller names.
struct Exec {
  std::string program;
  std::vector<std::string> argv, env;
  std::vector<char*> args, envp;

  explicit Exec(const ProcessSpec& spec) {
    if (!spec.as_user.empty() && running_as_root()) {
      argv = {"/usr/sbin/runuser", "-u", spec.as_user, "--"};
    }
    argv.insert(argv.end(), spec.argv.begin(), spec.argv.end());
    program = find_program(argv.at(0));
    if (program.empty() || ::access(program.c_str(), X_OK) != 0) {
      throw EnvironmentError("cannot run '" + argv[0] + "': not found or not executable",
                             spec.missing_hint);
    }
    env = {"PATH=" + std::string(kChildPath), "LANG=C"};
    for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
  }
  Exec(const Exec&) = delete;
  Exec& operator=(const Exec&) = delete;

  [[noreturn]] void run() const {
    ::chdir("/");  // the OS user a tool runs as may not be able to enter our working directory
    ::execve(program.c_str(), args.data(), envp.data());
    ::_exit(127);
  }
};

}  // namespace

bool running_as_root() { return ::geteuid() == 0; }

ProcessResult run_process(const ProcessSpec& spec) {
  const Exec exec(spec);
  if (spec.input.size() > kMaxInput) {
    throw InternalError("a child's input is limited to " + std::to_string(kMaxInput) + " bytes");
  }
  int in_pipe[2] = {-1, -1};
  if (!spec.input.empty() && ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    throw EnvironmentError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  Fd in_read(in_pipe[0]), in_write(in_pipe[1]);
  if (!spec.input_file.empty()) {
    in_read = Fd(::open(spec.input_file.c_str(), O_RDONLY | O_CLOEXEC));
    if (in_read.get() < 0) {
      throw EnvironmentError("cannot open " + spec.input_file + ": " + std::strerror(errno));
    }
  }
  if (in_write.get() >= 0) {
    // Written before the child starts: the pipe holds it, and the child sees end of file after.
    const ssize_t n = ::write(in_write.get(), spec.input.data(), spec.input.size());
    in_write.reset();
    if (n != static_cast<ssize_t>(spec.input.size())) {
      throw EnvironmentError(std::string("cannot write a child's input: ") + std::strerror(errno));
    }
  }
  auto start = std::chrono::steady_clock::now();
  const int stdin_fd = in_read.get();
  ForkedChild run = fork_worker(
      [&](int out) {
        int source = stdin_fd >= 0 ? stdin_fd : ::open("/dev/null", O_RDONLY);
        if (source >= 0) ::dup2(source, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        exec.run();
      },
      true);
  in_read.reset();  // the child has its copy
  Child& child = run.child;
  if (spec.on_start) spec.on_start(child.pid());

  ProcessResult result;
  const int fd = run.out.get();
  const auto deadline = start + std::chrono::duration<double>(spec.timeout_s);
  std::optional<ExitStatus> status;
  while (!(status = child.try_wait())) {
    if (wait_readable({fd}, 50)[0]) read_chunk(fd, result.output);
    trim(result.output, 2 * kMaxOutput);  // now and then: appending stays cheap
    if (spec.on_wait) spec.on_wait();     // a throw kills the child's group as `child` unwinds
    if (std::chrono::steady_clock::now() > deadline) {
      child.kill();
      result.timed_out = true;
      break;
    }
  }
  // Drain what the child left in the pipe without waiting for grandchildren holding it open.
  set_nonblocking(fd);
  while (read_chunk(fd, result.output) == ReadStatus::kData) trim(result.output, 2 * kMaxOutput);
  trim(result.output, kMaxOutput);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status && status->exited()) result.exit_code = status->code;
  return result;
}

Child start_process(const ProcessSpec& spec) {
  const Exec exec(spec);
  ForkedChild started = fork_worker(
      [&](int) {
        const int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
          ::dup2(null, 0);
          ::dup2(null, 1);
          ::dup2(null, 2);
        }
        exec.run();
      },
      true);
  if (spec.on_start) spec.on_start(started.child.pid());
  return std::move(started.child);
}

}  // namespace drsim::platform
