// `drsim drill plan|run|cleanup`: live restore drills (docs/drill-format.md). `plan` prints what
// a drill would do and touches nothing; `run` runs it, prints one line per step and a verdict,
// and writes the journal and the result JSON; `cleanup` removes what killed runs left behind.
// Exit codes: 0 verified and objectives met, 1 verification failed or objective breached,
// 3 invalid drill file, 4 environment problem or interrupted.
#include <fstream>
#include <ostream>

#include "cli/command.hpp"
#include "drills/drill_spec.hpp"
#include "drills/runner.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"
#include "reports/result_json.hpp"

namespace drsim::cli {
namespace {

std::string seconds(std::optional<double> s) {
  if (!s) return "none";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", *s);
  return buf;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  if (!out || !(out << text)) {
    throw EnvironmentError("cannot write " + path,
                           "check that the directory exists and is writable");
  }
}

}  // namespace

void add_drill_command(CLI::App& app, Action& action, Io io) {
  auto* drill = app.add_subcommand("drill", "Run live restore drills against PostgreSQL");
  drill->require_subcommand(1);

  auto* plan = drill->add_subcommand("plan", "Print what a drill would do; touches nothing");
  auto plan_file = std::make_shared<std::string>();
  plan->add_option("DRILL", *plan_file, "Drill file (YAML or JSON)")->required();
  plan->callback([=, &action]() {
    action = [=]() {
      auto spec = drills::load_drill(*plan_file);
      io.out << drills::plan_drill(spec);
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
  run->add_option("--journal", *journal, "Write the journal of every step (JSON) here");
  run->add_option("--result", *result, "Write the result (drsim.result/1 JSON) here");
  run->add_flag("-q,--quiet", *quiet, "Print only the verdict");
  run->callback([=, &action]() {
    action = [=]() {
      auto spec = drills::load_drill(*run_file);
      if (*dry_run) {
        io.out << drills::plan_drill(spec);
        return 0;
      }
      drills::DrillOptions options;
      options.journal_path = *journal;
      if (!*quiet)
        options.progress = [io](const std::string& line) {
          io.out << "  " << line << "\n" << std::flush;
        };
      if (!*quiet)
        io.out << "drill " << spec.name << " (" << drills::to_string(spec.method) << ")\n";
      auto outcome = drills::run_drill(spec, options);
      const auto& target = outcome.result.scenarios.front().services.front();
      io.out << (outcome.passed ? "PASS" : "FAIL") << ": " << spec.name << ": rto "
             << seconds(target.rto_s) << ", rpo " << seconds(target.rpo_s);
      for (const auto& o : target.objectives) {
        io.out << ", " << to_string(o.kind) << " objective " << to_string(o.verdict);
      }
      io.out << "\n";
      for (const auto& f : outcome.findings) io.out << "  reason: " << f << "\n";
      if (!result->empty()) write_file(*result, reports::to_json(outcome.result).dump(2) + "\n");
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
  cleanup->callback([=, &action]() {
    action = [=]() {
      std::string dir = *state_dir;
      if (dir.empty() && !cleanup_file->empty())
        dir = drills::load_drill(*cleanup_file).scratch.dir;
      if (dir.empty()) dir = drills::ScratchSpec{}.dir;
      auto report = drills::cleanup_drills(dir);
      for (const auto& r : report.removed_runs) io.out << "removed " << r << "\n";
      for (const auto& j : report.closed_journals)
        io.out << "journal closed as killed: " << j << "\n";
      for (const auto& r : report.left_alone)
        io.out << "left alone (no drsim marker): " << r << "\n";
      io.out << report.removed_runs.size() << " leftover runs removed, " << report.stopped_processes
             << " processes stopped in " << dir << "\n";
      return 0;
    };
  });
}

}  // namespace drsim::cli
