// `drsim calibrate MODEL`: what the drills in the history measured against what the model
// predicts for the same recoveries, with the drift in percent (history/calibration.hpp,
// docs/history.md "Calibration"); `--overlay-out FILE` writes the measured figures as an overlay
// that `drsim simulate MODEL --overlay FILE` applies. Exit codes: 0; 1 with --max-drift when a
// restore time or promotion drifts further; 2 usage; 3 an invalid model or history.
#include <cmath>
#include <memory>

#include "cli/command.hpp"
#include "cli/history_option.hpp"
#include "cli/model_option.hpp"
#include "cli/number_range.hpp"
#include "cli/output_options.hpp"
#include "history/calibration.hpp"
#include "history/store.hpp"
#include "history/trends.hpp"
#include "model/errors.hpp"

namespace drsim::cli {
namespace {

struct Options {
  int last = history::kDefaultLast;
  std::string overlay_out;
  double max_drift = -1;  // --max-drift, percent; < 0: no gate
};

// True when a prediction the model makes (a restore time, a promotion) is off by more than
// `max_drift` percent either way.
bool drifted(const history::Calibration& c, double max_drift) {
  for (const auto& s : c.services) {
    for (const auto& r : s.figures) {
      const bool prediction =
          r.figure == history::Figure::kRestoreTime || r.figure == history::Figure::kPromotion;
      if (prediction && r.drift && std::fabs(*r.drift) * 100 > max_drift) return true;
    }
  }
  return false;
}

}  // namespace

void add_calibrate_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Set what drills measured beside what the model predicts (restore size, rate, overhead "
      "and time, promotion), with the drift; optionally write the measured figures as an overlay");
  auto o = std::make_shared<Options>();
  auto model_option =
      add_model_option(*cmd, "Estate model (YAML or JSON) whose services were drilled");
  auto history_option = add_history_option(*cmd, false);
  cmd->add_option("--last", o->last, "Use the last N passed runs of each service and kind")
      ->type_name("N")
      ->capture_default_str()
      ->check(whole_number_range(1, 10000));
  cmd->add_option("--overlay-out", o->overlay_out,
                  "Write the measured figures as an overlay of MODEL for simulate --overlay")
      ->type_name("FILE");
  cmd->add_option("--max-drift", o->max_drift,
                  "A finding (exit 1) when a predicted restore time or promotion is off by more "
                  "than PERCENT either way")
      ->type_name("PERCENT")
      ->check(number_range(0, 1e9));
  auto output = add_output_options(*cmd, {"text", "json", "md"}, {{"markdown", "md"}});
  cmd->callback([o, model_option, history_option, output, &action, io]() {
    action = [o, model_option, history_option, output, io]() {
      const auto loaded = model_option->load();
      auto store = history::Store::for_reading(history_option->path());
      const auto c = history::calibrate(
          loaded.model, store.runs(), o->last,
          [&store](const history::RunRecord& r) { return store.run(std::to_string(r.id)); });
      const std::string& source = loaded.model.source;
      if (!o->overlay_out.empty()) {
        const std::string overlay = history::calibration_overlay(c, source, store.path());
        if (overlay.empty()) {
          throw UsageError("calibrate: nothing to write to --overlay-out " + o->overlay_out +
                           ": no passed drill in " + store.path() + " restores a service of " +
                           source);
        }
        emit(Output{"yaml", o->overlay_out}, overlay, io.out);
      }
      std::string text;
      if (output->json()) {
        text = history::to_json(c, source, store.path()).dump(2) + "\n";
      } else {
        text = history::calibration_text(c, source, store.path(), output->format == "md");
      }
      emit(*output, text, io.out);
      const bool finding = o->max_drift >= 0 && drifted(c, o->max_drift);
      return static_cast<int>(finding ? ExitCode::kFinding : ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
