#include "drills/reference.hpp"

#include <algorithm>

namespace drsim::drills {
namespace {

constexpr const char* kUserSchemas =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

std::set<std::string> column_set(PgConn& conn, const std::string& sql, double timeout_s) {
  std::set<std::string> out;
  for (const auto& r : conn.query(sql, {}, timeout_s)) out.insert(r.at(0).value_or(""));
  return out;
}

// The contents of every large object, summed like table rows. Reading them needs SELECT on each
// (pg_read_all_data does not cover large objects): a refusal is remembered, not thrown, and a
// transaction in progress (the source's snapshot) survives it through a savepoint.
void capture_large_objects(PgConn& conn, DbSnapshot& s, double timeout_s) {
  const bool in_snapshot = conn.in_transaction();
  if (in_snapshot) conn.exec("SAVEPOINT drsim_large_objects", timeout_s);
  try {
    s.large_object_sum = conn.scalar(
        "SELECT coalesce(sum(('x' || substr(md5(lo_get(oid)), 1, 16))::bit(64)::bigint), 0)::text "
        "FROM pg_largeobject_metadata",
        {}, timeout_s);
    if (in_snapshot) conn.exec("RELEASE SAVEPOINT drsim_large_objects", timeout_s);
  } catch (const PgError& e) {
    if (in_snapshot) conn.exec("ROLLBACK TO SAVEPOINT drsim_large_objects", timeout_s);
    std::string why = e.what();
    s.large_object_error = why.substr(0, why.find('\n'));
  }
}

void capture_structure(PgConn& conn, DbSnapshot& s, bool restored, double timeout_s) {
  s.structure = true;
  auto seqs = conn.query(
      "SELECT n.nspname || '.' || c.relname, quote_ident(n.nspname) || '.' || "
      "quote_ident(c.relname), has_sequence_privilege(c.oid, 'SELECT') FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND " +
          std::string(kUserSchemas) + " ORDER BY 1",
      {}, timeout_s);
  for (const auto& r : seqs) {
    std::string name = r.at(0).value_or(""), sql = r.at(1).value_or("");
    if (r.at(2).value_or("f") != "t") {
      s.hidden.push_back(name + ": not compared: the reading role may not read the sequence");
      continue;
    }
    try {
      auto v =
          conn.query("SELECT CASE WHEN is_called THEN last_value::text ELSE '' END FROM " + sql, {},
                     timeout_s);
      s.sequences[name] = v.at(0).at(0).value_or("");
    } catch (const PgError& e) {
      if (!restored) throw;  // the source must be readable; a damaged restore is a finding
      s.sequence_errors[name] = e.what();
    }
  }
  s.indexes = column_set(conn,
                         "SELECT n.nspname || '.' || ic.relname || ' on ' || n.nspname || '.' || "
                         "c.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                         "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = "
                         "c.relnamespace WHERE " +
                             std::string(kUserSchemas),
                         timeout_s);
  s.invalid_indexes = column_set(
      conn,
      "SELECT n.nspname || '.' || ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = "
      "i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE NOT i.indisvalid AND " +
          std::string(kUserSchemas),
      timeout_s);
  s.constraints =
      column_set(conn,
                 "SELECT n.nspname || '.' || c.relname || ': ' || con.conname || ' (' "
                 "|| con.contype::text || CASE WHEN con.convalidated THEN '' ELSE ', not "
                 "validated' END || ')' FROM pg_constraint con JOIN pg_class c ON "
                 "c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE " +
                     std::string(kUserSchemas),
                 timeout_s);
  s.large_objects =
      std::stoll(conn.scalar("SELECT count(*) FROM pg_largeobject_metadata", {}, timeout_s));
  if (s.large_objects > 0) capture_large_objects(conn, s, timeout_s);
}

// Roles with their attributes and memberships; drsim's own verification roles are left out.
std::set<std::string> capture_roles(PgConn& conn, double timeout_s) {
  return column_set(
      conn,
      "SELECT r.rolname || ' (' || concat_ws(', ', CASE WHEN r.rolsuper THEN 'superuser' END, "
      "CASE WHEN r.rolcanlogin THEN 'login' END, CASE WHEN r.rolreplication THEN 'replication' "
      "END, CASE WHEN r.rolbypassrls THEN 'bypassrls' END, CASE WHEN r.rolcreatedb THEN "
      "'createdb' END, CASE WHEN r.rolcreaterole THEN 'createrole' END, CASE WHEN NOT "
      "r.rolinherit THEN 'noinherit' END) || ')' || coalesce(' member of ' || (SELECT "
      "string_agg(g.rolname, ', ' ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON "
      "g.oid = m.roleid WHERE m.member = r.oid), '') FROM pg_roles r WHERE r.rolname NOT LIKE "
      "'pg\\_%' AND r.rolname NOT LIKE 'drsim\\_verify\\_%'",
      timeout_s);
}

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < 5; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > 5) out += " and " + std::to_string(items.size() - 5) + " more";
  return out;
}

std::vector<std::string> missing_from(const std::set<std::string>& want,
                                      const std::set<std::string>& have) {
  std::vector<std::string> out;
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(out));
  return out;
}

}  // namespace

DbSnapshot capture_snapshot(PgConn& conn, const CaptureOptions& o, const DbSnapshot* only) {
  DbSnapshot s;
  pin_session(conn);
  if (only) {
    for (const auto& t : only->tables) {
      if (conn.scalar("SELECT to_regclass($1) IS NOT NULL", {t.sql}, o.timeout_s) == "t") {
        s.tables.push_back(t);
      }
    }
  } else if (o.tables.empty()) {
    s.tables = user_tables(conn, o.heartbeat_table, &s.hidden);
  } else {
    for (const auto& name : o.tables) {
      TableSum t;
      t.table = qualify(name);
      t.sql = quote_ident_path(t.table);
      s.tables.push_back(t);
    }
  }
  sum_tables(conn, s.tables, o.timeout_s);
  if (o.structure) capture_structure(conn, s, only != nullptr, o.timeout_s);
  if (o.roles) {
    s.roles_captured = true;
    s.roles = capture_roles(conn, o.timeout_s);
  }
  return s;
}

std::vector<std::string> compare_snapshots(const std::string& db, const DbSnapshot& ref,
                                           const DbSnapshot& got, bool physical,
                                           std::vector<std::string>& notes) {
  auto reasons = compare_sums(db, ref.tables, got.tables, physical, &notes);
  for (const auto& h : ref.hidden) notes.push_back(db + "/" + h + " on the source");
  if (!ref.structure || !got.structure) return reasons;
  for (const auto& [name, value] : ref.sequences) {
    std::string where = db + "/" + name;
    if (auto e = got.sequence_errors.find(name); e != got.sequence_errors.end()) {
      reasons.push_back(where + ": sequence unreadable in the restore: " + e->second);
      continue;
    }
    auto it = got.sequences.find(name);
    if (it == got.sequences.end()) {
      reasons.push_back(where + ": sequence missing in the restore");
    } else if (!value.empty() &&
               (it->second.empty() || std::stoll(it->second) < std::stoll(value))) {
      reasons.push_back(
          where + ": sequence at " + (it->second.empty() ? std::string("its start") : it->second) +
          " in the restore, " + value + " on the source: it would hand out values already used");
    }
  }
  if (auto m = missing_from(ref.indexes, got.indexes); !m.empty()) {
    reasons.push_back(db + ": " + std::to_string(m.size()) +
                      " indexes missing in the restore: " + listed(m));
  }
  if (!got.invalid_indexes.empty()) {
    reasons.push_back(db + ": invalid indexes in the restore: " +
                      listed({got.invalid_indexes.begin(), got.invalid_indexes.end()}));
  }
  if (auto m = missing_from(ref.constraints, got.constraints); !m.empty()) {
    reasons.push_back(db + ": " + std::to_string(m.size()) +
                      " constraints missing in the restore: " + listed(m));
  }
  if (ref.roles_captured && got.roles_captured) {
    if (auto m = missing_from(ref.roles, got.roles); !m.empty()) {
      reasons.push_back(std::to_string(m.size()) +
                        " roles missing or changed in the restore: " + listed(m));
    }
  }
  if (got.large_objects != ref.large_objects) {
    reasons.push_back(db + ": " + std::to_string(got.large_objects) + " large objects restored, " +
                      std::to_string(ref.large_objects) + " on the source");
  } else if (!ref.large_object_error.empty()) {
    notes.push_back(db +
                    ": large object contents not compared: the source role may not read "
                    "them (grant it SELECT on them): " +
                    ref.large_object_error);
  } else if (!got.large_object_error.empty()) {
    reasons.push_back(db + ": large objects unreadable in the restore: " + got.large_object_error);
  } else if (got.large_object_sum != ref.large_object_sum) {
    reasons.push_back(db + ": the contents of the " + std::to_string(ref.large_objects) +
                      " large objects differ from the source");
  }
  return reasons;
}

std::string describe_tables(const std::string& db, const DbSnapshot& s) {
  std::string out;
  for (const auto& t : s.tables) {
    out += db + "/" + t.table + ": " + std::to_string(t.rows) + " rows, checksum " + t.checksum +
           (t.unlogged ? " (unlogged)" : "") + "\n";
  }
  if (s.structure) {
    out += db + ": " + std::to_string(s.sequences.size()) + " sequences, " +
           std::to_string(s.indexes.size()) + " indexes, " + std::to_string(s.constraints.size()) +
           " constraints, " + std::to_string(s.large_objects) + " large objects" +
           (s.roles_captured ? ", " + std::to_string(s.roles.size()) + " roles" : "") + "\n";
  }
  return out;
}

}  // namespace drsim::drills
