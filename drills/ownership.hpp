// What drsim owns on the host and how it proves it (docs/drill-format.md, "Safety"). drsim never
// changes, stops or deletes anything it cannot prove it created: its state root
// `<scratch.dir>/drsim-runs` and every run directory in it carry a marker file that drsim wrote
// (owned by drsim's own user, mode 0600, naming the run id and a random token) in a directory
// only drsim's user may write. Binaries it runs as root must sit on a path nobody else can change.
#pragma once

#include <string>

namespace drsim::drills {

// Name of the directory drsim creates inside `scratch.dir` and of the markers it writes.
inline constexpr const char* kStateRootName = "drsim-runs";
inline constexpr const char* kRootMarker = ".drsim-state-root";
inline constexpr const char* kRunMarker = ".drsim-run";

// The owned state root inside `scratch_dir`; creates it (and `scratch_dir` if missing, without
// ever changing an existing one) when `create`. Returns "" when it does not exist and !create.
// Throws EnvironmentError for a state root drsim cannot prove it created.
std::string owned_state_root(const std::string& scratch_dir, bool create);

// Writes the run marker of run `id` into the fresh directory `dir`.
void write_run_marker(const std::string& dir, const std::string& id);
// True if `dir` is a real directory owned by drsim's user holding the marker of a run named like
// the directory, written by drsim's user.
bool is_owned_run(const std::string& dir);

// True if `path` is a directory or file owned by drsim's user (or root), not a symlink, and not
// writable by group or others.
bool owned_and_private(const std::string& path);

// Refuses (EnvironmentError with a hint) a program unless the file and every directory above it
// (after resolving symlinks) are owned by root or drsim's user and not writable by group or
// others — sticky directories such as /tmp excepted — like sudo's checks. `what` names the
// setting in the hint.
void check_trusted_program(const std::string& path, const std::string& what);

}  // namespace drsim::drills
