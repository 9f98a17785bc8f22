// A connection to a MariaDB (or MySQL) server through Debian's libmariadb: over TCP (host:port)
// or a Unix socket, with a timeout on connecting and on every read and write, and a password
// that is never shown. MariaDB drills use it to reach the source (version, binary log, the
// reference snapshot, the heartbeat) and the scratch server they start (readiness, tables,
// probes).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/errors.hpp"

struct st_mysql;
struct st_mysql_res;

namespace drsim::drills {

// The server refused a statement or the connection failed; what() says which and why.
class MariadbError : public EnvironmentError {
 public:
  using EnvironmentError::EnvironmentError;
};

// Where a MariaDB server listens and who drsim is there.
struct MariadbAddress {
  std::string address;  // host:port
  std::string socket;   // used when not empty
  std::string user;
  std::string shown() const { return socket.empty() ? address : socket; }
};

using MariadbRow = std::vector<std::optional<std::string>>;  // nullopt: SQL NULL

class MariadbConn {
 public:
  // Connects (database `db`, "" = none); throws MariadbError.
  MariadbConn(const MariadbAddress& where, const std::string& password, double timeout_s,
              const std::string& db = {});
  ~MariadbConn();
  MariadbConn(const MariadbConn&) = delete;
  MariadbConn& operator=(const MariadbConn&) = delete;

  // Runs one statement and returns its rows (none for a statement without a result).
  std::vector<MariadbRow> query(const std::string& sql);
  // The first column of the first row ("" when there is none or it is NULL).
  std::string scalar(const std::string& sql);
  // The first row by column name (NULL as ""; empty when there is no row): SHOW ... STATUS.
  std::map<std::string, std::string> row_by_name(const std::string& sql);
  // A string literal for `text`, quoted and escaped for this connection.
  std::string literal(const std::string& text);

 private:
  // Runs `sql`; its result set (the caller frees it), or nullptr for a statement without one.
  st_mysql_res* run(const std::string& sql);

  st_mysql* c_ = nullptr;
  std::string shown_;
};

// `name` quoted as a MariaDB identifier (`a``b`).
std::string quote_name(const std::string& name);

}  // namespace drsim::drills
