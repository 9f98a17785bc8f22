// PostgreSQL write-ahead log arithmetic for the pitr method: WAL locations ("16/B374D848") as
// numbers, segment file names, what a frozen archive covers from a base backup's start, and
// where a server log says replay ended. Pure functions of their inputs, unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace drsim::drills {

// "16/B374D848" -> 0x16B374D848; nullopt unless two hexadecimal halves around one '/'.
std::optional<std::uint64_t> parse_lsn(const std::string& text);
// 0x16B374D848 -> "16/B374D848" (PostgreSQL's spelling).
std::string format_lsn(std::uint64_t lsn);

// True for a WAL segment file name: 24 upper-case hexadecimal digits.
bool is_segment_name(const std::string& name);
// The segment file name of linear segment `no` on timeline `tli`.
std::string segment_name(unsigned long tli, std::uint64_t no, std::uint64_t seg_size);

// What a frozen archive (plus the backup's own pg_wal) covers on the backup's timeline, from
// the segment backup_label names as the backup's start to the newest one present.
struct ArchiveSpan {
  std::vector<std::string> missing;  // segments from the backup's start to the newest one
  bool known = false;                // backup_label named a start segment
  std::string start_lsn, start_file, newest_file;
  unsigned long tli = 0;
  std::uint64_t newest = 0;  // linear number of the newest segment
  std::uint64_t seg_size = 16u << 20;
  // The first WAL location past the newest segment: the end of what the archive can hold.
  std::uint64_t end_lsn() const { return (newest + 1) * seg_size; }
  // The linear segment number holding `lsn`.
  std::uint64_t segment_of(std::uint64_t lsn) const { return lsn / seg_size; }
};

// Reads `base`/backup_label and `base`/pg_wal and sets every field of the span; `archived` lists
// the archive's file names, the archive's segment size is read from its first segment. `detail`
// says what was found, for the journal.
ArchiveSpan archive_span(const std::string& base, const std::vector<std::string>& archived,
                         const std::string& archive_dir, std::string& detail);

// The location of the last "redo done at X/Y" line of a server log; nullopt if there is none.
// `text` gets the location as written.
std::optional<std::uint64_t> redo_done_lsn(const std::string& log, std::string& text);

// Where pg_waldump (run with -q from some location over the frozen segments) stopped reading,
// from its error output: the furthest WAL location the message names, or the start of a segment
// file it could not find. nullopt when the output names neither.
std::optional<std::uint64_t> waldump_stop(const std::string& output, std::uint64_t seg_size);

}  // namespace drsim::drills
