// The drill history store (docs/history.md): one SQLite file recording every drill run, safe for
// several drsims at once — WAL mode (readers never wait for a writer), a busy timeout (writers
// queue for up to 30 s), and each run written in one transaction, so a run is there whole or not
// at all. A table schema_version says which schema the file has: an older one is migrated when
// the file is opened, a newer one is refused.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "history/evidence_chain.hpp"
#include "history/evidence_key.hpp"
#include "history/run_record.hpp"
#include "history/sqlite.hpp"

namespace drsim::history {

// The schema this drsim writes and reads (docs/history.md "Schema").
constexpr int kSchemaVersion = 2;
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

  // Records `run` with all it holds and chains it as evidence after the last chained run (its
  // files read now, its manifest signed with `key` when given), in one transaction; returns its
  // id (RUN_ID). A file of the run that cannot be read is chained as empty (verify says so).
  long long record(const RunRecord& run, const SigningKey* key = nullptr);
  // Every run's id, ascending: the order runs are chained in.
  std::vector<long long> run_ids();
  // The evidence manifest recorded for run `id`; none for a run recorded without one (before
  // schema version 2) or whose manifest was deleted.
  std::optional<Manifest> manifest(long long id);
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
