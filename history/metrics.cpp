#include "history/metrics.hpp"

#include <charconv>
#include <functional>
#include <optional>
#include <utility>

#include "history/timestamp.hpp"
#include "history/trends.hpp"

namespace drsim::history {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// One target: its trend, and its newest run with everything recorded of it (Store::run()).
struct TargetMetrics {
  TargetTrend trend;
  RunRecord last_run;
};

// A sample value: the shortest text that reads back as the same double.
std::string number(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// A label value as the exposition format escapes it: backslash, double quote and line feed.
std::string escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// A sample line of the family `name` for `target`, with `extra` labels.
void sample(const std::string& name, const std::string& target, const Labels& extra, double value,
            std::string& body) {
  body += name + "{target=\"" + escaped(target) + "\"";
  for (const auto& [k, v] : extra) body += "," + k + "=\"" + escaped(v) + "\"";
  body += "} " + number(value) + "\n";
}

// Each target's samples of one family.
using Samples = std::function<void(const TargetMetrics&, std::string& body)>;

// A family of gauges, with its HELP and TYPE lines; left out when no target has a sample.
void family(const std::vector<TargetMetrics>& targets, const std::string& name,
            const std::string& help, const Samples& samples, std::string& text) {
  std::string body;
  for (const auto& t : targets) samples(t, body);
  if (body.empty()) return;
  text += "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + body;
}

std::optional<double> seconds_at(const std::string& timestamp) {
  return timestamp.empty() ? std::nullopt : parse_timestamp(timestamp);
}

// When a run ended, or started when it never ended.
std::optional<double> run_time(const RunMark& run) {
  if (auto end = seconds_at(run.ended_at)) return end;
  return seconds_at(run.started_at);
}

}  // namespace

std::string metrics_text(Store& store, double now_s, int last) {
  std::vector<TargetMetrics> targets;
  for (auto& trend : target_trends(store.runs(), now_s, last)) {
    RunRecord run = store.run(std::to_string(trend.last_run.id));
    targets.push_back({std::move(trend), std::move(run)});
  }
  std::string text;
  // One value per target, none when `value` has none.
  auto per_target = [&](const std::string& name, const std::string& help,
                        const std::function<std::optional<double>(const TargetMetrics&)>& value) {
    family(
        targets, name, help,
        [&](const TargetMetrics& t, std::string& body) {
          if (auto v = value(t)) sample(name, t.trend.target, {}, *v, body);
        },
        text);
  };
  // The p50 and p95 of `history targets`, as a `percentile` label (`quantile` belongs to
  // summaries, which these are not).
  auto percentiles = [&](const std::string& name, const std::string& help,
                         std::optional<double> TargetTrend::*p50,
                         std::optional<double> TargetTrend::*p95) {
    family(
        targets, name, help,
        [&](const TargetMetrics& t, std::string& body) {
          const auto& tr = t.trend;
          if (tr.*p50) sample(name, tr.target, {{"percentile", "50"}}, *(tr.*p50), body);
          if (tr.*p95) sample(name, tr.target, {{"percentile", "95"}}, *(tr.*p95), body);
        },
        text);
  };
  per_target("drsim_drill_runs", "Drill runs recorded in the history for the target.",
             [](const TargetMetrics& t) { return static_cast<double>(t.trend.runs); });
  per_target("drsim_drill_last_run_timestamp_seconds",
             "When the target's newest drill run ended (started, if it never ended).",
             [](const TargetMetrics& t) { return run_time(t.trend.last_run); });
  per_target("drsim_drill_last_run_passed",
             "1 if the target's newest drill run passed (restore verified, objectives met), else "
             "0.",
             [](const TargetMetrics& t) { return t.trend.last_run_failed ? 0.0 : 1.0; });
  per_target("drsim_drill_last_success_timestamp_seconds",
             "When the target's newest passing drill run ended; absent if none passed.",
             [](const TargetMetrics& t) {
               return t.trend.last_success ? run_time(*t.trend.last_success) : std::nullopt;
             });
  per_target("drsim_drill_verified_restore_age_seconds",
             "Age of the target's last verified restore when this file was written; absent if "
             "none passed.",
             [](const TargetMetrics& t) { return t.trend.age_s; });
  per_target("drsim_drill_max_age_seconds",
             "How old the target's last verified restore may get (the drill's max_age).",
             [](const TargetMetrics& t) { return t.trend.max_age_s; });
  per_target("drsim_drill_stale",
             "1 if the target's last verified restore is older than its max_age or it never "
             "passed, else 0.",
             [](const TargetMetrics& t) { return t.trend.stale ? 1.0 : 0.0; });
  per_target("drsim_drill_last_rto_seconds",
             "RTO the target's newest drill run achieved; absent if it never became writable.",
             [](const TargetMetrics& t) { return t.last_run.rto_s; });
  per_target("drsim_drill_last_rpo_seconds",
             "RPO the target's newest drill run measured; absent if not measured.",
             [](const TargetMetrics& t) { return t.last_run.rpo_s; });
  percentiles("drsim_drill_recent_rto_seconds",
              "Nearest-rank percentile of the RTO over the target's last completed drill runs.",
              &TargetTrend::rto_p50_s, &TargetTrend::rto_p95_s);
  percentiles("drsim_drill_recent_rpo_seconds",
              "Nearest-rank percentile of the RPO over the target's last completed drill runs.",
              &TargetTrend::rpo_p50_s, &TargetTrend::rpo_p95_s);
  const std::string met = "drsim_drill_last_objective_met";
  family(
      targets, met, "1 if the target's newest drill run met the objective, 0 if it breached it.",
      [&](const TargetMetrics& t, std::string& body) {
        for (const auto& o : t.last_run.objectives) {
          if (o.verdict != "met" && o.verdict != "breached") continue;
          sample(met, t.trend.target, {{"objective", o.kind}}, o.verdict == "met" ? 1 : 0, body);
        }
      },
      text);
  const std::string step = "drsim_drill_last_step_duration_seconds";
  family(
      targets, step,
      "How long each step of the target's newest drill run took; absent for a step that never "
      "ended.",
      [&](const TargetMetrics& t, std::string& body) {
        for (const auto& s : t.last_run.steps) {
          if (auto d = s.duration_s()) sample(step, t.trend.target, {{"step", s.name}}, *d, body);
        }
      },
      text);
  text +=
      "# HELP drsim_drill_metrics_timestamp_seconds When drsim wrote this file.\n"
      "# TYPE drsim_drill_metrics_timestamp_seconds gauge\n"
      "drsim_drill_metrics_timestamp_seconds " +
      number(now_s) + "\n";
  return text;
}

}  // namespace drsim::history
