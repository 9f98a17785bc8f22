// What a MariaDB drill reads and compares of a database server: binary log positions (where a
// backup ends, where the reference snapshot stands) and, per table, the row count and an
// order-independent checksum of its rows, read in one consistent snapshot on the source and on
// the restored copy the same way.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drills/mariadb_conn.hpp"

namespace drsim::drills {

// A position in a server's binary log: file name (no directory) and byte offset.
struct BinlogPosition {
  std::string file;
  long long pos = 0;
  std::string shown() const { return file + ":" + std::to_string(pos); }
  bool operator==(const BinlogPosition& o) const { return file == o.file && pos == o.pos; }
  bool operator!=(const BinlogPosition& o) const { return !(*this == o); }
};

// The position `mariadb-dump --master-data=2` writes in a dump's head
// ("-- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000001', MASTER_LOG_POS=1531;").
std::optional<BinlogPosition> parse_dump_position(const std::string& head);
// The position in mariabackup's xtrabackup_binlog_info ("binlog.000001\t1531\t0-1-7").
std::optional<BinlogPosition> parse_binlog_info(const std::string& text);

// One table: `database.table`, its row count and the sum of the first 60 bits of the MD5 of each
// row's quoted values (order-independent; exact for any row order and storage).
struct MariadbTable {
  std::string name;
  long long rows = 0;
  std::string sum;
};

// Databases that are the server's own (mysql, sys, information_schema, performance_schema).
bool system_database(const std::string& db);

// Pins the session (UTC, so TIMESTAMP columns read alike on both sides).
void pin_mariadb_session(MariadbConn& conn);

// The base tables of `databases` (or only `tables`, `database.table`, when given), without
// `exclude` (the heartbeat table), each with its count and sum, in name order. Runs in whatever
// transaction the connection holds.
std::vector<MariadbTable> sum_mariadb_tables(MariadbConn& conn,
                                             const std::vector<std::string>& databases,
                                             const std::vector<std::string>& tables,
                                             const std::string& exclude);

// Reasons the restored tables differ from the reference (empty when they match).
std::vector<std::string> compare_mariadb_tables(const std::vector<MariadbTable>& reference,
                                                const std::vector<MariadbTable>& restored);

}  // namespace drsim::drills
