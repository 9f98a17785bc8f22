// Live pitr drills against a source that keeps writing (issue 12, false reds): pgbench runs
// throughout the drill, so the source has moved on by the time the primary is declared lost.
// The references are taken at an exact reference point, the restore stops there, and the tables
// match; the RPO still counts what the frozen archive holds.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <regex>

#include "drills/runner.hpp"
#include "live_support.hpp"

using namespace drsim;
using namespace drsim::test;

namespace {

// pgbench against `db` at `tps` transactions per second until destroyed.
class BackgroundLoad {
 public:
  BackgroundLoad(const std::string& db, int tps) {
    const auto& s = pg_source();
    std::string command = "exec runuser -u postgres -- " + s.bin + "/pgbench -n -c 2 -T 600 -R " +
                          std::to_string(tps) + " -h " + s.sock + " -p " + s.port + " " + db +
                          " >/dev/null 2>&1";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
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

}  // namespace

TEST_CASE("drills::run: pitr with every table compared passes while the source keeps writing",
          "[drills][live]") {
  const auto& s = pg_source();
  TempDir tmp("write-load");
  TestDatabase database("load", "GRANT CREATE ON SCHEMA public TO drill;");
  const std::string& db = database.name();
  sh("runuser -u postgres -- " + s.bin + "/pgbench -i -q -s 1 -h " + s.sock + " -p " + s.port +
     " " + db + " 2>&1");
  BackgroundLoad load(db, 100);
  psql(db, "SELECT pg_sleep(1)");  // the load is running before the drill starts
  auto spec = spec_from(tmp.path(), "load",
                        "drill: write-load\nservice: bench\nmethod: pitr\n" + source_block(db) +
                            "backup:\n  archive_dir: " + s.archive + "\n  loss_after: 1 s\n" +
                            scratch_block() +
                            "heartbeat:\n  interval: 100 ms\nverify:\n  tables: all\n"
                            "objectives:\n  rto: 2 min\n  rpo: 5 s\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.findings.empty());
  CHECK(out.passed);
  const std::regex lsn("[0-9A-F]+/[0-9A-F]+");
  std::smatch m;
  std::string reference = step_detail(out, "reference");
  REQUIRE(std::regex_search(reference, m, lsn));
  const std::string point = m.str();
  CHECK(reference.rfind("snapshots of 1 database(s) exact at " + point, 0) == 0);
  CHECK(step_detail(out, "configure")
            .rfind("recovery to the reference point " + point + " (stopping before it)", 0) == 0);
  CHECK(step_detail(out, "verify_tables") ==
        "4 tables compared with the source at the reference point " + point +
            " (level standard): all match");
  CHECK(step_detail(out, "check_recovery").find("the rest of the frozen archive reads cleanly") !=
        std::string::npos);
  const auto& evidence = out.journal["evidence"];
  CHECK(evidence["recovery"]["reference_point_lsn"] == point);
  // The source wrote on after the reference point: its history table has grown past it.
  long long at_reference = -1;
  for (const auto& t : evidence["tables"]) {
    if (t["table"] == "public.pgbench_history") at_reference = t["source_rows"].get<long long>();
  }
  CHECK(at_reference > 0);
  CHECK(std::stoll(psql(db, "SELECT count(*) FROM pgbench_history")) > at_reference);
  // The RPO is what the frozen archive holds: archive_timeout is 1 s, beats every 100 ms.
  const auto& t = out.result.scenarios.at(0).services.at(0);
  REQUIRE(t.rpo_s);
  CHECK(*t.rpo_s >= 0);
  CHECK(*t.rpo_s <= 2.5);
}
