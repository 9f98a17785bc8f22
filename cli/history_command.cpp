// `drsim history list|show|targets|metrics`: what the drill history (docs/history.md) holds.
// `list` shows one line per run, `show RUN_ID` everything recorded of one, `targets` per target
// the last run, the last success, the age of the last verified restore against its max_age and
// the RTO/RPO percentiles over its last N completed runs, `metrics` the same for Prometheus'
// textfile collector. Each takes `--history FILE`, `-f FORMAT` and `-o FILE`. Exit codes:
// `targets` 1 when a target is stale or its last run did not pass, else 0; `list`, `show` and
// `metrics` 0; 2 an unknown RUN_ID or a bad --now; 3 a history that is missing, not drsim's,
// damaged or of a newer schema.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/history_option.hpp"
#include "cli/history_text.hpp"
#include "cli/number_range.hpp"
#include "cli/output_options.hpp"
#include "history/metrics.hpp"
#include "history/store.hpp"
#include "history/timestamp.hpp"
#include "history/trends.hpp"
#include "model/errors.hpp"
#include "model/printable.hpp"

namespace drsim::cli {
namespace {

using Json = nlohmann::ordered_json;

// The moment ages are measured to: --now, else the run's timestamp (which SOURCE_DATE_EPOCH
// fixes). Throws InputError located at --now (exit 2) for a time that is not ISO 8601 UTC.
double now_of(const std::string& given) {
  const std::string text = given.empty() ? run_timestamp() : given;
  if (auto s = history::parse_timestamp(text)) return *s;
  DiagnosticList diags;
  diags.error(
      command_line_loc("--now"),
      "expected an ISO 8601 UTC time such as 2026-12-01T00:00:00Z, got '" + printable(text) + "'",
      {"write the date, 'T', the time and 'Z' (UTC), e.g. --now 2026-12-01T06:30:00Z"});
  diags.throw_if_errors();
  return 0;
}

// ANSI colour only for a person at a terminal: standard output itself, no -o, a terminal that
// is not "dumb", and no NO_COLOR.
bool colour(const std::ostream& out, const Output& output) {
  const char* term = std::getenv("TERM");
  return &out == &std::cout && output.file.empty() && ::isatty(STDOUT_FILENO) == 1 && term &&
         std::strcmp(term, "dumb") != 0 && std::getenv("NO_COLOR") == nullptr;
}

// `--last N` and `--now TIMESTAMP` of `targets` and `metrics`.
struct TrendOptions {
  int last = history::kDefaultLast;
  std::string now;
};

std::shared_ptr<TrendOptions> add_trend_options(CLI::App& cmd) {
  auto o = std::make_shared<TrendOptions>();
  cmd.add_option("--last", o->last, "Percentiles over the last N completed runs of each target")
      ->type_name("N")
      ->capture_default_str()
      ->check(whole_number_range(1, 100000));
  cmd.add_option("--now", o->now,
                 "Measure ages to this ISO 8601 UTC time (default: now, or SOURCE_DATE_EPOCH)")
      ->type_name("TIMESTAMP");
  return o;
}

}  // namespace

void add_history_command(CLI::App& app, Action& action, Io io) {
  auto* history = app.add_subcommand(
      "history",
      "Recorded drill runs: list them, show one, and per target the age of its last verified "
      "restore and its RTO/RPO trend");
  history->require_subcommand(1);

  auto* list = history->add_subcommand("list", "One line per recorded drill run, newest first");
  auto list_history = add_history_option(*list, false);
  auto target = std::make_shared<std::string>();
  auto limit = std::make_shared<long long>(0);
  list->add_option("--target", *target, "Only the runs of this target (the drill's service)")
      ->type_name("TARGET");
  list->add_option("--limit", *limit, "At most N runs (default: every run)")
      ->type_name("N")
      ->check(whole_number_range(1LL, 1000000000LL));
  auto list_output = add_output_options(*list, {"text", "json"});
  list->callback([=, &action]() {
    action = [=]() {
      auto store = history::Store::for_reading(list_history->path());
      const auto runs = store.runs(*target, *limit);
      std::string text;
      if (list_output->json()) {
        Json j{{"schema", "drsim.history-list/1"}, {"history", store.path()}};
        j["runs"] = Json::array();
        for (const auto& r : runs) j["runs"].push_back(history::to_json(r, false));
        text = j.dump(2) + "\n";
      } else {
        text = runs_text(runs, store.path());
      }
      emit(*list_output, text, io.out);
      return static_cast<int>(ExitCode::kOk);
    };
  });

  auto* show = history->add_subcommand("show", "Everything recorded of one drill run");
  auto show_history = add_history_option(*show, false);
  auto run_id = std::make_shared<std::string>();
  show->add_option("RUN_ID", *run_id, "The run's id, as drsim history list shows it")->required();
  auto show_output = add_output_options(*show, {"text", "json"});
  show->callback([=, &action]() {
    action = [=]() {
      auto store = history::Store::for_reading(show_history->path());
      const auto run = store.run(*run_id);
      emit(*show_output,
           show_output->json() ? history::to_json(run, true).dump(2) + "\n" : run_text(run),
           io.out);
      return static_cast<int>(ExitCode::kOk);
    };
  });

  auto* targets = history->add_subcommand(
      "targets",
      "Per target: last run, last success, age of the last verified restore (STALE past its "
      "max_age), RTO and RPO p50/p95; exit 1 when a target needs attention");
  auto targets_history = add_history_option(*targets, false);
  auto trend = add_trend_options(*targets);
  auto targets_output = add_output_options(*targets, {"text", "json"});
  targets->callback([=, &action]() {
    action = [=]() {
      const double now_s = now_of(trend->now);
      const std::string now_text = history::format_timestamp(now_s, false);
      auto store = history::Store::for_reading(targets_history->path());
      const auto trends = history::target_trends(store.runs(), now_s, trend->last);
      bool attention = false;
      for (const auto& t : trends) attention = attention || t.needs_attention();
      std::string text;
      if (targets_output->json()) {
        Json j{{"schema", "drsim.history-targets/1"},
               {"history", store.path()},
               {"now", now_text},
               {"last", trend->last},
               {"default_max_age_s", history::kDefaultMaxAge},
               {"needs_attention", attention}};
        j["targets"] = Json::array();
        for (const auto& t : trends) j["targets"].push_back(history::to_json(t));
        text = j.dump(2) + "\n";
      } else {
        text = targets_text(trends, store.path(), now_text, trend->last,
                            colour(io.out, *targets_output));
      }
      emit(*targets_output, text, io.out);
      return static_cast<int>(attention ? ExitCode::kFinding : ExitCode::kOk);
    };
  });

  auto* metrics = history->add_subcommand(
      "metrics",
      "The history as a Prometheus textfile-collector file: per target the last run, last "
      "success, age, max_age, RTO/RPO and step durations");
  auto metrics_history = add_history_option(*metrics, false);
  auto metrics_trend = add_trend_options(*metrics);
  auto metrics_output = add_output_options(*metrics, {"prometheus"});
  metrics->callback([=, &action]() {
    action = [=]() {
      const double now_s = now_of(metrics_trend->now);
      auto store = history::Store::for_reading(metrics_history->path());
      emit(*metrics_output, history::metrics_text(store, now_s, metrics_trend->last), io.out);
      return static_cast<int>(ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
