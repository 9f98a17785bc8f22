// `drsim analyze MODEL [-f text|json] [-o FILE] [--detect-after 1h]`: instant analytic bounds per
// service (engine/core/analytic.hpp) — worst-case and mean RPO for the loss of the primary's
// zone, region and vendor and for corruption found after a delay, and RTO lower bounds from the
// recovery procedures — without simulating. Exits 1 if a bound shows an objective breached (an
// RTO lower bound over its target, or a worst-case RPO over its target), as simulate does.
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/output_options.hpp"
#include "engine/core/analytic.hpp"
#include "model/errors.hpp"
#include "model/loader.hpp"
#include "model/printable.hpp"
#include "model/units.hpp"
#include "reports/text_table.hpp"
#include "scenarios/time_options.hpp"

namespace drsim::cli {

namespace {

std::string rpo_text(const engine::LossBound& b, const std::optional<double>& v) {
  if (!b.rpo_applicable) return "n/a";
  if (!v) return "none";
  return units::format_duration(*v);
}

std::string rto_text(const engine::LossBound& b) {
  return b.rto_lower_s ? units::format_duration(*b.rto_lower_s) : "never";
}

// The disruption class whose objectives apply to a loss kind of engine::analyze().
model::DisruptionClass class_of(const std::string& loss) {
  if (loss == "zone") return model::DisruptionClass::kAz;
  if (loss == "region") return model::DisruptionClass::kRegion;
  if (loss == "vendor") return model::DisruptionClass::kVendor;
  return model::DisruptionClass::kCorruption;
}

// What the bounds say about the objectives: a worst-case RPO above its target means the target
// can be breached (depending on when the fault lands); an RTO lower bound above its target
// means it is breached whenever this loss happens. Empty: within targets, or no objective.
std::vector<std::string> findings(const model::Model& m, const std::string& service,
                                  const engine::LossBound& b) {
  auto objective = m.objectives.find(service, class_of(b.loss));
  std::vector<std::string> out;
  if (!objective) return out;
  if (objective->rpo && b.rpo_applicable && (!b.rpo_worst_s || *b.rpo_worst_s > *objective->rpo)) {
    out.push_back("rpo " + units::format_duration(*objective->rpo) + " can breach");
  }
  // A service that waits for its provider or the outage is back when it is: the outage decides.
  bool waits = b.rto_via == engine::Procedure::kWaitForProvider ||
               (b.rto_via == engine::Procedure::kWaitForOutage &&
                m.find_service(service)->kind == model::ServiceKind::kExternal);
  if (objective->rto && !waits && (!b.rto_lower_s || *b.rto_lower_s > *objective->rto)) {
    out.push_back("rto " + units::format_duration(*objective->rto) + " breached");
  }
  return out;
}

std::string check_text(const model::Model& m, const std::string& service,
                       const engine::LossBound& b) {
  auto objective = m.objectives.find(service, class_of(b.loss));
  if (!objective || (!objective->rpo && !objective->rto)) return "no objective";
  std::string out;
  for (const auto& f : findings(m, service, b)) out += (out.empty() ? "" : ", ") + f;
  return out.empty() ? "within targets" : out;
}

// True if any bound of the analysis shows an objective breached (exit 1).
bool any_finding(const model::Model& m, const engine::Analysis& a) {
  for (const auto& s : a.services) {
    for (const auto& b : s.losses) {
      if (!findings(m, s.service, b).empty()) return true;
    }
  }
  return false;
}

nlohmann::json optional_seconds(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json target(const model::Model& m, const std::string& service, const engine::LossBound& b,
                      bool rpo) {
  auto objective = m.objectives.find(service, class_of(b.loss));
  if (!objective) return nullptr;
  return optional_seconds(rpo ? objective->rpo : objective->rto);
}

std::string json_text(const model::Model& m, const engine::Analysis& a) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : a.services) {
    nlohmann::json losses = nlohmann::json::array();
    for (const auto& b : s.losses) {
      nlohmann::json terms = nlohmann::json::array();
      for (const auto& t : b.rto_terms)
        terms.push_back({{"step", to_string(t.step)}, {"seconds", t.seconds}});
      losses.push_back({{"loss", b.loss},
                        {"target", b.target},
                        {"rpo_applicable", b.rpo_applicable},
                        {"rpo_worst_s", optional_seconds(b.rpo_worst_s)},
                        {"rpo_mean_s", optional_seconds(b.rpo_mean_s)},
                        {"rpo_best_s", optional_seconds(b.rpo_best_s)},
                        {"catastrophic_fraction", b.catastrophic_fraction},
                        {"worst_point", b.worst_explanation},
                        {"rto_lower_s", optional_seconds(b.rto_lower_s)},
                        {"rto_via", to_string(b.rto_via)},
                        {"rto_terms", terms},
                        {"rpo_target_s", target(m, s.service, b, true)},
                        {"rto_target_s", target(m, s.service, b, false)},
                        {"check", check_text(m, s.service, b)}});
    }
    services.push_back({{"id", s.service}, {"stateful", s.stateful}, {"losses", losses}});
  }
  nlohmann::json doc = {
      {"schema", "drsim.analysis/1"},
      {"model", {{"name", m.name}, {"source", m.source}, {"checksum", m.checksum}}},
      {"period_s", a.period_s},
      {"steady_from_s", a.steady_from_s},
      {"detect_after_s", a.detect_after_s},
      {"services", services}};
  return doc.dump(2) + "\n";
}

std::string table_text(const model::Model& m, const engine::Analysis& a) {
  reports::TextTable table({"service", "loss", "rpo worst", "rpo mean", "rto >=", "via",
                            "objectives", "recovery point at the worst phase"});
  for (const auto& s : a.services) {
    for (const auto& b : s.losses) {
      std::string loss =
          b.loss == "corruption"
              ? "corruption (found " + units::format_duration(a.detect_after_s) + " later)"
              : b.loss + " " + b.target;
      std::string point = b.rpo_applicable ? b.worst_explanation : "";
      if (b.rpo_applicable && b.catastrophic_fraction > 0 && b.catastrophic_fraction < 1) {
        point += " (no recovery point " +
                 std::to_string(static_cast<int>(std::lround(b.catastrophic_fraction * 100))) +
                 "% of the time)";
      }
      table.add({s.service, loss, rpo_text(b, b.rpo_worst_s), rpo_text(b, b.rpo_mean_s),
                 rto_text(b), to_string(b.rto_via), check_text(m, s.service, b), point});
    }
  }
  std::ostringstream out;
  out << printable(m.name) << ": analytic bounds (schedule period "
      << units::format_duration(a.period_s)
      << "; RTO lower bounds ignore shared links and dependencies)\n";
  table.print(out);
  return out.str();
}

}  // namespace

void add_analyze_command(CLI::App& app, Action& action, Io io) {
  auto* cmd = app.add_subcommand(
      "analyze", "Analytic RPO bounds and RTO lower bounds per service, without simulating");
  auto file = std::make_shared<std::string>();
  auto detect = std::make_shared<std::string>("1 h");
  cmd->add_option("MODEL", *file, "Model file (YAML or JSON)")->required();
  auto output = add_output_options(*cmd, {"text", "json"}, {{"table", "text"}});
  cmd->add_option("--detect-after", *detect,
                  "Corruption is noticed this long after it happens (default 1 h)");
  cmd->callback([=, &action]() {
    action = [=]() {
      auto loaded = model::load_model(*file);
      io.err << format_diagnostics(loaded.warnings);
      engine::AnalyzeOptions options;
      options.detect_after_s = scenarios::parse_duration_option(
          *detect, "detection delay", command_line_loc("--detect-after"), false);
      auto analysis = engine::analyze(loaded.model, options);
      emit(*output,
           output->json() ? json_text(loaded.model, analysis) : table_text(loaded.model, analysis),
           io.out);
      return static_cast<int>(any_finding(loaded.model, analysis) ? ExitCode::kFinding
                                                                  : ExitCode::kOk);
    };
  });
}

}  // namespace drsim::cli
