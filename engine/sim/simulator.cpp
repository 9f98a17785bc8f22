#include "engine/sim/simulator.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <new>

#include "drsim/version.hpp"
#include "engine/core/economics.hpp"
#include "engine/core/phase.hpp"
#include "engine/sim/result_codec.hpp"
#include "engine/sim/scenario_sim.hpp"
#include "model/errors.hpp"

namespace drsim::engine {
namespace {

void write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

// Runs in the child: simulate, send "R<result>", "E<code>:<message>" or "M" (out of memory),
// and leave without running the parent's atexit handlers or destructors.
[[noreturn]] void child(const model::Model& m, const scenarios::Scenario& sc, int fd) {
  std::string msg;
  try {
    sim::SimStats st;
    auto r = sim::simulate_in_this_process(m, sc, &st);
    msg = "R" + sim::encode_result(r, st);
  } catch (const Error& e) {
    msg = "E" + std::to_string(static_cast<int>(e.exit_code())) + ":" + e.what();
  } catch (const std::bad_alloc&) {
    msg = "M";
  } catch (const std::exception& e) {
    msg = "E70:simulation of " + sc.id + " failed: " + e.what();
  }
  write_all(fd, msg);
  ::close(fd);
  std::_Exit(0);
}

struct Running {
  pid_t pid = -1;
  int fd = -1;
  std::size_t index = 0;
  std::string bytes;
  std::FILE* err = nullptr;  // the child's stderr, read once it has ended
};

// Everything the child wrote to its stderr; closes the file.
std::string drain(std::FILE* f) {
  std::string text;
  std::rewind(f);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return text;
}

// SimGrid aborts, with a backtrace, when it cannot map an actor's stack: that is the memory
// limit, not a bug, and main() says so plainly.
bool ran_out_of_memory(const std::string& child_stderr) {
  return child_stderr.find("Failed to allocate") != std::string::npos;
}

}  // namespace

std::vector<ScenarioResult> simulate(const model::Model& m,
                                     const std::vector<scenarios::Scenario>& scenarios,
                                     const SimulateOptions& options, SimulateStats* stats) {
  // Untimed scenarios run at their worst phase; every result carries the worst RPOs (phase.hpp).
  std::vector<PhaseAnalysis> phases;
  std::vector<scenarios::Scenario> runs;
  std::map<double, SweepWindow> windows;  // per detection delay: the same for every scenario
  for (const auto& sc : scenarios) {
    const double gap = sc.faults.empty() ? 0 : sc.faults.front().detect_after_s;
    auto window = windows.find(gap);
    if (window == windows.end()) window = windows.emplace(gap, sweep_window(m, gap)).first;
    phases.push_back(analyse_phase(m, sc, window->second));
    runs.push_back(
        phases.back().phase == FaultPhase::kWorst ? starting_at(sc, phases.back().start_s) : sc);
  }
  std::vector<std::string> raw(scenarios.size());
  std::vector<Running> running;
  std::size_t next = 0;
  const std::size_t jobs = static_cast<std::size_t>(std::max(options.jobs, 1));
  std::fflush(nullptr);  // buffered output must not be written twice by the children
  while (next < scenarios.size() || !running.empty()) {
    while (next < scenarios.size() && running.size() < jobs) {
      int fds[2];
      if (::pipe(fds) != 0) throw InternalError(std::string("pipe: ") + std::strerror(errno));
      std::FILE* err = std::tmpfile();
      if (!err) throw InternalError(std::string("tmpfile: ") + std::strerror(errno));
      pid_t pid = ::fork();
      if (pid < 0) throw InternalError(std::string("fork: ") + std::strerror(errno));
      if (pid == 0) {
        ::close(fds[0]);
        ::dup2(::fileno(err), STDERR_FILENO);
        child(m, runs[next], fds[1]);
      }
      ::close(fds[1]);
      running.push_back({pid, fds[0], next, {}, err});
      ++next;
    }
    std::vector<pollfd> pfds;
    for (const auto& r : running) pfds.push_back({r.fd, POLLIN, 0});
    if (::poll(pfds.data(), pfds.size(), -1) < 0 && errno != EINTR) {
      throw InternalError(std::string("poll: ") + std::strerror(errno));
    }
    for (std::size_t i = running.size(); i-- > 0;) {
      if (!(pfds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t n = ::read(running[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        running[i].bytes.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      ::close(running[i].fd);
      int status = 0;
      while (::waitpid(running[i].pid, &status, 0) < 0 && errno == EINTR) {
      }
      const auto& id = scenarios[running[i].index].id;
      const std::string child_stderr = drain(running[i].err);
      if (!WIFEXITED(status) || running[i].bytes.empty()) {
        if (ran_out_of_memory(child_stderr)) throw std::bad_alloc();
        std::fputs(child_stderr.c_str(), stderr);
        throw InternalError("simulation of " + id + " died" +
                            (WIFSIGNALED(status)
                                 ? " (signal " + std::to_string(WTERMSIG(status)) + ")"
                                 : std::string()));
      }
      std::fputs(child_stderr.c_str(), stderr);
      raw[running[i].index] = std::move(running[i].bytes);
      running.erase(running.begin() + static_cast<long>(i));
    }
  }
  std::vector<ScenarioResult> out;
  for (const auto& r : raw) {
    if (r[0] == 'M') throw std::bad_alloc();  // main() says what to do about it
    if (r[0] == 'E') {
      auto colon = r.find(':');
      int code = std::atoi(r.c_str() + 1);
      throw Error(static_cast<ExitCode>(code), r.substr(colon + 1));
    }
    sim::SimStats st;
    out.push_back(sim::decode_result(r.substr(1), &st));
    record_phase(phases[out.size() - 1], out.back());
    if (stats) {
      stats->events += st.events;
      stats->build_s += st.build_s;
      stats->run_s += st.run_s;
    }
  }
  return out;
}

RunResult simulate_run(const model::Model& m, const std::vector<scenarios::Scenario>& scenarios,
                       const SimulateOptions& options, SimulateStats* stats) {
  RunResult run;
  run.model = m.name;
  run.model_source = m.source;
  run.model_checksum = m.checksum;
  run.tool_version = kVersion;
  run.seed = static_cast<long long>(scenarios.empty() ? options.seed : scenarios.front().seed);
  run.scenarios = simulate(m, scenarios, options, stats);
  if (m.costs_given || m.likelihoods_given) add_costs(m, scenarios, run);
  return run;
}

}  // namespace drsim::engine
