// Live drills against the private PostgreSQL 15 source of the drills_pg_source fixture: every
// method for real, drills that must go red (missing WAL segment, flipped bytes in a base backup,
// rows deleted after a dump, unreachable recovery target), safety refusals, the password never
// shown, and a runner killed mid-restore leaving nothing behind.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "drills/runner.hpp"
#include "live_support.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace fs = std::filesystem;
using namespace drsim;
using namespace drsim::test;

namespace {

std::vector<std::string> step_names(const drills::DrillOutcome& o) {
  std::vector<std::string> names;
  for (const auto& s : o.journal["steps"]) names.push_back(s["name"].get<std::string>());
  return names;
}

std::string step_status(const drills::DrillOutcome& o, const std::string& name) {
  for (const auto& s : o.journal["steps"]) {
    if (s["name"] == name) return s["status"].get<std::string>();
  }
  return "absent";
}

// Makes the source write and archive `n` more WAL segments (in a database of the test's own).
void archive_more_wal(int n) {
  psql("postgres", "SELECT 1 FROM pg_database WHERE datname = 'walgen'") == "1"
      ? std::string()
      : psql("postgres", "CREATE DATABASE walgen");
  for (int i = 0; i < n; ++i) {
    psql("walgen",
         "CREATE TABLE IF NOT EXISTS w (x int); INSERT INTO w VALUES (1); SELECT pg_switch_wal();");
  }
  // The archiver copies switched segments within a moment.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
}

}  // namespace

TEST_CASE("drills::run: pitr on a backup drsim takes restores, verifies and measures RTO and RPO",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("pitr");
  auto spec = spec_from(tmp.path(), "pitr",
                        "drill: app-pitr\nservice: app-db\nmethod: pitr\n" + source_block() +
                            "backup:\n  archive_dir: " + s.archive +
                            "\n  loss_after: 1 s\nscratch:\n  dir: " + kScratchDir +
                            "\nheartbeat:\n  interval: 100 ms\n"
                            "verify:\n  probes:\n    - {name: orders, sql: 'select count(*) from "
                            "orders', expect: '50000'}\n  freshness:\n    - {table: orders, "
                            "column: created_at, within: 1 d}\n"
                            "objectives:\n  rto: 2 min\n  rpo: 5 s\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  REQUIRE(out.findings.empty());
  CHECK(out.passed);
  CHECK(step_names(out) ==
        std::vector<std::string>{"preflight", "heartbeat", "backup", "reference", "declare_loss",
                                 "check_archive", "copy_base", "flush", "configure", "start_server",
                                 "answers_queries", "writable", "check_recovery", "verify_role",
                                 "measure_rpo", "verify_tables", "amcheck", "probes", "cleanup"});
  const auto& sc = out.result.scenarios.at(0);
  CHECK(out.result.kind == "drill");
  CHECK(sc.cls == "drill");
  CHECK(sc.impact == Impact::kSevere);
  const auto& t = sc.services.at(0);
  CHECK(t.id == "app-db");
  REQUIRE(t.rto_s);
  REQUIRE(t.rpo_s);
  CHECK(*t.rto_s > 0);
  CHECK(*t.rto_s < 120);
  // Archive-only PITR loses what was not archived yet: archive_timeout is 1 s, beats 100 ms.
  CHECK(*t.rpo_s >= 0);
  CHECK(*t.rpo_s <= 2.5);
  CHECK(t.objectives.at(0).verdict == Verdict::kMet);
  CHECK(t.objectives.at(1).verdict == Verdict::kMet);
  CHECK(t.path.front().name() == "declare_loss");
  CHECK(t.path.back().name() == "probes");
  for (const auto& p : t.path) {
    CHECK(p.begin_s >= 0);
    CHECK(p.end_s >= p.begin_s);
  }
  // RTO ends when the server became writable: the 'writable' step's end in the path.
  auto writable = std::find_if(t.path.begin(), t.path.end(),
                               [](const PathStep& p) { return p.name() == "writable"; });
  REQUIRE(writable != t.path.end());
  CHECK(writable->end_s == Approx(*t.rto_s).margin(1e-6));
  // The references are exact at a reference point; the restore stops just before it.
  const std::string point = out.journal["evidence"]["recovery"]["reference_point_lsn"];
  // The drill's own heartbeat commits every 100 ms, so a reference attempt may race one and be
  // taken again; the detail then says how many did.
  const std::string reference = out.journal["steps"][3]["detail"];
  INFO(reference);
  CHECK(std::regex_match(reference,
                         std::regex("snapshots of 1 database\\(s\\) exact at " + point +
                                    "( \\([1-9][0-9]* earlier attempt\\(s\\) raced a commit\\))?"
                                    "; the archive holds it in segment " +
                                    psql("app", "SELECT pg_walfile_name('" + point + "')"))));
  CHECK(out.journal["steps"][15]["detail"] ==
        "3 tables compared with the source at the reference "
        "point " +
            point + " (level standard): all match");
  CHECK(out.journal["steps"][16]["detail"] ==
        "heap and btree (--heapallindexed) of 1 database(s): no corruption");
  // Evidence: per-table counts and checksums on both sides, and where recovery ended.
  const auto& evidence = out.journal["evidence"];
  REQUIRE(evidence["tables"].size() == 3);
  CHECK(evidence["tables"][2]["table"] == "public.orders");
  CHECK(evidence["tables"][2]["source_rows"] == 50000);
  CHECK(evidence["tables"][2]["restored_rows"] == 50000);
  CHECK(evidence["tables"][2]["source_checksum"] == evidence["tables"][2]["restored_checksum"]);
  CHECK(evidence["recovery"]["system_identifier"].get<std::string>().size() >= 18);
  CHECK(evidence["recovery"]["backup_start_lsn"].get<std::string>().find('/') != std::string::npos);
  CHECK(evidence["recovery"]["recovery_end_lsn"].get<std::string>().find('/') != std::string::npos);
  const std::string recovery = out.journal["steps"][12]["detail"];
  CHECK(recovery.find(": stopped before the reference point " + point +
                      "; the rest of the frozen archive reads cleanly to ") != std::string::npos);
  CHECK(evidence["recovery"]["archive_readable_end_lsn"].get<std::string>().find('/') !=
        std::string::npos);
  // What the restore moved, for drsim calibrate: the base backup's files as copy_base copied them
  // (three databases of a few MB each, the WAL the backup streamed).
  CHECK(evidence["restore"]["step"] == "copy_base");
  const double bytes = evidence["restore"]["bytes"].get<double>();
  CHECK(bytes > 10e6);
  CHECK(bytes < 1e9);
  const std::string copied = out.journal["steps"][6]["detail"];
  CHECK(copied.substr(copied.size() - 2 - units::format_bytes(bytes).size()) ==
        "(" + units::format_bytes(bytes) + ")");
  CHECK(processes_mentioning(kScratchDir + "/drsim-runs/app-pitr-") == 0);
}

TEST_CASE("drills::run: pitr restores an existing base backup and verifies its manifest",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("pitr-existing");
  take_base_backup(tmp.path() + "/base");
  auto spec =
      spec_from(tmp.path(), "d",
                "drill: existing-pitr\nmethod: pitr\n" + source_block() +
                    "backup:\n  take: false\n  base_dir: " + tmp.path() +
                    "/base\n  archive_dir: " + s.archive + "\nscratch:\n  dir: " + kScratchDir +
                    "\n  fsync: false\nheartbeat: {interval: 100 ms}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.findings.empty());
  CHECK(out.passed);
  CHECK(step_status(out, "verify_backup") == "ok");
  CHECK(step_status(out, "backup") == "absent");
  // The existing backup is never modified: it still verifies.
  sh(s.bin + "/pg_verifybackup -n -q " + tmp.path() + "/base");
}

TEST_CASE("drills::run: pitr fails naming the segment when a WAL segment was deleted",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("pitr-gap");
  take_base_backup(tmp.path() + "/base");
  archive_more_wal(3);
  sh("cp -a " + s.archive + " " + tmp.path() + "/archive");
  // The segment right after the newest one the backup carries in its own pg_wal.
  std::string newest;
  for (const auto& e : fs::directory_iterator(tmp.path() + "/base/pg_wal")) {
    std::string n = e.path().filename();
    if (n.size() == 24 && n > newest) newest = n;
  }
  REQUIRE_FALSE(newest.empty());
  unsigned long long seg = std::stoull(newest.substr(16, 8), nullptr, 16) + 1;
  char next[32];
  std::snprintf(next, sizeof next, "%s%08llX", newest.substr(0, 16).c_str(), seg);
  REQUIRE(fs::exists(tmp.path() + "/archive/" + next));
  fs::remove(tmp.path() + "/archive/" + next);

  auto spec = spec_from(tmp.path(), "d",
                        "drill: gap-pitr\nmethod: pitr\n" + source_block() +
                            "backup:\n  take: false\n  base_dir: " + tmp.path() +
                            "/base\n  archive_dir: " + tmp.path() +
                            "/archive\nscratch:\n  dir: " + kScratchDir + "\n  fsync: false\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK_FALSE(out.passed);
  REQUIRE_FALSE(out.findings.empty());
  CHECK(out.findings.front() == std::string("WAL archive has a gap: segment ") + next +
                                    " is missing, so recovery stops before it");
  CHECK(out.result.scenarios[0].impact == Impact::kCatastrophic);
  CHECK(out.result.scenarios[0].data_loss.rfind("verification failed: WAL archive has a gap", 0) ==
        0);
}

TEST_CASE("drills::run: pitr fails when bytes of a base-backup file were flipped",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("pitr-flip");
  take_base_backup(tmp.path() + "/base");
  std::string rel = psql("app", "SELECT pg_relation_filepath('orders')");
  std::string file = tmp.path() + "/base/" + rel;
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(f);
    f.seekp(8192 * 5 + 2000);
    f.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
  }
  auto spec = spec_from(tmp.path(), "d",
                        "drill: flipped-pitr\nmethod: pitr\n" + source_block() +
                            "backup:\n  take: false\n  base_dir: " + tmp.path() +
                            "/base\n  archive_dir: " + s.archive +
                            "\nscratch:\n  dir: " + kScratchDir + "\n  fsync: false\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK_FALSE(out.passed);
  REQUIRE_FALSE(out.findings.empty());
  CHECK(out.findings.front().rfind("base backup is damaged: ", 0) == 0);
  CHECK(out.findings.front() ==
        "base backup is damaged: pg_verifybackup: error: checksum mismatch for file \"" + rel +
            "\"");
  // The damaged rows also differ from the source.
  REQUIRE(out.findings.size() == 2);
  CHECK(out.findings[1] ==
        "app/public.orders: checksum differs with the same 50000 rows (row contents changed)");
  CHECK(step_status(out, "verify_backup") == "ok");
}

TEST_CASE("drills::run: logical on an existing dump fails when rows were deleted after it",
          "[drills][live]") {
  TempDir tmp("logical-drift");
  TestDatabase database(
      "drift",
      "CREATE TABLE items (id int PRIMARY KEY, v text); "
      "INSERT INTO items SELECT i, md5(i::text) FROM generate_series(1, 10000) i;");
  const std::string& db = database.name();
  std::string body = dump_drill(tmp.path(), "items", db, "");
  psql(db, "DELETE FROM items WHERE id <= 100");

  auto existing = spec_from(
      tmp.path(), "existing",
      "drill: drift-logical\n" + body + "scratch:\n  dir: " + kScratchDir + "\n  fsync: false\n");
  auto out = drills::run_drill(existing);
  INFO(out.journal.dump(2));
  CHECK_FALSE(out.passed);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0] ==
        db + "/public.items: 10000 rows restored, 9900 on the source at the consistency point");
  CHECK_FALSE(out.result.scenarios[0].services[0].rpo_s.has_value());
  // No RPO objective, yet the failed verification is a breach: exit 1 and red reports.
  CHECK(out.result.scenarios[0].services[0].objectives.at(1).verdict == Verdict::kBreached);
  CHECK(any_breached(out.result));

  // drsim's own dump and its reference come from one snapshot: a fresh drill passes, with a
  // failing probe as the only finding.
  auto own = spec_from(
      tmp.path(), "own",
      "drill: own-logical\nmethod: logical\n" + source_block(db) +
          "scratch:\n  dir: " + kScratchDir +
          "\n  fsync: false\nverify:\n  probes:\n    - {name: rows, sql: 'select count(*) from "
          "items', expect: '9900'}\n    - {name: first, sql: 'select min(id) "
          "from items', expect: '1'}\n");
  auto out2 = drills::run_drill(own);
  INFO(out2.journal.dump(2));
  REQUIRE(out2.findings.size() == 1);
  CHECK(out2.findings[0] == "probe 'first': expected '1', got '101'");
  CHECK(step_status(out2, "verify_tables") == "ok");
}

TEST_CASE("drills::run: logical restores into a scratch database on another server and drops it",
          "[drills][live]") {
  TempDir tmp("scratch-db");
  // A second private cluster plays the scratch server; the same script, its own env file.
  std::string env = tmp.path() + "/scratch.env";
  std::string script = DRSIM_SOURCE_DIR "/tests/drills/pg_source.sh";
  sh(script + " start " + env + " >/dev/null");
  struct Stop {
    std::string cmd;
    ~Stop() { std::system(cmd.c_str()); }
  } stop{"DRSIM_KEEP_STATE_ROOT=1 " + script + " stop " + env + " >/dev/null 2>&1"};
  std::string kv = read_file(env);
  std::smatch port, pw, sock;
  REQUIRE(std::regex_search(kv, port, std::regex("PGS_PORT=(\\d+)")));
  REQUIRE(std::regex_search(kv, pw, std::regex("PGS_PASSWORD=(\\S+)")));
  REQUIRE(std::regex_search(kv, sock, std::regex("PGS_SOCK=(\\S+)")));
  std::string scratch_psql = "runuser -u postgres -- " + pg_source().bin + "/psql -X -At -h " +
                             sock[1].str() + " -p " + port[1].str() + " -d postgres -c ";
  sh(scratch_psql + "'ALTER ROLE drill CREATEDB'");
  ::setenv("DRSIM_TEST_SCRATCH_PW", pw[1].str().c_str(), 1);
  auto spec =
      spec_from(tmp.path(), "d",
                "drill: scratch-db-logical\nmethod: logical\n" + source_block() +
                    "scratch:\n  dir: " + kScratchDir +
                    "\n  kind: database\n  conninfo: \"host=127.0.0.1 port=" + port[1].str() +
                    " user=drill dbname=postgres\"\n  password_env: DRSIM_TEST_SCRATCH_PW\n"
                    "verify:\n  probes:\n    - {name: orders, sql: 'select count(*) from "
                    "orders', expect: '50000'}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.findings.empty());
  CHECK(out.passed);
  CHECK(step_status(out, "verify_tables") == "ok");
  CHECK(out.result.scenarios[0].recovery_process.find("into a scratch database") !=
        std::string::npos);
  // Cleanup dropped the database it created.
  CHECK(sh(scratch_psql +
           "\"SELECT count(*) FROM pg_database WHERE datname LIKE 'drsim_scratch_%'\"") == "0\n");
}

TEST_CASE("drills::run: logical with drsim's dump passes and measures the dump's RPO",
          "[drills][live]") {
  TempDir tmp("logical");
  auto spec = spec_from(
      tmp.path(), "d",
      "drill: app-logical\nmethod: logical\n" + source_block() +
          "backup: {loss_after: 1 s}\nscratch:\n  dir: " + kScratchDir +
          "\n  fsync: false\nheartbeat: {interval: 100 ms}\nobjectives: {rto: 1 min, rpo: 1 h}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.passed);
  const auto& t = out.result.scenarios[0].services[0];
  REQUIRE(t.rpo_s);
  // The dump's snapshot is older than the loss by at least the 1 s the source ran on.
  CHECK(*t.rpo_s >= 1.0);
  CHECK(*t.rpo_s < 30.0);
}

TEST_CASE("drills::run: failover promotes a streaming replica and loses no heartbeat",
          "[drills][live]") {
  TempDir tmp("failover");
  auto spec = spec_from(
      tmp.path(), "d",
      "drill: app-failover\nmethod: failover\n" + source_block() +
          "backup: {loss_after: 1 s}\nscratch:\n  dir: " + kScratchDir +
          "\n  fsync: false\nheartbeat: {interval: 100 ms}\nobjectives: {rto: 30 s, rpo: 1 s}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.passed);
  const auto& t = out.result.scenarios[0].services[0];
  REQUIRE(t.rto_s);
  REQUIRE(t.rpo_s);
  CHECK(*t.rto_s < 10);
  // Streaming on loopback: at most the beat in flight is lost.
  CHECK(*t.rpo_s <= 0.2);
  CHECK(step_status(out, "catch_up") == "ok");
}

// The shared source has neither data checksums nor wal_log_hints: the old primary cannot be
// rewound, and the failback clones it again from the promoted replica.
TEST_CASE("drills::run: failover with failback re-clones the old primary and loses no row",
          "[drills][live]") {
  TempDir tmp("failback");
  auto spec = spec_from(
      tmp.path(), "d",
      "drill: app-failback\nmethod: failover\n" + source_block() +
          "backup: {loss_after: 1 s}\nrecovery: {failback: true}\ntimeouts: {default: 2 min}\n"
          "scratch:\n  dir: " +
          kScratchDir + "\n  fsync: false\nheartbeat: {interval: 100 ms}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.passed);
  for (const char* s : {"old_primary", "old_primary_returns", "promoted_writes", "rewind", "resync",
                        "switchover", "failback_writable", "verify_failback"}) {
    CHECK(step_status(out, s) == "ok");
  }
  CHECK(step_detail(out, "rewind") ==
        "re-cloned from the promoted replica with pg_basebackup (pg_rewind refused)");
  const auto& fb = out.journal.at("evidence").at("failback");
  CHECK(fb.at("path") == "re-clone");
  CHECK(fb.at("promoted_rows") == 1000);
  CHECK(fb.at("downtime_s").get<double>() > 0);
  CHECK(fb.at("downtime_s").get<double>() < fb.at("duration_s").get<double>());
  CHECK(step_detail(out, "verify_failback")
            .find("and the 1000 rows written on the promoted side compared: all on the old "
                  "primary; failback ") != std::string::npos);
}

TEST_CASE("drills::run: failover on a quiet source matches at the reference point or the loss",
          "[drills][live][private]") {
  TempDir tmp("failover-quiet");
  // No heartbeat and nothing else writing. Replay stops at the first WAL record after the
  // reference point, and on a quiet source only the server writes one (a segment switch on
  // archive_timeout, a checkpoint, a running-transactions record), so which comes first, that
  // record or a second without a transaction, decides the path; both must compare exactly.
  auto spec = spec_from(tmp.path(), "d",
                        "drill: quiet-failover\nmethod: failover\n" + source_block() +
                            scratch_block() + "objectives: {rto: 30 s}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.passed);
  const std::string reference = step_detail(out, "reference");
  const std::string tables = step_detail(out, "verify_tables");
  if (reference.rfind("no transaction wrote", 0) == 0) {
    CHECK(reference ==
          "no transaction wrote on the source for 1 s after the reference point, so the replica "
          "cannot stop at it; comparing at the declared loss instead");
    CHECK(tables.rfind("3 tables compared with the source at the declared loss (level "
                       "standard): all match",
                       0) == 0);
    CHECK(out.journal["evidence"].count("replica") == 0);
  } else {
    const auto& replica = out.journal["evidence"]["replica"];
    const std::string point = replica["reference_point_lsn"];
    CHECK(reference.rfind("snapshots of 1 database(s) exact at " + point, 0) == 0);
    CHECK(tables.rfind("3 tables compared with the source at the reference point " + point +
                           " (level standard): all match",
                       0) == 0);
  }
}

TEST_CASE("drills::run: a recovery target beyond the archive fails with the reason",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("pitr-target");
  auto spec = spec_from(
      tmp.path(), "d",
      "drill: far-target\nmethod: pitr\n" + source_block() +
          "backup:\n  archive_dir: " + s.archive +
          "\nrecovery:\n  target_time: '2099-01-01 00:00:00+00'\nscratch:\n  dir: " + kScratchDir +
          "\n  fsync: false\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK_FALSE(out.passed);
  REQUIRE_FALSE(out.findings.empty());
  CHECK(out.findings.front() ==
        "recovery target time '2099-01-01 00:00:00+00' is beyond the end of the archived WAL: "
        "the server refused to start");
  CHECK_FALSE(out.result.scenarios[0].services[0].rto_s.has_value());
  CHECK(processes_mentioning(kScratchDir + "/drsim-runs/far-target-") == 0);
}

TEST_CASE("drills::run: refuses unsafe scratch targets with a hint", "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("safety");
  auto run = [&](const std::string& scratch, const std::string& method = "logical") {
    auto spec =
        spec_from(tmp.path(), "d",
                  "drill: unsafe\nmethod: " + method + "\n" + source_block() +
                      (method == "pitr" ? "backup: {archive_dir: " + s.archive + "}\n" : "") +
                      "scratch:\n  dir: " + kScratchDir + "\n  fsync: false\n" + scratch);
    try {
      drills::run_drill(spec);
    } catch (const EnvironmentError& e) {
      return std::string(e.what()) + " | " + e.hint();
    }
    return std::string("not refused");
  };
  sh("mkdir -p " + tmp.path() + "/full && touch " + tmp.path() + "/full/PG_VERSION");
  CHECK(run("  data_dir: " + tmp.path() + "/full\n") ==
        "scratch data directory " + tmp.path() +
            "/full is not empty | give a new or empty directory; drsim never overwrites data");
  sh("touch " + tmp.path() + "/full/postmaster.pid");
  CHECK(run("  data_dir: " + tmp.path() + "/full\n") ==
        "scratch data directory " + tmp.path() +
            "/full belongs to a server that may be running | stop that server and give an empty "
            "or new directory");
  CHECK(run("  port: " + s.port + "\n") == "scratch port " + s.port +
                                               " is the source's port | set 'scratch.port: "
                                               "auto' or another free port");
  CHECK(run("  kind: database\n  conninfo: \"host=127.0.0.1 port=" + s.port +
            " user=drill dbname=postgres\"\n  password_env: DRSIM_TEST_PW\n") ==
        "the scratch server is the source server | restore into another PostgreSQL server, or "
        "use 'kind: instance'");
  CHECK(run("  bin_dir: /nonexistent/bin\n") ==
        "PostgreSQL tool /nonexistent/bin/pg_ctl is missing | install PostgreSQL 15 (Debian: "
        "apt-get install postgresql) or set 'scratch.bin_dir'");
  // A regular file, or an existing directory, as data_dir: drsim would delete it afterwards.
  sh("printf 'precious' > " + tmp.path() + "/file");
  const std::string exists_hint =
      " already exists | give a path that does not exist yet: drsim creates the data directory "
      "and removes it afterwards, and never deletes what it did not create";
  CHECK(run("  data_dir: " + tmp.path() + "/file\n", "pitr") ==
        "scratch data directory " + tmp.path() + "/file" + exists_hint);
  CHECK(read_file(tmp.path() + "/file") == "precious");
  sh("mkdir " + tmp.path() + "/empty");
  CHECK(run("  data_dir: " + tmp.path() + "/empty\n") ==
        "scratch data directory " + tmp.path() + "/empty" + exists_hint);
  CHECK(fs::is_directory(tmp.path() + "/empty"));
  // Binaries in a directory another user may change (the temporary directory is postgres's).
  sh("mkdir " + tmp.path() + "/bin && ln -s " + s.bin + "/* " + tmp.path() + "/bin/");
  CHECK(run("  bin_dir: " + tmp.path() + "/bin\n") ==
        "refusing to run " + tmp.path() + "/bin/pg_ctl: " + tmp.path() +
            " is not owned by root | install the binaries in a root-owned directory such as "
            "/usr/lib/postgresql/15/bin, or fix the owner and mode; 'scratch.bin_dir' is run as "
            "root");
  // A scratch.dir the OS user cannot enter: drsim will not chmod it.
  sh("mkdir -m 0700 " + tmp.path() + "/closed");
  std::string refused = "not refused";
  try {
    drills::run_drill(spec_from(tmp.path(), "closed",
                                "drill: unsafe\nmethod: logical\n" + source_block() +
                                    "scratch:\n  dir: " + tmp.path() + "/closed\n"));
  } catch (const EnvironmentError& e) {
    refused = std::string(e.what()) + " | " + e.hint();
  }
  CHECK(refused ==
        tmp.path() +
            "/closed cannot be entered by OS user 'postgres' (mode 0700) | make it searchable "
            "(e.g. chmod o+x " +
            tmp.path() +
            "/closed) or set 'scratch.dir' elsewhere; drsim never changes a directory it did "
            "not create");
  // Nothing was created for a refused drill.
  for (const auto& e : run_dirs(kScratchDir)) {
    CHECK(fs::path(e).filename().string().rfind("unsafe-", 0) != 0);
  }
}

TEST_CASE("drills::run: an unreachable source is an environment error", "[drills][live]") {
  TempDir tmp("unreachable");
  export_password();
  auto spec = spec_from(tmp.path(), "d",
                        "drill: nowhere\nmethod: logical\nsource:\n  conninfo: \"host=127.0.0.1 "
                        "port=1 user=drill dbname=app connect_timeout=2\"\n  password_env: "
                        "DRSIM_TEST_PW\nscratch:\n  dir: " +
                            kScratchDir + "\n  fsync: false\n");
  try {
    drills::run_drill(spec);
    FAIL("not refused");
  } catch (const EnvironmentError& e) {
    CHECK(std::string(e.what()).rfind("cannot connect to the source: ", 0) == 0);
    CHECK(e.exit_code() == ExitCode::kEnvironment);
  }
}

TEST_CASE("drills::cli: the password never appears in output, journal or result",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("secret");
  std::string drill = write_drill(tmp.path(), "d",
                                  "drill: secret-logical\nmethod: logical\n" + source_block() +
                                      "scratch:\n  dir: " + kScratchDir +
                                      "\n  fsync: false\nheartbeat: {interval: 100 ms}\n");
  std::string log = tmp.path() + "/out.log";
  int pid = spawn_drsim({"drill", "run", drill, "--journal", tmp.path() + "/j.json", "--result",
                         tmp.path() + "/r.json", "--no-history"},
                        log);
  CHECK(wait_child(pid) == 0);
  // A failing run prints tool errors too; it must not leak either.
  std::string bad = write_drill(tmp.path(), "bad",
                                "drill: secret-bad\nmethod: pitr\n" + source_block() +
                                    "backup:\n  archive_dir: " + s.archive +
                                    "\n  take: false\n  base_dir: " + tmp.path() +
                                    "\nscratch:\n  dir: " + kScratchDir + "\n  fsync: false\n");
  int pid2 =
      spawn_drsim({"drill", "run", bad, "--journal", tmp.path() + "/j2.json", "--no-history"},
                  tmp.path() + "/out2.log");
  CHECK(wait_child(pid2) == 4);
  std::string plan_log = tmp.path() + "/plan.log";
  CHECK(wait_child(spawn_drsim({"drill", "plan", drill}, plan_log)) == 0);
  for (const auto& f : {log, tmp.path() + "/out2.log", plan_log, tmp.path() + "/j.json",
                        tmp.path() + "/r.json", tmp.path() + "/j2.json"}) {
    std::string text = read_file(f);
    INFO(f << ":\n" << text);
    CHECK_FALSE(text.empty());
    CHECK(text.find(s.password) == std::string::npos);
  }
  CHECK(read_file(log).find("PASS: secret-logical") != std::string::npos);
  // The result is valid for the report writers.
  CHECK(wait_child(spawn_drsim(
            {"report", tmp.path() + "/r.json", "-f", "json", "-o", tmp.path() + "/report.json"},
            tmp.path() + "/report.log")) == 0);
  CHECK(read_file(tmp.path() + "/report.log") == "");
  CHECK(read_file(tmp.path() + "/r.json").find("\"kind\": \"drill\"") != std::string::npos);
}

namespace {

// Starts a pitr drill in its own state directory and waits until the journal shows the restored
// server being started; returns the pid of drsim.
int start_and_wait_for_restore(const std::string& dir, const std::string& state,
                               const std::string& name) {
  const auto& s = pg_source();
  std::string drill =
      write_drill(dir, name,
                  "drill: " + name + "\nmethod: pitr\n" + source_block() +
                      "backup:\n  archive_dir: " + s.archive + "\nscratch:\n  dir: " + state +
                      "\n  keep_for: 1 min\n  fsync: false\n");
  std::string journal = dir + "/journal.json";
  int pid = spawn_drsim(
      {"drill", "run", drill, "--journal", journal, "--history", dir + "/history.sqlite"},
      dir + "/out.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string j = read_file(journal);
    if (j.find("\"name\": \"start_server\"") != std::string::npos) {
      return pid;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  FAIL("the drill never reached start_server: " << read_file(dir + "/out.log"));
  return pid;
}

int port_from_journal(const std::string& journal) {
  std::smatch m;
  std::string j = read_file(journal);
  if (!std::regex_search(j, m, std::regex(R"(port (\d+))"))) return 0;
  return std::stoi(m[1]);
}

}  // namespace

TEST_CASE("drills::cli: SIGTERM or SIGINT mid-restore cleans up and exits 128 + the signal",
          "[drills][live]") {
  int sig = GENERATE(SIGTERM, SIGINT);
  std::string name = sig == SIGTERM ? "SIGTERM" : "SIGINT";
  TempDir tmp("signal");
  std::string state = tmp.path() + "/state";
  int pid = start_and_wait_for_restore(tmp.path(), state, "signal-pitr");
  ::kill(pid, sig);
  CHECK(wait_child(pid) == (sig == SIGTERM ? 143 : 130));
  std::string out = read_file(tmp.path() + "/out.log");
  INFO(out);
  CHECK(out.find("drsim: error: drill interrupted by " + name +
                 "; everything the drill started was stopped and removed") != std::string::npos);
  int port = port_from_journal(tmp.path() + "/journal.json");
  REQUIRE(port > 0);
  CHECK_FALSE(port_in_use(port));
  CHECK(processes_mentioning(state) == 0);
  CHECK(run_dirs(state).empty());
  CHECK(fs::is_empty(state + "/drsim-runs/.ports"));
  std::string journal = read_file(tmp.path() + "/journal.json");
  CHECK(journal.find("\"status\": \"interrupted\"") != std::string::npos);
  // The restored server's log outlives the run directory, next to the journal.
  std::smatch kept;
  REQUIRE(std::regex_search(journal, kept, std::regex(R"(server log kept at (\S+\.log))")));
  CHECK(fs::is_regular_file(kept[1].str()));  // (it may be empty: the signal comes at start)
  // The interrupted run is in the drill history, with why it stopped.
  const std::string shown = tmp.path() + "/show.json";
  CHECK(wait_child(spawn_drsim({"history", "show", "1", "--history", tmp.path() + "/history.sqlite",
                                "-f", "json", "-o", shown},
                               tmp.path() + "/show.log")) == 0);
  const auto run = nlohmann::json::parse(read_file(shown));
  CHECK(run["drill"] == "signal-pitr");
  CHECK(run["status"] == "interrupted");
  CHECK(run["rto_s"].is_null());
  CHECK(run["findings"].back() ==
        "drill interrupted by " + name + "; everything the drill started was stopped and removed");
  CHECK(run["steps"].back()["name"] == "cleanup");
  CHECK(run["journal_file"] == tmp.path() + "/journal.json");
}

TEST_CASE("drills::cli: after SIGKILL mid-restore, drsim drill cleanup removes every leftover",
          "[drills][live]") {
  TempDir tmp("sigkill");
  std::string state = tmp.path() + "/state";
  int pid = start_and_wait_for_restore(tmp.path(), state, "kill-pitr");
  // Let the postmaster come up so there is a live server to leave behind.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGKILL);
  CHECK(wait_child(pid) == 128 + SIGKILL);
  int port = port_from_journal(tmp.path() + "/journal.json");
  REQUIRE(port > 0);
  CHECK(processes_mentioning(state) > 0);  // the orphaned postmaster and its children

  int c = spawn_drsim({"drill", "cleanup", "--state-dir", state}, tmp.path() + "/cleanup.log");
  CHECK(wait_child(c) == 0);
  std::string out = read_file(tmp.path() + "/cleanup.log");
  INFO(out);
  CHECK(out.find("1 leftover run removed") != std::string::npos);
  // The killed runner's journal no longer claims to be running.
  CHECK(out.find("journal closed as killed: " + tmp.path() + "/journal.json\n") !=
        std::string::npos);
  std::string journal = read_file(tmp.path() + "/journal.json");
  CHECK(journal.find("\"status\": \"killed\"") != std::string::npos);
  CHECK(journal.find("closed by drsim drill cleanup at ") != std::string::npos);
  CHECK(processes_mentioning(state) == 0);
  CHECK_FALSE(port_in_use(port));
  CHECK(run_dirs(state).empty());
  CHECK(fs::is_empty(state + "/drsim-runs/.ports"));
}

TEST_CASE("drills::run: a step over its timeout fails the drill and kills the tool",
          "[drills][live]") {
  TempDir tmp("timeout");
  // A bin directory whose pg_basebackup hangs; every other tool is the real one. Root owns it
  // (drsim refuses binaries others could change).
  std::string bin = sh("mktemp -d /tmp/drsim-test-bin-XXXXXX");
  bin.pop_back();
  sh("chmod 755 " + bin + " && for f in " + pg_source().bin + "/*; do ln -s $f " + bin +
     "/; done && rm " + bin + "/pg_basebackup && printf '#!/bin/sh\\nexec sleep 60\\n' > " + bin +
     "/pg_basebackup && chmod 755 " + bin + "/pg_basebackup");
  auto spec = spec_from(tmp.path(), "d",
                        "drill: slow-backup\nmethod: failover\n" + source_block() +
                            "scratch:\n  dir: " + kScratchDir + "\n  bin_dir: " + bin +
                            "\ntimeouts: {backup: 1 s}\n");
  auto start = std::chrono::steady_clock::now();
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  CHECK_FALSE(out.passed);
  REQUIRE_FALSE(out.findings.empty());
  CHECK(out.findings.front() == "pg_basebackup timed out after 1 s");
  CHECK(step_status(out, "backup") == "timeout");
  CHECK(processes_mentioning(bin) == 0);
  CHECK(processes_mentioning(kScratchDir + "/drsim-runs/slow-backup-") == 0);
  sh("rm -rf " + bin);
}

TEST_CASE("drills::cli: an invalid drill file exits 3 with located errors", "[drills][live]") {
  TempDir tmp("invalid");
  std::string drill = write_drill(tmp.path(), "bad", "drill: x\nmethod: pitt\n");
  int pid = spawn_drsim({"drill", "run", drill, "--no-history"}, tmp.path() + "/out.log");
  CHECK(wait_child(pid) == 3);
  CHECK(read_file(tmp.path() + "/out.log") ==
        drill +
            ":1:1: error: /: missing required key 'source'\n"
            "  hint: add it, e.g. 'source: {conninfo: 'host=db1 user=drill dbname=app'}'\n" +
            drill +
            ":2:9: error: /method: unknown postgresql method 'pitt'\n"
            "  hint: did you mean 'pitr'?\n"
            "  hint: allowed values: pitr, logical, failover\n");
  int dry =
      spawn_drsim({"drill", "run", "--dry-run", "--no-history",
                   write_drill(tmp.path(), "ok", "drill: x\nmethod: logical\n" + source_block())},
                  tmp.path() + "/dry.log");
  CHECK(wait_child(dry) == 0);
  CHECK(read_file(tmp.path() + "/dry.log").rfind("drill x (method logical, target x)\n", 0) == 0);
}

TEST_CASE("drills::cli: two drills run at once without sharing ports or directories",
          "[drills][live]") {
  TempDir tmp("parallel");
  std::string a = write_drill(tmp.path(), "a",
                              "drill: par-a\nmethod: logical\n" + source_block() +
                                  "scratch:\n  dir: " + kScratchDir + "\n  fsync: false\n");
  std::string b = write_drill(tmp.path(), "b",
                              "drill: par-b\nmethod: failover\n" + source_block() +
                                  "scratch:\n  dir: " + kScratchDir + "\n  fsync: false\n");
  // Both record in one drill history: each run lands, whole, whichever finishes first.
  const std::string history = tmp.path() + "/history.sqlite";
  int pa = spawn_drsim({"drill", "run", a, "--history", history}, tmp.path() + "/a.log");
  int pb = spawn_drsim({"drill", "run", b, "--history", history}, tmp.path() + "/b.log");
  int ra = wait_child(pa), rb = wait_child(pb);
  INFO(read_file(tmp.path() + "/a.log") << read_file(tmp.path() + "/b.log"));
  CHECK(ra == 0);
  CHECK(rb == 0);
  const std::string list = tmp.path() + "/list.json";
  CHECK(wait_child(spawn_drsim({"history", "list", "--history", history, "-f", "json", "-o", list},
                               tmp.path() + "/list.log")) == 0);
  std::vector<std::string> drills;
  const auto runs = nlohmann::json::parse(read_file(list));
  for (const auto& r : runs["runs"]) {
    CHECK(r["status"] == "passed");
    drills.push_back(r["drill"]);
  }
  std::sort(drills.begin(), drills.end());
  CHECK(drills == std::vector<std::string>{"par-a", "par-b"});
}
