// Internal to the MariaDB target: the steps its methods share (mariadb_run.cpp), which the
// replica failover (mariadb_failover.cpp) runs around its own.
#pragma once

#include <functional>
#include <string>

#include "drills/mariadb_run.hpp"

namespace drsim::drills {

// How long a connection to the source or the scratch server may take, and each of its reads.
constexpr double kConnectTimeout = 5;

// Tools, the source (version, binary log, databases), the run directory and the source's option
// file.
void preflight_mariadb(MariadbRun& r);
// The opt-in heartbeat: a row of heartbeat.table, REPLACEd every interval.
void start_heartbeat(MariadbRun& r);
// mariabackup --backup (physical, failover) or mariadb-dump (logical) into the run directory.
void take_backup(MariadbRun& r);
// Copies the backup into the data directory and prepares the copy, in step `step`.
void prepare_copy(MariadbRun& r, const std::string& step, StepLog& log);
// Starts the scratch server (`physical`: on a prepared backup) and waits until it answers.
void start_server(MariadbRun& r, bool physical, StepLog& log, const std::string& step);
// Stops the heartbeat; the source's binary log position and tables in one snapshot. `before`
// and `after` run in the same step (a replica is stopped before and held at the position after).
void take_reference(MariadbRun& r, const std::function<void()>& before = {},
                    const std::function<void(StepLog&)>& after = {});
// answers_queries and writable: the RTO ends at the write.
void wait_ready(MariadbRun& r);
void measure_rpo(MariadbRun& r);
void verify_tables(MariadbRun& r);
void check_tables(MariadbRun& r);
void run_probes(MariadbRun& r);
// The replica failover method (mariadb_failover.cpp), after preflight.
void run_mariadb_failover(MariadbRun& r);

}  // namespace drsim::drills
