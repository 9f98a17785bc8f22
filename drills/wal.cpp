#include "drills/wal.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "model/units.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

struct Segment {
  unsigned long tli = 0;
  std::uint64_t no = 0;  // linear segment number
};

Segment parse_segment(const std::string& name, std::uint64_t seg_size) {
  const std::uint64_t per_id = 0x100000000ULL / seg_size;
  Segment s;
  s.tli = std::stoul(name.substr(0, 8), nullptr, 16);
  s.no = std::stoull(name.substr(8, 8), nullptr, 16) * per_id +
         std::stoull(name.substr(16, 8), nullptr, 16);
  return s;
}

}  // namespace

std::optional<std::uint64_t> parse_lsn(const std::string& text) {
  static const std::regex re("^([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})$");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  return (std::stoull(m[1].str(), nullptr, 16) << 32) | std::stoull(m[2].str(), nullptr, 16);
}

std::string format_lsn(std::uint64_t lsn) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%X/%X", static_cast<unsigned>(lsn >> 32),
                static_cast<unsigned>(lsn & 0xFFFFFFFFu));
  return buf;
}

bool is_segment_name(const std::string& name) {
  static const std::regex re("^[0-9A-F]{24}$");
  return std::regex_match(name, re);
}

std::string segment_name(unsigned long tli, std::uint64_t no, std::uint64_t seg_size) {
  const std::uint64_t per_id = 0x100000000ULL / seg_size;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%08lX%08llX%08llX", tli,
                static_cast<unsigned long long>(no / per_id),
                static_cast<unsigned long long>(no % per_id));
  return buf;
}

ArchiveSpan archive_span(const std::string& base, const std::vector<std::string>& archived,
                         const std::string& archive_dir, std::string& detail) {
  ArchiveSpan span;
  std::ifstream label(base + "/backup_label");
  std::string line;
  static const std::regex re(R"(START WAL LOCATION: (\S+) \(file ([0-9A-F]{24})\))");
  std::smatch m;
  while (std::getline(label, line)) {
    if (std::regex_search(line, m, re)) {
      span.start_lsn = m[1];
      span.start_file = m[2];
    }
  }
  if (span.start_file.empty()) {
    detail = "backup_label names no start segment; archive continuity not checked";
    return span;
  }
  span.known = true;
  std::vector<std::string> names;
  for (const auto& n : archived) {
    if (is_segment_name(n)) names.push_back(n);
  }
  std::error_code ec;
  if (!names.empty()) span.seg_size = fs::file_size(archive_dir + "/" + names.front(), ec);
  if (ec || span.seg_size == 0) span.seg_size = 16u << 20;
  for (const auto& e : fs::directory_iterator(base + "/pg_wal", ec)) {
    std::string n = e.path().filename();
    if (is_segment_name(n)) names.push_back(n);
  }
  Segment start = parse_segment(span.start_file, span.seg_size);
  span.tli = start.tli;
  std::set<std::uint64_t> present;
  span.newest = start.no;
  for (const auto& n : names) {
    Segment s = parse_segment(n, span.seg_size);
    if (s.tli != start.tli || s.no < start.no) continue;
    present.insert(s.no);
    span.newest = std::max(span.newest, s.no);
  }
  for (std::uint64_t no = start.no; no <= span.newest; ++no) {
    if (!present.count(no)) span.missing.push_back(segment_name(start.tli, no, span.seg_size));
  }
  span.newest_file = segment_name(start.tli, span.newest, span.seg_size);
  detail = std::to_string(span.newest - start.no + 1) + " segments from " + span.start_file +
           " to " + span.newest_file + " (" + units::format_bytes(double(span.seg_size)) +
           " each)" +
           (span.missing.empty() ? ", none missing"
                                 : ", " + std::to_string(span.missing.size()) + " missing");
  return span;
}

std::optional<std::uint64_t> redo_done_lsn(const std::string& log, std::string& text) {
  static const std::regex re(R"(redo done at ([0-9A-F]+/[0-9A-F]+))");
  std::optional<std::uint64_t> out;
  for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it) {
    text = (*it)[1].str();
    out = parse_lsn(text);
  }
  return out;
}

std::optional<std::uint64_t> waldump_stop(const std::string& output, std::uint64_t seg_size) {
  std::optional<std::uint64_t> out;
  static const std::regex lsn(R"(\b([0-9A-F]{1,8}/[0-9A-F]{1,8})\b)");
  for (std::sregex_iterator it(output.begin(), output.end(), lsn), end; it != end; ++it) {
    if (auto v = parse_lsn((*it)[1].str())) out = std::max(out.value_or(0), *v);
  }
  static const std::regex missing(R"re(could not find file "([0-9A-F]{24})")re");
  std::smatch m;
  if (std::regex_search(output, m, missing)) {
    out = std::max(out.value_or(0), parse_segment(m[1].str(), seg_size).no * seg_size);
  }
  return out;
}

}  // namespace drsim::drills
