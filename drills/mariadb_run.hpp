// The MariaDB target (docs/drill-format.md "MariaDB"): method `physical` restores a mariabackup
// backup (taken by drsim, or an existing directory, always prepared on a copy), method `logical`
// a mariadb-dump file loaded into a fresh instance; either is then rolled forward with the
// source's binary logs (`binlog_dir`, frozen at the declared loss) to the reference point or a
// target time. The scratch mariadbd listens on a private Unix socket in the run directory only
// (no TCP port, no grant tables, no replication, no events). RTO ends at a write to the restored
// copy; RPO comes from the heartbeat row (else the backup's age); verification compares every
// table's row count and checksum with the source's at the same binary log position, runs CHECK
// TABLE and the probes, and the scratch server is always stopped and the run directory removed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drills/key_value_run.hpp"
#include "drills/mariadb_conn.hpp"
#include "drills/mariadb_tables.hpp"
#include "platform/child.hpp"

namespace drsim::drills {

struct MariadbRun : KeyValueRun {
  using KeyValueRun::KeyValueRun;
  ~MariadbRun() override { cleanup(); }

  MariadbAddress source;
  std::string password;
  bool log_bin = false;     // the source writes a binary log
  std::string binlog_base;  // the binary logs' file name prefix ("binlog" of binlog.000001)
  std::vector<std::string> databases;        // what is restored and compared, in name order
  std::string source_cnf;                    // option file of the source's tools (user, password)
  std::string backup_path;                   // the dump file or the backup directory restored
  std::optional<BinlogPosition> backup_pos;  // where the backup ends in the binary log
  std::optional<double> backup_epoch;        // when drsim took the backup
  // The source's tables read in one snapshot at the declared loss, and its binary log position.
  std::optional<std::vector<MariadbTable>> reference;
  std::optional<BinlogPosition> reference_pos;
  double reference_epoch = 0;
  std::vector<std::string> frozen_binlogs;  // copies in the run directory, oldest first
  bool rolled_forward = false;              // the binary logs were replayed up to the reference
  std::string data_dir, socket_path, pid_file, log_file;
  std::vector<std::string> server_extra;  // more options of the scratch server (a replica's)
  platform::Child server;

  // The scratch server: root over its private socket (it runs without grant tables).
  MariadbAddress scratch() const { return {"", socket_path, "root"}; }
  std::string server_program() const;

  std::string restored_how() const override;
  std::string restored_into() const override { return "a scratch mariadbd"; }
  void cleanup() noexcept override;
};

// The steps of a MariaDB drill for the runner (runner.cpp); sets `past_preflight` once
// preflight passed.
void run_mariadb(MariadbRun& r, bool& past_preflight);

}  // namespace drsim::drills
