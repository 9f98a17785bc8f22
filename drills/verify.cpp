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

std::vector<TableSum> user_tables(PgConn& conn, const std::string& heartbeat_table,
                                  std::vector<std::string>* hidden) {
  // Row-level security filters what a role without BYPASSRLS reads (owners too, when forced).
  auto rows = conn.query(
      "SELECT n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || "
      "quote_ident(c.relname), c.relpersistence = 'u', c.relrowsecurity AND NOT (SELECT "
      "rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) AND "
      "(c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE')), "
      "has_table_privilege(c.oid, 'SELECT') "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated)) "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY n.nspname, c.relname");
  std::vector<TableSum> out;
  std::string hb = qualify(heartbeat_table);
  for (const auto& r : rows) {
    std::string name = r.at(0).value_or("");
    if (name == hb) continue;
    if (hidden && r.at(4).value_or("f") != "t") {
      hidden->push_back(name + ": not compared: the reading role may not SELECT it");
      continue;
    }
    if (hidden && r.at(3).value_or("f") == "t") {
      hidden->push_back(name +
                        ": not compared: row-level security hides rows from the reading role "
                        "(grant it BYPASSRLS to compare)");
      continue;
    }
    TableSum t;
    t.table = name;
    t.sql = r.at(1).value_or("");
    t.unlogged = r.at(2).value_or("f") == "t";
    out.push_back(t);
  }
  return out;
}

void sum_tables(PgConn& conn, std::vector<TableSum>& tables, double timeout_s) {
  for (auto& t : tables) {
    auto rows = conn.query(
        "SELECT count(*)::text, coalesce(sum(('x' || left(md5(r::text), 16))::bit(64)::bigint"
        "::numeric), 0)::text FROM " +
            (t.sql.empty() ? quote_ident_path(t.table) : t.sql) + " AS r",
        {}, timeout_s);
    t.rows = std::stoll(rows.at(0).at(0).value_or("0"));
    t.checksum = rows.at(0).at(1).value_or("0");
  }
}

std::vector<std::string> compare_sums(const std::string& db, const std::vector<TableSum>& reference,
                                      const std::vector<TableSum>& restored, bool physical,
                                      std::vector<std::string>* notes) {
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
    got.erase(it);
    if (physical && ref.unlogged) {
      // Recovery resets unlogged tables to empty: that is PostgreSQL's design, not a loss.
      if (r.rows == 0 && notes) {
        notes->push_back(where + ": unlogged, empty after recovery as expected (" +
                         std::to_string(ref.rows) + " rows on the source)");
        continue;
      }
    }
    if (r.rows != ref.rows) {
      reasons.push_back(where + ": " + std::to_string(r.rows) + " rows restored, " +
                        std::to_string(ref.rows) + " on the source at the consistency point");
    } else if (r.checksum != ref.checksum) {
      reasons.push_back(where + ": checksum differs with the same " + std::to_string(r.rows) +
                        " rows (row contents changed)");
    }
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
