// Verification of restored data (docs/drill-format.md, "Verification"): per table a row count
// and an order-independent checksum (the sum of the first 64 bits of md5 of each row's text,
// with session settings pinned so both sides print rows alike), compared between the source at
// the consistency point and the restore; SQL probes with expected values; and freshness checks
// ("the newest row is within N of the consistency point"). Mismatches come back as reasons.
#pragma once

#include <string>
#include <vector>

#include "drills/drill_spec.hpp"
#include "drills/pg_conn.hpp"

namespace drsim::drills {

struct TableSum {
  std::string table;  // schema.table as named in the catalogue (for people)
  long long rows = 0;
  std::string checksum;   // decimal sum, "0" for an empty table
  std::string sql;        // the quoted identifier ("public"."AspNetUsers"); "" = from `table`
  bool unlogged = false;  // an unlogged table: empty after a physical restore, by design
};

// Pins the settings that change how rows print (time zone, date style, float digits, ...).
void pin_session(PgConn& conn);
// User tables and populated materialized views of the connected database (sorted by schema and
// name, any spelling of names), without drsim's heartbeat table; rows and checksum not read.
// `hidden` gets the tables the connected role may not read, or only filtered by row-level
// security ("name: not compared: why").
std::vector<TableSum> user_tables(PgConn& conn, const std::string& heartbeat_table,
                                  std::vector<std::string>* hidden = nullptr);
// Fills in count and checksum of each table.
void sum_tables(PgConn& conn, std::vector<TableSum>& tables, double timeout_s);
// Reasons the restored tables differ from the reference (empty when they match); `db` prefixes
// each reason. After a `physical` restore an unlogged table is expected empty: it goes to
// `notes` instead of the reasons.
std::vector<std::string> compare_sums(const std::string& db, const std::vector<TableSum>& reference,
                                      const std::vector<TableSum>& restored, bool physical = false,
                                      std::vector<std::string>* notes = nullptr);
// Runs one probe on the restored database; returns "" if it passed, else the reason.
std::string run_probe(PgConn& restored, const ProbeSpec& probe, double timeout_s);
// Checks that the newest value of a timestamp column is at most `within_s` older than
// `reference_epoch`; returns "" if fresh enough, else the reason.
std::string check_freshness(PgConn& restored, const FreshnessSpec& f, double reference_epoch,
                            double timeout_s);
// "schema.table" with "public." added to a bare table name.
std::string qualify(const std::string& table);

}  // namespace drsim::drills
