#include "drills/verify.hpp"

#include <algorithm>
#include <map>

#include "model/units.hpp"

namespace drsim::drills {

std::string qualify(const std::string& table) {
  return table.find('.') == std::string::npos ? "public." + table : table;
}

void pin_session(PgConn& conn) {
  conn.exec(
      "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
      "SET extra_float_digits = 3; SET bytea_output = 'hex'; SET lc_monetary = 'C'");
}

std::vector<std::string> user_tables(PgConn& conn, const std::string& heartbeat_table) {
  auto rows = conn.query(
      "SELECT n.nspname || '.' || c.relname FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1");
  std::vector<std::string> out;
  std::string hb = qualify(heartbeat_table);
  for (const auto& r : rows) {
    if (r[0] && *r[0] != hb) out.push_back(*r[0]);
  }
  return out;
}

std::vector<TableSum> table_sums(PgConn& conn, const std::vector<std::string>& tables,
                                 const std::string& heartbeat_table, double timeout_s) {
  std::vector<std::string> names;
  if (tables.empty()) {
    names = user_tables(conn, heartbeat_table);
  } else {
    for (const auto& t : tables) names.push_back(qualify(t));
  }
  std::vector<TableSum> out;
  for (const auto& t : names) {
    auto rows = conn.query(
        "SELECT count(*)::text, coalesce(sum(('x' || left(md5(r::text), 16))::bit(64)::bigint"
        "::numeric), 0)::text FROM " +
            quote_ident_path(t) + " AS r",
        {}, timeout_s);
    TableSum s;
    s.table = t;
    s.rows = std::stoll(rows.at(0).at(0).value_or("0"));
    s.checksum = rows.at(0).at(1).value_or("0");
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> compare_sums(const std::string& db, const std::vector<TableSum>& reference,
                                      const std::vector<TableSum>& restored) {
  std::vector<std::string> reasons;
  std::map<std::string, const TableSum*> got;
  for (const auto& s : restored) got[s.table] = &s;
  for (const auto& ref : reference) {
    auto it = got.find(ref.table);
    std::string where = db + "/" + ref.table;
    if (it == got.end()) {
      reasons.push_back(where + ": table missing in the restore");
      continue;
    }
    const TableSum& r = *it->second;
    if (r.rows != ref.rows) {
      reasons.push_back(where + ": " + std::to_string(r.rows) + " rows restored, " +
                        std::to_string(ref.rows) + " on the source at the consistency point");
    } else if (r.checksum != ref.checksum) {
      reasons.push_back(where + ": checksum differs with the same " + std::to_string(r.rows) +
                        " rows (row contents changed)");
    }
    got.erase(it);
  }
  for (const auto& [name, s] : got) {
    reasons.push_back(db + "/" + name + ": table in the restore but not on the source");
  }
  return reasons;
}

std::string run_probe(PgConn& restored, const ProbeSpec& probe, double timeout_s) {
  std::string got;
  try {
    auto rows = restored.query(probe.sql, {}, timeout_s);
    if (rows.empty() || rows[0].empty()) {
      return "probe '" + probe.name + "': returned no rows, expected '" + probe.expect + "'";
    }
    got = rows[0][0].value_or("NULL");
  } catch (const PgError& e) {
    return "probe '" + probe.name + "': failed: " + e.what();
  }
  auto norm = [](const std::string& s) {
    if (s == "true") return std::string("t");
    if (s == "false") return std::string("f");
    return s;
  };
  if (norm(got) == norm(probe.expect)) return "";
  return "probe '" + probe.name + "': expected '" + probe.expect + "', got '" + got + "'";
}

std::string check_freshness(PgConn& restored, const FreshnessSpec& f, double reference_epoch,
                            double timeout_s) {
  std::string where = qualify(f.table) + "." + f.column;
  std::string newest;
  try {
    newest = restored.scalar("SELECT extract(epoch FROM max(" + quote_ident_path(f.column) +
                                 "))::text FROM " + quote_ident_path(qualify(f.table)),
                             {}, timeout_s);
  } catch (const PgError& e) {
    return "freshness of " + where + ": query failed: " + e.what();
  }
  if (newest.empty()) return "freshness of " + where + ": the table has no rows";
  double age = reference_epoch - std::stod(newest);
  if (age <= f.within_s) return "";
  return "freshness of " + where + ": the newest row is " + units::format_duration(age) +
         " older than the consistency point (allowed " + units::format_duration(f.within_s) + ")";
}

}  // namespace drsim::drills
