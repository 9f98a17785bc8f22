// The reference point of a pitr drill that recovers to the end of the archive (docs/drills.md,
// "Comparing under write load"). A source that keeps writing has moved on by the time the
// primary is declared lost, and the archive holds WAL only up to some earlier moment, so a
// snapshot taken "now" never matches the restore. Instead the references are read from
// snapshots that are exact at one WAL location P, and the restore stops just before P.
//
// Exact means: a transaction is visible in the snapshots if and only if its commit record lies
// before P. The snapshots are opened first and P is read after, so everything they see committed
// before P. The converse can fail only for a transaction that was committing while they were
// opened (its commit record written, its visibility not yet published). That is ruled out by
// waiting until WAL is flushed past P and checking that no transaction the snapshots do not see
// has committed by then; if one has, the snapshots are dropped and the point is taken again.
#include <algorithm>
#include <random>

#include "drills/cancel.hpp"
#include "drills/drill_context.hpp"
#include "drills/wal.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

constexpr int kAttempts = 20;

// Transactions invisible to `snapshot` (in progress when it was taken, or started later, up to
// the source's next transaction id now) that have committed by now.
const char* const kCommittedSince =
    "SELECT count(*) FROM (SELECT pg_snapshot_xip($1::pg_snapshot) AS x UNION ALL "
    "SELECT g::text::xid8 FROM generate_series(pg_snapshot_xmax($1::pg_snapshot)::text::numeric, "
    "pg_snapshot_xmax(pg_current_snapshot())::text::numeric - 1) AS g) AS c "
    "WHERE pg_xact_status(c.x) = 'committed'";

// The insert location stands just past the header of a page nothing is written on yet (24
// bytes, 40 on a segment's first page); every record before it ends before that header, and an
// idle source never flushes the empty page.
std::uint64_t page_header_before(std::uint64_t lsn, std::uint64_t seg_size) {
  if (lsn % seg_size == 40) return 40;
  if (lsn % 8192 == 24) return 24;
  return 0;
}

}  // namespace

void Context::drop_reference_point(const std::string& reason, const std::string& differences,
                                   StepLog& log) {
  for (auto& [db, f] : references) f.wait();
  references.clear();
  journal.add_note("compared at the declared loss, not at a reference point: " + reason + "; " +
                   differences + " then show as differences");
  log.detail = reason + "; comparing at the declared loss instead";
}

bool QuietWatch::quiet(const std::string& next_xid) {
  if (next_xid != next_xid_) {
    next_xid_ = next_xid;
    moved_ = journal_.now_s();
  }
  return journal_.now_s() - moved_ > kSeconds;
}

std::optional<std::uint64_t> Context::open_reference_point(std::string& why) {
  const double timeout = spec.timeout_for("reference");
  PgConn control = PgConn::connect(source);
  if (control.scalar("SELECT pg_is_in_recovery()") == "t") {
    why = "the source is a standby, which has no WAL insert location of its own";
    return std::nullopt;
  }
  const std::uint64_t seg_size = std::stoull(
      control.scalar("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'"));
  std::mt19937 jitter(static_cast<unsigned>(journal.now_s() * 1e6));
  int raced = 0;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    std::vector<std::pair<std::string, std::unique_ptr<PgConn>>> open;
    for (const auto& db : verify_dbs) open.emplace_back(db, begin_snapshot(db));
    // Taken back to back: the first query of each transaction takes its snapshot.
    std::vector<std::string> snapshots;
    for (auto& [db, conn] : open) {
      snapshots.push_back(conn->scalar("SELECT pg_current_snapshot()::text", {}, timeout));
    }
    auto row = control.query(
        "SELECT pg_current_wal_insert_lsn()::text, extract(epoch FROM clock_timestamp())::text", {},
        timeout);
    std::string lsn_text = row.at(0).at(0).value_or("");
    auto lsn = parse_lsn(lsn_text);
    if (!lsn) throw EnvironmentError("the source reported WAL location '" + lsn_text + "'", "");
    const std::string flushed = format_lsn(*lsn - page_header_before(*lsn, seg_size));
    const double start = journal.now_s();
    while (control.scalar("SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn", {flushed}, timeout) !=
           "t") {
      if (journal.now_s() - start > timeout) {
        throw StepTimeout("the source did not flush WAL to " + lsn_text + " within " +
                          units::format_duration(timeout));
      }
      sleep_cancellable(0.001);
    }
    bool exact = true;
    for (const auto& s : snapshots) {
      if (control.scalar(kCommittedSince, {s}, timeout) != "0") exact = false;
    }
    if (exact) {
      for (auto& [db, conn] : open) capture_reference(db, std::move(conn));
      consistency_epoch = std::stod(row.at(0).at(1).value_or("0"));
      consistency_what = "reference point " + lsn_text;
      why = "snapshots of " + std::to_string(open.size()) + " database(s) exact at " + lsn_text +
            (raced ? " (" + std::to_string(raced) + " earlier attempt(s) raced a commit)" : "");
      return lsn;
    }
    ++raced;
    for (auto& [db, conn] : open) conn->exec("ROLLBACK");
    sleep_cancellable(std::uniform_real_distribution<double>(0.01, 0.1)(jitter));
  }
  why = "every one of " + std::to_string(kAttempts) +
        " attempts raced a commit on the source: no exact reference point";
  return std::nullopt;
}

}  // namespace drsim::drills
