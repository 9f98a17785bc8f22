// Helpers for the live drill tests: the private source cluster the CTest fixture started
// (tests/drills/pg_source.sh), shell and psql calls as the postgres OS user, temporary
// directories that remove themselves, drill specs from YAML text, and drsim child processes.
#pragma once

#include <string>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/runner.hpp"

namespace drsim::test {

// The scratch.dir most live drills share.
inline const std::string kScratchDir = "/tmp/drsim-test-state";

struct PgSource {
  std::string dir, port, sock, archive, password, bin;
};

// The fixture's source cluster (the env file DRSIM_PG_SOURCE_ENV names in the environment, else
// the drills_pg_source fixture's); fails the test with a hint when the fixture did not run.
const PgSource& pg_source();
// Runs a shell command; returns its stdout. Fails the test on a non-zero exit.
std::string sh(const std::string& command);
// Runs SQL on the source as the postgres superuser over the private socket; returns psql -At
// output.
std::string psql(const std::string& db, const std::string& sql);

// A temporary directory owned by the postgres OS user, removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& name);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Loads a drill spec from YAML text written to `dir`/name.yaml.
drills::DrillSpec spec_from(const std::string& dir, const std::string& name,
                            const std::string& yaml);
// Writes a drill file and returns its path.
std::string write_drill(const std::string& dir, const std::string& name, const std::string& yaml);
// The `source:` block for the fixture's source and database `db`, reading the password from
// the environment variable DRSIM_TEST_PW (which the helpers set).
std::string source_block(const std::string& db = "app");
// The `scratch:` block most live drills use: the shared kScratchDir, fsync off.
std::string scratch_block();
// A database `<prefix>_<pid>` of the test's own on the source (a leftover is dropped first),
// set up with `sql` and dropped again when the test ends, however it ends.
class TestDatabase {
 public:
  TestDatabase(const std::string& prefix, const std::string& sql);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};
// Makes sure DRSIM_TEST_PW holds the fixture's password.
void export_password();

// Starts `drsim ARGS...` with stdout and stderr to `log`; returns its pid.
int spawn_drsim(const std::vector<std::string>& args, const std::string& log);
// Waits for a child; returns its exit code (128 + signal if killed).
int wait_child(int pid);
// Reads a whole file ("" if missing).
std::string read_file(const std::string& path);

// `text` with its line `from` replaced by `to`; fails the test if the line is not there.
std::string with_line(const std::string& text, const std::string& from, const std::string& to);

// examples/drills/orders-logical.yaml as shipped, named `drill` and pointed at database `db` on
// the fixture's source (its password in DRSIM_TEST_PW): the example a user runs, checked live.
std::string example_logical_drill(const std::string& drill, const std::string& db);
// True if something listens on (or holds) 127.0.0.1:port.
bool port_in_use(int port);
// Number of processes whose command line or cwd mentions `text`.
int processes_mentioning(const std::string& text);
// The run directories in the state root drsim owns inside `scratch_dir`.
std::vector<std::string> run_dirs(const std::string& scratch_dir);
// A field ("detail", "output", "status"...) of the drill's journal step `name` ("absent" if the
// drill did not take it).
std::string step_field(const drills::DrillOutcome& o, const std::string& name,
                       const std::string& field);
inline std::string step_detail(const drills::DrillOutcome& o, const std::string& name) {
  return step_field(o, name, "detail");
}
// Runs drill `name`-`level`: the spec `body` (method, source, backup) with scratch_block() and
// verify.level `level`, its file written to `dir`.
drills::DrillOutcome run_level(const std::string& dir, const std::string& name,
                               const std::string& body, const std::string& level);
// Dumps `db` with `pg_dump -Fc <flags>` into `dir`/<name>.dump as the postgres user; returns the
// body (method, source, backup) of a logical drill that restores that existing dump.
std::string dump_drill(const std::string& dir, const std::string& name, const std::string& db,
                       const std::string& flags);
// Takes a plain-format base backup of the source into `dir` as the postgres user.
void take_base_backup(const std::string& dir);
// The environment of process `pid` (/proc/<pid>/environ with NULs turned into newlines).
std::string environ_of(int pid);

}  // namespace drsim::test
