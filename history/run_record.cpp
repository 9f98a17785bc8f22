#include "history/run_record.hpp"

#include <cmath>

#include "drills/runner.hpp"
#include "history/timestamp.hpp"
#include "model/outcome.hpp"

namespace drsim::history {
namespace {

using Json = nlohmann::ordered_json;

std::string text_of(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number_of(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<long long> count_of(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<long long>();
}

// The journal's time with milliseconds, so the history's text sorts as the time does.
std::string normalised(const std::string& at) {
  auto s = parse_timestamp(at);
  return s ? format_timestamp(*s, true) : at;
}

Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

}  // namespace

std::optional<double> StepRecord::duration_s() const {
  if (!end_s) return std::nullopt;
  return std::round((*end_s - begin_s) * 1e6) / 1e6;  // no float noise below a microsecond
}

bool RunRecord::failover() const { return method == drills::to_string(drills::Method::kFailover); }

RunRecord record_of(const drills::DrillOutcome& outcome, std::optional<double> max_age_s,
                    const RunFiles& files) {
  const RunResult& result = outcome.result;
  const Json& journal = outcome.journal;
  RunRecord r;
  r.drill = result.model;
  r.drsim_version = result.tool_version;
  r.spec_file = result.model_source;
  r.spec_checksum = result.model_checksum;
  r.max_age_s = max_age_s;
  r.journal_file = files.journal;
  r.result_file = files.result;
  if (!result.scenarios.empty()) {
    const ScenarioResult& sc = result.scenarios.front();
    r.impact = to_string(sc.impact);
    r.recovery_process = sc.recovery_process;
    r.data_loss = sc.data_loss;
    if (!sc.services.empty()) {
      const TargetResult& t = sc.services.front();
      r.target = t.id;
      r.rto_s = t.rto_s;
      r.rpo_s = t.rpo_s;
      for (const auto& o : t.objectives) {
        r.objectives.push_back({to_string(o.kind), o.target_s, o.achieved_s, to_string(o.verdict)});
      }
    }
  }
  r.drill_run_id = text_of(journal, "run_id");
  r.method = text_of(journal, "method");
  r.status = text_of(journal, "status");
  r.started_at = normalised(text_of(journal, "started_at"));
  r.ended_at = r.started_at;
  r.t0_s = number_of(journal, "t0_s");
  if (auto it = journal.find("steps"); it != journal.end() && it->is_array()) {
    for (const auto& s : *it) {
      StepRecord step;
      step.name = text_of(s, "name");
      step.status = text_of(s, "status");
      step.begin_at = normalised(text_of(s, "begin"));
      step.end_at = normalised(text_of(s, "end"));
      step.begin_s = number_of(s, "begin_s").value_or(0);
      step.end_s = number_of(s, "end_s");
      step.detail = text_of(s, "detail");
      step.error = text_of(s, "error");
      if (!step.end_at.empty() && step.end_at > r.ended_at) r.ended_at = step.end_at;
      r.steps.push_back(std::move(step));
    }
  }
  if (auto it = journal.find("notes"); it != journal.end() && it->is_array()) {
    for (const auto& n : *it) r.notes.push_back(n.is_string() ? n.get<std::string>() : n.dump());
  }
  r.findings = outcome.findings;
  if (auto it = journal.find("evidence"); it != journal.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      if (key != "tables") {
        r.evidence[key] = value;
        continue;
      }
      for (const auto& t : value) {
        r.tables.push_back({text_of(t, "database"), text_of(t, "table"), count_of(t, "source_rows"),
                            count_of(t, "restored_rows"), text_of(t, "source_checksum"),
                            text_of(t, "restored_checksum")});
      }
    }
  }
  return r;
}

Json to_json(const RunRecord& run, bool full) {
  Json j;
  if (full) j["schema"] = "drsim.history-run/1";
  j["id"] = run.id;
  j["drill_run_id"] = run.drill_run_id;
  j["drill"] = run.drill;
  j["target"] = run.target;
  j["method"] = run.method;
  j["status"] = run.status;
  j["started_at"] = run.started_at;
  j["ended_at"] = run.ended_at;
  j["rto_s"] = opt(run.rto_s);
  j["rpo_s"] = opt(run.rpo_s);
  if (!full) return j;
  j["drsim_version"] = run.drsim_version;
  j["spec_file"] = run.spec_file;
  j["spec_checksum"] = run.spec_checksum;
  j["max_age_s"] = opt(run.max_age_s);
  j["t0_s"] = opt(run.t0_s);
  j["impact"] = run.impact;
  j["recovery_process"] = run.recovery_process;
  j["data_loss"] = run.data_loss;
  j["journal_file"] = run.journal_file.empty() ? Json(nullptr) : Json(run.journal_file);
  j["result_file"] = run.result_file.empty() ? Json(nullptr) : Json(run.result_file);
  Json objectives = Json::array();
  for (const auto& o : run.objectives) {
    objectives.push_back({{"kind", o.kind},
                          {"target_s", opt(o.target_s)},
                          {"achieved_s", opt(o.achieved_s)},
                          {"verdict", o.verdict}});
  }
  j["objectives"] = objectives;
  Json steps = Json::array();
  for (const auto& s : run.steps) {
    steps.push_back({{"name", s.name},
                     {"status", s.status},
                     {"begin_at", s.begin_at},
                     {"end_at", s.end_at.empty() ? Json(nullptr) : Json(s.end_at)},
                     {"begin_s", s.begin_s},
                     {"end_s", opt(s.end_s)},
                     {"duration_s", opt(s.duration_s())},
                     {"detail", s.detail},
                     {"error", s.error}});
  }
  j["steps"] = steps;
  Json tables = Json::array();
  for (const auto& t : run.tables) {
    auto count = [](const std::optional<long long>& c) { return c ? Json(*c) : Json(nullptr); };
    tables.push_back({{"database", t.database},
                      {"table", t.table},
                      {"source_rows", count(t.source_rows)},
                      {"source_checksum", t.source_checksum},
                      {"restored_rows", count(t.restored_rows)},
                      {"restored_checksum", t.restored_checksum}});
  }
  j["tables"] = tables;
  j["findings"] = run.findings;
  j["notes"] = run.notes;
  j["evidence"] = run.evidence;
  return j;
}

}  // namespace drsim::history
