#include "drills/pg_conn.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>

#include "drills/cancel.hpp"

namespace drsim::drills {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::unique_ptr<PgConn> PgConn::try_connect(const ConnTarget& t, double timeout_s,
                                            std::string& error) {
  std::string timeout = std::to_string(std::max(1, static_cast<int>(timeout_s + 0.5)));
  std::vector<const char*> keys{"dbname", "connect_timeout", "application_name"};
  std::vector<const char*> values{t.conninfo.c_str(), timeout.c_str(), "drsim"};
  if (!t.password.empty()) {
    keys.push_back("password");
    values.push_back(t.password.c_str());
  }
  if (!t.dbname.empty()) {
    keys.push_back("dbname");  // a second dbname is a plain database name (libpq docs)
    values.push_back(t.dbname.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* c = PQconnectdbParams(keys.data(), values.data(), 1);
  if (c == nullptr || PQstatus(c) != CONNECTION_OK) {
    // libpq never repeats the password (it is a separate parameter, not in the conninfo).
    error = trim(c ? PQerrorMessage(c) : "out of memory");
    if (c) PQfinish(c);
    return nullptr;
  }
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);  // NOTICEs are not drsim output
  return std::unique_ptr<PgConn>(new PgConn(c, t.what));
}

PgConn PgConn::connect(const ConnTarget& t, double timeout_s) {
  std::string error;
  auto c = try_connect(t, timeout_s, error);
  if (!c) {
    throw PgError("cannot connect to " + t.what + ": " + error,
                  "check that the server runs and that the connection string, user and "
                  "password are right");
  }
  return std::move(*c);
}

PgConn::PgConn(PgConn&& o) noexcept : conn_(o.conn_), what_(std::move(o.what_)) {
  o.conn_ = nullptr;
}

PgConn& PgConn::operator=(PgConn&& o) noexcept {
  if (this != &o) {
    if (conn_) PQfinish(conn_);
    conn_ = o.conn_;
    what_ = std::move(o.what_);
    o.conn_ = nullptr;
  }
  return *this;
}

PgConn::~PgConn() {
  if (conn_) PQfinish(conn_);
}

std::vector<Row> PgConn::query(const std::string& sql, const std::vector<std::string>& params,
                               double timeout_s) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  int sent = params.empty() ? PQsendQuery(conn_, sql.c_str())
                            : PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(params.size()),
                                                nullptr, values.data(), nullptr, nullptr, 0);
  if (!sent) throw PgError(what_ + ": " + trim(PQerrorMessage(conn_)));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  auto cancel_query = [&]() {
    if (PGcancel* cancel = PQgetCancel(conn_)) {
      char err[256];
      PQcancel(cancel, err, sizeof err);
      PQfreeCancel(cancel);
    }
  };
  while (PQisBusy(conn_)) {
    struct pollfd pfd {
      PQsocket(conn_), POLLIN, 0
    };
    ::poll(&pfd, 1, 50);
    if (!PQconsumeInput(conn_)) break;
    if (pending_signal() != 0) {
      cancel_query();
      throw_if_cancelled();
    }
    if (std::chrono::steady_clock::now() > deadline) {
      cancel_query();
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
      throw PgError(what_ + ": query timed out after " + std::to_string(timeout_s) + " s");
    }
  }
  std::vector<Row> rows;
  std::string error;
  while (PGresult* r = PQgetResult(conn_)) {
    auto status = PQresultStatus(r);
    if (status == PGRES_TUPLES_OK) {
      rows.clear();
      for (int i = 0; i < PQntuples(r); ++i) {
        Row row;
        for (int j = 0; j < PQnfields(r); ++j) {
          if (PQgetisnull(r, i, j))
            row.emplace_back(std::nullopt);
          else
            row.emplace_back(std::string(PQgetvalue(r, i, j)));
        }
        rows.push_back(std::move(row));
      }
    } else if (status != PGRES_COMMAND_OK && error.empty()) {
      error = trim(PQresultErrorMessage(r));
    }
    PQclear(r);
  }
  if (!error.empty()) throw PgError(what_ + ": " + error);
  if (PQstatus(conn_) != CONNECTION_OK) {
    throw PgError(what_ + ": connection lost: " + trim(PQerrorMessage(conn_)));
  }
  return rows;
}

std::string PgConn::scalar(const std::string& sql, const std::vector<std::string>& params,
                           double timeout_s) {
  auto rows = query(sql, params, timeout_s);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

void PgConn::exec(const std::string& sql, double timeout_s) { query(sql, {}, timeout_s); }

bool PgConn::in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

std::string quote_ident_path(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    std::string part =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    std::string q = "\"";
    for (char c : part) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += q + "\"";
    if (dot == std::string::npos) break;
    out += ".";
    start = dot + 1;
  }
  return out;
}

std::string quote_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace drsim::drills
