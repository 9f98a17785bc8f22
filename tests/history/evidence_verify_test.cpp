// `evidence verify` on histories of runs recorded in the test with journal and result files of
// their own: intact, then one byte flipped in a file, a history row, a manifest, a run deleted,
// a wrong key; each named with its whole message. And a history of schema version 1 migrated to
// version 2, its old runs left unchained.
#include "history/evidence_verify.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "history/evidence_files.hpp"
#include "scratch_dir.hpp"

using namespace drsim;
using namespace drsim::history;
using drsim::test::ScratchDir;

namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::string& path) {
  std::string why;
  return read_evidence_file(path, &why).value_or("");
}

void flip(const std::string& path, std::size_t at) {
  std::string bytes = read(path);
  REQUIRE(at < bytes.size());
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  write(path, bytes);
}

void poke(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

// Run `i` with its journal and result written in `dir`.
RunRecord run_in(const ScratchDir& dir, int i) {
  RunRecord r;
  r.drill_run_id = "orders-logical-" + std::to_string(i);
  r.drill = "orders-logical";
  r.target = "orders-db";
  r.method = "logical";
  r.status = "passed";
  r.started_at = "2026-11-2" + std::to_string(i) + "T03:00:00.000Z";
  r.ended_at = r.started_at;
  r.rto_s = 1.25 * i;
  r.tables = {{"orders", "public.orders", 3000, 3000, "921", "921"}};
  r.journal_file = dir.file("journal-" + std::to_string(i) + ".json");
  r.result_file = dir.file("result-" + std::to_string(i) + ".json");
  write(r.journal_file, "{\"run\": " + std::to_string(i) + "}\n");
  write(r.result_file, "{\"rto_s\": " + std::to_string(1.25 * i) + "}\n");
  return r;
}

// Records runs 1..n as drill run does (manifest files included).
std::string history_of(const ScratchDir& dir, int n, const SigningKey* key = nullptr) {
  const std::string path = dir.file("h.sqlite");
  auto store = Store::for_recording(path);
  for (int i = 1; i <= n; ++i) save_manifest(*store.manifest(store.record(run_in(dir, i), key)));
  return path;
}

std::string broken_of(const std::string& path, const std::string& run_id = "") {
  auto store = Store::for_reading(path);
  const auto report = verify_evidence(store, run_id, nullptr);
  return report.broken ? report.broken->message + "\nhint: " + report.broken->hint : "intact";
}

}  // namespace

TEST_CASE("history::verify_evidence: three recorded runs are intact and chained in order",
          "[history][evidence]") {
  ScratchDir dir;
  const std::string path = history_of(dir, 3);
  auto store = Store::for_reading(path);
  const auto report = verify_evidence(store, "", nullptr);
  CHECK_FALSE(report.broken);
  REQUIRE(report.runs.size() == 3);
  const auto m1 = *store.manifest(1), m2 = *store.manifest(2), m3 = *store.manifest(3);
  CHECK(m1.previous_head == genesis_head());
  CHECK_FALSE(m1.previous_run);
  CHECK(m2.previous_run == 1);
  CHECK(m2.previous_head == m1.head);
  CHECK(m3.previous_head == m2.head);
  REQUIRE(m2.records.size() == 4);
  CHECK(m2.records[0].kind == "journal");
  CHECK(m2.records[0].content == sha256("{\"run\": 2}\n"));
  CHECK(m2.records[0].hash == record_hash(m1.head, "journal", "{\"run\": 2}\n"));
  CHECK(m2.records[1].kind == "result");
  CHECK(m2.records[3].hash == m2.head);
  CHECK(report.runs[2].head == to_hex(m3.head));
  // The manifest file next to the journal is the history's manifest.
  CHECK(nlohmann::ordered_json::parse(read(dir.file("journal-2.json.manifest.json"))) ==
        to_json(m2));
  CHECK(broken_of(path, "2") == "intact");
}

TEST_CASE("history::verify_evidence: a flipped byte is named at its run and record",
          "[history][evidence]") {
  ScratchDir dir;
  const std::string path = history_of(dir, 3);
  const std::string result2 = dir.file("result-2.json");
  const std::string content = to_hex(sha256(read(result2)));
  flip(result2, 3);
  const std::string flipped = to_hex(sha256(read(result2)));
  CHECK(broken_of(path) ==
        "evidence of run 2 is broken at record 2 (result " + result2 + "): its SHA-256 is " +
            flipped + ", the chain recorded " + content +
            "\nhint: the result changed after the run was recorded (an edit, a later run writing "
            "the same file, an old copy put back): compare it with an off-host copy, and give "
            "each run files of its own");
  flip(result2, 3);
  CHECK(broken_of(path) == "intact");

  std::filesystem::rename(dir.file("journal-3.json"), dir.file("moved.json"));
  CHECK(broken_of(path) == "evidence of run 3 is broken at record 1 (journal " +
                               dir.file("journal-3.json") +
                               "): cannot read it: No such file or directory\nhint: the journal "
                               "was moved or deleted after the run was recorded: put it back "
                               "from a backup");
  std::filesystem::rename(dir.file("moved.json"), dir.file("journal-3.json"));

  poke(path, "UPDATE runs SET status = 'passes' WHERE id = 1");
  CHECK(broken_of(path).rfind("evidence of run 1 is broken at record 4 (run the history's run 1): "
                              "its SHA-256 is ",
                              0) == 0);
  poke(path, "UPDATE runs SET status = 'passed' WHERE id = 1");

  flip(dir.file("journal-1.json.manifest.json"),
       read(dir.file("journal-1.json.manifest.json")).find("\"head\": \"") + 9);
  const std::string head1 = to_hex(Store::for_reading(path).manifest(1)->head);
  std::string tampered = head1;
  tampered[0] = static_cast<char>(tampered[0] ^ 0x01);
  CHECK(broken_of(path) ==
        "evidence of run 1 is broken at its manifest " + dir.file("journal-1.json.manifest.json") +
            ": /head is \"" + tampered + "\", the history recorded \"" + head1 +
            "\"\nhint: the manifest file was changed, moved or deleted after the run was recorded: "
            "compare it with an off-host copy; drsim evidence verify trusts "
            "the history's copy, the file is for auditors");
}

TEST_CASE("history::verify_evidence: a deleted run is noticed at the run after it",
          "[history][evidence]") {
  ScratchDir dir;
  const std::string path = history_of(dir, 3);
  poke(path, "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE id = 2");
  CHECK(broken_of(path) ==
        "evidence of run 3 is broken at its link to the run before it: it follows run 2's chain "
        "head, and run 2 is not in the history: a run was deleted\nhint: restore the history "
        "from a backup, and compare its chain heads with an off-host copy of them");
  CHECK(broken_of(path, "1") == "intact");
}

TEST_CASE("history::verify_evidence: signatures check with the right key, fail with another",
          "[history][evidence]") {
  ScratchDir dir;
  const std::string key_file = dir.file("key.pem"), other_file = dir.file("other.pem");
  REQUIRE(std::system(("openssl genpkey -algorithm ed25519 -out " + key_file +
                       " 2>/dev/null && "
                       "openssl genpkey -algorithm ed25519 -out " +
                       other_file + " 2>/dev/null")
                          .c_str()) == 0);
  const auto key = SigningKey::load(key_file, "--sign-key");
  const std::string path = history_of(dir, 2, &key);
  auto store = Store::for_reading(path);
  const auto pub = PublicKey::load(key_file, "--public-key");
  const auto good = verify_evidence(store, "", &pub);
  CHECK_FALSE(good.broken);
  CHECK(good.runs[1].signature_checked);
  CHECK(good.runs[1].key_fingerprint == key.fingerprint());
  const auto other = PublicKey::load(other_file, "--public-key");
  const auto bad = verify_evidence(store, "", &other);
  REQUIRE(bad.broken);
  CHECK(bad.broken->message ==
        "evidence of run 1 is broken at its signature: it was signed by "
        "the key " +
            key.fingerprint() + ", not by " + other_file + " (" + other.fingerprint() + ")");
  CHECK(bad.broken->hint == "give --public-key the public half of the key the drills sign with");
}

TEST_CASE("history::Store: a history of schema version 1 is migrated to 2, its runs unchained",
          "[history][evidence]") {
  ScratchDir dir;
  const std::string path = history_of(dir, 1);
  // Back to the file drsim 0.1.0's schema version 1 wrote (its tables are version 2's first).
  poke(path,
       "DROP TABLE evidence_records; DROP TABLE evidence_manifests; "
       "DELETE FROM schema_version WHERE version = 2");
  auto store = Store::for_recording(path);
  save_manifest(*store.manifest(store.record(run_in(dir, 2))));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT group_concat(version) FROM schema_version", -1, &s,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "1,2");
  sqlite3_finalize(s);
  sqlite3_close(db);
  const auto report = verify_evidence(store, "", nullptr);
  CHECK(broken_of(path) == "intact");
  REQUIRE(report.runs.size() == 2);
  CHECK(report.runs[0].state == EvidenceState::kUnchained);
  CHECK(report.runs[1].state == EvidenceState::kIntact);
  CHECK(store.manifest(2)->previous_head == genesis_head());
}
