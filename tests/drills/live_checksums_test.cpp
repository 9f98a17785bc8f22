// Live drill on a restore whose primary-key index holds a changed key on a page that still carries
// a valid data checksum (issue 12): silent corruption PostgreSQL's page checksums cannot catch.
// The source cluster runs with data checksums on (fixture drills_pg_private); the test writes
// the page checksum itself, with PostgreSQL's algorithm (src/include/storage/checksum_impl.h).
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "drills/runner.hpp"
#include "live_support.hpp"

namespace fs = std::filesystem;
using namespace drsim;
using namespace drsim::test;

namespace {

constexpr std::size_t kPageSize = 8192;  // BLCKSZ
using Page = std::array<unsigned char, kPageSize>;

// PageHeaderData: pd_lsn (8 bytes), pd_checksum, pd_flags, pd_lower, pd_upper, pd_special (2
// bytes each), then the line pointers (ItemIdData, 4 bytes) from byte 24.
constexpr std::size_t kChecksumAt = 8, kLowerAt = 12, kUpperAt = 14, kSpecialAt = 16;
constexpr std::size_t kLinePointersAt = 24;

// Fields in the machine's byte order, as PostgreSQL writes them.
template <typename T>
T get(const Page& page, std::size_t at) {
  T v{};
  std::memcpy(&v, page.data() + at, sizeof v);
  return v;
}
template <typename T>
void put(Page& page, std::size_t at, T v) {
  std::memcpy(page.data() + at, &v, sizeof v);
}

// PostgreSQL's page checksum (pg_checksum_page): the page with pd_checksum zeroed read as rows of
// 32 uint32 columns, each column folded into its own FNV-1a-like sum from its own base offset,
// two more rounds with 0, the sums xor-ed together, the block number xor-ed in, then reduced to
// 1..65535. `block` is the page's number in the relation: its index in the first (1 GB) segment
// file, the only one the test's relations have.
std::uint16_t page_checksum(Page page, std::uint32_t block) {
  constexpr std::size_t kSums = 32;
  constexpr std::uint32_t kFnvPrime = 16777619;
  std::array<std::uint32_t, kSums> sums = {
      0x5B1F36E9, 0xB8525960, 0x02AB50AA, 0x1DE66D2A, 0x79FF467A, 0x9BB9F8A3, 0x217E7CD2,
      0x83E13D2C, 0xF8D4474F, 0xE39EB970, 0x42C6AE16, 0x993216FA, 0x7B093B5D, 0x98DAFF3C,
      0xF718902A, 0x0B1C9CDB, 0xE58F764B, 0x187636BC, 0x5D7B3BB1, 0xE73DE7DE, 0x92BEC979,
      0xCCA6C0B2, 0x304A0979, 0x85AA43D4, 0x783125BB, 0x6CA8EAA2, 0xE407EAC6, 0x4B5CFC3E,
      0x9FBF8C76, 0x15CA20BE, 0xF2CA9FD3, 0x959BD756};
  auto mix = [](std::uint32_t& sum, std::uint32_t value) {
    std::uint32_t tmp = sum ^ value;
    sum = (tmp * kFnvPrime) ^ (tmp >> 17);
  };
  put<std::uint16_t>(page, kChecksumAt, 0);
  for (std::size_t at = 0; at < kPageSize; at += 4) {
    mix(sums[(at / 4) % kSums], get<std::uint32_t>(page, at));
  }
  std::uint32_t checksum = 0;
  for (auto& sum : sums) {
    mix(sum, 0);
    mix(sum, 0);
    checksum ^= sum;
  }
  checksum ^= block;
  return static_cast<std::uint16_t>(checksum % 65535 + 1);
}

Page read_page(const std::string& file, std::uint32_t block) {
  Page page{};
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(block * kPageSize));
  in.read(reinterpret_cast<char*>(page.data()), kPageSize);
  REQUIRE(in.gcount() == static_cast<std::streamsize>(kPageSize));
  return page;
}

void write_page(const std::string& file, std::uint32_t block, const Page& page) {
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(out);
  out.seekp(static_cast<std::streamoff>(block * kPageSize));
  out.write(reinterpret_cast<const char*>(page.data()), kPageSize);
  REQUIRE(out.flush());
}

// How many of the initialized pages (pd_upper != 0) of a relation file carry the checksum
// page_checksum() computes, and how many there are.
std::pair<std::uint32_t, std::uint32_t> pages_with_valid_checksum(const std::string& file) {
  auto blocks = static_cast<std::uint32_t>(fs::file_size(file) / kPageSize);
  std::uint32_t valid = 0, initialized = 0;
  for (std::uint32_t b = 0; b < blocks; ++b) {
    Page page = read_page(file, b);
    if (get<std::uint16_t>(page, kUpperAt) == 0) continue;
    ++initialized;
    if (page_checksum(page, b) == get<std::uint16_t>(page, kChecksumAt)) ++valid;
  }
  return {valid, initialized};
}

// The byte offset of line pointer `n` (1-based, as OffsetNumber) of a page's item.
std::size_t item_at(const Page& page, std::size_t n) {
  auto lp = get<std::uint32_t>(page, kLinePointersAt + 4 * (n - 1));
  REQUIRE(((lp >> 15) & 3) == 1);  // LP_NORMAL
  return lp & 0x7fff;
}

}  // namespace

// With data checksums the old primary can be rewound: pg_rewind finds where it diverged from the
// promoted replica and copies back only what changed.
TEST_CASE("drills::run: failback rewinds the old primary with pg_rewind when it has checksums",
          "[drills][live][private]") {
  REQUIRE(psql("postgres", "SHOW data_checksums") == "on");
  TempDir tmp("rewind");
  auto spec = spec_from(
      tmp.path(), "d",
      "drill: app-rewind\nmethod: failover\n" + source_block() +
          "backup: {loss_after: 1 s}\nrecovery: {failback: true}\ntimeouts: {default: 2 min}\n"
          "scratch:\n  dir: " +
          kScratchDir + "\n  fsync: false\nheartbeat: {interval: 100 ms}\n");
  auto out = drills::run_drill(spec);
  INFO(out.journal.dump(2));
  CHECK(out.passed);
  CHECK(out.journal.at("evidence").at("failback").at("path") == "pg_rewind");
  CHECK(step_detail(out, "rewind").rfind("pg_rewind: servers diverged at WAL location ", 0) == 0);
  CHECK(step_detail(out, "verify_failback").find(": all on the old primary; failback ") !=
        std::string::npos);
}

TEST_CASE(
    "drills::run: a changed primary-key index key on a checksum-valid page goes red from "
    "standard",
    "[drills][live][private]") {
  const auto& s = pg_source();
  {
    INFO(
        "needs the source with data checksums on: run through ctest (fixture "
        "drills_pg_checksums)");
    REQUIRE(psql("postgres", "SHOW data_checksums") == "on");
  }
  TempDir tmp("silent");
  // Odd keys only, so a key can change to an even one without breaking the index's order:
  // only --heapallindexed can see it.
  TestDatabase database("silent",
                        "CREATE TABLE t (id int PRIMARY KEY, v text); "
                        "INSERT INTO t SELECT 2 * i + 1, md5(i::text) "
                        "FROM generate_series(0, 19999) i; CHECKPOINT;");
  const std::string& db = database.name();
  std::string base = tmp.path() + "/base";
  take_base_backup(base);
  // (backup_manifest would catch the change: the attack had manifest verification off.)
  sh("rm " + base + "/backup_manifest");
  std::string index_file = base + "/" + psql(db, "SELECT pg_relation_filepath('t_pkey')");
  std::string heap_file = base + "/" + psql(db, "SELECT pg_relation_filepath('t')");

  // page_checksum() is PostgreSQL's: it reproduces the checksum of every page of the backup's
  // index and table.
  auto [index_valid, index_pages] = pages_with_valid_checksum(index_file);
  CHECK(index_pages == fs::file_size(index_file) / kPageSize);
  CHECK(index_pages >= 50);
  CHECK(index_valid == index_pages);
  auto [heap_valid, heap_pages] = pages_with_valid_checksum(heap_file);
  CHECK(heap_pages >= 150);
  CHECK(heap_valid == heap_pages);

  // Block 1 is the index's first leaf page (block 0 is the metapage). Its middle item's key
  // 2k+1 becomes 2k+2: between its neighbours 2k-1 and 2k+3, pointing at the heap tuple of 2k+1.
  const std::uint32_t block = 1;
  Page page = read_page(index_file, block);
  auto special = get<std::uint16_t>(page, kSpecialAt);
  REQUIRE(special == kPageSize - 16);                          // BTPageOpaqueData
  REQUIRE(get<std::uint32_t>(page, special + 8) == 0);         // btpo_level: leaf
  REQUIRE((get<std::uint16_t>(page, special + 12) & 1) == 1);  // btpo_flags: BTP_LEAF
  std::size_t items = (get<std::uint16_t>(page, kLowerAt) - kLinePointersAt) / 4;
  REQUIRE(items > 100);
  std::size_t n = items / 2;
  // An IndexTupleData (t_tid: block hi, block lo, offset; t_info) of 8 bytes, then the key.
  std::size_t tuple = item_at(page, n);
  auto key = get<std::int32_t>(page, tuple + 8);
  REQUIRE(key % 2 == 1);
  REQUIRE(get<std::int32_t>(page, item_at(page, n - 1) + 8) == key - 2);
  REQUIRE(get<std::int32_t>(page, item_at(page, n + 1) + 8) == key + 2);
  std::uint32_t heap_block =
      (std::uint32_t{get<std::uint16_t>(page, tuple)} << 16) | get<std::uint16_t>(page, tuple + 2);
  auto heap_offset = get<std::uint16_t>(page, tuple + 4);
  REQUIRE(psql(db, "SELECT id FROM t WHERE ctid = '(" + std::to_string(heap_block) + "," +
                       std::to_string(heap_offset) + ")'") == std::to_string(key));

  auto stored = get<std::uint16_t>(page, kChecksumAt);
  REQUIRE(page_checksum(page, block) == stored);
  put<std::int32_t>(page, tuple + 8, key + 1);
  std::uint16_t recomputed = page_checksum(page, block);
  CHECK(recomputed != stored);  // without a new checksum, data checksums would catch the change
  put<std::uint16_t>(page, kChecksumAt, recomputed);
  write_page(index_file, block, page);
  CHECK(pages_with_valid_checksum(index_file) == std::make_pair(index_pages, index_pages));

  std::string body = "method: pitr\n" + source_block(db) +
                     "backup:\n  take: false\n  base_dir: " + base +
                     "\n  archive_dir: " + s.archive + "\n";

  // quick does not run pg_amcheck: same rows, same table checksums, page checksums valid.
  auto quick = run_level(tmp.path(), "silent", body, "quick");
  INFO(quick.journal.dump(2));
  CHECK(quick.passed);
  CHECK(quick.findings.empty());
  CHECK(step_field(quick, "amcheck", "status") == "skipped");
  CHECK(step_detail(quick, "amcheck") == "verify.level quick: pg_amcheck not run");

  auto standard = run_level(tmp.path(), "silent", body, "standard");
  INFO(standard.journal.dump(2));
  CHECK_FALSE(standard.passed);
  CHECK(standard.findings == std::vector<std::string>{"pg_amcheck found corruption in the "
                                                      "restore: btree index \"" +
                                                      db + ".public.t_pkey\":"});
  std::string amcheck_output = step_field(standard, "amcheck", "output");
  CHECK(amcheck_output.find("heap tuple (" + std::to_string(heap_block) + "," +
                            std::to_string(heap_offset) +
                            ") from table \"t\" lacks matching index tuple within index "
                            "\"t_pkey\"") != std::string::npos);
  // The restored server read the page without a checksum failure: the page is checksum-valid.
  CHECK(amcheck_output.find("checksum") == std::string::npos);
  CHECK(amcheck_output.find("invalid page") == std::string::npos);
  for (const auto& f : standard.findings) CHECK(f.find("checksum") == std::string::npos);
}
