// Live pitr and failover drills against a source that keeps writing (issue 12, false reds):
// pgbench runs throughout the drill, so the source has moved on by the time the primary is
// declared lost. The references are taken at an exact reference point, the restore (or the
// promoted replica) stops there, and the tables match; the RPO still counts what the frozen
// archive holds, or what the replica had received.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <regex>

#include "drills/runner.hpp"
#include "drills/wal.hpp"
#include "live_support.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

// pgbench tables in `db`, written at `tps` transactions per second from construction (which
// returns once the load has run for a second) until destroyed.
class BackgroundLoad {
 public:
  BackgroundLoad(const std::string& db, int tps) {
    const auto& s = pg_source();
    sh("runuser -u postgres -- " + s.bin + "/pgbench -i -q -s 1 -h " + s.sock + " -p " + s.port +
       " " + db + " 2>&1");
    std::string command = "exec runuser -u postgres -- " + s.bin + "/pgbench -n -c 2 -T 600 -R " +
                          std::to_string(tps) + " -h " + s.sock + " -p " + s.port + " " + db +
                          " >/dev/null 2>&1";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    psql(db, "SELECT pg_sleep(1)");  // the load is running before the drill starts
  }
  ~BackgroundLoad() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  BackgroundLoad(const BackgroundLoad&) = delete;
  BackgroundLoad& operator=(const BackgroundLoad&) = delete;

 private:
  pid_t pid_ = -1;
};

// A drill of `method` with every table compared, on `db` under load.
drills::DrillOutcome drill_under_load(const std::string& dir, const std::string& db,
                                      const std::string& method, const std::string& backup) {
  auto spec =
      spec_from(dir, db,
                "drill: write-load\nservice: bench\nmethod: " + method + "\n" + source_block(db) +
                    "backup:\n" + backup + "  loss_after: 1 s\n" + scratch_block() +
                    "heartbeat:\n  interval: 100 ms\nverify:\n  tables: all\n"
                    "objectives:\n  rto: 2 min\n  rpo: 5 s\n");
  return drills::run_drill(spec);
}

// The reference point the "reference" step of `out` names, checked to be exact for one database.
std::string reference_point(const drills::DrillOutcome& out) {
  const std::regex lsn("[0-9A-F]+/[0-9A-F]+");
  std::smatch m;
  std::string reference = step_detail(out, "reference");
  REQUIRE(std::regex_search(reference, m, lsn));
  CHECK(reference.rfind("snapshots of 1 database(s) exact at " + m.str(), 0) == 0);
  return m.str();
}

// Checks that the tables matched at `point`, while the source's history table grew past it.
void check_matched_at(const drills::DrillOutcome& out, const std::string& point,
                      const std::string& db) {
  CHECK(out.findings.empty());
  CHECK(out.passed);
  CHECK(step_detail(out, "verify_tables") ==
        "4 tables compared with the source at the reference point " + point +
            " (level standard): all match");
  long long at_reference = -1;
  for (const auto& t : out.journal["evidence"]["tables"]) {
    if (t["table"] == "public.pgbench_history") at_reference = t["source_rows"].get<long long>();
  }
  CHECK(at_reference > 0);
  CHECK(std::stoll(psql(db, "SELECT count(*) FROM pgbench_history")) > at_reference);
}

}  // namespace

TEST_CASE("drills::run: pitr with every table compared passes while the source keeps writing",
          "[drills][live]") {
  TempDir tmp("write-load");
  TestDatabase database("load", "GRANT CREATE ON SCHEMA public TO drill;");
  BackgroundLoad load(database.name(), 100);
  auto out = drill_under_load(tmp.path(), database.name(), "pitr",
                              "  archive_dir: " + pg_source().archive + "\n");
  INFO(out.journal.dump(2));
  const std::string point = reference_point(out);
  CHECK(step_detail(out, "configure")
            .rfind("recovery to the reference point " + point + " (stopping before it)", 0) == 0);
  check_matched_at(out, point, database.name());
  CHECK(step_detail(out, "check_recovery").find("the rest of the frozen archive reads cleanly") !=
        std::string::npos);
  CHECK(out.journal["evidence"]["recovery"]["reference_point_lsn"] == point);
  // The RPO is what the frozen archive holds: archive_timeout is 1 s, beats every 100 ms.
  const auto& t = out.result.scenarios.at(0).services.at(0);
  REQUIRE(t.rpo_s);
  CHECK(*t.rpo_s >= 0);
  CHECK(*t.rpo_s <= 2.5);
}

TEST_CASE("drills::run: failover with every table compared passes while the source keeps writing",
          "[drills][live]") {
  TempDir tmp("write-load-failover");
  TestDatabase database("loadfo", "GRANT CREATE ON SCHEMA public TO drill;");
  BackgroundLoad load(database.name(), 100);
  auto out = drill_under_load(tmp.path(), database.name(), "failover", "");
  INFO(out.journal.dump(2));
  const std::string point = reference_point(out);
  const std::string reference = step_detail(out, "reference");
  const std::string held = "; the replica streams on and holds replay just before it";
  CHECK(reference.substr(reference.size() - held.size()) == held);
  check_matched_at(out, point, database.name());
  // The replica was promoted at the reference point although it had received more.
  const auto& replica = out.journal["evidence"]["replica"];
  CHECK(replica["reference_point_lsn"] == point);
  const auto received = drills::parse_lsn(replica["received_end_lsn"]);
  REQUIRE(received);
  CHECK(*received > *drills::parse_lsn(point));
  CHECK(step_detail(out, "measure_rpo").find("newest received by the replica #") !=
        std::string::npos);
  // Streaming on loopback: the RPO counts what the replica received, not the reference point.
  const auto& t = out.result.scenarios.at(0).services.at(0);
  REQUIRE(t.rpo_s);
  CHECK(*t.rpo_s <= 0.5);
  REQUIRE(t.rto_s);
  CHECK(*t.rto_s < 10);
}
