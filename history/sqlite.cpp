#include "history/sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <thread>
#include <utility>

#include "model/errors.hpp"

namespace drsim::history::sqlite {
namespace {

[[noreturn]] void throw_error(const std::string& path, int rc, const std::string& detail,
                              const std::string& what) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      refuse(path, "", "not a drsim drill history: " + detail, kNotOurs);
    case SQLITE_CORRUPT:
      refuse(path, "", "the drill history is damaged: " + detail,
             "move it aside and restore it from a backup; without one, the next drsim drill run "
             "starts a new history at this path");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw EnvironmentError("the drill history " + path + " stayed locked for " +
                                 std::to_string(kBusyTimeoutMs / 1000) +
                                 " s: another drsim is writing to it",
                             "try again when it has finished, or give --history another file");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_AUTH:
    case SQLITE_NOLFS:
      throw EnvironmentError("cannot use the drill history " + path + ": " + detail,
                             "check that its directory exists and may be written and that the "
                             "disk has room, or give --history another file");
    default:
      throw InternalError("SQLite failed on the drill history " + path + " (" + what +
                          "): " + detail);
  }
}

}  // namespace

const char* const kNotOurs =
    "drsim keeps its drill history in an SQLite file of its own: give --history a file that "
    "drsim drill run wrote, or a path that does not exist yet";

void refuse(const std::string& path, const std::string& pointer, const std::string& message,
            const std::string& hint) {
  Diagnostic d;
  d.loc.file = path;
  d.loc.pointer = pointer;
  d.message = message;
  d.hints = {hint};
  throw InputError({d});
}

Database::Database(std::string path, Mode mode) : path_(std::move(path)) {
  const int flags = SQLITE_OPEN_READWRITE | (mode == Mode::kCreate ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw_error(path_, rc, detail, "opening it");
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  exec("PRAGMA foreign_keys = ON", "turning foreign keys on");
}

Database::~Database() { sqlite3_close(db_); }

Database::Database(Database&& other) noexcept
    : path_(std::move(other.path_)), db_(std::exchange(other.db_, nullptr)) {}

void Database::exec(const char* sql, const std::string& what) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, what);
}

void Database::exec_when_free(const char* sql, const std::string& what) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (;;) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) fail(rc, what);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

long long Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

void Database::fail(int rc, const std::string& what) const {
  throw_error(path_, rc, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc), what);
}

Statement::Statement(Database& db, const char* sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, std::string("preparing ") + sql);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, const std::string& value) {
  const int rc =
      sqlite3_bind_text(stmt_, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int i, double value) {
  const int rc = sqlite3_bind_double(stmt_, i, value);
  if (rc != SQLITE_OK) db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int i, long long value) {
  const int rc = sqlite3_bind_int64(stmt_, i, value);
  if (rc != SQLITE_OK) db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int i, const std::optional<double>& value) {
  if (value) return bind(i, *value);
  const int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int i, const std::optional<long long>& value) {
  if (value) return bind(i, *value);
  return bind(i, std::optional<double>());
}

Statement& Statement::bind_text_or_null(int i, const std::string& value) {
  if (!value.empty()) return bind(i, value);
  return bind(i, std::optional<double>());
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail(rc, std::string("running ") + sqlite3_sql(stmt_));
}

void Statement::run() {
  while (step()) {
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }

long long Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

std::optional<double> Statement::optional_real(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return real(col);
}

std::optional<long long> Statement::optional_integer(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return integer(col);
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE", "starting a transaction");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT", "committing a transaction");
  done_ = true;
}

}  // namespace drsim::history::sqlite
