#include "drills/run_state.hpp"

#include <filesystem>

#include "drills/cancel.hpp"
#include "model/units.hpp"

namespace drsim::drills {

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
