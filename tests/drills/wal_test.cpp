// WAL locations, segment names and what pg_waldump's errors say about where it stopped.
#include "drills/wal.hpp"

#include <catch2/catch.hpp>

using namespace drsim::drills;

TEST_CASE("drills::wal: WAL locations read and print as PostgreSQL spells them", "[drills]") {
  CHECK(parse_lsn("16/B374D848") == std::optional<std::uint64_t>(0x16B374D848ULL));
  CHECK(parse_lsn("0/0") == std::optional<std::uint64_t>(0));
  CHECK(parse_lsn("ffffffff/FFFFFFFF") == std::optional<std::uint64_t>(~0ULL));
  CHECK_FALSE(parse_lsn("16B374D848"));
  CHECK_FALSE(parse_lsn("1/2/3"));
  CHECK_FALSE(parse_lsn("123456789/0"));
  CHECK_FALSE(parse_lsn(" 0/1"));
  CHECK(format_lsn(0x16B374D848ULL) == "16/B374D848");
  CHECK(format_lsn(0) == "0/0");
}

TEST_CASE("drills::wal: segment names follow the segment size", "[drills]") {
  // 16 MB segments: 256 per 4 GB "log id"; 1 MB segments: 4096.
  CHECK(segment_name(1, 0x16B3, 16u << 20) == "0000000100000016000000B3");
  CHECK(segment_name(2, 4096 + 5, 1u << 20) == "000000020000000100000005");
  CHECK(is_segment_name("0000000100000016000000B3"));
  CHECK_FALSE(is_segment_name("0000000100000016000000B3.partial"));
  CHECK_FALSE(is_segment_name("00000002.history"));
  ArchiveSpan span;
  span.seg_size = 1u << 20;
  span.newest = 0xC3;
  CHECK(span.end_lsn() == 0xC400000ULL);
  CHECK(span.segment_of(0xC38AB80ULL) == 0xC3);
}

TEST_CASE("drills::wal: where pg_waldump stopped, from its error", "[drills]") {
  const std::uint64_t mb = 1u << 20;
  CHECK(waldump_stop("pg_waldump: error: error in WAL record at 0/5CFFFD8: invalid record length "
                     "at 0/5D00000: wanted 24, got 0\n",
                     mb) == std::optional<std::uint64_t>(0x5D00000));
  CHECK(waldump_stop("pg_waldump: error: error in WAL record at 0/3012A40: incorrect resource "
                     "manager data checksum in record at 0/3012A40\n",
                     mb) == std::optional<std::uint64_t>(0x3012A40));
  CHECK(waldump_stop("pg_waldump: error: could not find file \"0000000100000000000000C4\": No "
                     "such file or directory\n",
                     mb) == std::optional<std::uint64_t>(0xC400000));
  CHECK_FALSE(waldump_stop("pg_waldump: error: could not open directory: Permission denied\n", mb));
}

TEST_CASE("drills::wal: the last 'redo done at' of a server log", "[drills]") {
  std::string text;
  CHECK(redo_done_lsn("LOG:  redo done at 0/3000100 system usage\nLOG:  redo done at 0/4000028\n",
                      text) == std::optional<std::uint64_t>(0x4000028));
  CHECK(text == "0/4000028");
  CHECK_FALSE(redo_done_lsn("LOG:  database system is ready\n", text));
}
