// A small libpq client for drills: connect with a libpq connection string plus a password held
// apart from it, run queries that honour a deadline and SIGINT/SIGTERM (the server-side query
// is cancelled), and read results as text. Error messages never contain the password.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/errors.hpp"

typedef struct pg_conn PGconn;

namespace drsim::drills {

// A failed connection or query (exit 4 if it escapes; verification turns it into a finding).
class PgError : public EnvironmentError {
 public:
  using EnvironmentError::EnvironmentError;
};

using Row = std::vector<std::optional<std::string>>;

// Where to connect: a libpq connection string, an optional database that overrides the one in
// it, and the password (kept out of the string so it never appears in messages).
struct ConnTarget {
  std::string conninfo;
  std::string password;
  std::string dbname;  // "" = the conninfo's own
  std::string what;    // "the source", "the restored server": names it in messages
};

class PgConn {
 public:
  // Connects within `timeout_s` seconds (>= 1); throws PgError with a hint when it cannot.
  static PgConn connect(const ConnTarget& target, double timeout_s = 10);
  // Like connect() but returns nullptr and sets `error` instead of throwing (for wait loops).
  static std::unique_ptr<PgConn> try_connect(const ConnTarget& target, double timeout_s,
                                             std::string& error);

  PgConn(PgConn&&) noexcept;
  PgConn& operator=(PgConn&&) noexcept;
  ~PgConn();

  // Runs one statement with text parameters; returns its rows. Throws PgError on failure,
  // Cancelled on SIGINT/SIGTERM (after cancelling the query on the server).
  std::vector<Row> query(const std::string& sql, const std::vector<std::string>& params = {},
                         double timeout_s = 600);
  // The first column of the first row ("" for NULL or no rows).
  std::string scalar(const std::string& sql, const std::vector<std::string>& params = {},
                     double timeout_s = 600);
  // Runs statements that return no rows (may be several separated by ';' when no params).
  void exec(const std::string& sql, double timeout_s = 600);
  // True inside a transaction block (BEGIN without its COMMIT yet).
  bool in_transaction() const;
  const std::string& what() const { return what_; }

 private:
  PgConn(PGconn* conn, std::string what) : conn_(conn), what_(std::move(what)) {}
  PGconn* conn_ = nullptr;
  std::string what_;
};

// Quotes an identifier path "schema.table" as "schema"."table".
std::string quote_ident_path(const std::string& path);
// Quotes a string literal for SQL ('it''s').
std::string quote_literal(const std::string& text);

}  // namespace drsim::drills
