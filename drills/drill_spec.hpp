// The drill spec (docs/drill-format.md): what to restore, how, into which scratch target, how to
// verify it and which objectives to judge it against. load_drill() reads a YAML or JSON file into
// a DrillSpec and reports every mistake at once with located diagnostics, like the model loader.
// A spec never holds a password: only where to read it from (an environment variable or a file).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/document.hpp"

namespace drsim::drills {

// What a drill restores (docs/drill-format.md "Targets"): each target has its own source, backup
// and verification keys and its own steps, and shares the journal, the result shape, the safety
// rules and the cleanup with every other (run_state.hpp).
enum class Target { kPostgresql, kRedis, kEtcd, kMariadb, kS3 };
const char* to_string(Target t);

// PostgreSQL: pitr, logical, failover. Redis: rdb (a snapshot loaded into a scratch server), aof
// (an append-only file directory replayed by one).
// etcd: snapshot (a snapshot restored into a scratch member). MariaDB: physical (mariabackup),
// logical (mariadb-dump), each optionally rolled forward with the binary logs. S3: versions (the
// source bucket's object versions at a time), copy (a secondary bucket).
enum class Method {
  kPitr,
  kLogical,
  kFailover,
  kRdb,
  kSnapshot,
  kPhysical,
  kAof,
  kVersions,
  kCopy
};
const char* to_string(Method m);

// Where a connection's password comes from; both empty means no password (trust, peer, .pgpass).
struct PasswordSource {
  std::string env;   // name of an environment variable
  std::string file;  // path of a file whose first line is the password
};

// TLS to a source (etcd): the CA that signed its certificate and, for client certificate
// authentication, drsim's certificate and key (paths; the key is never read by drsim itself).
struct TlsSpec {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  bool enabled() const { return !ca_file.empty(); }
};

struct SourceSpec {
  std::string conninfo;       // postgresql: libpq connection string without a password
  std::string address;        // redis, etcd, s3: host:port (etcd, s3: `endpoint`)
  std::string user;           // etcd: the user to authenticate as ("" = no authentication); mariadb
  std::string socket;         // redis, mariadb: a Unix socket path (instead of an address)
  std::string datadir;        // mariadb physical: the source's data directory ("" = @@datadir)
  PasswordSource password;    // s3: the secret key
  TlsSpec tls;                // etcd
  PasswordSource access_key;  // s3: the access key (secret_key_* is `password`)
  std::string region = "us-east-1";  // s3
  std::string bucket;                // s3
  std::string prefix;                // s3: only keys under it ("" = the whole bucket)
  bool https = false;                // s3: TLS (the system's CAs)
  SourceLoc loc;
};

struct BackupSpec {
  bool take = true;         // drsim takes the backup; false: use an existing one
  std::string base_dir;     // pitr, existing: a plain-format pg_basebackup directory
  std::string archive_dir;  // pitr: the source's WAL archive directory (read only)
  std::string dump_file;    // logical, existing: a pg_dump -Fc file (mariadb: a mariadb-dump file)
  std::string backup_dir;   // mariadb physical, existing: a mariabackup directory (read only)
  std::string binlog_dir;   // mariadb: the source's binary logs, replayed after the backup
  std::vector<std::string> databases;  // mariadb logical: databases to dump (default: all)
  std::string rdb_file;                // redis, existing: an RDB snapshot file (read only)
  std::string aof_dir;                 // redis aof: an appendonlydir (copied at the loss)
  std::string snapshot_file;  // etcd, existing: an `etcdctl snapshot save` file (read only)
  std::string database;       // logical: database to dump (default: the conninfo's dbname)
  std::string bucket;         // s3 copy: the secondary bucket (same endpoint and credentials)
  std::string prefix;         // s3 copy: the secondary's prefix for the source's prefix
  bool fast_checkpoint = true;
  double loss_after_s = 0;  // how long the source runs on after the backup before it is lost
  SourceLoc loc;
};

struct RecoverySpec {
  std::string target_time;  // "" = end of archive; else a recovery_target_time timestamp
  bool failback = false;    // failover: then fail back to the old primary (failback.cpp)
};

enum class ScratchKind { kInstance, kDatabase };

struct ScratchSpec {
  ScratchKind kind = ScratchKind::kInstance;
  std::string dir = "/var/tmp/drsim-drills";  // state root: one run directory per drill run
  std::string data_dir;                       // explicit data directory (must be empty)
  int port = 0;                               // 0 = allocate a free loopback port
  std::string os_user = "postgres";           // runs initdb/postgres when drsim is root
  std::string bin_dir = "/usr/lib/postgresql/15/bin";  // redis: /usr/bin
  std::string user = "postgres";                       // role drsim uses inside the restored server
  std::string conninfo;                                // kind database: the server to restore into
  PasswordSource password;                             // kind database
  double keep_for_s = 0;                               // keep the restored server up for inspection
  bool fsync = true;  // false: scratch servers run with fsync = off, no first-start flush
  SourceLoc loc;
};

struct HeartbeatSpec {
  bool enabled = false;
  double interval_s = 0.1;
  std::string table = "drsim_heartbeat";  // postgresql; mariadb: drsim.drsim_heartbeat
  std::string key = "drsim:heartbeat";    // redis: the key prefix (":<run id>" is appended);
                                          // etcd: "drsim/heartbeat" ("/<run id>" appended)
};

struct ProbeSpec {
  std::string name;
  std::string database;              // "" = the source's database
  std::string sql;                   // postgresql
  std::vector<std::string> command;  // redis: a read-only command and its arguments
  std::string key;                   // etcd: the key whose value must be `expect`; s3: object
  std::string expect;  // postgresql: the first column of the first row; redis: the reply
  SourceLoc loc;
};

struct FreshnessSpec {
  std::string table;     // schema.table or table
  std::string column;    // a timestamp column
  double within_s = 0;   // newest row at most this much older than the consistency point
  std::string database;  // "" = the source's database
  SourceLoc loc;
};

// How much verification a drill does (docs/drill-format.md, "Verification levels").
//   quick:    row counts and checksums of tables and materialized views, probes, freshness,
//             recovery reached the end of the frozen archive (pitr)
//   standard: quick + sequences, indexes, constraints, large objects, pg_amcheck (heap and
//             btree with --heapallindexed) of the compared databases
//   thorough: standard + every database of the cluster, pg_amcheck --parent-check --rootdescend
enum class VerifyLevel { kQuick, kStandard, kThorough };
const char* to_string(VerifyLevel l);

struct VerifySpec {
  VerifyLevel level = VerifyLevel::kStandard;
  bool compare_tables = true;
  std::vector<std::string> tables;     // empty = every user table
  std::vector<std::string> databases;  // pitr/failover: databases to compare (default: source db)
  std::vector<ProbeSpec> probes;
  std::vector<FreshnessSpec> freshness;
  bool check_manifest = true;  // pg_verifybackup on existing base backups
  int sample = 100;            // redis: keys whose values are compared with the source's
};

struct Objectives {
  std::optional<double> rto_s;
  std::optional<double> rpo_s;
};

struct DrillSpec {
  std::string name;
  std::string description;
  std::string service;  // target id in results (default: the drill name)
  Target target = Target::kPostgresql;
  Method method = Method::kPitr;
  SourceSpec source;
  BackupSpec backup;
  RecoverySpec recovery;
  ScratchSpec scratch;
  HeartbeatSpec heartbeat;
  VerifySpec verify;
  Objectives objectives;
  // How old the target's last verified restore may get before `drsim history targets` calls it
  // stale; none: the history's default (docs/history.md).
  std::optional<double> max_age_s;
  double default_timeout_s = 600;
  std::map<std::string, double> step_timeouts_s;  // step name -> seconds
  std::string file;                               // path the spec came from
  std::string checksum;                           // "sha256:<hex>" of the file
  // Timeout of step `step` in seconds (its own, else the default).
  double timeout_for(const std::string& step) const;
};

// "100 ms" below a second, else units::format_duration ("2 s", "1 min").
std::string format_interval(double seconds);

// Step names a `timeouts:` mapping may name (besides `default`) for drills of `target`.
const std::vector<std::string>& known_steps(Target target = Target::kPostgresql);

// Loads and checks a drill file. Throws InputError listing every problem found.
DrillSpec load_drill(const std::string& path);
// Same, from a parsed document; `bytes` is the file content for the checksum.
DrillSpec load_drill(const Node& root, const std::string& path, const std::string& bytes);

}  // namespace drsim::drills
