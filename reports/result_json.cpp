#include "reports/result_json.hpp"

#include <cmath>

#include "model/diagnostic.hpp"
#include "model/document.hpp"
#include "reports/detail/result_reader.hpp"

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

nlohmann::ordered_json spread_to_json(const Spread& s) {
  return {{"p50", seconds(s.p50_s)},
          {"p90", seconds(s.p90_s)},
          {"p99", seconds(s.p99_s)},
          {"max", seconds(s.max_s)}};
}

nlohmann::ordered_json percentiles_to_json(const Spread& s) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& v : s.percentiles_s) out.push_back(seconds(v));
  return out;
}

nlohmann::ordered_json trials_to_json(const TargetTrials& t) {
  using J = nlohmann::ordered_json;
  J odds = J::array();
  for (const auto& o : t.odds) {
    odds.push_back(J{{"kind", to_string(o.kind)},
                     {"target_s", seconds(o.target_s)},
                     {"met", o.met},
                     {"p_met", share(o.p_met)},
                     {"ci95_low", share(o.ci_low)},
                     {"ci95_high", share(o.ci_high)}});
  }
  J paths = J::array();
  for (const auto& p : t.paths) paths.push_back(J{{"steps", p.steps}, {"trials", p.trials}});
  return {{"affected", t.affected},
          {"rto_s", spread_to_json(t.rto)},
          {"rpo_s", spread_to_json(t.rpo)},
          {"objectives", std::move(odds)},
          {"paths", std::move(paths)},
          {"other_paths", t.other_paths},
          {"rto_percentiles_s", percentiles_to_json(t.rto)},
          {"rpo_percentiles_s", percentiles_to_json(t.rpo)}};
}

}  // namespace

nlohmann::ordered_json money(double amount) {
  // Cents are enough for money and keep files free of binary noise (0.30000000000000004).
  const double cents = std::round(amount * 100) / 100;
  return seconds(cents);
}

nlohmann::ordered_json scenario_to_json(const ScenarioResult& s) {
  using J = nlohmann::ordered_json;
  J services = J::array();
  for (const auto& t : s.services) {
    J path = J::array();
    for (const auto& p : t.path) {
      path.push_back(J{{"step", p.name()},
                       {"begin_s", seconds(p.begin_s)},
                       {"end_s", seconds(p.end_s)},
                       {"detail", p.detail}});
    }
    J objectives = J::array();
    for (const auto& o : t.objectives) {
      objectives.push_back(J{{"kind", to_string(o.kind)},
                             {"target_s", seconds(o.target_s)},
                             {"achieved_s", seconds(o.achieved_s)},
                             {"verdict", to_string(o.verdict)}});
    }
    J service = {{"id", t.id},
                 {"down", t.down},
                 {"degraded", t.degraded},
                 {"recovered", t.recovered},
                 {"rto_s", seconds(t.rto_s)},
                 {"rpo_s", seconds(t.rpo_s)}};
    if (t.rpo_worst) {
      service["rpo_worst_s"] = seconds(t.rpo_worst->rpo_s);
      service["rpo_worst_phase_s"] = seconds(t.rpo_worst->phase_s);
      service["rpo_worst_point"] = t.rpo_worst->explanation;
    }
    service["path"] = std::move(path);
    service["objectives"] = std::move(objectives);
    if (t.trials) service["trials"] = trials_to_json(*t.trials);
    services.push_back(std::move(service));
  }
  J scenario = {{"id", s.id},
                {"class", s.cls},
                {"impact", to_string(s.impact)},
                {"recovery_process", s.recovery_process},
                {"data_loss", s.data_loss},
                {"t0_s", seconds(s.t0_s)}};
  if (!s.phase_note.empty()) {  // simulations say which phase they ran at
    scenario["phase"] = to_string(s.phase);
    scenario["phase_note"] = s.phase_note;
  }
  scenario["horizon_s"] = seconds(s.horizon_s);
  if (!s.outages.empty()) {
    J outages = J::array();
    for (const auto& o : s.outages) {
      outages.push_back(J{{"fault", o.fault},
                          {"class", o.cls},
                          {"duration_s", seconds(o.duration_s)},
                          {"default", o.is_default}});
    }
    scenario["outages"] = std::move(outages);
  }
  if (s.cost) {  // models with costs or likelihoods
    scenario["annual_frequency"] = s.cost->annual_frequency;
    scenario["frequency_assumed"] = s.cost->frequency_assumed;
    scenario["downtime_cost"] = money(s.cost->downtime);
    scenario["data_loss_cost"] = money(s.cost->data_loss);
    scenario["outage_cost"] = money(s.cost->total());
  }
  if (s.trials) {
    scenario["trials"] = J{{"count", s.trials->count},
                           {"start_from_s", seconds(s.trials->start_from_s)},
                           {"start_span_s", seconds(s.trials->start_span_s)},
                           {"varying", s.trials->varying}};
  }
  scenario["services"] = std::move(services);
  return scenario;
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
  return detail::read_result_text(detail::read_result_file(path), path, true);
}

}  // namespace drsim::reports
