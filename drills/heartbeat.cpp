#include "drills/heartbeat.hpp"

#include <chrono>

#include "drills/cancel.hpp"
#include "drills/wal.hpp"

namespace drsim::drills {

Heartbeat::Heartbeat(ConnTarget source, HeartbeatSpec spec, std::string run_id)
    : source_(std::move(source)), spec_(std::move(spec)), run_id_(std::move(run_id)) {}

Heartbeat::~Heartbeat() { stop(); }

Beat Heartbeat::beat(PgConn& conn, long long seq) {
  auto row = conn.query("INSERT INTO " + quote_ident_path(spec_.table) +
                            " (run_id, seq, at) VALUES ($1, $2, clock_timestamp()) "
                            "RETURNING extract(epoch FROM at)::text",
                        {run_id_, std::to_string(seq)}, 30);
  Beat b;
  b.seq = seq;
  b.at_epoch = std::stod(row.at(0).at(0).value_or("0"));
  // Read after the commit, so the commit record ends at or before it.
  b.lsn = parse_lsn(conn.scalar("SELECT pg_current_wal_insert_lsn()::text", {}, 30)).value_or(0);
  return b;
}

void Heartbeat::start() {
  conn_ = std::make_unique<PgConn>(PgConn::connect(source_));
  try {
    conn_->exec("CREATE TABLE IF NOT EXISTS " + quote_ident_path(spec_.table) +
                " (run_id text NOT NULL, seq bigint NOT NULL, at timestamptz NOT NULL, "
                "PRIMARY KEY (run_id, seq))");
    Beat b = beat(*conn_, 1);
    std::lock_guard<std::mutex> lock(mu_);
    beats_.push_back(b);
  } catch (const PgError& e) {
    throw EnvironmentError(std::string("the heartbeat cannot write to the source: ") + e.what(),
                           "grant the drill role CREATE on the schema and INSERT on '" +
                               spec_.table + "', or remove 'heartbeat:' from the drill");
  }
  thread_ = std::thread([this] { loop(); });
}

void Heartbeat::loop() {
  using clock = std::chrono::steady_clock;
  auto next = clock::now();
  long long seq = 1;
  while (!stop_) {
    next += std::chrono::duration_cast<clock::duration>(
        std::chrono::duration<double>(spec_.interval_s));
    while (!stop_ && clock::now() < next) {
      std::this_thread::sleep_for(
          std::min<clock::duration>(next - clock::now(), std::chrono::milliseconds(10)));
    }
    if (stop_) break;
    try {
      Beat b = beat(*conn_, ++seq);
      std::lock_guard<std::mutex> lock(mu_);
      beats_.push_back(b);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mu_);
      error_ = e.what();
      return;
    }
    if (clock::now() > next + std::chrono::seconds(1)) next = clock::now();  // don't burst
  }
}

std::optional<Beat> Heartbeat::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  conn_.reset();
  return last();
}

std::optional<Beat> Heartbeat::newest_before(std::uint64_t end) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Beat> out;
  for (const auto& b : beats_) {
    if (b.lsn == 0 || b.lsn > end) break;
    out = b;
  }
  return out;
}

std::optional<Beat> Heartbeat::last() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (beats_.empty()) return std::nullopt;
  return beats_.back();
}

std::string Heartbeat::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

long long Heartbeat::count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<long long>(beats_.size());
}

std::optional<Beat> newest_beat(PgConn& restored, const std::string& table,
                                const std::string& run_id) {
  std::string exists = restored.scalar("SELECT to_regclass($1) IS NOT NULL", {table});
  if (exists != "t") return std::nullopt;
  auto rows =
      // Order by the column, not by its text (an output name would shadow it: "9" > "46").
      restored.query("SELECT h.seq::text AS seq_text, extract(epoch FROM h.at)::text FROM " +
                         quote_ident_path(table) +
                         " AS h WHERE h.run_id = $1 ORDER BY h.seq DESC LIMIT 1",
                     {run_id});
  if (rows.empty() || !rows[0][0]) return std::nullopt;
  Beat b;
  b.seq = std::stoll(*rows[0][0]);
  b.at_epoch = std::stod(rows[0][1].value_or("0"));
  return b;
}

}  // namespace drsim::drills
