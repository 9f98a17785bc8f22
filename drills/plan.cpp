// `drsim drill plan`: the steps a drill would take, written from the spec alone.
#include <functional>
#include <sstream>

#include "drills/ownership.hpp"
#include "drills/runner.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

std::string password_text(const PasswordSource& p, Target target) {
  if (!p.env.empty()) return "from environment variable " + p.env + " (never printed)";
  if (!p.file.empty()) return "from file " + p.file + " (never printed)";
  return target == Target::kPostgresql ? "none (trust, peer or ~/.pgpass)" : "none";
}

std::string objective(const std::optional<double>& v) {
  return v ? units::format_duration(*v) : std::string("none (missing_policy)");
}

// The steps of a Redis drill (redis_run.hpp).
void plan_redis(const DrillSpec& spec, DrillPlan& plan,
                const std::function<void(const std::string&, const std::string&)>& step) {
  const auto& sc = spec.scratch;
  const std::string bin = sc.bin_dir + "/";
  plan.source = spec.source.socket.empty() ? spec.source.address : spec.source.socket;
  plan.scratch = "a new redis-server in a run directory under " + sc.dir + "/" + kStateRootName +
                 ", on a Unix socket there (mode 0700) and no TCP port";
  step("preflight", "check redis-server, redis-cli and redis-check-rdb in " + sc.bin_dir +
                        " (root-owned, not writable by others), PING the source; remove leftovers "
                        "of killed runs (only run "
                        "directories carrying drsim's marker)");
  if (spec.heartbeat.enabled) {
    step("heartbeat", "SET " + spec.heartbeat.key + ":<run> on the source every " +
                          format_interval(spec.heartbeat.interval_s) +
                          " (drsim's only write to a source; deleted at cleanup)");
  }
  if (spec.backup.take) {
    step("backup", bin +
                       "redis-cli --rdb <run>/backup.rdb (a snapshot over the replication "
                       "protocol; the password, if any, on standard input)");
  }
  const bool aof = spec.method == Method::kAof;
  step("declare_loss", "stop the heartbeat; the RTO runs from here");
  if (aof) {
    step("restore", "copy " + spec.backup.aof_dir +
                        " (as it is at the loss) into the scratch server's directory");
    step("verify_backup", bin + "redis-check-aof: every AOF file and the manifest are valid");
  } else {
    step("restore", "copy " +
                        (spec.backup.take ? std::string("the snapshot") : spec.backup.rdb_file) +
                        " into the scratch server's directory");
    step("verify_backup", bin + "redis-check-rdb: the snapshot is sound; its key count");
  }
  step("start_server", bin + "redis-server --port 0 --unixsocket <run>/redis.sock --save '' " +
                           (aof ? "--appendonly yes (replays the AOF)" : "--appendonly no"));
  step("answers_queries", aof ? "poll until the AOF is replayed (INFO persistence loading:0)"
                              : "poll until the snapshot is loaded (INFO persistence loading:0)");
  step("writable", "poll until a SET succeeds (the key is deleted again)");
  step("measure_rpo", spec.heartbeat.enabled ? "last heartbeat on the source vs the one restored"
                      : aof                  ? "not measured without the heartbeat"
                            : "the snapshot's age at the declared loss (RDB ctime)");
  if (!aof) step("verify_keys", "keys in the restored server against the snapshot's");
  if (spec.verify.sample > 0) {
    step("sample_values", "the values (DUMP) of up to " + std::to_string(spec.verify.sample) +
                              " keys of the restored server against the source's");
  }
  if (!spec.verify.probes.empty()) {
    step("probes", std::to_string(spec.verify.probes.size()) + " command probes");
  }
  if (sc.keep_for_s > 0) step("hold", "keep the restored server up for inspection");
  step("cleanup",
       "always: shut the scratch server down, delete the heartbeat key, remove the "
       "run directory");
}

// The steps of an etcd drill (etcd_run.hpp).
void plan_etcd(const DrillSpec& spec, DrillPlan& plan,
               const std::function<void(const std::string&, const std::string&)>& step) {
  const auto& sc = spec.scratch;
  const std::string ctl = sc.bin_dir + "/etcdctl";
  const TlsSpec& tls = spec.source.tls;
  plan.source =
      (tls.enabled() ? "https://" : "") + spec.source.address +
      (spec.source.user.empty() ? "" : " as " + spec.source.user) +
      (tls.enabled() ? " (TLS: CA " + tls.ca_file +
                           (tls.cert_file.empty() ? std::string(", no client certificate")
                                                  : ", client certificate " + tls.cert_file) +
                           ")"
                     : "");
  plan.scratch = "a new single-member etcd cluster in a run directory under " + sc.dir + "/" +
                 kStateRootName + ", on two free loopback ports";
  step("preflight", "check etcd and etcdctl in " + sc.bin_dir +
                        " (root-owned, not writable by others), 'etcdctl endpoint status' on the "
                        "source; remove leftovers of killed "
                        "runs (only run directories carrying drsim's marker); reserve the ports");
  if (spec.heartbeat.enabled) {
    step("heartbeat", "put " + spec.heartbeat.key + "/<run> on the source every " +
                          format_interval(spec.heartbeat.interval_s) +
                          " (drsim's only write to a source; deleted at cleanup)");
  }
  if (spec.backup.take) {
    step("backup", ctl +
                       " snapshot save <run>/backup.db (the password, if any, on standard "
                       "input)");
  }
  step("declare_loss", "stop the heartbeat; the RTO runs from here");
  step("verify_backup", ctl + " snapshot status: its revision");
  step("restore",
       ctl + " snapshot restore " +
           (spec.backup.take ? std::string("<run>/backup.db") : spec.backup.snapshot_file) +
           " --data-dir <run>/member (checks the snapshot's hash)");
  step("start_server", sc.bin_dir + "/etcd on 127.0.0.1 (client and peer ports reserved)");
  step("answers_queries", "poll GET /health until it reports healthy");
  step("writable", "poll until a put succeeds (the key is deleted again)");
  step("measure_rpo", spec.heartbeat.enabled ? "last heartbeat on the source vs the one restored"
                                             : "the snapshot's age at the declared loss");
  step("verify_keys",
       "the restored revision is the snapshot's; every key and value equals the "
       "source's at that revision");
  if (!spec.verify.probes.empty()) {
    step("probes", std::to_string(spec.verify.probes.size()) + " key probes");
  }
  if (sc.keep_for_s > 0) step("hold", "keep the restored member up for inspection");
  step("cleanup",
       "always: stop the member, delete the heartbeat key, release the ports, remove "
       "the run directory");
}

// The steps of a MariaDB drill (mariadb_run.hpp).
void plan_mariadb(const DrillSpec& spec, DrillPlan& plan,
                  const std::function<void(const std::string&, const std::string&)>& step) {
  const auto& sc = spec.scratch;
  const std::string bin = sc.bin_dir + "/";
  const bool failover = spec.method == Method::kFailover;
  const bool physical = spec.method == Method::kPhysical || failover;
  const bool replay = !spec.backup.binlog_dir.empty();
  std::string databases;
  for (const auto& d : spec.backup.databases) databases += (databases.empty() ? "" : " ") + d;
  if (databases.empty()) databases = "<every database>";
  plan.source = (spec.source.socket.empty() ? spec.source.address : spec.source.socket) + " as " +
                spec.source.user;
  plan.scratch = "a new mariadbd run as OS user '" + sc.os_user + "' in a run directory under " +
                 sc.dir + "/" + kStateRootName +
                 ", on a Unix socket there, without TCP, grant tables, replication or events";
  step("preflight", "check the MariaDB tools in " + sc.bin_dir +
                        " and the server (root-owned, not writable by others), connect to the "
                        "source (version, binary log, databases); remove leftovers of killed runs "
                        "(only run directories carrying drsim's marker)");
  if (spec.heartbeat.enabled) {
    step("heartbeat", "REPLACE a row of " + spec.heartbeat.table + " on the source every " +
                          format_interval(spec.heartbeat.interval_s) +
                          " (drsim's only write to a source; the table is created if missing, "
                          "the row deleted at cleanup)");
  }
  if (spec.backup.take) {
    step("backup", physical ? bin + "mariabackup --backup --target-dir=<run>/backup"
                            : bin +
                                  "mariadb-dump --single-transaction --master-data=2 (binary log "
                                  "on) --routines --triggers --events --databases " +
                                  databases);
  } else {
    step("verify_backup", physical ? "a full backup (xtrabackup_checkpoints) in " +
                                         spec.backup.backup_dir + "; its binary log position"
                                   : spec.backup.dump_file +
                                         " is a complete mariadb-dump file; its binary log "
                                         "position");
  }
  if (!physical) {
    step("provision", bin + "mariadb-install-db, then start the empty scratch server");
  }
  if (failover) {
    step("provision",
         "prepare a copy of the backup, start it as a read-only replica of the "
         "source from the backup's binary log position");
    step("catch_up", "wait until it replicates and has executed the source's current position");
  }
  if (spec.verify.compare_tables || replay) {
    step("reference",
         std::string(failover ? "stop the replica; " : "") +
             "stop the heartbeat; one consistent snapshot of the source: its binary log position" +
             std::string(spec.verify.compare_tables && spec.recovery.target_time.empty()
                             ? " and every table's row count and checksum"
                             : "") +
             (failover ? "; the replica replicates on but executes only up to that position" : ""));
  }
  step("declare_loss", "the RTO runs from here");
  if (failover) {
    step("promote", "stop and reset replication, read_only off");
  }
  if (!failover) {
    step("restore", std::string(replay ? "copy the binary logs from " + spec.backup.binlog_dir +
                                             " (frozen as at the loss); "
                                       : "") +
                        (physical ? "copy the backup, " + bin + "mariabackup --prepare on the copy"
                                  : bin + "mariadb < the dump"));
    if (physical) step("start_server", "start mariadbd on the prepared copy");
  }
  if (replay) {
    step("replay_binlogs",
         bin + "mariadb-binlog from the backup's position " +
             (spec.recovery.target_time.empty() ? std::string("to the reference point")
                                                : "to " + spec.recovery.target_time + " UTC") +
             ", one database at a time, into the scratch server");
  }
  step("answers_queries", "poll until every restored database answers");
  step("writable", "poll until a CREATE DATABASE succeeds (dropped again)");
  step("measure_rpo", spec.heartbeat.enabled ? "last heartbeat on the source vs the one restored"
                                             : "the backup's age at the declared loss");
  if (spec.verify.compare_tables && spec.recovery.target_time.empty()) {
    if (!replay && !failover) {
      step("catch_up",
           "when the source wrote after the backup: replay its binary log up to the reference "
           "point (read from the source: needs REPLICATION SLAVE)");
    }
    step("verify_tables", "row counts and checksums of every table against the reference");
  }
  if (spec.verify.level != VerifyLevel::kQuick) step("check_tables", "CHECK TABLE on every table");
  if (!spec.verify.probes.empty()) {
    step("probes", std::to_string(spec.verify.probes.size()) + " SQL probes");
  }
  if (sc.keep_for_s > 0) step("hold", "keep the restored server up for inspection");
  step("cleanup",
       "always: stop the scratch server, delete the heartbeat row, remove the run directory");
}

// The steps of an S3 drill (s3_run.hpp).
void plan_s3(const DrillSpec& spec, DrillPlan& plan,
             const std::function<void(const std::string&, const std::string&)>& step) {
  const auto& src = spec.source;
  const bool versions = spec.method == Method::kVersions;
  const std::string where = src.bucket + "/" + src.prefix;
  plan.source = std::string(src.https ? "https://" : "http://") + src.address + "/" + where +
                " (region " + src.region + ", access key " +
                password_text(src.access_key, spec.target) + ")";
  plan.scratch =
      "a new bucket drsim-<run> on the same endpoint (filled by server-side copies, "
      "deleted with every version at cleanup), and a run directory under " +
      spec.scratch.dir + "/" + kStateRootName;
  step("preflight", "GET ?versioning of the source bucket" +
                        std::string(versions ? " (it must be Enabled)" : " and of the secondary") +
                        ": the endpoint, credentials and buckets work; remove leftovers of killed "
                        "runs (only run directories carrying drsim's marker)");
  if (spec.heartbeat.enabled) {
    step("heartbeat", "PUT " + src.prefix + spec.heartbeat.key + "/<run> in " + src.bucket +
                          " every " + format_interval(spec.heartbeat.interval_s) +
                          " (drsim's only write to a source; every version of it deleted at "
                          "cleanup)");
  }
  step("declare_loss", "stop the heartbeat; the RTO runs from here");
  step("list", versions
                   ? "ListObjectVersions of " + where + ": per key the newest version at " +
                         (spec.recovery.target_time.empty() ? std::string("the declared loss")
                                                            : spec.recovery.target_time + " UTC") +
                         " (a delete marker there: the key is absent)"
                   : "ListObjectsV2 of the secondary " + spec.backup.bucket + "/" +
                         spec.backup.prefix +
                         " and of the source (to report what the copy "
                         "lacks)");
  step("create_bucket", "create the scratch bucket drsim-<run>");
  step("restore", "CopyObject of every chosen object into the scratch bucket (server-side)");
  step("writable", "PUT and DELETE a probe object in the scratch bucket");
  step("measure_rpo", spec.heartbeat.enabled ? "last heartbeat on the source vs the one restored"
                      : versions             ? "the restore point's age at the declared loss"
                                             : "the newest object of the copy's age at the loss");
  step("verify_objects",
       "the scratch bucket's listing equals the chosen objects exactly (keys, "
       "sizes, ETags)");
  step("check_content",
       "GET restored objects (up to 1,000) and check their MD5 against plain "
       "ETags");
  if (!spec.verify.probes.empty()) {
    step("probes", std::to_string(spec.verify.probes.size()) + " object probes");
  }
  if (spec.scratch.keep_for_s > 0) step("hold", "keep the scratch bucket for inspection");
  step("cleanup",
       "always: delete every version of the heartbeat object, empty and delete the scratch "
       "bucket, remove the run directory");
}

}  // namespace

DrillPlan make_plan(const DrillSpec& spec) {
  DrillPlan plan;
  const auto& sc = spec.scratch;
  const std::string bin = sc.bin_dir + "/";
  plan.name = spec.name;
  plan.method = to_string(spec.method);
  plan.target = spec.service;
  plan.description = spec.description;
  plan.source = spec.source.conninfo;
  plan.password = password_text(spec.source.password, spec.target);
  plan.scratch = sc.kind == ScratchKind::kInstance
                     ? "a new PostgreSQL instance run as OS user '" + sc.os_user +
                           "' in a run directory under " + sc.dir + "/" + kStateRootName +
                           (sc.data_dir.empty() ? "" : " (data directory " + sc.data_dir + ")") +
                           ", socket in the run directory, port " +
                           (sc.port ? std::to_string(sc.port) : std::string("auto")) +
                           " on 127.0.0.1"
                     : "a new database drsim_scratch_<run> on " + sc.conninfo;
  plan.rto_s = spec.objectives.rto_s;
  plan.rpo_s = spec.objectives.rpo_s;
  auto step = [&](const std::string& name, const std::string& what) {
    plan.steps.push_back({name, spec.timeout_for(name), what});
  };
  if (spec.target == Target::kRedis) {
    plan_redis(spec, plan, step);
    return plan;
  }
  if (spec.target == Target::kEtcd) {
    plan_etcd(spec, plan, step);
    return plan;
  }
  if (spec.target == Target::kMariadb) {
    plan_mariadb(spec, plan, step);
    return plan;
  }
  if (spec.target == Target::kS3) {
    plan_s3(spec, plan, step);
    return plan;
  }
  step("preflight",
       "check the tools in " + sc.bin_dir +
           " (root-owned, not writable by others), connect to the source, refuse a scratch "
           "target that is the source, runs already or exists; remove leftovers of killed runs "
           "(only run directories carrying drsim's marker)");
  if (spec.heartbeat.enabled) {
    step("heartbeat", "insert a row into " + spec.heartbeat.table + " on the source every " +
                          format_interval(spec.heartbeat.interval_s) +
                          " (drsim's only write to a source)");
  }
  switch (spec.method) {
    case Method::kPitr:
      if (spec.backup.take) {
        step("backup", bin + "pg_basebackup -D <run>/backup -X stream --no-sync -c " +
                           (spec.backup.fast_checkpoint ? "fast" : "spread"));
      } else {
        step("verify_backup", bin + "pg_verifybackup -n " + spec.backup.base_dir);
      }
      if (spec.verify.compare_tables && spec.recovery.target_time.empty()) {
        step("reference",
             "open snapshots of the verified source databases exact at one WAL location, read "
             "the references from them, wait until the archive holds that location");
      }
      step("declare_loss",
           "stop the heartbeat, freeze the list of files in " + spec.backup.archive_dir);
      step("check_archive", "check that no WAL segment is missing after the backup's start");
      step("copy_base", "cp -a <base backup> <run>/data");
      if (sc.fsync) step("flush", bin + "initdb --sync-only -D <run>/data");
      step("configure", "recovery.signal, restore_command from the frozen archive, " +
                            (!spec.recovery.target_time.empty()
                                 ? "recovery_target_time '" + spec.recovery.target_time + "'"
                             : spec.verify.compare_tables
                                 ? std::string("recover to just before the reference point")
                                 : std::string("recover to the end of the archive")) +
                            "; archive_mode off, synchronous_standby_names ''");
      step("start_server", bin + "pg_ctl start -D <run>/data");
      break;
    case Method::kLogical:
      if (spec.backup.take) {
        step("backup", bin + "pg_dump -Fc --snapshot=<exported snapshot> -f <run>/backup.dump");
      } else {
        step("verify_backup", bin + "pg_restore -l " + spec.backup.dump_file);
      }
      step("provision", sc.kind == ScratchKind::kInstance
                            ? bin + "initdb + pg_ctl start (empty scratch instance)"
                            : "check that the scratch server is not the source");
      step("declare_loss", "stop the heartbeat");
      step("restore", bin + "pg_restore --no-owner --no-acl -d <scratch database>");
      break;
    case Method::kFailover:
      step("backup", bin + "pg_basebackup -D <run>/data -X stream (the replica's seed)");
      step("provision", "start it as a hot standby streaming from the source");
      if (spec.recovery.failback) {
        step("old_primary", bin +
                                "pg_basebackup of the source into a second hot standby, the old "
                                "primary's stand-in, streaming until the loss");
      }
      step("catch_up", "wait until it streams and has replayed the source's current WAL");
      if (spec.verify.compare_tables) {
        step("reference",
             "stop the replica, open snapshots of the verified source databases exact at one WAL "
             "location, read the references from them, start the replica again streaming but "
             "holding replay just before that location");
      }
      step("declare_loss", "stop the heartbeat, promote the replica at once");
      break;
    case Method::kRdb:
    case Method::kAof:
    case Method::kSnapshot:
    case Method::kPhysical:
    case Method::kVersions:
    case Method::kCopy:
      break;  // the methods of other targets: plan_redis(), plan_etcd(), plan_mariadb(), plan_s3()
  }
  step("answers_queries", "poll SELECT 1 until the restored server answers");
  step("writable", "poll until it is out of recovery and accepts a write");
  if (spec.method == Method::kPitr) {
    step("check_recovery",
         spec.verify.compare_tables && spec.recovery.target_time.empty()
             ? "recovery stopped at the reference point; pg_waldump reads the rest of the frozen "
               "archive to its end"
             : "recovery reached the end of the frozen archive (redo done LSN)");
  }
  if (sc.kind == ScratchKind::kInstance) {
    step("verify_role",
         "create drsim_verify_<run> (no superuser, pg_read_all_data, read-only) "
         "for everything that follows");
  }
  if (spec.heartbeat.enabled) {
    step("measure_rpo", "last heartbeat on the source vs newest in the restore");
  }
  step("verify_tables", spec.verify.compare_tables
                            ? "row counts and checksums of " +
                                  (spec.verify.tables.empty()
                                       ? std::string("every user table")
                                       : std::to_string(spec.verify.tables.size()) + " tables") +
                                  " against the source at the consistency point (level " +
                                  to_string(spec.verify.level) + ")"
                            : std::string("(turned off)"));
  if (spec.verify.level != VerifyLevel::kQuick && sc.kind == ScratchKind::kInstance) {
    step("amcheck", bin + "pg_amcheck --install-missing --heapallindexed" +
                        (spec.verify.level == VerifyLevel::kThorough
                             ? std::string(" --all --parent-check --rootdescend")
                             : std::string(" -d <verified databases>")));
  }
  if (!spec.verify.probes.empty() || !spec.verify.freshness.empty()) {
    step("probes", std::to_string(spec.verify.probes.size()) + " SQL probes, " +
                       std::to_string(spec.verify.freshness.size()) + " freshness checks");
  }
  if (spec.recovery.failback) {
    step("old_primary_returns",
         "the old primary's stand-in (a second replica of the source, stopped abruptly at the "
         "loss) restarted as a primary, then stopped cleanly");
    step("promoted_writes", "write 1000 rows on the promoted replica");
    step("rewind", bin +
                       "pg_rewind of the old primary from the promoted replica (a new "
                       "pg_basebackup from it when the old primary cannot be rewound)");
    step("resync",
         "start the old primary as a standby of the promoted replica until it has "
         "replayed its current WAL");
    step("switchover",
         "read the promoted replica's tables, stop it cleanly, promote the old "
         "primary once it has replayed everything");
    step("failback_writable", "poll until the old primary accepts a write");
    step("verify_failback", "every table and row of the promoted side is on the old primary");
  }
  if (sc.keep_for_s > 0) step("hold", "keep the restored server up for inspection");
  step("cleanup", "always: stop every server, release ports, remove the run directory");
  return plan;
}

std::string plan_drill(const DrillSpec& spec) {
  const DrillPlan plan = make_plan(spec);
  std::ostringstream out;
  out << "drill " << plan.name << " (method " << plan.method << ", target " << plan.target << ")\n";
  if (!plan.description.empty()) out << "  " << plan.description << "\n";
  out << "source: " << plan.source << "\n"
      << "password: " << plan.password << "\n"
      << "scratch: " << plan.scratch << "\n"
      << "objectives: rto " << objective(plan.rto_s) << ", rpo " << objective(plan.rpo_s)
      << "\n\nsteps:\n";
  int n = 0;
  for (const auto& step : plan.steps) {
    out << "  " << ++n << ". " << step.name << " (timeout "
        << units::format_duration(step.timeout_s) << "): " << step.what << "\n";
  }
  return out.str();
}

nlohmann::ordered_json to_json(const DrillPlan& plan) {
  auto seconds = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const auto& step : plan.steps) {
    steps.push_back({{"name", step.name}, {"timeout_s", step.timeout_s}, {"what", step.what}});
  }
  return {{"schema", "drsim.drill-plan/1"},
          {"drill", plan.name},
          {"method", plan.method},
          {"target", plan.target},
          {"description", plan.description},
          {"source", plan.source},
          {"password", plan.password},
          {"scratch", plan.scratch},
          {"objectives", {{"rto_s", seconds(plan.rto_s)}, {"rpo_s", seconds(plan.rpo_s)}}},
          {"steps", steps}};
}

}  // namespace drsim::drills
