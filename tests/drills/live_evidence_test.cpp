// Tamper-evident evidence against real drills: the bundled example drill run three times with
// --sign-key into a temporary history, each with a journal and result of its own; `drsim evidence
// verify --public-key` exits 0, then one byte flipped in turn in a journal, a result, a history
// row and a manifest each makes it exit 1 naming that run and record, a deleted run is named at
// the run after it, and with everything put back it passes again.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "live_support.hpp"

namespace fs = std::filesystem;
using namespace drsim::test;

namespace {

void flip(const std::string& path, std::size_t at) {
  std::string bytes = read_file(path);
  REQUIRE(at < bytes.size());
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void sql(const std::string& path, const std::string& text) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

struct Verify {
  int code;
  std::string log;
};

Verify verify(const std::string& dir, const std::string& history, const std::string& pub) {
  const std::string log = dir + "/verify.log";
  const int code = wait_child(
      spawn_drsim({"evidence", "verify", "--history", history, "--public-key", pub}, log));
  return {code, read_file(log)};
}

}  // namespace

TEST_CASE("drills::evidence: three signed runs verify, and a flipped byte or a deleted run fails",
          "[drills][live]") {
  TempDir tmp("evidence");
  TestDatabase db("orders",
                  "GRANT CREATE ON SCHEMA public TO drill;\n"
                  "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);\n"
                  "INSERT INTO customers SELECT i, 'c' || i FROM generate_series(1, 200) i;\n"
                  "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES "
                  "customers, amount numeric(10,2) NOT NULL);\n"
                  "INSERT INTO orders SELECT i, 1 + i % 200, i * 1.5 FROM generate_series(1, "
                  "500) i;\n"
                  "CREATE TABLE payments (id int PRIMARY KEY, order_id int REFERENCES orders);\n"
                  "INSERT INTO payments SELECT i, i FROM generate_series(1, 100) i;\n");
  const std::string yaml = example_logical_drill("orders-evidence", db.name());
  const std::string drill = write_drill(tmp.path(), "orders-evidence", yaml + scratch_block());
  const std::string history = tmp.path() + "/history.sqlite";
  const std::string key = tmp.path() + "/key.pem", pub = tmp.path() + "/pub.pem";
  sh("openssl genpkey -algorithm ed25519 -out " + key + " && openssl pkey -in " + key +
     " -pubout -out " + pub);

  auto journal = [&](int i) { return tmp.path() + "/journal-" + std::to_string(i) + ".json"; };
  auto result = [&](int i) { return tmp.path() + "/result-" + std::to_string(i) + ".json"; };
  for (int i = 1; i <= 3; ++i) {
    const std::string log = tmp.path() + "/run-" + std::to_string(i) + ".log";
    const int pid = spawn_drsim({"drill", "run", drill, "--history", history, "--result", result(i),
                                 "--journal", journal(i), "--sign-key", key},
                                log);
    INFO(read_file(log));
    REQUIRE(wait_child(pid) == 0);
    REQUIRE(fs::exists(journal(i) + ".manifest.json"));
  }
  {
    const auto intact = verify(tmp.path(), history, pub);
    INFO(intact.log);
    CHECK(intact.code == 0);
    CHECK(intact.log.find("run 3: intact, 4 records, head ") != std::string::npos);
    CHECK(intact.log.find(", signature checked\n") != std::string::npos);
    CHECK(intact.log.find("evidence intact: 3 runs chained in " + history) != std::string::npos);
  }
  // After each tampering is undone, the evidence verifies again; the log shown is that verify's.
  auto intact_again = [&](const std::string& after) {
    const auto v = verify(tmp.path(), history, pub);
    INFO("after " << after << ":\n" << v.log);
    CHECK(v.code == 0);
  };

  // One byte in turn: in a journal, a result, the history's row and a manifest.
  const struct {
    std::string file;
    std::string expected;
  } flips[] = {
      {journal(2), "drsim: error: evidence of run 2 is broken at record 1 (journal " + journal(2) +
                       "): its SHA-256 is "},
      {result(3), "drsim: error: evidence of run 3 is broken at record 2 (result " + result(3) +
                      "): its SHA-256 is "},
      {journal(1) + ".manifest.json", "drsim: error: evidence of run 1 is broken at its manifest " +
                                          journal(1) + ".manifest.json: /head is \""},
  };
  for (const auto& f : flips) {
    const std::string text = read_file(f.file);
    const std::size_t at = f.file.find("manifest") != std::string::npos
                               ? text.find("\"head\": \"") + 9
                               : text.size() / 2;
    flip(f.file, at);
    {
      const auto broken = verify(tmp.path(), history, pub);
      INFO(broken.log);
      CHECK(broken.code == 1);
      CHECK(broken.log.find(f.expected) != std::string::npos);
    }
    flip(f.file, at);
    intact_again("flipping " + f.file + " back");
  }
  // The row is put back from a copy: rto_s + 1 - 1 is not rto_s for every measured RTO (a
  // double loses its last bit when the sum crosses a power of two), and the hash would differ.
  const std::string before_row = tmp.path() + "/before-row.sqlite";
  fs::copy_file(history, before_row);
  sql(history, "UPDATE runs SET rto_s = rto_s + 1 WHERE id = 2");
  auto row = verify(tmp.path(), history, pub);
  CHECK(row.code == 1);
  CHECK(row.log.find("drsim: error: evidence of run 2 is broken at record 4 (run the history's "
                     "run 2): its SHA-256 is ") != std::string::npos);
  fs::copy_file(before_row, history, fs::copy_options::overwrite_existing);
  intact_again("putting run 2's row back");

  // A run deleted with its rows: noticed at the run after it; put back, the chain holds again.
  fs::copy_file(history, tmp.path() + "/backup.sqlite");
  sql(history, "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE id = 2");
  auto gap = verify(tmp.path(), history, pub);
  CHECK(gap.code == 1);
  CHECK(gap.log.find("run 1: intact, 4 records, head ") != std::string::npos);
  CHECK(gap.log.find(
            "drsim: error: evidence of run 3 is broken at its link to the run before it: it "
            "follows run 2's chain head, and run 2 is not in the history: a run was deleted\n"
            "  hint: restore the history from a backup, and compare its chain heads with an "
            "off-host copy of them\n") != std::string::npos);
  fs::copy_file(tmp.path() + "/backup.sqlite", history, fs::copy_options::overwrite_existing);
  intact_again("restoring the history from its backup");
}
