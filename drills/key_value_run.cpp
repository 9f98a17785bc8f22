#include "drills/key_value_run.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::drills {

KeyHeartbeat::KeyHeartbeat(std::string key, double interval_s, Put put)
    : key_(std::move(key)), interval_s_(interval_s), put_(std::move(put)) {}

KeyHeartbeat::~KeyHeartbeat() { stop(); }

void KeyHeartbeat::beat() {
  const auto ms = static_cast<long long>(epoch_now() * 1000);
  put_(key_, std::to_string(ms));
  std::lock_guard<std::mutex> lock(mu_);
  last_ = ms;
}

void KeyHeartbeat::start() {
  beat();
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    const auto interval = std::chrono::duration<double>(interval_s_);
    while (!cv_.wait_for(lock, interval, [&] { return stop_; })) {
      lock.unlock();
      std::string error;
      try {
        beat();
      } catch (const std::exception& e) {
        error = e.what();
      }
      lock.lock();
      if (!error.empty()) {
        error_ = error;
        return;
      }
    }
  });
}

std::optional<long long> KeyHeartbeat::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  return last_;
}

std::string KeyHeartbeat::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

void KeyValueRun::start_heartbeat(const std::string& key, KeyHeartbeat::Put put,
                                  const std::string& verb) {
  if (!spec.heartbeat.enabled) return;
  step("heartbeat", [&](StepLog& log) {
    heartbeat = std::make_unique<KeyHeartbeat>(key, spec.heartbeat.interval_s, std::move(put));
    try {
      heartbeat->start();
    } catch (const std::exception& e) {
      throw EnvironmentError(std::string("the source refused the heartbeat: ") + e.what(),
                             "the heartbeat needs " + verb +
                                 " on its key; disable it with 'heartbeat: {enabled: false}'");
    }
    log.detail = verb + " " + key + " every " + format_interval(spec.heartbeat.interval_s);
  });
}

void KeyValueRun::declare_loss() {
  step("declare_loss", [&](StepLog& log) {
    if (heartbeat) {
      last_beat_ms = heartbeat->stop();
      if (!heartbeat->error().empty()) {
        journal.add_note("heartbeat stopped early: " + heartbeat->error());
      }
    }
    t0 = journal.now_s();
    t0_epoch = epoch_now();
    log.detail = "the source is declared lost; recovery starts from the snapshot";
  });
}

void KeyValueRun::measure_rpo(const std::function<std::optional<std::string>()>& restored_beat,
                              std::optional<double> snapshot_epoch, const std::string& when) {
  step("measure_rpo", [&](StepLog& log) {
    if (heartbeat) {
      if (!last_beat_ms) {
        log.detail = "no heartbeat was acknowledged by the source: RPO not measured";
        return;
      }
      const auto value = restored_beat();
      double restored_ms = 0;
      try {
        restored_ms = value ? std::stod(*value) : 0;
      } catch (const std::exception&) {
      }
      if (restored_ms <= 0) {
        throw DrillFailure("the heartbeat key " + heartbeat->key() +
                           " is not in the restored copy: the snapshot predates the drill");
      }
      rpo_from_beats(*last_beat_ms, restored_ms, log);
      return;
    }
    if (!snapshot_epoch) {
      log.detail = "no heartbeat and no time of the snapshot: RPO not measured";
      return;
    }
    rpo_s = std::max(0.0, t0_epoch - *snapshot_epoch);
    rpo_detail = units::format_measured(rpo_s) + " of writes (the snapshot's age)";
    log.detail = when + " " + iso_utc(*snapshot_epoch) + ", loss declared " + iso_utc(t0_epoch) +
                 ": RPO " + units::format_measured(rpo_s) + " (no heartbeat: the snapshot's age)";
  });
}

void KeyValueRun::run_probes(const std::function<std::string(const ProbeSpec&)>& answer) {
  if (spec.verify.probes.empty()) return;
  step("probes", [&](StepLog& log) {
    int passed = 0;
    for (const auto& p : spec.verify.probes) {
      const std::string got = answer(p);
      if (got == p.expect) {
        ++passed;
      } else {
        findings.push_back("probe " + p.name + ": expected '" + p.expect + "', got '" + got + "'");
      }
    }
    log.detail = std::to_string(passed) + " of " + std::to_string(spec.verify.probes.size()) +
                 " probes passed";
  });
}

}  // namespace drsim::drills
