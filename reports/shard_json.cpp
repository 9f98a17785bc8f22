#include "reports/shard_json.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "model/diagnostic.hpp"
#include "model/document.hpp"
#include "model/errors.hpp"
#include "reports/detail/result_reader.hpp"
#include "reports/json_writer.hpp"
#include "reports/report_stream.hpp"

namespace drsim::reports {
namespace {

using J = nlohmann::ordered_json;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Exact: nlohmann writes the shortest text that reads back to the same double.
J exact(double v) { return std::isinf(v) ? J(nullptr) : J(v); }
J exact(const std::optional<double>& v) { return v ? J(*v) : J(nullptr); }

J figures(const std::vector<double>& v) {
  J out = J::array();
  for (double x : v) out.push_back(exact(x));
  return out;
}

J trials_to_json(const engine::TrialPart& part, const ScenarioResult& nominal) {
  const auto& tallies = part.summary.services();
  if (tallies.size() != nominal.services.size()) {
    throw InternalError("the trials of " + nominal.id + " tally " + std::to_string(tallies.size()) +
                        " services, its result has " + std::to_string(nominal.services.size()));
  }
  J services = J::array();
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    const auto& t = tallies[i];
    J paths = J::array();
    for (const auto& [steps, n] : t.paths) paths.push_back(J{{"steps", steps}, {"trials", n}});
    services.push_back(J{{"id", nominal.services[i].id},
                         {"affected", t.affected},
                         {"rto_met", t.met[0]},
                         {"rpo_met", t.met[1]},
                         {"rto_s", figures(t.rto)},
                         {"rpo_s", figures(t.rpo)},
                         {"paths", std::move(paths)}});
  }
  return J{{"count", part.summary.trials()},
           {"start_from_s", exact(part.run.start_from_s)},
           {"start_span_s", exact(part.run.start_span_s)},
           {"varying", part.run.varying},
           {"services", std::move(services)}};
}

J shard_to_json(const Shard& shard) {
  const ShardOptions& o = shard.options;
  J out = {{"index", shard.index},
           {"count", shard.count},
           {"seed", o.seed},
           {"trials", o.trials},
           {"all", o.all},
           {"at_s", exact(o.at_s)},
           {"duration_s", exact(o.duration_s)},
           {"horizon_s", exact(o.horizon_s)},
           {"detect_after_s", exact(o.detect_after_s)},
           {"selected", o.selected}};
  if (o.compact) out["compact"] = true;
  // The result rounds money to cents; the merge adds up the exact amounts, as one run would.
  if (shard.result.running_cost_monthly) {
    out["running_cost_monthly"] = exact(*shard.result.running_cost_monthly);
  }
  J scenarios = J::array();
  for (std::size_t i = 0; i < shard.result.scenarios.size(); ++i) {
    const ScenarioResult& s = shard.result.scenarios[i];
    J entry = {{"id", s.id}};
    if (s.cost) {
      entry["downtime_cost"] = exact(s.cost->downtime);
      entry["data_loss_cost"] = exact(s.cost->data_loss);
    }
    if (i < shard.trials.size()) entry["trials"] = trials_to_json(shard.trials[i], s);
    scenarios.push_back(std::move(entry));
  }
  out["scenarios"] = std::move(scenarios);
  return out;
}

// Strict reading of the "shard" object: unknown and missing keys, wrong types and impossible
// values are collected as diagnostics located by JSON pointer.
class ShardReader {
 public:
  explicit ShardReader(std::string file) : file_(std::move(file)) {}

  void read(const nlohmann::json& j, Shard& shard) {
    if (!read_info(j, shard, shard.result)) return;
    const std::string at = "/shard";
    RunResult& r = shard.result;
    const auto* scenarios = list(j, at, "scenarios");
    if (!scenarios) return;
    if (scenarios->size() != r.scenarios.size()) {
      error(at + "/scenarios", "lists " + std::to_string(scenarios->size()) +
                                   " scenarios, the result " + std::to_string(r.scenarios.size()));
      return;
    }
    for (std::size_t i = 0; i < scenarios->size(); ++i) {
      scenario((*scenarios)[i], at + "/scenarios/" + std::to_string(i), shard.options.trials > 0,
               r.scenarios[i], shard);
    }
  }

  // The head's entries, without the scenarios they belong to (attach_entry() checks them).
  void read(const nlohmann::json& j, ShardHead& head) {
    if (!read_info(j, head, head.header) || head.options.trials > 0) return;
    const std::string at = "/shard";
    const auto* scenarios = list(j, at, "scenarios");
    if (!scenarios) return;
    for (std::size_t i = 0; i < scenarios->size(); ++i) {
      const auto& e = (*scenarios)[i];
      const std::string here = at + "/scenarios/" + std::to_string(i);
      ShardEntry entry;
      const bool costs =
          e.is_object() && (e.contains("downtime_cost") || e.contains("data_loss_cost"));
      std::vector<std::string> keys = {"id"};
      if (costs) keys.insert(keys.end(), {"downtime_cost", "data_loss_cost"});
      if (mapping(e, here, "a shard's scenario", keys)) {
        entry.id = text(e["id"], here + "/id");
        if (costs) {
          entry.downtime_cost = number(e, here, "downtime_cost", false).value_or(0);
          entry.data_loss_cost = number(e, here, "data_loss_cost", false).value_or(0);
        }
      }
      head.entries.push_back(std::move(entry));
    }
  }

  void throw_if_errors() const { diags_.throw_if_errors(); }

 private:
  static constexpr long long kMaxCount = 1'000'000;

  // The shard's place and options, and its exact running cost into `r` (which has one, or not,
  // as the shard's result says). False if `j` is no complete mapping.
  bool read_info(const nlohmann::json& j, ShardInfo& shard, RunResult& r) {
    const std::string at = "/shard";
    if (!mapping(j, at, "a shard",
                 {"index", "count", "seed", "trials", "all", "at_s", "duration_s", "horizon_s",
                  "detect_after_s", "selected", "scenarios"},
                 {"running_cost_monthly", "compact"})) {
      return false;
    }
    shard.count = whole(j, at, "count", 1, kMaxCount);
    shard.index = whole(j, at, "index", 1, kMaxCount);
    if (shard.index > shard.count) {
      error(at + "/index",
            "shard " + std::to_string(shard.index) + " of " + std::to_string(shard.count) +
                " does not exist",
            {"a run split N ways has shards 1/N to N/N"});
    }
    ShardOptions& o = shard.options;
    o.seed = whole(j, at, "seed", 0, std::numeric_limits<long long>::max());
    o.trials = whole(j, at, "trials", 0, kMaxCount);
    o.all = flag(j, at, "all");
    o.at_s = number(j, at, "at_s", true);
    o.duration_s = number(j, at, "duration_s", true);
    o.horizon_s = number(j, at, "horizon_s", false).value_or(0);
    o.detect_after_s = number(j, at, "detect_after_s", false).value_or(0);
    if (const auto* ids = list(j, at, "selected")) {
      for (std::size_t i = 0; i < ids->size(); ++i) {
        o.selected.push_back(text((*ids)[i], at + "/selected/" + std::to_string(i)));
      }
    }
    if (j.contains("compact")) o.compact = flag(j, at, "compact");
    if (j.contains("running_cost_monthly") != r.running_cost_monthly.has_value()) {
      error(at + "/running_cost_monthly", r.running_cost_monthly
                                              ? "missing: the result has a running cost"
                                              : "the result has no running cost");
    } else if (r.running_cost_monthly) {
      r.running_cost_monthly = number(j, at, "running_cost_monthly", false);
    }
    return true;
  }

  void scenario(const nlohmann::json& j, const std::string& at, bool trials, ScenarioResult& s,
                Shard& shard) {
    std::vector<std::string> keys = {"id"};
    if (s.cost) keys.insert(keys.end(), {"downtime_cost", "data_loss_cost"});
    if (trials) keys.emplace_back("trials");
    if (!mapping(j, at, "a shard's scenario", keys)) return;
    const std::string id = text(j["id"], at + "/id");
    if (j["id"].is_string() && id != s.id) {
      error(at + "/id", "'" + id + "', not the result's scenario '" + s.id + "' at this place");
    }
    if (s.cost) {
      s.cost->downtime = number(j, at, "downtime_cost", false).value_or(0);
      s.cost->data_loss = number(j, at, "data_loss_cost", false).value_or(0);
    }
    if (trials && j.contains("trials"))
      shard.trials.push_back(part(j["trials"], at + "/trials", s));
  }

  engine::TrialPart part(const nlohmann::json& j, const std::string& at, const ScenarioResult& s) {
    engine::TrialPart out{{}, engine::TrialSummary(0)};
    if (!mapping(j, at, "a shard's trials",
                 {"count", "start_from_s", "start_span_s", "varying", "services"})) {
      return out;
    }
    out.run.start_from_s = number(j, at, "start_from_s", false).value_or(0);
    out.run.start_span_s = number(j, at, "start_span_s", false).value_or(0);
    out.run.varying = whole(j, at, "varying", 0, std::numeric_limits<long long>::max());
    const long long count = whole(j, at, "count", 0, kMaxCount);
    std::vector<engine::TrialSummary::Tally> tallies;
    if (const auto* services = list(j, at, "services")) {
      if (services->size() != s.services.size()) {
        error(at + "/services", "lists " + std::to_string(services->size()) +
                                    " services, the scenario's result " +
                                    std::to_string(s.services.size()));
      } else {
        for (std::size_t i = 0; i < services->size(); ++i) {
          tallies.push_back(tally((*services)[i], at + "/services/" + std::to_string(i),
                                  s.services[i].id, count));
        }
      }
    }
    out.summary = engine::TrialSummary(count, std::move(tallies));
    return out;
  }

  engine::TrialSummary::Tally tally(const nlohmann::json& j, const std::string& at,
                                    const std::string& service, long long count) {
    engine::TrialSummary::Tally t;
    if (!mapping(j, at, "a service's trials",
                 {"id", "affected", "rto_met", "rpo_met", "rto_s", "rpo_s", "paths"})) {
      return t;
    }
    const std::string id = text(j["id"], at + "/id");
    if (j["id"].is_string() && id != service) {
      error(at + "/id", "'" + id + "', not the result's service '" + service + "' at this place");
    }
    t.affected = whole(j, at, "affected", 0, count);
    t.met[0] = whole(j, at, "rto_met", 0, count);
    t.met[1] = whole(j, at, "rpo_met", 0, count);
    t.rto = trial_figures(j, at, "rto_s", count);
    t.rpo = trial_figures(j, at, "rpo_s", count);
    if (t.rto.size() != t.rpo.size()) {
      error(at + "/rpo_s",
            std::to_string(t.rpo.size()) + " figures, rto_s " + std::to_string(t.rto.size()),
            {"each trial with an RTO or RPO other than 0 has one figure in both"});
    }
    if (const auto* paths = list(j, at, "paths")) {
      for (std::size_t i = 0; i < paths->size(); ++i) {
        const auto& p = (*paths)[i];
        const std::string here = at + "/paths/" + std::to_string(i);
        if (!mapping(p, here, "a path share", {"steps", "trials"})) continue;
        t.paths[text(p["steps"], here + "/steps")] += whole(p, here, "trials", 1, count);
      }
    }
    return t;
  }

  // The figures of one objective kind: seconds, null for none (infinity), at most `count`.
  std::vector<double> trial_figures(const nlohmann::json& j, const std::string& at, const char* key,
                                    long long count) {
    std::vector<double> out;
    const auto* v = list(j, at, key);
    if (!v) return out;
    if (static_cast<long long>(v->size()) > count) {
      error(at + "/" + key,
            std::to_string(v->size()) + " figures for " + std::to_string(count) + " trials");
      return out;
    }
    out.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) {
      const auto& x = (*v)[i];
      if (x.is_null()) {
        out.push_back(kInf);
      } else if (x.is_number() && x.get<double>() >= 0) {
        out.push_back(x.get<double>());
      } else {
        error(at + "/" + key + "/" + std::to_string(i),
              "expected a non-negative number of seconds or null, got " + shown(x));
        out.push_back(0);  // keeps the count, so only this figure is reported
      }
    }
    return out;
  }

  bool mapping(const nlohmann::json& j, const std::string& at, const char* what,
               const std::vector<std::string>& keys,
               const std::vector<std::string>& optional = {}) {
    if (!j.is_object()) {
      error(at, std::string("expected ") + what + " (a mapping), got " + shown(j));
      return false;
    }
    std::vector<std::string> allowed = keys;
    allowed.insert(allowed.end(), optional.begin(), optional.end());
    for (const auto& [k, v] : j.items()) {
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      error(at + "/" + pointer_escape(k), "unknown key '" + k + "' in " + what,
            {"allowed keys: " + list});
    }
    bool complete = true;
    for (const auto& k : keys) {
      if (j.contains(k)) continue;
      error(at, "missing key '" + k + "' in " + what);
      complete = false;
    }
    return complete;
  }

  long long whole(const nlohmann::json& j, const std::string& at, const char* key, long long lo,
                  long long hi) {
    const auto& v = j[key];
    if (v.is_number_integer() && v.get<long long>() >= lo && v.get<long long>() <= hi) {
      return v.get<long long>();
    }
    if (v.is_number_unsigned() && lo >= 0 &&
        v.get<unsigned long long>() <= static_cast<unsigned long long>(hi)) {
      return static_cast<long long>(v.get<unsigned long long>());
    }
    error(at + "/" + key, "expected a whole number from " + std::to_string(lo) + " to " +
                              std::to_string(hi) + ", got " + shown(v));
    return lo;
  }

  // A non-negative number of seconds or of money; null only when `nullable`.
  std::optional<double> number(const nlohmann::json& j, const std::string& at, const char* key,
                               bool nullable) {
    const auto& v = j[key];
    if (nullable && v.is_null()) return std::nullopt;
    if (v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() >= 0) {
      return v.get<double>();
    }
    error(at + "/" + key, std::string("expected a non-negative number") +
                              (nullable ? " or null" : "") + ", got " + shown(v));
    return std::nullopt;
  }

  bool flag(const nlohmann::json& j, const std::string& at, const char* key) {
    if (j[key].is_boolean()) return j[key].get<bool>();
    error(at + "/" + key, "expected true or false, got " + shown(j[key]));
    return false;
  }

  std::string text(const nlohmann::json& v, const std::string& at) {
    if (v.is_string()) return v.get<std::string>();
    error(at, "expected a string, got " + shown(v));
    return {};
  }

  const nlohmann::json* list(const nlohmann::json& j, const std::string& at, const char* key) {
    if (j[key].is_array()) return &j[key];
    error(at + "/" + key, "expected a list, got " + shown(j[key]));
    return nullptr;
  }

  static std::string shown(const nlohmann::json& v) {
    if (v.is_object()) return "a mapping";
    if (v.is_array()) return "a list";
    if (v.is_null()) return "null";
    std::string text = v.is_string()
                           ? v.get<std::string>()
                           : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return "'" + text + "'";
  }

  void error(const std::string& pointer, const std::string& message,
             std::vector<std::string> hints = {}) {
    diags_.error({file_, 0, 0, pointer}, message, std::move(hints));
  }

  std::string file_;
  DiagnosticList diags_;
};

// Reads the start of a shard's file up to its scenarios and keeps its "shard" object: the head
// of a file of any size, without reading on into the scenarios (they come after the object).
class ShardObjectSax : public nlohmann::json::json_sax_t {
 public:
  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(v); }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return open(nlohmann::json::object()); }
  bool start_array(std::size_t) override { return open(nlohmann::json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      top_key_ = k;
      return k != "scenarios";  // the scenarios are read one at a time, elsewhere
    }
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override {
    return false;  // the result reader words the file's syntax errors
  }

  // The "shard" object, if the file had one before its scenarios.
  const std::optional<nlohmann::json>& shard() const { return shard_; }

 private:
  bool open(nlohmann::json empty) {
    ++depth_;
    if (depth_ == 2 && top_key_ == "shard") {
      shard_ = std::move(empty);
      stack_.push_back(&*shard_);
    } else if (!stack_.empty()) {
      stack_.push_back(&place(std::move(empty)));
    }
    return true;
  }
  bool close() {
    if (!stack_.empty()) stack_.pop_back();
    --depth_;
    return true;
  }
  template <class T>
  bool value(T&& v) {
    if (!stack_.empty()) place(nlohmann::json(std::forward<T>(v)));
    return true;
  }
  nlohmann::json& place(nlohmann::json v) {
    nlohmann::json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return parent.back();
    }
    return parent[key_] = std::move(v);
  }

  int depth_ = 0;
  std::string top_key_, key_;
  std::vector<nlohmann::json*> stack_;
  std::optional<nlohmann::json> shard_;
};

// Thrown by the sink of load_shard_head() at the first scenario: the header is complete then.
struct HeaderRead {};

void not_a_shard(const std::string& file) {
  DiagnosticList diags;
  diags.error({file, 0, 0, ""}, "a whole result, not a shard of a run",
              {"drsim merge reads the files `drsim simulate ... --shard I/N -f json` writes; "
               "`drsim report` reads a whole result"});
  diags.throw_if_errors();
}

}  // namespace

void write_shard(const Shard& shard, std::ostream& out) {
  write_json(shard.result, {{"shard", shard_to_json(shard)}}, out);
}

Shard read_shard(const std::string& text, const std::string& file) {
  Shard shard;
  shard.file = file;
  shard.result = detail::read_result_text(text, file, true, detail::ShardKey::kSkip);
  // The result is valid JSON (read above): keep only its "shard" object, the rest unbuilt.
  const nlohmann::json doc = nlohmann::json::parse(
      text, [](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        return event != nlohmann::json::parse_event_t::key || depth != 1 || parsed == "shard";
      });
  ShardReader reader(file);
  if (!doc.contains("shard")) not_a_shard(file);
  reader.read(doc["shard"], shard);
  reader.throw_if_errors();
  return shard;
}

Shard load_shard(const std::string& path) {
  return read_shard(detail::read_result_file(path), path);
}

}  // namespace drsim::reports

namespace drsim::reports {

ShardWriter::ShardWriter(Shard shard, JsonLayout layout, const std::string& spool_dir)
    : shard_(std::move(shard)), layout_(layout), spool_(open_spool(spool_dir, "shard")) {
  shard_.result.scenarios.clear();
}

void ShardWriter::add(const ScenarioResult& scenario, const std::string& text) {
  ScenarioResult entry;  // what the "shard" object says of it
  entry.id = scenario.id;
  entry.cost = scenario.cost;
  shard_.result.scenarios.push_back(std::move(entry));
  spool_.write(text.data(), static_cast<std::streamsize>(text.size()));
  sizes_.push_back(text.size());
}

void ShardWriter::write(std::ostream& out) {
  JsonRunWriter writer(shard_.result, {{"shard", shard_to_json(shard_)}}, out, layout_);
  spool_.flush();
  spool_.seekg(0);
  std::string text;
  for (const std::size_t size : sizes_) {
    text.resize(size);
    spool_.read(text.data(), static_cast<std::streamsize>(size));
    if (!spool_) throw EnvironmentError("cannot read back the shard's spool file");
    writer.add(text);
  }
  writer.finish();
}

ShardHead load_shard_head(const std::string& path) {
  ShardHead head;
  head.file = path;
  // The run's keys are all there when its first scenario is handed on: reading stops there.
  auto first_scenario = [&head](const RunResult& run, ScenarioResult&&) {
    head.header = run;
    head.header.scenarios.clear();
    throw HeaderRead{};
  };
  try {
    head.header = detail::read_result_file(path, first_scenario, detail::ShardKey::kSkip);
  } catch (const HeaderRead&) {
  }
  // The header was read, and with it everything before the scenarios: the file is valid so far.
  ShardObjectSax sax;
  std::ifstream in(path, std::ios::binary);
  nlohmann::json::sax_parse(in, &sax);
  if (!sax.shard()) not_a_shard(path);
  ShardReader reader(path);
  reader.read(*sax.shard(), head);
  reader.throw_if_errors();
  return head;
}

void attach_entry(const ShardHead& head, std::size_t i, ScenarioResult& scenario,
                  DiagnosticList& diags) {
  const std::string at = "/shard/scenarios/" + std::to_string(i);
  if (i >= head.entries.size()) {
    diags.error({head.file, 0, 0, "/shard/scenarios"},
                "lists " + std::to_string(head.entries.size()) + " scenarios, the result more");
    return;
  }
  const ShardEntry& e = head.entries[i];
  if (e.id != scenario.id) {
    diags.error({head.file, 0, 0, at + "/id"},
                "'" + e.id + "', not the result's scenario '" + scenario.id + "' at this place");
  } else if (scenario.cost && !e.downtime_cost) {
    diags.error({head.file, 0, 0, at}, "missing key 'downtime_cost' in a shard's scenario");
  } else if (!scenario.cost && e.downtime_cost) {
    diags.error({head.file, 0, 0, at + "/downtime_cost"},
                "unknown key 'downtime_cost' in a shard's scenario", {"allowed keys: id"});
  } else if (scenario.cost) {
    scenario.cost->downtime = *e.downtime_cost;
    scenario.cost->data_loss = *e.data_loss_cost;
  }
}

}  // namespace drsim::reports
