#include "drills/mariadb_tables.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

namespace drsim::drills {

std::optional<BinlogPosition> parse_dump_position(const std::string& head) {
  static const std::regex re(R"(CHANGE MASTER TO MASTER_LOG_FILE='([^']+)', MASTER_LOG_POS=(\d+))");
  std::smatch m;
  if (!std::regex_search(head, m, re)) return std::nullopt;
  return BinlogPosition{m[1], std::stoll(m[2])};
}

std::optional<BinlogPosition> parse_binlog_info(const std::string& text) {
  std::istringstream in(text);
  BinlogPosition p;
  std::string pos;
  if (!(in >> p.file >> pos) || pos.empty() ||
      !std::all_of(pos.begin(), pos.end(), [](unsigned char c) { return std::isdigit(c); }) ||
      pos.size() > 18) {
    return std::nullopt;
  }
  p.pos = std::stoll(pos);
  return p;
}

bool system_database(const std::string& db) {
  return db == "mysql" || db == "sys" || db == "information_schema" || db == "performance_schema";
}

void pin_mariadb_session(MariadbConn& conn) { conn.query("SET time_zone = '+00:00'"); }

std::vector<MariadbTable> sum_mariadb_tables(MariadbConn& conn,
                                             const std::vector<std::string>& databases,
                                             const std::vector<std::string>& tables,
                                             const std::string& exclude) {
  std::string in;
  for (const auto& db : databases) in += (in.empty() ? "" : ", ") + conn.literal(db);
  if (in.empty()) return {};
  // Columns of every base table, in table and column order.
  const auto cols = conn.query(
      "SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c "
      "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = "
      "c.TABLE_NAME WHERE t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_SCHEMA IN (" +
      in + ") ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION");
  std::map<std::string, std::vector<std::string>> columns;  // db.table -> quoted columns
  std::map<std::string, std::string> quoted;                // db.table -> `db`.`table`
  for (const auto& r : cols) {
    const std::string name = r.at(0).value_or("") + "." + r.at(1).value_or("");
    if (name == exclude) continue;
    if (!tables.empty() && std::find(tables.begin(), tables.end(), name) == tables.end()) continue;
    columns[name].push_back(quote_name(r.at(2).value_or("")));
    quoted[name] = quote_name(r.at(0).value_or("")) + "." + quote_name(r.at(1).value_or(""));
  }
  std::vector<MariadbTable> out;
  for (const auto& [name, cs] : columns) {
    std::string row = "CONCAT_WS(','";
    for (const auto& c : cs) row += ", QUOTE(" + c + ")";
    row += ")";
    const auto r = conn.query("SELECT COUNT(*), CAST(COALESCE(SUM(CAST(CONV(LEFT(MD5(" + row +
                              "), 15), 16, 10) AS UNSIGNED)), 0) AS CHAR) FROM " + quoted[name]);
    MariadbTable t;
    t.name = name;
    t.rows = std::stoll(r.at(0).at(0).value_or("0"));
    t.sum = r.at(0).at(1).value_or("0");
    out.push_back(t);
  }
  return out;
}

std::vector<std::string> compare_mariadb_tables(const std::vector<MariadbTable>& reference,
                                                const std::vector<MariadbTable>& restored) {
  std::map<std::string, const MariadbTable*> got;
  for (const auto& t : restored) got[t.name] = &t;
  std::vector<std::string> reasons;
  for (const auto& ref : reference) {
    auto it = got.find(ref.name);
    if (it == got.end()) {
      reasons.push_back(ref.name + ": missing from the restored copy");
    } else if (it->second->rows != ref.rows) {
      reasons.push_back(ref.name + ": " + std::to_string(it->second->rows) + " rows restored, " +
                        std::to_string(ref.rows) + " in the reference");
    } else if (it->second->sum != ref.sum) {
      reasons.push_back(ref.name + ": " + std::to_string(ref.rows) +
                        " rows, but their contents differ (checksum " + it->second->sum +
                        " restored, " + ref.sum + " in the reference)");
    }
  }
  return reasons;
}

}  // namespace drsim::drills
