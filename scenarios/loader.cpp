#include "scenarios/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "model/errors.hpp"
#include "model/printable.hpp"
#include "scenarios/catalog.hpp"

namespace drsim::scenarios {
namespace {

const std::vector<std::string> kTopKeys = {"version", "name",   "class",    "horizon",
                                           "seed",    "faults", "scenarios"};
const std::vector<std::string> kScenarioKeys = {"name", "class", "horizon", "seed", "faults"};
const std::vector<std::string> kFaultKeys = {"scenario", "at", "duration", "detect_after", "runs"};
constexpr int kMaxUnusableRuns = 10000;

// Collects diagnostics; typed errors thrown by the shared parsers are merged in, so a file
// reports every problem at once.
class Reader {
 public:
  Reader(const model::Model& m, const TimeOptions& defaults) : m_(m), defaults_(defaults) {}

  std::vector<Scenario> read(const Node& root) {
    if (!root.is_mapping()) {
      diags_.error(root.loc(),
                   "expected a mapping with 'scenarios' or 'faults', got " + root.kind_name(),
                   {"see docs/scenario-format.md"});
      diags_.throw_if_errors();
    }
    check_keys(root, kTopKeys);
    if (const Node* v = root.find("version")) {
      if (!v->is_scalar() || v->scalar != "1") {
        diags_.error(v->loc(), "unsupported scenario file version '" + v->scalar + "'",
                     {"this drsim reads version 1"});
      }
    }
    // File-level horizon/seed are defaults for every scenario of the file.
    file_defaults_ = defaults_;
    if (const Node* h = root.find("horizon")) {
      file_defaults_.horizon = text(*h);
      horizon_loc_ = h->loc();
    }
    if (const Node* s = root.find("seed")) file_defaults_.seed = seed(*s, defaults_.seed);

    std::vector<Scenario> out;
    const Node* list = root.find("scenarios");
    const Node* faults = root.find("faults");
    if (list && faults) {
      diags_.error(faults->loc(), "a file has either 'scenarios' or 'faults', not both",
                   {"move these faults into an entry of 'scenarios'"});
    } else if (list) {
      if (root.find("name") || root.find("class")) {
        const Node* n = root.find("name") ? root.find("name") : root.find("class");
        diags_.error(n->loc(), "'name' and 'class' belong to each entry of 'scenarios'");
      }
      if (!list->is_sequence() || list->items.empty()) {
        diags_.error(list->loc(), "'scenarios' must be a non-empty list, got " + list->kind_name());
      } else {
        std::set<std::string> names;
        for (const auto& item : list->items) {
          if (!item.is_mapping()) {
            diags_.error(item.loc(), "expected a scenario mapping, got " + item.kind_name());
            continue;
          }
          check_keys(item, kScenarioKeys);
          if (auto s = scenario(item, false)) {
            // An entry without a name has been reported already; only names can clash.
            const Node* name = item.find("name");
            if (name && !names.insert(s->id).second) {
              diags_.error(name->loc(), "scenario name '" + printable(s->id) + "' is used twice",
                           {"give every scenario its own name"});
            }
            out.push_back(std::move(*s));
          }
        }
      }
    } else if (faults) {
      if (auto s = scenario(root, true)) out.push_back(std::move(*s));
    } else {
      diags_.error(root.loc(), "the file has no 'scenarios' and no 'faults'",
                   {"see docs/scenario-format.md"});
    }
    diags_.throw_if_errors();
    for (const auto& s : out) guard([&] { check_horizon(s); });
    diags_.throw_if_errors();
    return out;
  }

 private:
  // Runs `f`; merges the diagnostics of an InputError it throws. False if it threw.
  template <typename F>
  bool guard(F&& f) {
    try {
      f();
      return true;
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) diags_.error(d.loc, d.message, d.hints);
      return false;
    }
  }

  void check_keys(const Node& map, const std::vector<std::string>& allowed) {
    for (const auto& e : map.entries) {
      if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
      std::vector<std::string> hints;
      std::string guess = did_you_mean(e.key, allowed);
      if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
      std::string keys;
      for (const auto& k : allowed) keys += (keys.empty() ? "" : ", ") + k;
      hints.push_back("allowed keys: " + keys);
      diags_.error(e.key_loc(), "unknown key '" + printable(e.key) + "'", hints);
    }
  }

  // A scenario name becomes the scenario's id in every report and on terminals: a control or
  // bidi character there could recolour a terminal, fake a line of output or reverse a heading.
  void check_name(const std::string& name, const SourceLoc& loc, const std::string& what) {
    const auto bad = find_unprintable(name);
    if (!bad) return;
    const bool bidi = bad->code_point >= 0x2000;
    diags_.error(loc,
                 what + " '" + printable(name) + "' has " +
                     (bidi ? "a bidirectional control character " : "a control character ") +
                     code_point_name(bad->code_point) + " at character " +
                     std::to_string(bad->character),
                 {"write the name on one line with visible characters only, e.g. "
                  "'region-loss-at-night'; it becomes the scenario id in reports"});
  }

  std::string text(const Node& n) {
    if (!n.is_scalar()) {
      diags_.error(n.loc(), "expected a string, got " + n.kind_name());
      return "";
    }
    return n.scalar;
  }

  std::uint64_t seed(const Node& n, std::uint64_t fallback) {
    std::uint64_t out = fallback;
    guard([&] { out = parse_seed(n.is_scalar() ? n.scalar : "", n.loc()); });
    return out;
  }

  // One scenario; `top` = the whole file is one scenario (its name defaults to the file stem).
  std::optional<Scenario> scenario(const Node& node, bool top) {
    Scenario s;
    s.loc = node.loc();
    TimeOptions opts = file_defaults_;
    SourceLoc horizon_loc = horizon_loc_;
    if (const Node* h = node.find("horizon")) {
      opts.horizon = text(*h);
      horizon_loc = h->loc();
    }
    if (const Node* sd = node.find("seed"); sd && !top) opts.seed = seed(*sd, opts.seed);
    s.seed = opts.seed;
    s.horizon_s = kDefaultHorizon;
    if (!opts.horizon.empty()) {
      guard(
          [&] { s.horizon_s = parse_duration_option(opts.horizon, "horizon", horizon_loc, true); });
    }
    if (const Node* n = node.find("name")) {
      s.id = text(*n);
      if (s.id.empty()) diags_.error(n->loc(), "a scenario name must not be empty");
      check_name(s.id, n->loc(), "scenario name");
    } else if (top) {
      s.id = stem(node.loc().file);
      check_name(s.id, node.loc(), "scenario name (the file's name)");
    } else {
      diags_.error(node.loc(), "scenario has no 'name'", {"add name: <a short id>"});
    }

    const Node* faults = node.find("faults");
    if (!faults) {
      diags_.error(node.loc(), "scenario '" + s.id + "' has no 'faults'",
                   {"add faults: [{scenario: region:<region>, at: '01:00'}]"});
      return std::nullopt;
    }
    if (!faults->is_sequence() || faults->items.empty()) {
      diags_.error(faults->loc(), "'faults' must be a non-empty list, got " + faults->kind_name());
      return std::nullopt;
    }
    for (const auto& item : faults->items) {
      if (auto f = fault(item, opts)) s.faults.push_back(*f);
    }
    if (s.faults.empty()) return std::nullopt;
    // A bad backup has no time of its own (its runs are bad whenever a restore is attempted):
    // it starts with the earliest other fault, so it never becomes t0 by itself.
    double first = std::numeric_limits<double>::infinity();
    for (const auto& f : s.faults) {
      if (f.kind != FaultKind::kBadBackup) first = std::min(first, f.start_s);
    }
    for (auto& f : s.faults) {
      if (f.kind == FaultKind::kBadBackup && std::isfinite(first)) f.start_s = first;
    }
    std::stable_sort(s.faults.begin(), s.faults.end(),
                     [](const Fault& a, const Fault& b) { return a.start_s < b.start_s; });
    // The class whose objectives apply: the earliest fault that takes something out.
    s.cls = s.faults.front().cls;
    for (const auto& f : s.faults) {
      if (f.kind != FaultKind::kBadBackup && f.kind != FaultKind::kDestroy) {
        s.cls = f.cls;
        break;
      }
    }
    if (const Node* c = node.find("class")) {
      std::string name = text(*c);
      if (!model::parse_disruption_class(name, s.cls)) {
        std::vector<std::string> names;
        for (const auto& k : scenario_classes()) names.emplace_back(k.name);
        std::vector<std::string> hints;
        std::string guess = did_you_mean(name, names);
        if (!guess.empty()) hints.push_back("did you mean '" + guess + "'?");
        hints.push_back(
            "classes: hardware, az, region, vendor, dependency, office, corruption, "
            "deletion, ransomware");
        diags_.error(c->loc(), "unknown disruption class '" + name + "'", hints);
      }
    }
    return s;
  }

  std::optional<Fault> fault(const Node& node, const TimeOptions& opts) {
    if (node.is_scalar()) {
      // Shorthand: a bare id takes every time from the defaults.
      return build(node.scalar, node.loc(), opts.at, node.loc(), opts.duration, node.loc(),
                   opts.detect_after, node.loc());
    }
    if (!node.is_mapping()) {
      diags_.error(node.loc(), "expected a fault mapping or id, got " + node.kind_name());
      return std::nullopt;
    }
    check_keys(node, kFaultKeys);
    const Node* id = node.find("scenario");
    if (!id) {
      diags_.error(node.loc(), "fault has no 'scenario'",
                   {"add scenario: <id> with an id such as " + class_list()});
      return std::nullopt;
    }
    auto pick = [&](const char* key, const std::string& fallback, std::string& out,
                    SourceLoc& loc) {
      if (const Node* v = node.find(key)) {
        out = text(*v);
        loc = v->loc();
      } else {
        out = fallback;
        loc = node.loc();
      }
    };
    std::string at, duration, detect;
    SourceLoc at_loc, duration_loc, detect_loc;
    pick("at", opts.at, at, at_loc);
    pick("duration", opts.duration, duration, duration_loc);
    pick("detect_after", opts.detect_after, detect, detect_loc);
    if (!id->is_scalar()) {
      diags_.error(id->loc(), "expected a scenario id, got " + id->kind_name(),
                   {"write an id such as region:<region>; ids are " + class_list()});
      return std::nullopt;
    }
    auto f = build(id->scalar, id->loc(), at, at_loc, duration, duration_loc, detect, detect_loc);
    if (const Node* a = node.find("at"); a && f && f->kind == FaultKind::kBadBackup) {
      diags_.error(a->loc(), "'at' does not apply to bad-backup faults",
                   {"the runs turn out unusable whenever a restore is attempted; remove 'at'"});
    }
    if (const Node* runs = node.find("runs"); runs && f) {
      if (f->kind != FaultKind::kBadBackup) {
        diags_.error(runs->loc(), "'runs' applies only to bad-backup faults",
                     {"write scenario: bad-backup:<service>[/<backup>] with runs: 2 or all"});
      } else {
        f->unusable_runs = unusable_runs(*runs);
      }
    }
    return f;
  }

  // `runs`: how many of the newest runs turn out unusable; "all" = 0 (every run).
  int unusable_runs(const Node& n) {
    const std::string s = n.is_scalar() ? n.scalar : "";
    if (s == "all") return 0;
    bool digits = !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c));
    });
    if (!digits || std::stoi(s) < 1 || std::stoi(s) > kMaxUnusableRuns) {
      diags_.error(n.loc(), "runs '" + s + "' is neither a whole number of runs nor 'all'",
                   {"write 1 to " + std::to_string(kMaxUnusableRuns) +
                    " (the newest runs that turn out unusable) or all (every run)"});
      return 1;
    }
    return std::stoi(s);
  }

  std::optional<Fault> build(const std::string& id, const SourceLoc& id_loc, const std::string& at,
                             const SourceLoc& at_loc, const std::string& duration,
                             const SourceLoc& duration_loc, const std::string& detect,
                             const SourceLoc& detect_loc) {
    Times t;
    bool ok = true;
    auto attempt = [&](auto&& f) { ok = guard(f) && ok; };
    attempt([&] { t.start_s = parse_fault_time(at, m_, at_loc); });
    t.start_given = at.find_first_not_of(" \t") != std::string::npos;
    if (!duration.empty()) {
      attempt([&] {
        t.duration_s = parse_duration_option(duration, "fault duration", duration_loc, true);
      });
    }
    if (!detect.empty()) {
      attempt([&] {
        t.detect_after_s = parse_duration_option(detect, "detection delay", detect_loc, false);
      });
    }
    Fault f;
    attempt([&] { f = make_fault(m_, id, t.start_s, t.duration_s, t.detect_after_s, id_loc); });
    if (!ok) return std::nullopt;
    f.timed = t.start_given;
    return f;
  }

  static std::string stem(const std::string& path) {
    auto slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty()) return "scenario";
    auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
  }

  const model::Model& m_;
  const TimeOptions& defaults_;
  TimeOptions file_defaults_;
  SourceLoc horizon_loc_ = command_line_loc("--horizon");
  DiagnosticList diags_;
};

}  // namespace

std::vector<Scenario> parse_scenarios(const Node& root, const model::Model& m,
                                      const TimeOptions& defaults) {
  return Reader(m, defaults).read(root);
}

std::vector<Scenario> load_scenarios(const std::string& path, const model::Model& m,
                                     const TimeOptions& defaults) {
  return parse_scenarios(load_document(path), m, defaults);
}

}  // namespace drsim::scenarios
