// Processes by pid, including those that are not drsim's children and so cannot be reaped — the
// servers a drill started through pg_ctl, the leftovers of a killed run: telling them apart
// (start times, so a reused pid is never mistaken for one of ours; children), signalling them,
// waiting for them to go, and stopping one with escalation.
#pragma once

#include <string>
#include <vector>

namespace drsim::platform {

// Sends `sig` to process `pid`; returns false if it does not exist.
bool signal_process(int pid, int sig);
// Sends `sig` to every process of group `pgid`; returns false if there is none.
bool signal_group(int pgid, int sig);
// True if process `pid` exists (and is not a zombie we could reap).
bool process_alive(int pid);
// Field 22 of /proc/<pid>/stat: the start time in clock ticks, which tells a reused pid apart
// ("" if there is no such process).
std::string process_start_time(int pid);
// True if `pid` is alive and started at `started` (see process_start_time).
bool same_process(int pid, const std::string& started);
// The direct children of `pid`.
std::vector<int> child_processes(int pid);
// Waits up to `seconds` for `pid` to exit; true if it is gone.
bool wait_gone(int pid, double seconds);
// Stops `pid`: sends `sig`, waits up to `grace_s` seconds for it to go, then SIGKILLs its
// children (those it had at first and those it has then) and it, and waits up to 3 s more.
// Never throws.
void stop_process(int pid, int sig, double grace_s) noexcept;

}  // namespace drsim::platform
