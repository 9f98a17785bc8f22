// The drill history store (docs/history.md): one SQLite file recording every drill run, safe for
// several drsims at once — WAL mode (readers never wait for a writer), a busy timeout (writers
// queue for up to 30 s), and each run written in one transaction, so a run is there whole or not
// at all. A table schema_version says which schema the file has: an older one is migrated when
// the file is opened, a newer one is refused.
#pragma once

#include <string>
#include <vector>

#include "history/run_record.hpp"
#include "history/sqlite.hpp"

namespace drsim::history {

// The schema this drsim writes and reads (docs/history.md "Schema").
constexpr int kSchemaVersion = 1;
// PRAGMA application_id of a drsim history ("dRsH"), so another program's database is told apart.
constexpr int kApplicationId = 0x64527348;

class Store {
 public:
  // Opens the history at `path` to record runs: creates the file and any missing directory above
  // it (mode 0700), or migrates an older schema. Throws InputError (not a history, damaged, a
  // newer schema) or EnvironmentError (cannot create or open it).
  static Store for_recording(const std::string& path);
  // Opens an existing history to read it. Throws InputError when `path` does not exist, is not a
  // drsim history, is damaged or has a newer schema.
  static Store for_reading(const std::string& path);

  const std::string& path() const { return db_.path(); }

  // Records `run` with all it holds, in one transaction; returns its id (RUN_ID).
  long long record(const RunRecord& run);
  // The runs' own fields (not steps, objectives, tables, findings, notes or evidence), newest
  // first (by start, then id); `target` "" for every target, `limit` 0 for every run.
  std::vector<RunRecord> runs(const std::string& target = {}, long long limit = 0);
  // Everything recorded of the run `run_id` names (its id as typed on the command line). Throws
  // InputError located at <command line> RUN_ID (exit 2) when it is not the id of a run here.
  RunRecord run(const std::string& run_id);

 private:
  explicit Store(sqlite::Database db) : db_(std::move(db)) {}
  sqlite::Database db_;
};

}  // namespace drsim::history
