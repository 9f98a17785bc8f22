// The pitr method: a base backup (taken by drsim with pg_basebackup, or an existing one) plus the
// source's WAL archive, frozen as it was when the primary was declared lost, restored into a
// new data directory and recovered to the reference point the verification compares at, to the
// end of that archive, or to a target time.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/wal.hpp"
#include "model/units.hpp"

namespace fs = std::filesystem;

namespace drsim::drills {
namespace {

// A word for restore_command: single-quoted for /bin/sh, with '%' doubled for PostgreSQL.
std::string restore_command_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : c == '%' ? std::string("%%") : std::string(1, c);
  }
  return out + "'";
}

// How long to wait for the archive to reach the reference point: timeouts.reference when the
// drill sets it, else two archive_timeouts of the source and 10 s more, at least a minute.
double reference_wait(const Context& c, PgConn& src) {
  if (c.spec.step_timeouts_s.count("reference")) return c.spec.timeout_for("reference");
  double archive_timeout =
      std::stod(src.scalar("SELECT setting FROM pg_settings WHERE name = 'archive_timeout'"));
  return std::min(c.spec.default_timeout_s, std::max(60.0, 2 * archive_timeout + 10));
}

// The "reference" step: references exact at a WAL location P that the archive then holds, so
// that the restore can stop at P and match them even while the source keeps writing. Falls back
// to comparing at the declared loss (exact only when nothing is written after the archive's end)
// when no exact point can be had or the archive does not reach it in time.
void take_reference(Context& c) {
  c.step("reference", [&](StepLog& log) {
    std::string why;
    auto lsn = c.open_reference_point(why);
    auto fall_back = [&](const std::string& reason) {
      c.drop_reference_point(reason, "rows written after the end of the archive", log);
    };
    if (!lsn) return fall_back(why);
    try {
      PgConn src = PgConn::connect(c.source);
      const std::string& dir = c.spec.backup.archive_dir;
      std::string file = src.scalar("SELECT pg_walfile_name($1::pg_lsn)", {format_lsn(*lsn)});
      double limit = reference_wait(c, src);
      const double start = c.journal.now_s();
      QuietWatch quiet(c.journal);
      while (!fs::exists(dir + "/" + file)) {
        auto row = src.query(
            "SELECT coalesce(last_archived_wal, ''), "
            "pg_snapshot_xmax(pg_current_snapshot())::text FROM pg_stat_archiver");
        std::string last = row.at(0).at(0).value_or("");
        // Only an archive the source is feeding will ever receive the point: one holding what
        // the source's archiver wrote last (not a copy, not another cluster's).
        if (last.empty() || !fs::exists(dir + "/" + last)) {
          return fall_back(
              "the source's archiver did not write " +
              (last.empty() ? std::string("any segment") : "its last segment " + last) + " to " +
              dir + ", so that archive will not reach the point");
        }
        // A source that writes nothing may not fill the segment (nor switch it on
        // archive_timeout); at the declared loss it still holds what the snapshots saw.
        if (quiet.quiet(row.at(0).at(1).value_or(""))) {
          return fall_back("no transaction wrote on the source for " +
                           units::format_duration(QuietWatch::kSeconds) +
                           " after the reference point, and its "
                           "segment " +
                           file + " is not archived yet");
        }
        if (c.journal.now_s() - start > limit) {
          return fall_back("the archive did not receive segment " + file + " (holding " +
                           format_lsn(*lsn) + ") within " + units::format_duration(limit) +
                           " (set archive_timeout on the source, or timeouts.reference)");
        }
        sleep_cancellable(0.1);
      }
      c.reference_lsn = *lsn;
      log.detail = why + "; the archive holds it in segment " + file;
    } catch (const PgError& e) {
      fall_back(std::string("the source cannot name the segment of the reference point: ") +
                e.what());
    }
  });
}

// Reads the frozen archive from the reference point to its end with pg_waldump (which checks
// every record's CRC): the restore stopped at the reference point, and the RPO counts what a
// restore to the end would hold. Sets c.wal_end_lsn; a damaged record before the newest
// segment is a finding.
void read_archive_tail(Context& c, const ArchiveSpan& span, StepLog& log) {
  const std::uint64_t end = span.end_lsn();
  auto r = c.tool("check_recovery", "pg_waldump",
                  {"-q", "-p", c.spec.backup.archive_dir, "-t", std::to_string(span.tli), "-s",
                   format_lsn(c.reference_lsn), "-e", format_lsn(end)},
                  true);
  if (r.timed_out) c.expect_ok(r, "check_recovery", "pg_waldump", false);
  std::uint64_t stop =
      r.exit_code == 0
          ? end
          : std::min(end, waldump_stop(r.output, span.seg_size).value_or(c.reference_lsn));
  c.wal_end_lsn = stop;
  if (span.segment_of(stop) < span.newest) {
    std::string reason = "the frozen archive cannot be read past " + format_lsn(stop) +
                         " in segment " +
                         segment_name(span.tli, span.segment_of(stop), span.seg_size) +
                         " but reaches " + span.newest_file + ": " + first_error_line(r.output);
    c.findings.push_back(reason);
    log.detail += "; " + reason;
  } else {
    log.detail += "; the rest of the frozen archive reads cleanly to " + format_lsn(stop);
  }
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
  // What copy_base will move, for drsim calibrate's restore rate: counted before the loss is
  // declared, so the count is not part of the RTO.
  const std::uintmax_t base_bytes = tree_bytes(base);
  if (spec.backup.loss_after_s > 0) {
    c.journal.add_note("source kept running for " +
                       units::format_duration(spec.backup.loss_after_s) + " after the backup");
    sleep_cancellable(spec.backup.loss_after_s);
  }

  if (c.compare_tables && spec.recovery.target_time.empty()) take_reference(c);

  std::string list_path;
  std::vector<std::string> archived;
  c.step("declare_loss", [&](StepLog& log) {
    c.declare_loss(log, spec.recovery.target_time.empty() && c.reference_lsn == 0);
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
    c.journal.set_evidence("restore", {{"step", "copy_base"}, {"bytes", base_bytes}});
    log.detail = "base backup copied to " + data + " (" +
                 units::format_bytes(static_cast<double>(base_bytes)) + ")";
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
    std::string target = "the end of the frozen archive";
    if (!spec.recovery.target_time.empty()) {
      extra.emplace_back("recovery_target_time", conf_quote(spec.recovery.target_time));
      extra.emplace_back("recovery_target_action", conf_quote("promote"));
      target = "target time " + spec.recovery.target_time;
    } else if (c.reference_lsn) {
      extra.emplace_back("recovery_target_lsn", conf_quote(format_lsn(c.reference_lsn)));
      extra.emplace_back("recovery_target_inclusive", conf_quote("off"));
      extra.emplace_back("recovery_target_action", conf_quote("promote"));
      target = "the reference point " + format_lsn(c.reference_lsn) + " (stopping before it)";
    }
    server.configure(extra);
    server.write_file("recovery.signal", "");
    log.detail = "recovery to " + target + ", port " + std::to_string(port);
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
    log.detail = "system identifier " + sysid + ", backup started at " + span.start_lsn +
                 ", redo done at " + (end ? end_text : std::string("(not logged)")) +
                 ", now on timeline " + timeline;
    if (c.reference_lsn && span.known) {
      log.detail += ": stopped before the reference point " + format_lsn(c.reference_lsn);
      read_archive_tail(c, span, log);
      ev["reference_point_lsn"] = format_lsn(c.reference_lsn);
      ev["archive_readable_end_lsn"] = format_lsn(c.wal_end_lsn);
    }
    c.journal.set_evidence("recovery", ev);
    if (!end || !span.known || !spec.recovery.target_time.empty() || c.reference_lsn) return;
    std::uint64_t segno = span.segment_of(*end);
    if (segno < span.newest) {
      std::string reason = "recovery ended at " + end_text + " in segment " +
                           segment_name(span.tli, segno, span.seg_size) +
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
