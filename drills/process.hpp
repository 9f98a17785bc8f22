// How drills run the PostgreSQL tools they need (pg_basebackup, pg_dump, pg_ctl, ...):
// platform::run_process, which SIGINT/SIGTERM interrupts — the tool's whole process group is
// killed and Cancelled thrown, so the runner's cleanup runs — and whose error for a missing tool
// says to install PostgreSQL. Never a password on the command line or in the environment: those
// go in a private passfile (pass_file.hpp).
#pragma once

#include "platform/process.hpp"

namespace drsim::drills {

// Runs `spec` to completion or deadline; throws Cancelled (after killing the tool's process
// group) when a termination signal arrives, EnvironmentError when the tool cannot be started.
platform::ProcessResult run_tool(platform::ProcessSpec spec);

}  // namespace drsim::drills
