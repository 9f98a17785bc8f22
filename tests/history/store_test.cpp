// The history store on temporary files: a run comes back field for field, two processes
// recording at once both land, and files that are no history of this drsim are refused with
// their whole message.
#include "history/store.hpp"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "drsim/version.hpp"
#include "model/errors.hpp"
#include "scratch_dir.hpp"

using namespace drsim;
using drsim::history::RunRecord;
using drsim::history::Store;
using drsim::test::ScratchDir;

namespace {

RunRecord sample_run(const std::string& drill, const std::string& started_at) {
  RunRecord r;
  r.drill_run_id = drill + "-Ab12Cd";
  r.drill = drill;
  r.target = "orders-db";
  r.method = "pitr";
  r.status = "passed";
  r.started_at = started_at;
  r.ended_at = "2026-11-20T03:01:12.456Z";
  r.drsim_version = "0.1.0";
  r.spec_file = "examples/drills/orders-pitr.yaml";
  r.spec_checksum = "sha256:0c7d";
  r.max_age_s = 35 * 86400.0;
  r.t0_s = 61.25;
  r.rto_s = 7.01;
  r.rpo_s = 0.5;
  r.impact = "severe";
  r.recovery_process = "base backup + WAL archive restored into a scratch instance";
  r.data_loss = "up to 0.500 s (5 heartbeat transactions lost of 14)";
  r.objectives = {{"rto", 1800.0, 7.01, "met"}, {"rpo", std::nullopt, 0.5, "missing_policy"}};
  r.steps = {{"preflight", "ok", "2026-11-20T03:00:00.123Z", "2026-11-20T03:00:00.300Z", 0.0, 0.177,
              "tools, source and scratch checked", ""},
             {"verify_tables", "failed", "2026-11-20T03:01:10.000Z", "", 69.877, std::nullopt, "",
              "app/public.orders: checksum differs"}};
  r.tables = {{"app", "public.orders", 50000, 50000, "921", "921"},
              {"app", "public.events", 2000, std::nullopt, "17", ""}};
  r.findings = {"app/public.orders: checksum differs with the same 50000 rows"};
  r.notes = {"server log kept at /var/log/d-server-5433.log", "source kept running for 1 min"};
  r.evidence = {{"recovery", {{"system_identifier", "7715465438232396989"}}}};
  r.journal_file = "/var/log/drills/j.json";
  r.result_file = "";
  return r;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// Runs `sql` on `path` with SQLite itself, behind the store's back.
void poke(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("history::Store: a recorded run comes back with every field", "[history]") {
  ScratchDir dir;
  const std::string path = dir.file("state/drsim/history.sqlite");
  const RunRecord in = sample_run("orders-pitr", "2026-11-20T03:00:00.123Z");
  {
    Store store = Store::for_recording(path);  // creates state/drsim on the way
    CHECK(store.record(in) == 1);
  }
  Store store = Store::for_reading(path);
  const RunRecord out = store.run("1");
  CHECK(out.id == 1);
  CHECK(out.drill_run_id == "orders-pitr-Ab12Cd");
  CHECK(out.drill == "orders-pitr");
  CHECK(out.target == "orders-db");
  CHECK(out.method == "pitr");
  CHECK(out.status == "passed");
  CHECK(out.started_at == "2026-11-20T03:00:00.123Z");
  CHECK(out.ended_at == "2026-11-20T03:01:12.456Z");
  CHECK(out.drsim_version == "0.1.0");
  CHECK(out.spec_file == "examples/drills/orders-pitr.yaml");
  CHECK(out.spec_checksum == "sha256:0c7d");
  CHECK(out.max_age_s == 3024000.0);
  CHECK(out.t0_s == 61.25);
  CHECK(out.rto_s == 7.01);
  CHECK(out.rpo_s == 0.5);
  CHECK(out.impact == "severe");
  CHECK(out.recovery_process == in.recovery_process);
  CHECK(out.data_loss == in.data_loss);
  REQUIRE(out.objectives.size() == 2);
  CHECK(out.objectives[0].kind == "rto");
  CHECK(out.objectives[0].target_s == 1800.0);
  CHECK(out.objectives[0].achieved_s == 7.01);
  CHECK(out.objectives[0].verdict == "met");
  CHECK(out.objectives[1].kind == "rpo");
  CHECK_FALSE(out.objectives[1].target_s);
  CHECK(out.objectives[1].verdict == "missing_policy");
  REQUIRE(out.steps.size() == 2);
  CHECK(out.steps[0].name == "preflight");
  CHECK(out.steps[0].begin_at == "2026-11-20T03:00:00.123Z");
  CHECK(out.steps[0].end_at == "2026-11-20T03:00:00.300Z");
  CHECK(out.steps[0].duration_s() == Approx(0.177));
  CHECK(out.steps[0].detail == "tools, source and scratch checked");
  CHECK(out.steps[1].status == "failed");
  CHECK(out.steps[1].end_at.empty());
  CHECK_FALSE(out.steps[1].end_s);
  CHECK(out.steps[1].error == "app/public.orders: checksum differs");
  REQUIRE(out.tables.size() == 2);
  CHECK(out.tables[0].table == "public.orders");
  CHECK(out.tables[0].source_rows == 50000);
  CHECK(out.tables[0].restored_checksum == "921");
  CHECK(out.tables[1].table == "public.events");
  CHECK_FALSE(out.tables[1].restored_rows);
  CHECK(out.findings == in.findings);
  CHECK(out.notes == in.notes);
  CHECK(out.evidence.dump() == R"({"recovery":{"system_identifier":"7715465438232396989"}})");
  CHECK(out.journal_file == "/var/log/drills/j.json");
  CHECK(out.result_file.empty());
}

TEST_CASE("history::Store: runs are listed newest first, by target and up to a limit",
          "[history]") {
  ScratchDir dir;
  Store store = Store::for_recording(dir.file("h.sqlite"));
  store.record(sample_run("a", "2026-11-02T00:00:00.000Z"));
  store.record(sample_run("b", "2026-11-03T00:00:00.000Z"));
  RunRecord other = sample_run("c", "2026-11-01T00:00:00.000Z");
  other.target = "billing-db";
  store.record(other);
  store.record(sample_run("d", "2026-11-03T00:00:00.000Z"));  // same start as b: higher id first
  auto drills = [](const std::vector<RunRecord>& runs) {
    std::string out;
    for (const auto& r : runs) out += r.drill + std::to_string(r.id) + " ";
    return out;
  };
  CHECK(drills(store.runs()) == "d4 b2 a1 c3 ");
  CHECK(drills(store.runs("orders-db")) == "d4 b2 a1 ");
  CHECK(drills(store.runs("orders-db", 2)) == "d4 b2 ");
  CHECK(drills(store.runs("nobody")).empty());
  // The list leaves the details out.
  CHECK(store.runs().front().steps.empty());
  CHECK(store.runs().front().findings.empty());
}

TEST_CASE("history::Store: a new history is WAL, marked as drsim's, at schema version 2",
          "[history]") {
  ScratchDir dir;
  const std::string path = dir.file("h.sqlite");
  Store::for_recording(path);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    std::string v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
  };
  CHECK(scalar("PRAGMA journal_mode") == "wal");
  CHECK(scalar("PRAGMA application_id") == std::to_string(history::kApplicationId));
  CHECK(scalar("SELECT group_concat(version) FROM schema_version") == "1,2");
  CHECK(scalar("SELECT drsim_version FROM schema_version") == kVersion);
  sqlite3_close(db);
}

TEST_CASE("history::Store: two processes recording at once both land", "[history]") {
  ScratchDir dir;
  const std::string path = dir.file("h.sqlite");
  constexpr int kEach = 25;
  std::vector<pid_t> children;
  for (const char* who : {"a", "b"}) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // Each child creates (or finds) the file itself, as two drills starting together do.
      try {
        Store store = Store::for_recording(path);
        for (int i = 0; i < kEach; ++i) {
          store.record(
              sample_run(std::string(who) + "-" + std::to_string(i), "2026-11-20T03:00:00.000Z"));
        }
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  const auto runs = Store::for_reading(path).runs();
  REQUIRE(runs.size() == 2 * kEach);
  std::set<std::string> drills;
  std::set<long long> ids;
  for (const auto& r : runs) {
    drills.insert(r.drill);
    ids.insert(r.id);
  }
  CHECK(drills.size() == 2 * kEach);
  CHECK(drills.count("a-24") == 1);
  CHECK(drills.count("b-24") == 1);
  CHECK(ids.size() == 2 * kEach);
  CHECK(*ids.begin() == 1);
  CHECK(*ids.rbegin() == 2 * kEach);
  // Every run landed whole: its steps with it.
  CHECK(Store::for_reading(path).run("37").steps.size() == 2);
}

TEST_CASE("history::Store: an unknown run id is a command-line error naming the history",
          "[history]") {
  ScratchDir dir;
  const std::string path = dir.file("h.sqlite");
  Store store = Store::for_recording(path);
  store.record(sample_run("a", "2026-11-02T00:00:00.000Z"));
  CHECK(error_of([&] { store.run("2"); }) ==
        "<command line>: error: RUN_ID: no run 2 in the drill history " + path +
            "\n"
            "  hint: drsim history list --history " +
            path + " shows the id of every run\n");
  CHECK(error_of([&] { store.run("x1"); }) ==
        "<command line>: error: RUN_ID: no run 'x1' in the drill history " + path +
            "\n"
            "  hint: drsim history list --history " +
            path + " shows the id of every run\n");
  try {
    store.run("0");
    FAIL("run 0 was found");
  } catch (const InputError& e) {
    CHECK(e.exit_code() == ExitCode::kUsage);
  }
}

TEST_CASE("history::Store: refuses a history of a newer schema, to read and to record",
          "[history]") {
  ScratchDir dir;
  const std::string path = dir.file("h.sqlite");
  Store::for_recording(path);
  poke(path, "INSERT INTO schema_version VALUES (3, '2027-01-01T00:00:00.000Z', '0.2.0')");
  const std::string expected =
      path + ": error: /schema_version: the drill history has schema version 3; this drsim (" +
      kVersion +
      ") reads versions up to 2\n"
      "  hint: use the newer drsim that recorded it, or give --history another file\n";
  CHECK(error_of([&] { Store::for_reading(path); }) == expected);
  CHECK(error_of([&] { Store::for_recording(path); }) == expected);
}

TEST_CASE("history::Store: refuses a missing file, another program's database and a damaged one",
          "[history]") {
  ScratchDir dir;
  const std::string hint =
      "  hint: drsim keeps its drill history in an SQLite file of its own: give --history a file "
      "that drsim drill run wrote, or a path that does not exist yet\n";
  const std::string missing = dir.file("none.sqlite");
  CHECK(error_of([&] { Store::for_reading(missing); }) ==
        missing +
            ": error: /: no drill history here: the file does not exist\n"
            "  hint: drsim drill run records every run in it (unless given --no-history): run a "
            "drill first, or give --history the file your drills record to\n");

  const std::string text = dir.file("notes.txt");
  std::ofstream(text) << "these are not the runs you are looking for\n";
  CHECK(error_of([&] { Store::for_reading(text); }) ==
        text + ": error: /: not a drsim drill history: file is not a database\n" + hint);
  CHECK(error_of([&] { Store::for_recording(text); }) ==
        text + ": error: /: not a drsim drill history: file is not a database\n" + hint);

  const std::string foreign = dir.file("other.sqlite");
  poke(foreign, "CREATE TABLE runs (x)");
  CHECK(error_of([&] { Store::for_recording(foreign); }) ==
        foreign + ": error: /: not a drsim drill history: an SQLite database of another program\n" +
            hint);

  const std::string damaged = dir.file("damaged.sqlite");
  {
    Store store = Store::for_recording(damaged);
    store.record(sample_run("a", "2026-11-02T00:00:00.000Z"));
  }
  {
    // Page 2 (the schema_version table) overwritten: its b-tree header no longer makes sense.
    std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    const std::string junk(64, '\xff');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  CHECK(error_of([&] { Store::for_reading(damaged).runs(); }) ==
        damaged +
            ": error: /: the drill history is damaged: database disk image is malformed\n"
            "  hint: move it aside and restore it from a backup; without one, the next drsim "
            "drill run starts a new history at this path\n");
}

TEST_CASE("history::Store: a history directory that cannot be made is an environment error",
          "[history]") {
  ScratchDir dir;
  const std::string blocker = dir.file("file");
  std::ofstream(blocker) << "x";
  try {
    Store::for_recording(blocker + "/drsim/history.sqlite");
    FAIL("no error");
  } catch (const EnvironmentError& e) {
    CHECK(std::string(e.what()) == "cannot create the directory " + blocker +
                                       "/drsim for the drill history: Not a directory");
    CHECK(e.hint() ==
          "give --history a file in a directory that may be written, or --no-history to record "
          "nothing");
  }
}
