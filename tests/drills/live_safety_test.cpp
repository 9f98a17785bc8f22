// Live drills attacking the host the way issue 12 did: directories and servers drsim did not
// create in its state directory, a shared world-writable scratch.dir, the environment a restored
// server inherits, probes that try to run programs, and a short password in messages. Each of
// these harmed the host (or garbled the evidence) before drsim proved what it owns.
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "drills/runner.hpp"
#include "live_support.hpp"
#include "model/errors.hpp"

namespace fs = std::filesystem;
using namespace drsim;
using namespace drsim::test;

namespace {

int free_port() {
  std::mt19937 rng(std::random_device{}());
  for (;;) {
    int port = 41000 + static_cast<int>(rng() % 9000);
    if (!port_in_use(port)) return port;
  }
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("drills::cli: drill cleanup leaves what drsim did not create alone, servers running",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("foreign");
  const std::string d = tmp.path() + "/state";
  // Someone else's backups and a running PostgreSQL cluster in the state directory.
  sh("mkdir -p " + d + "/backups " + d + "/pg15 && echo keep > " + d +
     "/backups/keep && chown postgres: " + d + "/pg15");
  sh("runuser -u postgres -- " + s.bin + "/initdb -D " + d +
     "/pg15/main --no-sync -A trust >/dev/null");
  int port = free_port();
  sh("runuser -u postgres -- " + s.bin + "/pg_ctl start -w -s -D " + d + "/pg15/main -l " + d +
     "/pg15/log -o '-p " + std::to_string(port) + " -k " + d +
     "/pg15 -c listen_addresses=127.0.0.1'");
  const int foreign_pid = std::stoi(sh("head -1 " + d + "/pg15/main/postmaster.pid"));
  // Inside a state root drsim made: a run directory without drsim's marker, and one whose
  // marker (and postmaster.pid naming the foreign server) the OS user forged.
  sh("mkdir -m 0711 " + d + "/drsim-runs && printf 'drsim state root\\n' > " + d +
     "/drsim-runs/.drsim-state-root && chmod 600 " + d + "/drsim-runs/.drsim-state-root");
  sh("mkdir " + d + "/drsim-runs/app-pitr-Ab12Cd && runuser -u postgres -- mkdir -p " + d +
     "/drsim-runs/forged-Ef34Gh/data 2>/dev/null || (mkdir -p " + d +
     "/drsim-runs/forged-Ef34Gh/data && chown -R postgres: " + d + "/drsim-runs/forged-Ef34Gh)");
  sh("printf 'drsim run forged-Ef34Gh\\ntoken 0123456789abcdef0123456789abcdef\\n' > " + d +
     "/drsim-runs/forged-Ef34Gh/.drsim-run && chown postgres: " + d +
     "/drsim-runs/forged-Ef34Gh/.drsim-run && cp " + d + "/pg15/main/postmaster.pid " + d +
     "/drsim-runs/forged-Ef34Gh/data/");
  // Old enough to look abandoned.
  sh("find " + d + " -exec touch -h -d '2 hours ago' {} +");

  int c = spawn_drsim({"drill", "cleanup", "--state-dir", d}, tmp.path() + "/cleanup.log");
  CHECK(wait_child(c) == 0);
  CHECK(read_file(tmp.path() + "/cleanup.log") ==
        "left alone (no drsim marker): " + d + "/drsim-runs/app-pitr-Ab12Cd\n" +
            "left alone (no drsim marker): " + d + "/drsim-runs/forged-Ef34Gh\n" +
            "0 leftover runs removed, 0 processes stopped in " + d + "\n");
  CHECK(read_file(d + "/backups/keep") == "keep\n");
  CHECK(fs::exists(d + "/pg15/main/PG_VERSION"));
  CHECK(fs::exists(d + "/drsim-runs/forged-Ef34Gh/data/postmaster.pid"));
  CHECK(::kill(foreign_pid, 0) == 0);
  CHECK(trimmed(sh("runuser -u postgres -- " + s.bin + "/psql -X -At -h " + d + "/pg15 -p " +
                   std::to_string(port) + " -d postgres -c 'select 1'")) == "1");
  sh("runuser -u postgres -- " + s.bin + "/pg_ctl stop -s -m immediate -D " + d + "/pg15/main");
}

TEST_CASE("drills::run: a restored server gets a minimal environment and probes no superuser",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("environ");
  // A shared world-writable scratch.dir, like /tmp: drsim must not change its mode.
  std::string shared = trimmed(sh("mktemp -d /tmp/drsim-test-shared-XXXXXX"));
  sh("chmod 1777 " + shared);
  ::setenv("DRSIM_TEST_CANARY", "canary-7f3a1c", 1);
  const std::string pwned = tmp.path() + "/pwned";
  auto spec = spec_from(
      tmp.path(), "d",
      "drill: environ-pitr\nmethod: pitr\n" + source_block() +
          "backup:\n  archive_dir: " + s.archive + "\nscratch:\n  dir: " + shared +
          "\n  keep_for: 1 s\n  fsync: false\nverify:\n  compare_tables: false\n  probes:\n"
          "    - {name: orders, sql: 'select count(*) from orders', expect: '50000'}\n"
          "    - {name: no-programs, sql: \"copy (select 1) to program 'touch " +
          pwned + "'\", expect: '1'}\n");
  std::string postmaster_env;
  drills::DrillOptions options;
  options.progress = [&](const std::string& line) {
    if (line != "hold ...") return;
    for (const auto& run : run_dirs(shared)) {
      std::string pid = trimmed(sh("head -1 " + run + "/data/postmaster.pid"));
      postmaster_env = environ_of(std::stoi(pid));
    }
  };
  auto out = drills::run_drill(spec, options);
  INFO(out.journal.dump(2));
  CHECK_FALSE(out.passed);
  CHECK(out.findings ==
        std::vector<std::string>{
            "probe 'no-programs': failed: the restored server: ERROR:  must be superuser or have "
            "privileges of the pg_execute_server_program role to COPY to or from an external "
            "program\nHINT:  Anyone can COPY to stdout or from stdin. psql's \\copy command also "
            "works for anyone."});
  CHECK_FALSE(fs::exists(pwned));
  // (Backends overwrite their environ area with their process title; the postmaster keeps it.)
  INFO(postmaster_env);
  CHECK(postmaster_env.find(s.password) == std::string::npos);
  CHECK(postmaster_env.find("canary-7f3a1c") == std::string::npos);
  CHECK(postmaster_env.find("PATH=/usr/local/bin:/usr/bin:/bin\n") != std::string::npos);
  CHECK(postmaster_env.find("LANG=C\n") != std::string::npos);
  struct stat st {};
  REQUIRE(::stat(shared.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 01777);
  CHECK(run_dirs(shared).empty());
  ::unsetenv("DRSIM_TEST_CANARY");
  sh("rm -rf " + shared);
}

TEST_CASE("drills::run: a short password does not garble messages", "[drills][live]") {
  TempDir tmp("short-password");
  ::setenv("DRSIM_TEST_SHORT_PW", "a", 1);
  auto spec = spec_from(tmp.path(), "d",
                        "drill: short\nmethod: logical\nsource:\n  conninfo: \"host=127.0.0.1 "
                        "port=" +
                            pg_source().port +
                            " user=drill dbname=app\"\n  password_env: DRSIM_TEST_SHORT_PW\n" +
                            scratch_block());
  try {
    drills::run_drill(spec);
    FAIL("not refused");
  } catch (const EnvironmentError& e) {
    CHECK(std::string(e.what()) ==
          "cannot connect to the source: connection to server at "
          "\"127.0.0.1\", port " +
              pg_source().port +
              " failed: FATAL:  password authentication failed for "
              "user \"drill\"");
  }
  ::unsetenv("DRSIM_TEST_SHORT_PW");
}

TEST_CASE("drills::run: the reference snapshot does not hold the source's xmin during the restore",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("xmin");
  auto spec = spec_from(tmp.path(), "d",
                        "drill: xmin-pitr\nmethod: pitr\n" + source_block() +
                            "backup:\n  archive_dir: " + s.archive + "\n" + scratch_block());
  // While the restored server starts, drsim's sessions on the source must not sit idle in a
  // transaction (which pins backend_xmin and blocks vacuum on a primary). The reference is read
  // in the background right after the declared loss; give it a few seconds.
  std::string pinned = "unchecked";
  drills::DrillOptions options;
  options.progress = [&](const std::string& line) {
    if (line != "start_server ...") return;
    for (int i = 0; i < 100; ++i) {
      pinned = psql("postgres",
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'drsim' "
                    "AND backend_xmin IS NOT NULL AND state LIKE 'idle in transaction%'");
      if (pinned == "0") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  };
  auto out = drills::run_drill(spec, options);
  INFO(out.journal.dump(2));
  CHECK(out.passed);
  CHECK(pinned == "0");
}

TEST_CASE(
    "drills::run: a failover drill refuses a source whose synchronous standbys match any name",
    "[drills][live][private]") {
  TempDir tmp("sync-standby");
  // No standby connects, so no commit may run on the source while the setting is in force.
  struct Setting {
    Setting() {
      psql("postgres", "ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (*)'");
      psql("postgres", "SELECT pg_reload_conf()");
    }
    ~Setting() {
      psql("postgres", "ALTER SYSTEM RESET synchronous_standby_names");
      psql("postgres", "SELECT pg_reload_conf()");
    }
  };
  auto spec = spec_from(tmp.path(), "d",
                        "drill: sync\nmethod: failover\n" + source_block() + scratch_block());
  Setting setting;
  psql("postgres", "SELECT pg_sleep(0.2)");  // the reload has reached every backend
  try {
    drills::run_drill(spec);
    FAIL("the drill ran");
  } catch (const EnvironmentError& e) {
    CHECK(std::string(e.what()) ==
          "the source's synchronous_standby_names 'ANY 1 (*)' would make the drill's replica a "
          "synchronous standby: the source's commits would wait for it, and hang once the drill "
          "stops or promotes it");
    CHECK(e.hint() ==
          "name the standbys that must confirm commits instead of '*' (the replica connects as "
          "application_name 'drsim_replica'), or run the failover drill against a copy of the "
          "source");
  }
  // Refused before a run directory exists (other drills may share the state directory).
  for (const auto& run : run_dirs(kScratchDir))
    CHECK(run.find("/drsim-runs/sync-") == std::string::npos);
}
