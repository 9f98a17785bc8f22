#include "platform/process_info.hpp"

#include <signal.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace drsim::platform {
namespace {

// The fields of /proc/<pid>/stat after the command name, from field 3 (the state) on; "" if
// there is no such process.
std::string stat_fields(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  auto paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 > line.size() ? "" : line.substr(paren + 2);
}

int parent_of(int pid) {
  std::istringstream rest(stat_fields(pid));
  std::string state;
  int ppid = 0;
  rest >> state >> ppid;
  return ppid;
}

}  // namespace

bool signal_process(int pid, int sig) { return pid > 0 && ::kill(pid, sig) == 0; }

bool signal_group(int pgid, int sig) { return pgid > 0 && ::kill(-pgid, sig) == 0; }

bool process_alive(int pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return errno == EPERM;
  return stat_fields(pid).rfind('Z', 0) != 0;
}

std::string process_start_time(int pid) {
  std::istringstream rest(stat_fields(pid));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) return field;
  }
  return "";
}

bool same_process(int pid, const std::string& started) {
  return pid > 0 && process_alive(pid) && process_start_time(pid) == started;
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

bool wait_gone(int pid, double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (!process_alive(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !process_alive(pid);
}

void stop_process(int pid, int sig, double grace_s) noexcept {
  if (pid <= 0 || !process_alive(pid)) return;
  std::vector<int> children = child_processes(pid);
  ::kill(pid, sig);
  if (wait_gone(pid, grace_s)) return;
  for (int c : child_processes(pid)) ::kill(c, SIGKILL);
  for (int c : children) ::kill(c, SIGKILL);
  ::kill(pid, SIGKILL);
  wait_gone(pid, 3);
}

}  // namespace drsim::platform
