#include "drills/mariadb_conn.hpp"

#include <mysql.h>

#include <cmath>

namespace drsim::drills {

MariadbConn::MariadbConn(const MariadbAddress& where, const std::string& password, double timeout_s,
                         const std::string& db)
    : shown_(where.shown()) {
  c_ = mysql_init(nullptr);
  if (!c_) throw MariadbError("out of memory connecting to " + shown_);
  const unsigned seconds = static_cast<unsigned>(std::max(1.0, std::ceil(timeout_s)));
  mysql_options(c_, MYSQL_OPT_CONNECT_TIMEOUT, &seconds);
  mysql_options(c_, MYSQL_OPT_READ_TIMEOUT, &seconds);
  mysql_options(c_, MYSQL_OPT_WRITE_TIMEOUT, &seconds);
  // Neither the client's option files nor LOAD DATA LOCAL: only what the drill spec says.
  const unsigned protocol = where.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_options(c_, MYSQL_OPT_PROTOCOL, &protocol);
  const unsigned int no = 0;
  mysql_options(c_, MYSQL_OPT_LOCAL_INFILE, &no);
  std::string host = "localhost";
  unsigned port = 0;
  if (where.socket.empty()) {
    const auto colon = where.address.rfind(':');
    host = where.address.substr(0, colon);
    port = static_cast<unsigned>(std::stoul(where.address.substr(colon + 1)));
  }
  if (!mysql_real_connect(c_, host.c_str(), where.user.c_str(),
                          password.empty() ? nullptr : password.c_str(),
                          db.empty() ? nullptr : db.c_str(), port,
                          where.socket.empty() ? nullptr : where.socket.c_str(), 0)) {
    std::string why = mysql_error(c_);
    mysql_close(c_);
    c_ = nullptr;
    throw MariadbError("cannot connect to MariaDB at " + shown_ + ": " + why);
  }
  mysql_set_character_set(c_, "utf8mb4");
}

MariadbConn::~MariadbConn() {
  if (c_) mysql_close(c_);
}

MYSQL_RES* MariadbConn::run(const std::string& sql) {
  if (mysql_real_query(c_, sql.data(), sql.size()) != 0) {
    throw MariadbError(shown_ + ": " + mysql_error(c_));
  }
  MYSQL_RES* res = mysql_store_result(c_);
  if (!res && mysql_field_count(c_) != 0) throw MariadbError(shown_ + ": " + mysql_error(c_));
  return res;
}

std::vector<MariadbRow> MariadbConn::query(const std::string& sql) {
  std::vector<MariadbRow> rows;
  MYSQL_RES* res = run(sql);
  if (!res) return rows;
  const unsigned n = mysql_num_fields(res);
  while (MYSQL_ROW r = mysql_fetch_row(res)) {
    const unsigned long* lengths = mysql_fetch_lengths(res);
    MariadbRow row(n);
    for (unsigned i = 0; i < n; ++i) {
      if (r[i]) row[i] = std::string(r[i], lengths[i]);
    }
    rows.push_back(std::move(row));
  }
  mysql_free_result(res);
  return rows;
}

std::string MariadbConn::scalar(const std::string& sql) {
  const auto rows = query(sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return *rows[0][0];
}

std::map<std::string, std::string> MariadbConn::row_by_name(const std::string& sql) {
  MYSQL_RES* res = run(sql);
  std::map<std::string, std::string> out;
  if (!res) return out;
  const unsigned n = mysql_num_fields(res);
  const MYSQL_FIELD* fields = mysql_fetch_fields(res);
  if (MYSQL_ROW r = mysql_fetch_row(res)) {
    const unsigned long* lengths = mysql_fetch_lengths(res);
    for (unsigned i = 0; i < n; ++i) {
      out[fields[i].name] = r[i] ? std::string(r[i], lengths[i]) : std::string();
    }
  }
  mysql_free_result(res);
  return out;
}

std::string MariadbConn::literal(const std::string& text) {
  std::string out(text.size() * 2 + 1, '\0');
  const auto n = mysql_real_escape_string(c_, out.data(), text.data(), text.size());
  out.resize(n);
  return "'" + out + "'";
}

std::string quote_name(const std::string& name) {
  std::string out = "`";
  for (char ch : name) {
    if (ch == '`') out += '`';
    out += ch;
  }
  return out + "`";
}

}  // namespace drsim::drills
