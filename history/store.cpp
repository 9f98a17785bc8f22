#include "history/store.hpp"

#include <filesystem>

#include "drills/journal.hpp"
#include "drsim/version.hpp"
#include "history/evidence_files.hpp"
#include "model/errors.hpp"

namespace fs = std::filesystem;

namespace drsim::history {
namespace {

using sqlite::Database;
using sqlite::kNotOurs;
using sqlite::refuse;
using sqlite::Statement;
using sqlite::Transaction;

// kMigrations[v] takes a history from schema version v to v + 1; version 0 is a new file.
// A later schema appends its step here and raises kSchemaVersion; nothing here ever changes.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE schema_version (
  version       INTEGER PRIMARY KEY,
  applied_at    TEXT NOT NULL,
  drsim_version TEXT NOT NULL
);
CREATE TABLE runs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  drill_run_id     TEXT NOT NULL,
  drill            TEXT NOT NULL,
  target           TEXT NOT NULL,
  method           TEXT NOT NULL,
  status           TEXT NOT NULL,
  started_at       TEXT NOT NULL,
  ended_at         TEXT NOT NULL,
  drsim_version    TEXT NOT NULL,
  spec_file        TEXT NOT NULL,
  spec_checksum    TEXT NOT NULL,
  max_age_s        REAL,
  t0_s             REAL,
  rto_s            REAL,
  rpo_s            REAL,
  impact           TEXT NOT NULL,
  recovery_process TEXT NOT NULL,
  data_loss        TEXT NOT NULL,
  evidence         TEXT NOT NULL,
  journal_file     TEXT,
  result_file      TEXT
);
CREATE INDEX runs_by_target ON runs (target, started_at);
CREATE INDEX runs_by_start ON runs (started_at);
CREATE TABLE steps (
  run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  status     TEXT NOT NULL,
  begin_at   TEXT NOT NULL,
  end_at     TEXT,
  begin_s    REAL NOT NULL,
  end_s      REAL,
  duration_s REAL,
  detail     TEXT NOT NULL,
  error      TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE objectives (
  run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  target_s   REAL,
  achieved_s REAL,
  verdict    TEXT NOT NULL,
  PRIMARY KEY (run_id, kind)
);
CREATE TABLE verified_tables (
  run_id            INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  database_name     TEXT NOT NULL,
  table_name        TEXT NOT NULL,
  source_rows       INTEGER,
  source_checksum   TEXT NOT NULL,
  restored_rows     INTEGER,
  restored_checksum TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE messages (
  run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind     TEXT NOT NULL CHECK (kind IN ('finding', 'note')),
  position INTEGER NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (run_id, kind, position)
);
)sql",
    // 2: the evidence hash chain (docs/evidence.md). previous_run is a plain number, not a
    // reference: deleting the run it names must leave it there for verify to notice the gap.
    R"sql(
CREATE TABLE evidence_manifests (
  run_id          INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  previous_run    INTEGER,
  previous_head   TEXT NOT NULL,
  head            TEXT NOT NULL,
  key_fingerprint TEXT,
  signature       TEXT,
  manifest_file   TEXT
);
CREATE TABLE evidence_records (
  run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  kind           TEXT NOT NULL,
  source         TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  hash           TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);
)sql",
};
static_assert(sizeof kMigrations / sizeof kMigrations[0] == kSchemaVersion,
              "one migration per schema version");

// The schema version of the open file: 0 for a file without tables (a new one). Refuses another
// program's database.
int schema_version(Database& db) {
  Statement app(db, "PRAGMA application_id");
  app.step();
  const long long app_id = app.integer(0);
  Statement tables(db,
                   "SELECT count(*), count(*) FILTER (WHERE name = 'schema_version') "
                   "FROM sqlite_schema WHERE type = 'table'");
  tables.step();
  const long long any = tables.integer(0), ours = tables.integer(1);
  if (any == 0 && app_id == 0) return 0;
  if (app_id != kApplicationId || ours == 0) {
    refuse(db.path(), "", "not a drsim drill history: an SQLite database of another program",
           kNotOurs);
  }
  Statement version(db, "SELECT max(version) FROM schema_version");
  version.step();
  return static_cast<int>(version.integer(0));
}

// Brings the file to kSchemaVersion; `create`: a file without tables gets the schema.
void migrate(Database& db, bool create) {
  int version = schema_version(db);
  if (version == kSchemaVersion) return;
  if (version > kSchemaVersion) {
    refuse(db.path(), "/schema_version",
           "the drill history has schema version " + std::to_string(version) + "; this drsim (" +
               kVersion + ") reads versions up to " + std::to_string(kSchemaVersion),
           "use the newer drsim that recorded it, or give --history another file");
  }
  if (version == 0 && !create) {
    refuse(db.path(), "", "not a drsim drill history: the file holds no tables", kNotOurs);
  }
  // WAL lets readers go on while a drill records; it stays set in the file. Two drills creating
  // the file at once: the second waits for the first's change (to WAL, which it then keeps).
  if (version == 0)
    db.exec_when_free("PRAGMA journal_mode = WAL", "turning on write-ahead logging");
  Transaction tx(db);
  version = schema_version(db);  // again under the write lock: another drsim may have been first
  for (int v = version; v < kSchemaVersion; ++v) {
    db.exec(kMigrations[v], "migrating to schema version " + std::to_string(v + 1));
    Statement done(db,
                   "INSERT INTO schema_version (version, applied_at, drsim_version) "
                   "VALUES (?1, ?2, ?3)");
    done.bind(1, v + 1).bind(2, drills::iso_now()).bind(3, std::string(kVersion)).run();
  }
  if (version == 0) {
    // A pragma takes no parameters: the value is written out (kApplicationId, checked by a test).
    db.exec("PRAGMA application_id = 1683125064", "marking the file as a drsim history");
  }
  tx.commit();
}

// The columns run_of() reads; the statements below add their WHERE clause (never a value: values
// are bound).
constexpr const char* kRunColumns =
    "SELECT id, drill_run_id, drill, target, method, status, started_at, ended_at, "
    "drsim_version, spec_file, spec_checksum, max_age_s, t0_s, rto_s, rpo_s, impact, "
    "recovery_process, data_loss, evidence, journal_file, result_file FROM runs ";

// The run in the current row of a statement selecting kRunColumns.
RunRecord run_of(const Statement& s) {
  RunRecord r;
  r.id = s.integer(0);
  r.drill_run_id = s.text(1);
  r.drill = s.text(2);
  r.target = s.text(3);
  r.method = s.text(4);
  r.status = s.text(5);
  r.started_at = s.text(6);
  r.ended_at = s.text(7);
  r.drsim_version = s.text(8);
  r.spec_file = s.text(9);
  r.spec_checksum = s.text(10);
  r.max_age_s = s.optional_real(11);
  r.t0_s = s.optional_real(12);
  r.rto_s = s.optional_real(13);
  r.rpo_s = s.optional_real(14);
  r.impact = s.text(15);
  r.recovery_process = s.text(16);
  r.data_loss = s.text(17);
  r.evidence = nlohmann::ordered_json::parse(s.text(18), nullptr, false);
  if (!r.evidence.is_object()) r.evidence = nlohmann::ordered_json::object();
  r.journal_file = s.text(19);
  r.result_file = s.text(20);
  return r;
}

void insert_messages(Database& db, long long id, const char* kind,
                     const std::vector<std::string>& texts) {
  Statement s(db, "INSERT INTO messages (run_id, kind, position, text) VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    s.bind(1, id).bind(2, std::string(kind)).bind(3, static_cast<long long>(i)).bind(4, texts[i]);
    s.run();
  }
}

// The digest stored as hex; a value that is not one reads as all ones, which never matches.
Digest digest_of(const std::string& hex) {
  if (auto d = digest_of_hex(hex)) return *d;
  Digest bad{};
  bad.fill(0xff);
  return bad;
}

// Chains the run `id` just inserted (read back, so its canonical bytes are what verify will read)
// to the last chained run, and stores its manifest and records; signs it with `key`.
void chain(Store& store, Database& db, long long id, const SigningKey* key) {
  const RunRecord run = store.run(std::to_string(id));
  std::optional<long long> previous_run;
  Digest previous_head = genesis_head();
  Statement last(db, "SELECT run_id, head FROM evidence_manifests ORDER BY run_id DESC LIMIT 1");
  if (last.step()) {
    previous_run = last.integer(0);
    previous_head = digest_of(last.text(1));
  }
  std::vector<std::string> bytes;
  for (const auto& source : record_sources(run)) {
    if (source.file.empty()) {
      bytes.push_back(source.kind == "run" ? run_bytes(run) : verification_bytes(run));
      continue;
    }
    // A file that cannot be read now is chained as empty: verify reports it unreadable, and the
    // run is recorded all the same.
    std::string why;
    auto content = read_evidence_file(source.file, &why);
    if (!content) content.emplace();
    bytes.push_back(std::move(*content));
  }
  Manifest m = chain_run(run, previous_run, previous_head, bytes);
  if (!run.journal_file.empty()) m.file = manifest_path(run.journal_file);
  if (key) {
    m.signature = key->sign(signed_statement(m));
    m.key_fingerprint = key->fingerprint();
  }
  Statement manifest(db,
                     "INSERT INTO evidence_manifests (run_id, previous_run, previous_head, head, "
                     "key_fingerprint, signature, manifest_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                     "?7)");
  manifest.bind(1, id).bind(2, m.previous_run).bind(3, to_hex(m.previous_head));
  manifest.bind(4, to_hex(m.head)).bind_text_or_null(5, m.key_fingerprint);
  manifest.bind_text_or_null(6, to_hex(m.signature)).bind_text_or_null(7, m.file).run();
  Statement record(db,
                   "INSERT INTO evidence_records (run_id, position, kind, source, content_sha256, "
                   "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (std::size_t i = 0; i < m.records.size(); ++i) {
    const EvidenceRecord& r = m.records[i];
    record.bind(1, id).bind(2, static_cast<long long>(i + 1)).bind(3, r.kind).bind(4, r.source);
    record.bind(5, to_hex(r.content)).bind(6, to_hex(r.hash)).run();
  }
}

}  // namespace

Store Store::for_recording(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    fs::create_directories(parent, ec);
    if (!ec) fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) {
      throw EnvironmentError("cannot create the directory " + parent.string() +
                                 " for the drill history: " + ec.message(),
                             "give --history a file in a directory that may be written, or "
                             "--no-history to record nothing");
    }
  }
  Database db(path, Database::Mode::kCreate);
  migrate(db, true);
  return Store(std::move(db));
}

Store Store::for_reading(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    refuse(path, "", "no drill history here: the file does not exist",
           "drsim drill run records every run in it (unless given --no-history): run a drill "
           "first, or give --history the file your drills record to");
  }
  Database db(path, Database::Mode::kExisting);
  migrate(db, false);
  return Store(std::move(db));
}

long long Store::record(const RunRecord& r, const SigningKey* key) {
  Transaction tx(db_);
  Statement run(db_,
                "INSERT INTO runs (drill_run_id, drill, target, method, status, started_at, "
                "ended_at, drsim_version, spec_file, spec_checksum, max_age_s, t0_s, rto_s, rpo_s, "
                "impact, recovery_process, data_loss, evidence, journal_file, result_file) VALUES "
                "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                "?19, ?20)");
  run.bind(1, r.drill_run_id).bind(2, r.drill).bind(3, r.target).bind(4, r.method);
  run.bind(5, r.status).bind(6, r.started_at).bind(7, r.ended_at).bind(8, r.drsim_version);
  run.bind(9, r.spec_file).bind(10, r.spec_checksum).bind(11, r.max_age_s).bind(12, r.t0_s);
  run.bind(13, r.rto_s).bind(14, r.rpo_s).bind(15, r.impact).bind(16, r.recovery_process);
  run.bind(17, r.data_loss).bind(18, r.evidence.dump());
  run.bind_text_or_null(19, r.journal_file).bind_text_or_null(20, r.result_file);
  run.run();
  const long long id = db_.last_insert_id();

  Statement step(db_,
                 "INSERT INTO steps (run_id, position, name, status, begin_at, end_at, begin_s, "
                 "end_s, duration_s, detail, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                 "?10, ?11)");
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const StepRecord& s = r.steps[i];
    step.bind(1, id).bind(2, static_cast<long long>(i)).bind(3, s.name).bind(4, s.status);
    step.bind(5, s.begin_at).bind_text_or_null(6, s.end_at).bind(7, s.begin_s);
    step.bind(8, s.end_s).bind(9, s.duration_s()).bind(10, s.detail).bind(11, s.error);
    step.run();
  }
  Statement objective(db_,
                      "INSERT INTO objectives (run_id, kind, target_s, achieved_s, verdict) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const auto& o : r.objectives) {
    objective.bind(1, id).bind(2, o.kind).bind(3, o.target_s).bind(4, o.achieved_s);
    objective.bind(5, o.verdict).run();
  }
  Statement table(db_,
                  "INSERT INTO verified_tables (run_id, position, database_name, table_name, "
                  "source_rows, source_checksum, restored_rows, restored_checksum) VALUES "
                  "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (std::size_t i = 0; i < r.tables.size(); ++i) {
    const TableCheck& t = r.tables[i];
    table.bind(1, id).bind(2, static_cast<long long>(i)).bind(3, t.database).bind(4, t.table);
    table.bind(5, t.source_rows).bind(6, t.source_checksum).bind(7, t.restored_rows);
    table.bind(8, t.restored_checksum).run();
  }
  insert_messages(db_, id, "finding", r.findings);
  insert_messages(db_, id, "note", r.notes);
  chain(*this, db_, id, key);
  tx.commit();
  return id;
}

std::vector<long long> Store::run_ids() {
  Statement s(db_, "SELECT id FROM runs ORDER BY id");
  std::vector<long long> out;
  while (s.step()) out.push_back(s.integer(0));
  return out;
}

std::optional<Manifest> Store::manifest(long long id) {
  Statement s(db_,
              "SELECT m.previous_run, m.previous_head, m.head, m.key_fingerprint, m.signature, "
              "m.manifest_file, r.drill_run_id FROM evidence_manifests m JOIN runs r ON r.id = "
              "m.run_id WHERE m.run_id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  Manifest m;
  m.run_id = id;
  m.previous_run = s.optional_integer(0);
  m.previous_head = digest_of(s.text(1));
  m.head = digest_of(s.text(2));
  m.key_fingerprint = s.text(3);
  m.signature = bytes_of_hex(s.text(4));
  m.file = s.text(5);
  m.drill_run_id = s.text(6);
  Statement records(db_,
                    "SELECT kind, source, content_sha256, hash FROM evidence_records WHERE run_id "
                    "= ?1 ORDER BY position");
  records.bind(1, id);
  while (records.step()) {
    m.records.push_back(
        {records.text(0), records.text(1), digest_of(records.text(2)), digest_of(records.text(3))});
  }
  return m;
}

std::vector<RunRecord> Store::runs(const std::string& target, long long limit) {
  Statement s(db_, (std::string(kRunColumns) +
                    "WHERE ?1 = '' OR target = ?1 ORDER BY started_at DESC, id DESC LIMIT ?2")
                       .c_str());
  s.bind(1, target).bind(2, limit > 0 ? limit : -1LL);
  std::vector<RunRecord> out;
  while (s.step()) {
    out.push_back(run_of(s));
    out.back().evidence = nlohmann::ordered_json::object();
  }
  return out;
}

RunRecord Store::run(const std::string& run_id) {
  const bool digits = !run_id.empty() && run_id.size() <= 18 &&
                      run_id.find_first_not_of("0123456789") == std::string::npos;
  const long long id = digits ? std::stoll(run_id) : 0;
  Statement s(db_, (std::string(kRunColumns) + "WHERE id = ?1").c_str());
  s.bind(1, id);
  if (!digits || !s.step()) {
    Diagnostic d;
    d.loc = command_line_loc("RUN_ID");
    d.message = (digits ? "no run " : "no run '") + run_id + (digits ? "" : "'") +
                " in the drill history " + path();
    d.hints = {"drsim history list --history " + path() + " shows the id of every run"};
    throw InputError({d});
  }
  RunRecord r = run_of(s);
  Statement steps(db_,
                  "SELECT name, status, begin_at, end_at, begin_s, end_s, detail, error FROM steps "
                  "WHERE run_id = ?1 ORDER BY position");
  steps.bind(1, id);
  while (steps.step()) {
    r.steps.push_back({steps.text(0), steps.text(1), steps.text(2), steps.text(3), steps.real(4),
                       steps.optional_real(5), steps.text(6), steps.text(7)});
  }
  Statement objectives(db_,
                       "SELECT kind, target_s, achieved_s, verdict FROM objectives WHERE run_id = "
                       "?1 ORDER BY rowid");
  objectives.bind(1, id);
  while (objectives.step()) {
    r.objectives.push_back({objectives.text(0), objectives.optional_real(1),
                            objectives.optional_real(2), objectives.text(3)});
  }
  Statement tables(db_,
                   "SELECT database_name, table_name, source_rows, restored_rows, "
                   "source_checksum, restored_checksum FROM verified_tables WHERE run_id = ?1 "
                   "ORDER BY position");
  tables.bind(1, id);
  while (tables.step()) {
    r.tables.push_back({tables.text(0), tables.text(1), tables.optional_integer(2),
                        tables.optional_integer(3), tables.text(4), tables.text(5)});
  }
  Statement messages(db_,
                     "SELECT kind, text FROM messages WHERE run_id = ?1 ORDER BY kind, position");
  messages.bind(1, id);
  while (messages.step()) {
    (messages.text(0) == "finding" ? r.findings : r.notes).push_back(messages.text(1));
  }
  return r;
}

}  // namespace drsim::history
