// The pitr method: a base backup (taken by drsim with pg_basebackup, or an existing one) plus the
// source's WAL archive, frozen as it was when the primary was declared lost, restored into a
// new data directory and recovered to the end of that archive or to a target time.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "model/units.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

bool is_segment_name(const std::string& n) {
  static const std::regex re("^[0-9A-F]{24}$");
  return std::regex_match(n, re);
}

struct Segment {
  unsigned long tli = 0;
  unsigned long long no = 0;  // linear segment number
};

Segment parse_segment(const std::string& name, unsigned long long segs_per_id) {
  Segment s;
  s.tli = std::stoul(name.substr(0, 8), nullptr, 16);
  unsigned long long log = std::stoull(name.substr(8, 8), nullptr, 16);
  unsigned long long seg = std::stoull(name.substr(16, 8), nullptr, 16);
  s.no = log * segs_per_id + seg;
  return s;
}

std::string segment_name(unsigned long tli, unsigned long long no, unsigned long long segs_per_id) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%08lX%08llX%08llX", tli, no / segs_per_id, no % segs_per_id);
  return buf;
}

// What the frozen archive (plus the backup's own pg_wal) covers on the backup's timeline.
struct ArchiveSpan {
  std::vector<std::string> missing;  // segments from the backup's start to the newest one
  bool known = false;                // backup_label named a start segment
  std::string start_lsn, start_file, newest_file;
  unsigned long tli = 0;
  unsigned long long newest = 0;  // linear number of the newest segment
  std::uintmax_t seg_size = 16u << 20;
  unsigned long long per_id = 0;
};

// Checks that the archive holds every segment from the backup's start to the newest archived
// one on the backup's timeline.
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
  span.per_id = 0x100000000ULL / span.seg_size;
  for (const auto& e : fs::directory_iterator(base + "/pg_wal", ec)) {
    std::string n = e.path().filename();
    if (is_segment_name(n)) names.push_back(n);
  }
  Segment start = parse_segment(span.start_file, span.per_id);
  span.tli = start.tli;
  std::set<unsigned long long> present;
  span.newest = start.no;
  for (const auto& n : names) {
    Segment s = parse_segment(n, span.per_id);
    if (s.tli != start.tli || s.no < start.no) continue;
    present.insert(s.no);
    span.newest = std::max(span.newest, s.no);
  }
  for (unsigned long long no = start.no; no <= span.newest; ++no) {
    if (!present.count(no)) span.missing.push_back(segment_name(start.tli, no, span.per_id));
  }
  span.newest_file = segment_name(start.tli, span.newest, span.per_id);
  detail = std::to_string(span.newest - start.no + 1) + " segments from " + span.start_file +
           " to " + span.newest_file + " (" + units::format_bytes(double(span.seg_size)) +
           " each)" +
           (span.missing.empty() ? ", none missing"
                                 : ", " + std::to_string(span.missing.size()) + " missing");
  return span;
}

// The LSN of the last "redo done at X/Y" line of a server log; nullopt if there is none.
std::optional<unsigned long long> redo_done_lsn(const std::string& log, std::string& text) {
  static const std::regex re(R"(redo done at ([0-9A-F]+)/([0-9A-F]+))");
  std::optional<unsigned long long> out;
  for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it) {
    text = (*it)[1].str() + "/" + (*it)[2].str();
    out =
        (std::stoull((*it)[1].str(), nullptr, 16) << 32) | std::stoull((*it)[2].str(), nullptr, 16);
  }
  return out;
}

std::string conf_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A word for restore_command: single-quoted for /bin/sh, with '%' doubled for PostgreSQL.
std::string restore_command_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : c == '%' ? std::string("%%") : std::string(1, c);
  }
  return out + "'";
}

}  // namespace

void run_pitr(Context& c) {
  const auto& spec = c.spec;
  std::string base;
  if (spec.backup.take) {
    c.step("backup", [&](StepLog& log) {
      base = c.run->make_dir("backup");
      c.base_backup(base, log);
      log.detail = "pg_basebackup into " + base;
    });
  } else {
    base = spec.backup.base_dir;
    if (spec.verify.check_manifest && fs::exists(base + "/backup_manifest")) {
      c.step("verify_backup", [&](StepLog& log) {
        auto r = c.tool("verify_backup", "pg_verifybackup", {"-n", base}, false);
        log.output = r.output;
        if (r.timed_out) c.expect_ok(r, "verify_backup", "pg_verifybackup", false);
        if (r.exit_code != 0) {
          std::string reason = "base backup is damaged: " + first_error_line(r.output);
          c.findings.push_back(reason);
          log.detail = reason;
        } else {
          log.detail = "every file matches backup_manifest";
        }
      });
    } else {
      c.journal.skip("verify_backup", "no backup_manifest (or check_manifest: false)");
    }
  }
  if (spec.backup.loss_after_s > 0) {
    c.journal.add_note("source kept running for " +
                       units::format_duration(spec.backup.loss_after_s) + " after the backup");
    sleep_cancellable(spec.backup.loss_after_s);
  }

  std::string list_path;
  std::vector<std::string> archived;
  c.step("declare_loss", [&](StepLog& log) {
    c.declare_loss(log, spec.recovery.target_time.empty());
    // The restore sees the archive exactly as it was at the loss: later files are not served.
    std::string content;
    for (const auto& e : fs::directory_iterator(spec.backup.archive_dir)) {
      if (e.is_regular_file()) archived.push_back(e.path().filename());
    }
    std::sort(archived.begin(), archived.end());
    for (const auto& n : archived) content += n + "\n";
    list_path = c.run->write_private("archive.list", content);
    log.detail += "; archive frozen with " + std::to_string(archived.size()) + " files";
  });

  ArchiveSpan span;
  c.step("check_archive", [&](StepLog& log) {
    std::string detail;
    span = archive_span(base, archived, spec.backup.archive_dir, detail);
    const auto& missing = span.missing;
    if (!missing.empty()) {
      std::string reason = "WAL archive has a gap: segment " + missing.front() +
                           " is missing, so recovery stops before it";
      if (missing.size() > 1) reason += " (" + std::to_string(missing.size()) + " missing)";
      c.findings.push_back(reason);
    }
    log.detail = detail;
  });

  std::string data;
  c.step("copy_base", [&](StepLog& log) {
    std::error_code ec;
    data = c.run->make_data_dir(spec.scratch.data_dir);
    auto r =
        c.tool("copy_base", "/bin/cp", {"-a", base + "/.", data}, !platform::running_as_root());
    log.output = r.output;
    c.expect_ok(r, "copy_base", "copying the base backup", true);
    c.run->give_to_user(data);
    ::chmod(data.c_str(), 0700);
    for (const char* f :
         {"postmaster.pid", "postmaster.opts", "standby.signal", "recovery.signal"}) {
      fs::remove(data + "/" + f, ec);
    }
    log.detail = "base backup copied to " + data;
  });

  if (!spec.scratch.fsync) {
    c.journal.skip("flush", "scratch.fsync is false: the server runs with fsync = off");
  } else {
    c.step("flush", [&](StepLog& log) {
      auto r = c.tool("flush", "initdb", {"--sync-only", "-D", data}, true);
      log.output = r.output;
      c.expect_ok(r, "flush", "initdb --sync-only", false);
      log.detail = "data directory flushed to disk before the first start";
    });
  }

  int port = c.run->reserve_port(spec.scratch.port);
  c.servers.push_back(std::make_unique<ScratchServer>(spec.scratch, *c.run, data, port));
  ScratchServer& server = *c.servers.back();
  c.step("configure", [&](StepLog& log) {
    // Paths were checked at load (no shell or %-characters); quoted for both consumers anyway.
    std::string restore = "grep -qxF '%f' " + restore_command_quote(list_path) + " && cp " +
                          restore_command_quote(spec.backup.archive_dir + "/") + "%f '%p'";
    std::vector<std::pair<std::string, std::string>> extra{{"restore_command", conf_quote(restore)},
                                                           {"primary_conninfo", conf_quote("")}};
    if (!spec.recovery.target_time.empty()) {
      extra.emplace_back("recovery_target_time", conf_quote(spec.recovery.target_time));
      extra.emplace_back("recovery_target_action", conf_quote("promote"));
    }
    server.configure(extra);
    server.write_file("recovery.signal", "");
    log.detail = "recovery to " +
                 (spec.recovery.target_time.empty() ? std::string("the end of the frozen archive")
                                                    : "target time " + spec.recovery.target_time) +
                 ", port " + std::to_string(port);
  });
  c.step("start_server", [&](StepLog& log) {
    auto r = server.start(spec.timeout_for("start_server"));
    log.output = r.output;
    c.expect_ok(r, "start_server", "pg_ctl start", false);
    log.detail = "postmaster started on 127.0.0.1:" + std::to_string(port);
  });
  c.restored_target = [&server](const std::string& db) {
    return server.target(db, "the restored server");
  };
  c.wait_answers(server, "postgres");
  c.wait_writable(server, "postgres");
  c.step("check_recovery", [&](StepLog& log) {
    PgConn r = PgConn::connect(server.target("postgres", "the restored server"));
    std::string sysid = r.scalar("SELECT system_identifier::text FROM pg_control_system()");
    std::string timeline = r.scalar("SELECT timeline_id::text FROM pg_control_checkpoint()");
    std::string end_text;
    auto end = redo_done_lsn(server.log_tail(1u << 20), end_text);
    nlohmann::ordered_json ev{{"system_identifier", sysid},
                              {"backup_start_lsn", span.start_lsn},
                              {"archive_newest_segment", span.newest_file},
                              {"recovery_end_lsn", end ? end_text : std::string()},
                              {"timeline_after_promotion", timeline}};
    c.journal.set_evidence("recovery", ev);
    log.detail = "system identifier " + sysid + ", backup started at " + span.start_lsn +
                 ", redo done at " + (end ? end_text : std::string("(not logged)")) +
                 ", now on timeline " + timeline;
    if (!end || !span.known || !spec.recovery.target_time.empty()) return;
    unsigned long long segno = *end / span.seg_size;
    if (segno < span.newest) {
      std::string reason = "recovery ended at " + end_text + " in segment " +
                           segment_name(span.tli, segno, span.per_id) +
                           " but the frozen archive reaches " + span.newest_file +
                           ": later WAL was not replayed";
      c.findings.push_back(reason);
      log.detail += "; " + reason;
    } else {
      log.detail += ": the end of the frozen archive";
    }
  });
  if (!spec.recovery.target_time.empty()) {
    PgConn r = PgConn::connect(server.target("postgres", "the restored server"));
    c.consistency_epoch = std::stod(
        r.scalar("SELECT extract(epoch FROM $1::timestamptz)::text", {spec.recovery.target_time}));
    c.consistency_what = "recovery target time";
  }
}

}  // namespace drsim::drills
