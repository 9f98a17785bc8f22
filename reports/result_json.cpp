#include "reports/result_json.hpp"

#include <cmath>

#include "model/diagnostic.hpp"
#include "model/document.hpp"
#include "reports/detail/result_reader.hpp"
#include "reports/json_text.hpp"

namespace drsim::reports {
namespace {

// Seconds are written as integers when whole so golden files and diffs stay readable.
nlohmann::ordered_json seconds(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15) {
    return static_cast<long long>(v);
  }
  return v;
}

nlohmann::ordered_json seconds(const std::optional<double>& v) {
  return v ? seconds(*v) : nlohmann::ordered_json(nullptr);
}

// Probabilities to 6 decimals: readable, and the same on every machine.
double share(double p) { return std::round(p * 1e6) / 1e6; }

void write_spread(JsonText& j, const char* name, const Spread& s) {
  j.key(name);
  j.begin_object();
  j.field("p50", seconds(s.p50_s));
  j.field("p90", seconds(s.p90_s));
  j.field("p99", seconds(s.p99_s));
  j.field("max", seconds(s.max_s));
  j.end_object();
}

void write_percentiles(JsonText& j, const char* name, const Spread& s) {
  j.key(name);
  j.begin_array();
  for (const auto& v : s.percentiles_s) j.value(seconds(v));
  j.end_array();
}

void write_trials(JsonText& j, const TargetTrials& t) {
  j.key("trials");
  j.begin_object();
  j.field("affected", t.affected);
  write_spread(j, "rto_s", t.rto);
  write_spread(j, "rpo_s", t.rpo);
  j.key("objectives");
  j.begin_array();
  for (const auto& o : t.odds) {
    j.begin_object();
    j.field("kind", to_string(o.kind));
    j.field("target_s", seconds(o.target_s));
    j.field("met", o.met);
    j.field("p_met", share(o.p_met));
    j.field("ci95_low", share(o.ci_low));
    j.field("ci95_high", share(o.ci_high));
    j.end_object();
  }
  j.end_array();
  j.key("paths");
  j.begin_array();
  for (const auto& p : t.paths) {
    j.begin_object();
    j.field("steps", p.steps);
    j.field("trials", p.trials);
    j.end_object();
  }
  j.end_array();
  j.field("other_paths", t.other_paths);
  write_percentiles(j, "rto_percentiles_s", t.rto);
  write_percentiles(j, "rpo_percentiles_s", t.rpo);
  j.end_object();
}

void write_service(JsonText& j, const TargetResult& t) {
  j.begin_object();
  j.field("id", t.id);
  j.field("down", t.down);
  j.field("degraded", t.degraded);
  j.field("recovered", t.recovered);
  j.field("rto_s", seconds(t.rto_s));
  j.field("rpo_s", seconds(t.rpo_s));
  if (t.rpo_worst) {
    j.field("rpo_worst_s", seconds(t.rpo_worst->rpo_s));
    j.field("rpo_worst_phase_s", seconds(t.rpo_worst->phase_s));
    j.field("rpo_worst_point", t.rpo_worst->explanation);
  }
  j.key("path");
  j.begin_array();
  for (const auto& p : t.path) {
    j.begin_object();
    j.field("step", p.name());
    j.field("begin_s", seconds(p.begin_s));
    j.field("end_s", seconds(p.end_s));
    j.field("detail", p.detail);
    j.end_object();
  }
  j.end_array();
  j.key("objectives");
  j.begin_array();
  for (const auto& o : t.objectives) {
    j.begin_object();
    j.field("kind", to_string(o.kind));
    j.field("target_s", seconds(o.target_s));
    j.field("achieved_s", seconds(o.achieved_s));
    j.field("verdict", to_string(o.verdict));
    j.end_object();
  }
  j.end_array();
  if (t.trials) write_trials(j, *t.trials);
  j.end_object();
}

}  // namespace

nlohmann::ordered_json money(double amount) {
  // Cents are enough for money and keep files free of binary noise (0.30000000000000004).
  const double cents = std::round(amount * 100) / 100;
  return seconds(cents);
}

const std::vector<std::string>& unaffected_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {"services"};
    for (auto kind : {ObjectiveKind::kRto, ObjectiveKind::kRpo}) {
      for (auto v :
           {Verdict::kMet, Verdict::kBreached, Verdict::kNotApplicable, Verdict::kMissingPolicy}) {
        k.push_back(std::string(to_string(kind)) + "_" + to_string(v));
      }
    }
    return k;
  }();
  return keys;
}

void write_scenario(const ScenarioResult& s, std::string& out, bool pretty, int indent) {
  JsonText j(out, pretty, indent);
  j.begin_object();
  j.field("id", s.id);
  j.field("class", s.cls);
  j.field("impact", to_string(s.impact));
  j.field("recovery_process", s.recovery_process);
  j.field("data_loss", s.data_loss);
  j.field("t0_s", seconds(s.t0_s));
  if (!s.phase_note.empty()) {  // simulations say which phase they ran at
    j.field("phase", to_string(s.phase));
    j.field("phase_note", s.phase_note);
  }
  j.field("horizon_s", seconds(s.horizon_s));
  if (!s.outages.empty()) {
    j.key("outages");
    j.begin_array();
    for (const auto& o : s.outages) {
      j.begin_object();
      j.field("fault", o.fault);
      j.field("class", o.cls);
      j.field("duration_s", seconds(o.duration_s));
      j.field("default", o.is_default);
      j.end_object();
    }
    j.end_array();
  }
  if (s.cost) {  // models with costs or likelihoods
    j.field("annual_frequency", s.cost->annual_frequency);
    j.field("frequency_assumed", s.cost->frequency_assumed);
    j.field("downtime_cost", money(s.cost->downtime));
    j.field("data_loss_cost", money(s.cost->data_loss));
    j.field("outage_cost", money(s.cost->total()));
  }
  if (s.trials) {
    j.key("trials");
    j.begin_object();
    j.field("count", s.trials->count);
    j.field("start_from_s", seconds(s.trials->start_from_s));
    j.field("start_span_s", seconds(s.trials->start_span_s));
    j.field("varying", s.trials->varying);
    j.end_object();
  }
  if (s.unaffected) {  // compact results
    const auto& keys = unaffected_keys();
    j.key("unaffected");
    j.begin_object();
    j.field(keys[0].c_str(), s.unaffected->count);
    for (std::size_t i = 1; i < keys.size(); ++i) {
      j.field(keys[i].c_str(), s.unaffected->verdicts[(i - 1) / 4][(i - 1) % 4]);
    }
    j.end_object();
  }
  j.key("services");
  j.begin_array();
  for (const auto& t : s.services) write_service(j, t);
  j.end_array();
  j.end_object();
}

nlohmann::ordered_json scenario_to_json(const ScenarioResult& s) {
  std::string text;
  write_scenario(s, text, false, 0);
  return nlohmann::ordered_json::parse(text);
}

nlohmann::ordered_json run_header_to_json(const RunResult& result) {
  using J = nlohmann::ordered_json;
  J run = {{"schema", result.schema},
           {"kind", result.kind},
           {"model", result.model},
           {"model_source", result.model_source},
           {"model_checksum", result.model_checksum},
           {"tool_version", result.tool_version},
           {"generated_at", result.generated_at},
           {"seed", result.seed}};
  if (result.running_cost_monthly) {
    run["currency"] = result.currency;
    run["running_cost_monthly"] = money(*result.running_cost_monthly);
  }
  return run;
}

nlohmann::ordered_json to_json(const RunResult& result) {
  nlohmann::ordered_json run = run_header_to_json(result);
  run["scenarios"] = nlohmann::ordered_json::array();
  for (const auto& s : result.scenarios) run["scenarios"].push_back(scenario_to_json(s));
  return run;
}

RunResult result_from_json(const nlohmann::json& json, const std::string& file) {
  return detail::read_result_text(
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), file, false);
}

RunResult result_from_json(const nlohmann::ordered_json& json, const std::string& file) {
  return detail::read_result_text(
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), file, false);
}

RunResult load_result(const std::string& path) {
  std::vector<ScenarioResult> scenarios;
  RunResult run = detail::read_result_file(
      path,
      [&scenarios](const RunResult&, ScenarioResult&& s) { scenarios.push_back(std::move(s)); },
      detail::ShardKey::kRefuse);
  run.scenarios = std::move(scenarios);
  return run;
}

RunResult load_result(const std::string& path,
                      const std::function<void(const RunResult&, ScenarioResult&&)>& each) {
  return detail::read_result_file(path, each, detail::ShardKey::kRefuse);
}

}  // namespace drsim::reports
