// `drsim drill plan|run|cleanup`: live restore drills (docs/drill-format.md). `plan` prints what
// a drill would do and touches nothing; `run` runs it, prints one line per step and a verdict,
// and writes the journal and the result JSON; `cleanup` removes what killed runs left behind.
// Each takes `-f text|json` and `-o FILE` (cli/output_options.hpp). `run` records every run that
// got past preflight in the drill history (docs/history.md), unless given --no-history.
// Exit codes: 0 verified and objectives met, 1 verification failed or objective breached,
// 3 invalid drill file, 4 environment problem, 130/143 interrupted by SIGINT/SIGTERM.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/history_option.hpp"
#include "cli/output_options.hpp"
#include "drills/drill_spec.hpp"
#include "drills/runner.hpp"
#include "history/evidence_files.hpp"
#include "history/metrics.hpp"
#include "history/store.hpp"
#include "history/timestamp.hpp"
#include "history/trends.hpp"
#include "model/errors.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/report_model.hpp"
#include "reports/result_json.hpp"
#include "reports/write_reports.hpp"

namespace drsim::cli {
namespace {

// The verdict lines of a finished drill: PASS/FAIL with its figures, then the reasons.
std::string verdict_text(const drills::DrillSpec& spec, const drills::DrillOutcome& outcome) {
  std::ostringstream out;
  const auto& target = outcome.result.scenarios.front().services.front();
  out << (outcome.passed ? "PASS" : "FAIL") << ": " << spec.name << ": rto "
      << units::format_measured(target.rto_s) << ", rpo " << units::format_measured(target.rpo_s);
  for (const auto& o : target.objectives) {
    out << ", " << to_string(o.kind) << " objective " << to_string(o.verdict);
  }
  out << "\n";
  for (const auto& f : outcome.findings) out << "  reason: " << printable(f) << "\n";
  return out.str();
}

nlohmann::ordered_json to_json(const std::string& dir, const drills::ReapReport& report) {
  return {{"schema", "drsim.drill-cleanup/1"},   {"state_dir", dir},
          {"removed_runs", report.removed_runs}, {"closed_journals", report.closed_journals},
          {"left_alone", report.left_alone},     {"stopped_processes", report.stopped_processes}};
}

std::string cleanup_text(const std::string& dir, const drills::ReapReport& report) {
  std::ostringstream out;
  for (const auto& r : report.removed_runs) out << "removed " << r << "\n";
  for (const auto& j : report.closed_journals) out << "journal closed as killed: " << j << "\n";
  for (const auto& r : report.left_alone) out << "left alone (no drsim marker): " << r << "\n";
  out << reports::plural(report.removed_runs.size(), "leftover run", "leftover runs")
      << " removed, "
      << reports::plural(static_cast<std::size_t>(std::max(report.stopped_processes, 0)), "process",
                         "processes")
      << " stopped in " << dir << "\n";
  return out.str();
}

// `path` with `{drill}` replaced by the drill's name and `{time}` by when the run starts (UTC, to
// the millisecond: 20261205T030000.123Z), so a scheduled drill keeps the journal and result of
// every run instead of overwriting the last one (docs/drill-format.md "Journal and result").
std::string expand_path(std::string path, const std::string& drill, const std::string& time) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{drill}", drill},
                                   std::pair<std::string, std::string>{"{time}", time}}) {
    for (auto at = path.find(key); at != std::string::npos;
         at = path.find(key, at + value.size())) {
      path.replace(at, key.size(), value);
    }
  }
  return path;
}

// Now as {time} writes it.
std::string start_time() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::string t = history::format_timestamp(std::chrono::duration<double>(now).count(), true);
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '-' || c == ':'; }), t.end());
  return t;
}

// A file the run wrote, as the history keeps it: absolute, so it is found from anywhere.
std::string absolute(const std::string& path) {
  return path.empty() ? path : std::filesystem::absolute(path).lexically_normal().string();
}

std::string plan_text(const drills::DrillSpec& spec, const Output& output) {
  return output.json() ? drills::to_json(drills::make_plan(spec)).dump(2) + "\n"
                       : drills::plan_drill(spec);
}

}  // namespace

void add_drill_command(CLI::App& app, Action& action, Io io) {
  auto* drill = app.add_subcommand(
      "drill", "Run live restore drills against PostgreSQL, MariaDB, Redis, etcd and S3");
  drill->require_subcommand(1);

  auto* plan = drill->add_subcommand("plan", "Print what a drill would do; touches nothing");
  auto plan_file = std::make_shared<std::string>();
  plan->add_option("DRILL", *plan_file, "Drill file (YAML or JSON)")->required();
  auto plan_output = add_output_options(*plan, {"text", "json"});
  plan->callback([=, &action]() {
    action = [=]() {
      emit(*plan_output, plan_text(drills::load_drill(*plan_file), *plan_output), io.out);
      return 0;
    };
  });

  auto* run = drill->add_subcommand("run", "Run a drill: restore, verify, measure, clean up");
  auto run_file = std::make_shared<std::string>();
  auto journal = std::make_shared<std::string>();
  auto result = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto dry_run = std::make_shared<bool>(false);
  run->add_option("DRILL", *run_file, "Drill file (YAML or JSON)")->required();
  run->add_flag("--dry-run", *dry_run, "Print the plan (as `drsim drill plan`) and touch nothing");
  run->add_option("--journal", *journal,
                  "Write the journal of every step (JSON) here; {drill} and {time} in the name "
                  "become the drill's name and the run's start");
  run->add_option("--result", *result,
                  "Write the result (drsim.result/1 JSON) here; {drill} and {time} as for "
                  "--journal");
  auto run_output = add_output_options(*run, {"text", "json"});
  run->add_flag("-q,--quiet", *quiet, "Print only the verdict");
  auto history_option = add_history_option(*run, true);
  auto metrics_file = std::make_shared<std::string>();
  run->add_option("--metrics-file", *metrics_file,
                  "After recording the run, write every target of the history here for "
                  "Prometheus' textfile collector (docs/history.md \"Metrics\")")
      ->type_name("FILE")
      ->excludes("--no-history");
  auto sign_key = std::make_shared<std::string>();
  run->add_option("--sign-key", *sign_key,
                  "Sign the run's evidence manifest with this Ed25519 private key (PEM)")
      ->type_name("KEY.pem")
      ->excludes("--no-history");
  run->callback([=, &action]() {
    action = [=]() {
      auto spec = drills::load_drill(*run_file);
      if (*dry_run) {
        emit(*run_output, plan_text(spec, *run_output), io.out);
        return 0;
      }
      const std::string started = start_time();
      const std::string journal_file = expand_path(*journal, spec.name, started);
      const std::string result_file = expand_path(*result, spec.name, started);
      // Opened before the drill starts, so a history that cannot be written stops nothing
      // half-way.
      std::optional<history::SigningKey> key;
      if (!sign_key->empty()) key.emplace(history::SigningKey::load(*sign_key, "--sign-key"));
      std::optional<history::Store> store;
      if (!history_option->none)
        store.emplace(history::Store::for_recording(history_option->path()));
      // Records a run, chained as evidence, writes its manifest next to its journal, then the
      // metrics of the whole history (this run's target too).
      auto record = [&](const drills::DrillOutcome& outcome, const std::string& written) {
        const long long id = store->record(
            history::record_of(outcome, spec.max_age_s, {absolute(journal_file), written}),
            key ? &*key : nullptr);
        history::save_manifest(*store->manifest(id));
        if (!metrics_file->empty()) {
          const double now_s = history::parse_timestamp(run_timestamp()).value_or(0);
          reports::save_text(history::metrics_text(*store, now_s, history::kDefaultLast),
                             *metrics_file);
        }
        return id;
      };
      drills::DrillOptions options;
      options.journal_path = journal_file;
      if (store) {
        options.on_stopped = [&](const drills::DrillOutcome& stopped) { record(stopped, ""); };
      }
      // Progress streams to the terminal; JSON or a file gets only the finished outcome.
      const bool progress = !*quiet && !run_output->json() && run_output->file.empty();
      if (progress) {
        options.progress = [io](const std::string& line) {
          io.out << "  " << line << "\n" << std::flush;
        };
        io.out << "drill " << spec.name << " (" << drills::to_string(spec.method) << ")\n";
      }
      auto outcome = drills::run_drill(spec, options);
      // The verdict first: a --result that cannot be written must not hide it.
      const std::string result_json = reports::to_json(outcome.result).dump(2) + "\n";
      emit(*run_output, run_output->json() ? result_json : verdict_text(spec, outcome), io.out);
      if (!result_file.empty()) reports::save_text(result_json, result_file);
      if (store) {
        const long long id = record(outcome, absolute(result_file));
        if (progress) io.out << "recorded as run " << id << " in " << store->path() << "\n";
      }
      return outcome.passed ? 0 : static_cast<int>(ExitCode::kFinding);
    };
  });

  auto* cleanup = drill->add_subcommand(
      "cleanup",
      "Stop and remove what killed drill runs left behind (servers, ports, directories)");
  auto cleanup_file = std::make_shared<std::string>();
  auto state_dir = std::make_shared<std::string>();
  cleanup->add_option("DRILL", *cleanup_file, "Drill file whose scratch.dir to clean");
  cleanup->add_option("--state-dir", *state_dir, "State directory to clean (scratch.dir)");
  auto cleanup_output = add_output_options(*cleanup, {"text", "json"});
  cleanup->callback([=, &action]() {
    action = [=]() {
      std::string dir = *state_dir;
      if (dir.empty() && !cleanup_file->empty())
        dir = drills::load_drill(*cleanup_file).scratch.dir;
      if (dir.empty()) dir = drills::ScratchSpec{}.dir;
      auto report = drills::cleanup_drills(dir);
      emit(*cleanup_output,
           cleanup_output->json() ? to_json(dir, report).dump(2) + "\n" : cleanup_text(dir, report),
           io.out);
      return 0;
    };
  });
}

}  // namespace drsim::cli
