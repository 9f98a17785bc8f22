#include "drills/cancel.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

namespace drsim::drills {
namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int {};
struct sigaction g_old_term {};

extern "C" void record_signal(int sig) { g_signal = sig; }

}  // namespace

Cancelled::Cancelled(int signal)
    : std::runtime_error(std::string("drill interrupted by ") + (signal == SIGINT    ? "SIGINT"
                                                                 : signal == SIGTERM ? "SIGTERM"
                                                                                     : "a signal")),
      signal_(signal) {}

SignalGuard::SignalGuard() {
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = record_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

SignalGuard::~SignalGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

int pending_signal() { return g_signal; }

void throw_if_cancelled() {
  if (g_signal != 0) throw Cancelled(g_signal);
}

void sleep_cancellable(double seconds) {
  auto end = std::chrono::steady_clock::now() +
             std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                 std::chrono::duration<double>(seconds));
  while (true) {
    throw_if_cancelled();
    auto now = std::chrono::steady_clock::now();
    if (now >= end) return;
    auto slice =
        std::min<std::chrono::steady_clock::duration>(end - now, std::chrono::milliseconds(20));
    std::this_thread::sleep_for(slice);
  }
}

}  // namespace drsim::drills
