// What verification compares of one database, captured the same way on the source (at the
// consistency point, in one snapshot, then released at once) and on the restore: tables and
// materialized views with row counts and checksums, and from verification level standard on the
// sequences, indexes, constraints, large objects and (physical restores) the cluster's roles.
// compare_snapshots() turns differences into reasons (findings) and expected differences (unlogged
// tables after recovery) into notes.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/pg_conn.hpp"
#include "drills/verify.hpp"

namespace drsim::drills {

struct DbSnapshot {
  std::vector<TableSum> tables;
  std::vector<std::string> hidden;  // "name: not compared: why" (privileges, row-level security)
  bool structure = false;           // the fields below were captured
  std::map<std::string, std::string> sequences;        // schema.sequence -> last_value ("" unused)
  std::map<std::string, std::string> sequence_errors;  // restored side: why it is unreadable
  std::set<std::string> indexes;                       // "schema.index on schema.table"
  std::set<std::string> invalid_indexes;
  std::set<std::string> constraints;  // "schema.table: name (kind)"
  long long large_objects = 0;
  std::string large_object_sum;    // order-independent checksum of their contents ("" unread)
  std::string large_object_error;  // why their contents could not be read
  bool roles_captured = false;     // the cluster's roles (physical restores, one database)
  std::set<std::string> roles;     // "name (login, ...) member of a, b"
};

struct CaptureOptions {
  std::vector<std::string> tables;  // verify.tables; empty = every user table
  std::string heartbeat_table;
  bool structure = false;  // level standard and thorough
  double timeout_s = 600;
  bool roles = false;  // the cluster's roles too: a physical restore holds them
};

// Captures a database. `only` (the restore side) limits tables to those of the reference; a
// table missing there is left out, for compare_snapshots() to report.
DbSnapshot capture_snapshot(PgConn& conn, const CaptureOptions& options,
                            const DbSnapshot* only = nullptr);

// Reasons the restore differs from the reference (empty when it matches), each prefixed with
// `db`; expected differences go to `notes`. `physical`: pitr or failover (unlogged tables empty).
std::vector<std::string> compare_snapshots(const std::string& db, const DbSnapshot& reference,
                                           const DbSnapshot& restored, bool physical,
                                           std::vector<std::string>& notes);

// One journal line per table: "public.orders 50000 rows sum 123…".
std::string describe_tables(const std::string& db, const DbSnapshot& s);

}  // namespace drsim::drills
