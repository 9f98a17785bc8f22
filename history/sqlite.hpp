// RAII over SQLite's C API, for the history store only: a Database owns one sqlite3* connection,
// a Statement one prepared sqlite3_stmt* whose values are always bound parameters (the store never
// builds SQL text from values), a Transaction a BEGIN IMMEDIATE that rolls back unless committed.
// Every SQLite failure becomes one of drsim's typed errors, naming the database's path.
#pragma once

#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace drsim::history::sqlite {

// How long a connection waits for another drsim's transaction before giving up, in milliseconds.
constexpr int kBusyTimeoutMs = 30000;

// Throws InputError (exit 3) located at the database file `path` and `pointer` (a table, or ""
// for the whole file): `message` and one `hint:` line.
[[noreturn]] void refuse(const std::string& path, const std::string& pointer,
                         const std::string& message, const std::string& hint);

// The hint of every "not a drsim drill history" refusal.
extern const char* const kNotOurs;

class Database {
 public:
  // Opens `path`: kCreate creates a missing file, kExisting does not (the caller checks it is
  // there). Sets the busy timeout and turns foreign keys on.
  enum class Mode { kCreate, kExisting };
  Database(std::string path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }
  // Runs SQL without parameters or rows (the schema, pragmas); `what` says what for errors.
  void exec(const char* sql, const std::string& what);
  // The same for a statement SQLite answers "busy" at once instead of waiting for the busy
  // handler (changing the journal mode needs the file to itself): tried again every 10 ms until
  // it runs or kBusyTimeoutMs has passed.
  void exec_when_free(const char* sql, const std::string& what);
  long long last_insert_id() const;
  // Throws the drsim error for SQLite result code `rc`, met while `what` ("recording a run").
  //   not a database, damaged        -> InputError located at the file (exit 3)
  //   busy or locked past the timeout, cannot open, read-only, I/O error, disk full
  //                                  -> EnvironmentError with a hint (exit 4)
  //   anything else                  -> InternalError (exit 70)
  [[noreturn]] void fail(int rc, const std::string& what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Database& db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameter `i` (1-based); an empty optional binds NULL.
  Statement& bind(int i, const std::string& value);
  Statement& bind(int i, double value);
  Statement& bind(int i, long long value);
  Statement& bind(int i, int value) { return bind(i, static_cast<long long>(value)); }
  Statement& bind(int i, const std::optional<double>& value);
  Statement& bind(int i, const std::optional<long long>& value);
  // Text, or NULL for "".
  Statement& bind_text_or_null(int i, const std::string& value);

  // Steps once; true while a row is there to read.
  bool step();
  // Steps a statement without rows to its end and resets it for new bindings.
  void run();

  // Column `col` (0-based) of the current row; NULL reads as "", 0 or none.
  std::string text(int col) const;
  double real(int col) const;
  long long integer(int col) const;
  std::optional<double> optional_real(int col) const;
  std::optional<long long> optional_integer(int col) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE: takes the write lock at once (waiting up to the busy timeout), so two drsims
// writing at the same time queue instead of failing when one upgrades a read lock.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();  // rolls back unless committed
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace drsim::history::sqlite
