#include "drills/run_state.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "drills/cancel.hpp"
#include "drills/ownership.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::drills {

std::string first_error_line(const std::string& output) {
  std::istringstream in(output);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find("error") != std::string::npos || line.find("FATAL") != std::string::npos ||
        line.find("PANIC") != std::string::npos) {
      return line;
    }
    if (!line.empty()) last = line;
  }
  return last;
}

std::string last_error_line(const std::string& output) {
  std::istringstream in(output);
  std::string line, found;
  while (std::getline(in, line)) {
    if (line.find("error") != std::string::npos) found = line;
  }
  return found;
}

double epoch_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string iso_utc(double epoch_s) {
  const auto t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::size_t RunState::step(const std::string& name, const std::function<void(StepLog&)>& f) {
  std::size_t i = journal.begin(name);
  if (progress) progress(name + " ...");
  StepLog log;
  auto finish = [&](const std::string& status, const std::string& error) {
    journal.end(i, status, log.detail, log.output, error);
    const auto& s = journal.steps()[i];
    if (progress) {
      progress(name + " " + status + " (" + units::format_measured(s.end_s - s.begin_s) + ")" +
               (s.detail.empty() ? "" : ": " + s.detail) + (s.error.empty() ? "" : ": " + s.error));
    }
  };
  try {
    f(log);
  } catch (const StepTimeout& e) {
    finish("timeout", e.what());
    throw;
  } catch (const Cancelled& e) {
    finish("interrupted", e.what());
    throw;
  } catch (const std::exception& e) {
    finish("failed", e.what());
    throw;
  }
  finish("ok", "");
  return i;
}

void RunState::open_run_dir(const std::string& os_user) {
  ReapReport reaped = reap_stale_runs(spec.scratch.dir);
  for (const auto& r : reaped.removed_runs) journal.add_note("removed leftover run " + r);
  run = std::make_unique<RunDir>(spec.scratch.dir, spec.name, os_user);
  journal.set_run_id(run->id());
  if (!journal.path().empty()) {
    run->record_journal(std::filesystem::absolute(journal.path()).string());
  }
}

void RunState::check_tools(const std::vector<std::string>& needed,
                           const std::vector<std::string>& runs, const std::string& what,
                           const std::string& hint) const {
  for (const auto& t : needed) {
    if (::access(bin(t).c_str(), X_OK) != 0) {
      throw EnvironmentError(what + " " + bin(t) + " is missing", hint);
    }
  }
  for (const auto& t : runs) {
    if (::access(bin(t).c_str(), F_OK) == 0) check_trusted_program(bin(t), "'scratch.bin_dir'");
  }
}

platform::ProcessResult RunState::run_command(const std::string& step,
                                              std::vector<std::string> argv, std::string input,
                                              std::string missing_hint) {
  platform::ProcessSpec p;
  p.argv = std::move(argv);
  p.input = std::move(input);
  p.missing_hint = std::move(missing_hint);
  return run_command(step, std::move(p));
}

platform::ProcessResult RunState::run_command(const std::string& step, platform::ProcessSpec p) {
  p.timeout_s = spec.timeout_for(step);
  RunDir* dir = run.get();
  p.on_start = [dir](int pid) {
    if (dir) dir->record_child(pid);
  };
  return run_tool(std::move(p));
}

void RunState::expect_ok(const platform::ProcessResult& r, const std::string& step,
                         const std::string& what, bool environment_problem) const {
  if (r.timed_out) {
    throw StepTimeout(what + " timed out after " + units::format_duration(spec.timeout_for(step)));
  }
  if (r.exit_code == 0) return;
  const std::string msg =
      what + " failed (exit " + std::to_string(r.exit_code) + "): " + first_error_line(r.output);
  if (environment_problem) throw EnvironmentError(msg, "see the step output in the journal");
  throw DrillFailure(msg);
}

void RunState::cleanup_step(
    const std::function<void(std::string& detail, std::vector<KeptLog>& logs)>& release) noexcept {
  if (cleaned_up_) return;
  cleaned_up_ = true;
  // Journaling must not stop the cleanup itself (an unwritable journal path, say).
  std::optional<std::size_t> i;
  try {
    i = journal.begin("cleanup");
  } catch (...) {
  }
  std::string detail;
  try {
    std::vector<KeptLog> logs;
    release(detail, logs);
    if (run) {
      for (const auto& log : logs) {
        if (journal.path().empty() || !std::filesystem::exists(log.file)) continue;
        const std::string kept =
            (std::filesystem::absolute(journal.path()).parent_path() / (run->id() + "-" + log.name))
                .string();
        std::error_code ec;
        std::filesystem::copy_file(log.file, kept,
                                   std::filesystem::copy_options::overwrite_existing, ec);
        if (!ec) journal.add_note("server log kept at " + kept);
      }
      detail += "removed " + run->path();
      run->remove();
      run.reset();
    }
    if (i) journal.end(*i, "ok", detail);
  } catch (const std::exception& e) {
    if (run) run->remove();
    try {
      if (i) journal.end(*i, "failed", detail, "", e.what());
    } catch (...) {
    }
  } catch (...) {
  }
}

void RunState::rpo_from_beats(long long last_ms, double restored_ms, StepLog& log) {
  rpo_s = std::max(0.0, (static_cast<double>(last_ms) - restored_ms) / 1000);
  rpo_detail = units::format_measured(rpo_s) +
               " of writes (heartbeat: the restored beat against the source's last)";
  log.detail = "restored beat " + iso_utc(restored_ms / 1000) + ", last beat on the source " +
               iso_utc(static_cast<double>(last_ms) / 1000) + ": RPO " +
               units::format_measured(rpo_s);
}

void RunState::poll(const std::string& step_name, const std::function<bool()>& ready,
                    const std::function<std::string()>& stopped) {
  const double limit = spec.timeout_for(step_name);
  const double start = journal.now_s();
  while (true) {
    if (ready()) return;
    if (stopped) {
      if (auto reason = stopped(); !reason.empty()) throw DrillFailure(reason);
    }
    if (journal.now_s() - start > limit) {
      throw StepTimeout(step_name + " timed out after " + units::format_duration(limit));
    }
    sleep_cancellable(0.02);
  }
}

}  // namespace drsim::drills
