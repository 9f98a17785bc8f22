#include "reports/result_json.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/errors.hpp"

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

// Turns parsed JSON into a located Node tree (pointer only: the text positions are gone), so
// one strict reader serves both files and in-memory JSON.
template <class Json>
Node node_from_json(const Json& j, const std::string& file, const std::string& pointer, int depth,
                    DiagnosticList& diags) {
  Node n;
  n.loc = {file, 0, 0, pointer};
  if (depth > DocumentLimits{}.max_depth) {
    diags.error(n.loc,
                "nesting is deeper than " + std::to_string(DocumentLimits{}.max_depth) + " levels");
    return n;
  }
  if (j.is_null()) {
    n.kind = Node::Kind::kNull;
  } else if (j.is_object()) {
    n.kind = Node::Kind::kMapping;
    for (auto it = j.begin(); it != j.end(); ++it) {
      Node::Entry e;
      e.key = it.key();
      e.key_loc = {file, 0, 0, pointer + "/" + pointer_escape(e.key)};
      e.value = node_from_json(it.value(), file, e.key_loc.pointer, depth + 1, diags);
      n.entries.push_back(std::move(e));
    }
  } else if (j.is_array()) {
    n.kind = Node::Kind::kSequence;
    std::size_t i = 0;
    for (const auto& item : j) {
      n.items.push_back(
          node_from_json(item, file, pointer + "/" + std::to_string(i++), depth + 1, diags));
    }
  } else {
    n.kind = Node::Kind::kScalar;
    n.quoted = j.is_string();
    n.scalar = j.is_string() ? j.template get<std::string>() : j.dump();
  }
  return n;
}

// Walks a result tree, collecting every problem before throwing once.
class Reader {
 public:
  RunResult run(const Node& root) {
    RunResult r;
    if (!keys(root, "a result",
              {"schema", "kind", "model", "model_source", "model_checksum", "tool_version",
               "generated_at", "seed", "scenarios"})) {
      diags_.throw_if_errors();
    }
    if (const Node* n = root.find("schema")) {
      r.schema = text(*n);
      if (r.schema != kResultSchema && !r.schema.empty()) {
        diags_.error(n->loc, "unsupported result schema '" + r.schema + "'",
                     {std::string("this drsim reads '") + kResultSchema +
                      "'; regenerate the result with this version of drsim"});
      }
    }
    if (const Node* n = root.find("kind")) {
      r.kind = text(*n);
      if (r.kind != "simulation" && r.kind != "drill" && n->is_scalar()) {
        diags_.error(n->loc, "unknown result kind '" + r.kind + "'",
                     {"allowed kinds: simulation, drill"});
      }
    }
    if (const Node* n = root.find("model")) r.model = text(*n);
    if (const Node* n = root.find("model_source")) r.model_source = text(*n);
    if (const Node* n = root.find("model_checksum")) r.model_checksum = text(*n);
    if (const Node* n = root.find("tool_version")) r.tool_version = text(*n);
    if (const Node* n = root.find("generated_at")) r.generated_at = text(*n);
    if (const Node* n = root.find("seed")) r.seed = integer(*n);
    if (const Node* n = root.find("scenarios")) {
      std::set<std::string> ids;
      for (const Node& s : list(*n)) {
        r.scenarios.push_back(scenario(s));
        if (!ids.insert(r.scenarios.back().id).second) {
          diags_.error(s.loc, "duplicate scenario id '" + r.scenarios.back().id + "'",
                       {"each scenario appears once in a result"});
        }
      }
    }
    diags_.throw_if_errors();
    return r;
  }

 private:
  ScenarioResult scenario(const Node& n) {
    ScenarioResult s;
    if (!keys(n, "a scenario result",
              {"id", "class", "impact", "recovery_process", "data_loss", "t0_s", "horizon_s",
               "services"})) {
      return s;
    }
    if (const Node* v = n.find("id")) s.id = text(*v);
    if (const Node* v = n.find("class")) s.cls = text(*v);
    if (const Node* v = n.find("impact")) {
      std::string t = text(*v);
      if (v->is_scalar() && !parse_impact(t, s.impact)) {
        diags_.error(v->loc, "unknown impact '" + t + "'",
                     {"allowed impacts: none, limited, severe, catastrophic"});
      }
    }
    if (const Node* v = n.find("recovery_process")) s.recovery_process = text(*v);
    if (const Node* v = n.find("data_loss")) s.data_loss = text(*v);
    if (const Node* v = n.find("t0_s")) s.t0_s = number(*v, false);
    if (const Node* v = n.find("horizon_s")) s.horizon_s = number(*v, true);
    if (const Node* v = n.find("services")) {
      std::set<std::string> ids;
      for (const Node& t : list(*v)) {
        s.services.push_back(target(t));
        if (!ids.insert(s.services.back().id).second) {
          diags_.error(t.loc, "duplicate service id '" + s.services.back().id + "'",
                       {"each service appears once per scenario"});
        }
      }
    }
    return s;
  }

  TargetResult target(const Node& n) {
    TargetResult t;
    if (!keys(n, "a service result",
              {"id", "down", "degraded", "recovered", "rto_s", "rpo_s", "path", "objectives"})) {
      return t;
    }
    if (const Node* v = n.find("id")) t.id = text(*v);
    if (const Node* v = n.find("down")) t.down = boolean(*v);
    if (const Node* v = n.find("degraded")) t.degraded = boolean(*v);
    if (const Node* v = n.find("recovered")) t.recovered = boolean(*v);
    if (const Node* v = n.find("rto_s")) t.rto_s = optional_number(*v);
    if (const Node* v = n.find("rpo_s")) t.rpo_s = optional_number(*v);
    if (const Node* v = n.find("path")) {
      for (const Node& p : list(*v)) t.path.push_back(step(p));
    }
    if (const Node* v = n.find("objectives")) {
      for (const Node& o : list(*v)) t.objectives.push_back(objective(o));
    }
    return t;
  }

  PathStep step(const Node& n) {
    PathStep p;
    if (!keys(n, "a path step", {"step", "begin_s", "end_s", "detail"})) return p;
    if (const Node* v = n.find("step")) p.step = text(*v);
    if (const Node* v = n.find("begin_s")) p.begin_s = number(*v, true);
    if (const Node* v = n.find("detail")) p.detail = text(*v);
    if (const Node* v = n.find("end_s")) {
      p.end_s = number(*v, true);
      if (p.end_s < p.begin_s) {
        diags_.error(v->loc, "step ends before it begins (" + v->scalar + " < begin_s)",
                     {"end_s must be at least begin_s, in seconds after t0"});
      }
    }
    return p;
  }

  ObjectiveResult objective(const Node& n) {
    ObjectiveResult o;
    if (!keys(n, "an objective result", {"kind", "target_s", "achieved_s", "verdict"})) return o;
    if (const Node* v = n.find("kind")) {
      o.kind = text(*v);
      if (v->is_scalar() && o.kind != "rto" && o.kind != "rpo") {
        diags_.error(v->loc, "unknown objective kind '" + o.kind + "'",
                     {"allowed kinds: rto, rpo"});
      }
    }
    if (const Node* v = n.find("target_s")) o.target_s = optional_number(*v);
    if (const Node* v = n.find("achieved_s")) o.achieved_s = optional_number(*v);
    if (const Node* v = n.find("verdict")) {
      std::string t = text(*v);
      if (v->is_scalar() && !parse_verdict(t, o.verdict)) {
        diags_.error(v->loc, "unknown verdict '" + t + "'",
                     {"allowed verdicts: met, breached, not_applicable, missing_policy"});
      }
    }
    return o;
  }

  // Checks that `n` is a mapping holding exactly `allowed`; false if it is not a mapping.
  bool keys(const Node& n, const std::string& what, const std::vector<std::string>& allowed) {
    if (!n.is_mapping()) {
      diags_.error(n.loc, "expected " + what + " (a mapping), got " + n.kind_name());
      return false;
    }
    for (const auto& e : n.entries) {
      bool known = false;
      for (const auto& k : allowed) known = known || k == e.key;
      if (!known) {
        std::string guess = did_you_mean(e.key, allowed);
        std::string list;
        for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
        diags_.error(e.key_loc, "unknown key '" + e.key + "' in " + what,
                     {guess.empty() ? "allowed keys: " + list : "did you mean '" + guess + "'?"});
      }
    }
    for (const auto& k : allowed) {
      if (!n.find(k)) diags_.error(n.loc, "missing key '" + k + "' in " + what);
    }
    return true;
  }

  std::string text(const Node& n) {
    bool literal = !n.quoted && n.is_scalar() &&
                   (n.scalar == "true" || n.scalar == "false" || is_number(n.scalar));
    if (!n.is_scalar() || literal) {
      diags_.error(n.loc, "expected a string, got " + n.kind_name());
      return {};
    }
    return n.scalar;
  }

  static bool is_number(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
  }

  bool boolean(const Node& n) {
    if (n.is_scalar() && !n.quoted && (n.scalar == "true" || n.scalar == "false")) {
      return n.scalar == "true";
    }
    diags_.error(n.loc, "expected true or false, got " + n.kind_name());
    return false;
  }

  // A number of seconds; negative values are refused when `non_negative`.
  double number(const Node& n, bool non_negative) {
    if (n.is_scalar() && !n.quoted && is_number(n.scalar)) {
      double v = std::strtod(n.scalar.c_str(), nullptr);
      if (!std::isfinite(v)) {
        diags_.error(n.loc, "number " + n.scalar + " is out of range");
      } else if (non_negative && v < 0) {
        diags_.error(n.loc, "expected a non-negative number of seconds, got " + n.scalar);
      } else {
        return v;
      }
      return 0;
    }
    diags_.error(n.loc, "expected a number of seconds, got " + n.kind_name());
    return 0;
  }

  std::optional<double> optional_number(const Node& n) {
    if (n.is_null()) return std::nullopt;
    return number(n, true);
  }

  long long integer(const Node& n) {
    if (n.is_scalar() && !n.quoted && !n.scalar.empty()) {
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(n.scalar.c_str(), &end, 10);
      if (end == n.scalar.c_str() + n.scalar.size() && errno == 0) return v;
    }
    diags_.error(n.loc, "expected an integer seed, got " + n.kind_name());
    return 0;
  }

  const std::vector<Node>& list(const Node& n) {
    static const std::vector<Node> kEmpty;
    if (!n.is_sequence()) {
      diags_.error(n.loc, "expected a list, got " + n.kind_name());
      return kEmpty;
    }
    return n.items;
  }

  DiagnosticList diags_;
};

template <class Json>
RunResult from_json(const Json& json, const std::string& file) {
  DiagnosticList diags;
  Node root = node_from_json(json, file, "", 0, diags);
  diags.throw_if_errors();
  return result_from_node(root);
}

}  // namespace

nlohmann::ordered_json to_json(const RunResult& result) {
  using J = nlohmann::ordered_json;
  J scenarios = J::array();
  for (const auto& s : result.scenarios) {
    J services = J::array();
    for (const auto& t : s.services) {
      J path = J::array();
      for (const auto& p : t.path) {
        path.push_back(J{{"step", p.step},
                         {"begin_s", seconds(p.begin_s)},
                         {"end_s", seconds(p.end_s)},
                         {"detail", p.detail}});
      }
      J objectives = J::array();
      for (const auto& o : t.objectives) {
        objectives.push_back(J{{"kind", o.kind},
                               {"target_s", seconds(o.target_s)},
                               {"achieved_s", seconds(o.achieved_s)},
                               {"verdict", to_string(o.verdict)}});
      }
      services.push_back(J{{"id", t.id},
                           {"down", t.down},
                           {"degraded", t.degraded},
                           {"recovered", t.recovered},
                           {"rto_s", seconds(t.rto_s)},
                           {"rpo_s", seconds(t.rpo_s)},
                           {"path", std::move(path)},
                           {"objectives", std::move(objectives)}});
    }
    scenarios.push_back(J{{"id", s.id},
                          {"class", s.cls},
                          {"impact", to_string(s.impact)},
                          {"recovery_process", s.recovery_process},
                          {"data_loss", s.data_loss},
                          {"t0_s", seconds(s.t0_s)},
                          {"horizon_s", seconds(s.horizon_s)},
                          {"services", std::move(services)}});
  }
  return J{{"schema", result.schema},
           {"kind", result.kind},
           {"model", result.model},
           {"model_source", result.model_source},
           {"model_checksum", result.model_checksum},
           {"tool_version", result.tool_version},
           {"generated_at", result.generated_at},
           {"seed", result.seed},
           {"scenarios", std::move(scenarios)}};
}

RunResult result_from_json(const nlohmann::json& json, const std::string& file) {
  return from_json(json, file);
}

RunResult result_from_json(const nlohmann::ordered_json& json, const std::string& file) {
  return from_json(json, file);
}

RunResult result_from_node(const Node& root) { return Reader().run(root); }

RunResult load_result(const std::string& path) { return result_from_node(load_document(path)); }

}  // namespace drsim::reports
