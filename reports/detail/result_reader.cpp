#include "reports/detail/result_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_set>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/document.hpp"
#include "model/errors.hpp"
#include "model/schemas.hpp"
#include "model/units.hpp"
#include "reports/result_json.hpp"

namespace drsim::reports::detail {
namespace {

// Result files of big sweeps are large (an --all run of 1,000 services is ~150 MB), so they are
// read in one streaming pass straight into a RunResult: memory stays near the size of the
// result, not of a document tree. Small files keep the exact diagnostics of load_document().
constexpr std::size_t kMaxErrors = 50;
const char* const kMoney = "currency units";   // what cost keys count in
const char* const kSeconds = "seconds";        // what time keys count in
constexpr std::size_t kPercentileCount = 101;  // a trial spread's 0th to 100th percentile

// The bytes the JSON lexer reads: a text in memory, or a file read a block at a time. Parse
// events are located by offsets into it; a file's bytes are kept from the last one released on
// (the current token and the space before it), so memory stays near one block and one value.
class Source {
 public:
  explicit Source(const std::string& text)
      : data_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}
  Source(std::istream& in, const ReadLimits& limits) : in_(&in), limits_(limits) {}

  bool at_end() { return p_ == end_ && !refill(); }
  char current() const { return *p_; }
  void advance() { ++p_; }
  // Offsets from the start of the input.
  std::size_t offset() const { return base_ + static_cast<std::size_t>(p_ - data_); }
  std::size_t loaded_end() const { return base_ + static_cast<std::size_t>(end_ - data_); }
  // The byte at `at`, which is not before the last release() nor at or past loaded_end().
  char at(std::size_t at) const { return data_[at - base_]; }
  // The bytes before `at` are no longer needed.
  void release(std::size_t at) { released_ = std::max(released_, at); }

  // A file: a NUL byte seen (binary), anything but white space seen, the value being read grew
  // past limits.max_value_bytes (reading stopped there).
  bool nul() const { return nul_; }
  bool content() const { return content_; }
  bool oversized() const { return oversized_; }

 private:
  bool refill() {
    if (in_ == nullptr || eof_) return false;
    const std::size_t at = offset();
    const std::size_t drop = std::min(released_, at) - base_;
    buf_.erase(0, drop);
    base_ += drop;
    if (buf_.size() > limits_.max_value_bytes) {
      oversized_ = true;
      return false;
    }
    const std::size_t old = buf_.size();
    buf_.resize(old + limits_.block_bytes);
    in_->read(&buf_[old], static_cast<std::streamsize>(limits_.block_bytes));
    const auto got = static_cast<std::size_t>(in_->gcount());
    buf_.resize(old + got);
    eof_ = got == 0;
    const char* block = buf_.data() + old;
    nul_ = nul_ || std::memchr(block, '\0', got) != nullptr;
    for (std::size_t i = 0; i < got && !content_; ++i) {
      content_ = block[i] != ' ' && block[i] != '\t' && block[i] != '\r' && block[i] != '\n';
    }
    data_ = buf_.data();
    p_ = data_ + (at - base_);
    end_ = data_ + buf_.size();
    return got > 0;
  }

  std::istream* in_ = nullptr;
  ReadLimits limits_;
  std::string buf_;             // a file's bytes from base_ on
  const char* data_ = nullptr;  // the byte at offset base_
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  std::size_t base_ = 0, released_ = 0;
  bool eof_ = false, nul_ = false, content_ = false, oversized_ = false;
};

// An input iterator over a Source for nlohmann's SAX parser.
struct SourceIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  Source* source = nullptr;
  bool end = false;  // the end of input, whatever the source has read

  char operator*() const { return source->current(); }
  SourceIterator& operator++() {
    source->advance();
    return *this;
  }
  SourceIterator operator++(int) {
    SourceIterator old = *this;
    ++*this;
    return old;
  }
  bool done() const { return end || source->at_end(); }
  bool operator==(const SourceIterator& o) const { return done() == o.done(); }
  bool operator!=(const SourceIterator& o) const { return !(*this == o); }
};

enum class Ctx {
  kTop,
  kRun,
  kScenarios,
  kScenario,
  kServices,
  kService,
  kPath,
  kStep,
  kObjectives,
  kObjective,
  kOutages,
  kOutage,
  kScenarioTrials,  // a scenario's "trials"
  kUnaffected,      // a compact scenario's "unaffected"
  kTargetTrials,    // a service's "trials"
  kSpread,          // its "rto_s" / "rpo_s" percentiles
  kPercentiles,     // its "rto_percentiles_s" / "rpo_percentiles_s"
  kOddsList,        // its "objectives"
  kOdds,
  kPaths,  // its "paths"
  kPathShare,
  kSkip
};

const std::vector<std::string>& keys_of(Ctx c) {
  static const std::vector<std::string> kRun = {
      "schema",       "kind", "model",     "model_source", "model_checksum",       "tool_version",
      "generated_at", "seed", "scenarios", "currency",     "running_cost_monthly", "shard"};
  static const std::vector<std::string> kScenario = {"id",
                                                     "class",
                                                     "impact",
                                                     "recovery_process",
                                                     "data_loss",
                                                     "t0_s",
                                                     "horizon_s",
                                                     "services",
                                                     "phase",
                                                     "phase_note",
                                                     "outages",
                                                     "annual_frequency",
                                                     "frequency_assumed",
                                                     "downtime_cost",
                                                     "data_loss_cost",
                                                     "outage_cost",
                                                     "trials",
                                                     "unaffected"};
  static const std::vector<std::string> kService = {
      "id",   "down",       "degraded",    "recovered",         "rto_s",           "rpo_s",
      "path", "objectives", "rpo_worst_s", "rpo_worst_phase_s", "rpo_worst_point", "trials"};
  static const std::vector<std::string> kStep = {"step", "begin_s", "end_s", "detail"};
  static const std::vector<std::string> kObjective = {"kind", "target_s", "achieved_s", "verdict"};
  static const std::vector<std::string> kOutage = {"fault", "class", "duration_s", "default"};
  static const std::vector<std::string> kUnaffected = unaffected_keys();
  static const std::vector<std::string> kScenarioTrials = {"count", "start_from_s", "start_span_s",
                                                           "varying"};
  static const std::vector<std::string> kTargetTrials = {"affected",
                                                         "rto_s",
                                                         "rpo_s",
                                                         "objectives",
                                                         "paths",
                                                         "other_paths",
                                                         "rto_percentiles_s",
                                                         "rpo_percentiles_s"};
  static const std::vector<std::string> kSpread = {"p50", "p90", "p99", "max"};
  static const std::vector<std::string> kOdds = {"kind",  "target_s", "met",
                                                 "p_met", "ci95_low", "ci95_high"};
  static const std::vector<std::string> kPathShare = {"steps", "trials"};
  static const std::vector<std::string> kNone;
  switch (c) {
    case Ctx::kRun:
      return kRun;
    case Ctx::kScenario:
      return kScenario;
    case Ctx::kService:
      return kService;
    case Ctx::kStep:
      return kStep;
    case Ctx::kObjective:
      return kObjective;
    case Ctx::kOutage:
      return kOutage;
    case Ctx::kScenarioTrials:
      return kScenarioTrials;
    case Ctx::kUnaffected:
      return kUnaffected;
    case Ctx::kTargetTrials:
      return kTargetTrials;
    case Ctx::kSpread:
      return kSpread;
    case Ctx::kOdds:
      return kOdds;
    case Ctx::kPathShare:
      return kPathShare;
    default:
      return kNone;
  }
}

const char* name_of(Ctx c) {
  switch (c) {
    case Ctx::kRun:
      return "a result";
    case Ctx::kScenario:
      return "a scenario result";
    case Ctx::kService:
      return "a service result";
    case Ctx::kStep:
      return "a path step";
    case Ctx::kObjective:
      return "an objective result";
    case Ctx::kOutage:
      return "a fault outage";
    case Ctx::kScenarioTrials:
      return "a scenario's trials";
    case Ctx::kUnaffected:
      return "a scenario's unaffected services";
    case Ctx::kTargetTrials:
      return "a service's trials";
    case Ctx::kSpread:
      return "percentiles";
    case Ctx::kOdds:
      return "an objective's odds";
    case Ctx::kPathShare:
      return "a path share";
    default:
      return "a value";
  }
}

// One open object or array: what it is, where it began, its current key or index.
struct Frame {
  Ctx ctx;
  SourceLoc loc;
  std::string key;         // objects: the key being read
  std::size_t index = 0;   // arrays: the index of the next item
  std::uint32_t seen = 0;  // objects: bit i set once key i of keys_of(ctx) was read
  int skip_depth = 0;      // kSkip: nesting inside the skipped value
  SourceLoc end_loc;       // kStep: where end_s was, to place "ends before it begins"
};

// A scalar as the parser delivered it.
struct Scalar {
  enum class Type { kNull, kBool, kNumber, kString } type;
  std::string text;  // the source text of numbers, the value of strings, "true"/"false"
  double number = 0;
  bool integral = false;
  long long integer = 0;

  std::string shown() const { return type == Type::kNull ? "null" : "'" + text + "'"; }
};

class StreamReader : public nlohmann::json::json_sax_t {
 public:
  StreamReader(Source& source, std::string file, bool located, ShardKey shard,
               const ReadLimits& limits, const ScenarioSink& sink)
      : source_(source),
        file_(std::move(file)),
        located_(located),
        shard_(shard),
        limits_(limits),
        sink_(sink) {}

  RunResult& result() { return run_; }
  const DiagnosticList& diagnostics() const { return diags_; }
  bool stopped() const { return stopped_; }

  bool null() override { return scalar({Scalar::Type::kNull, "null"}); }
  bool boolean(bool v) override { return scalar({Scalar::Type::kBool, v ? "true" : "false"}); }
  bool number_integer(number_integer_t v) override {
    Scalar s{Scalar::Type::kNumber, std::to_string(v)};
    s.number = static_cast<double>(v);
    s.integral = true;
    s.integer = v;
    return scalar(s);
  }
  bool number_unsigned(number_unsigned_t v) override {
    Scalar s{Scalar::Type::kNumber, std::to_string(v)};
    s.number = static_cast<double>(v);
    s.integral = v <= static_cast<number_unsigned_t>(INT64_MAX);
    s.integer = s.integral ? static_cast<long long>(v) : 0;
    return scalar(s);
  }
  bool number_float(number_float_t v, const string_t& text) override {
    Scalar s{Scalar::Type::kNumber, text};
    s.number = v;
    return scalar(s);
  }
  bool string(string_t& v) override { return scalar({Scalar::Type::kString, v}); }
  bool binary(binary_t&) override { return true; }

  bool start_object(std::size_t) override {
    SourceLoc loc = event_loc();
    Ctx next = Ctx::kSkip;
    if (!frames_.empty() && frames_.back().ctx == Ctx::kSkip) {
      ++frames_.back().skip_depth;
      return depth_ok(loc);
    }
    Ctx parent = frames_.empty() ? Ctx::kTop : frames_.back().ctx;
    switch (parent) {
      case Ctx::kTop:
        next = Ctx::kRun;
        break;
      case Ctx::kRun:
        // A shard's own object is read apart (reports/shard_json.hpp); key() refused it elsewhere.
        if (frames_.back().key != "shard" && expects_value()) {
          error(loc, expectation() + ", got a mapping");
        }
        break;
      case Ctx::kScenarios:
        next = Ctx::kScenario;
        begin_scenario();
        scenario_begin_ = source_.offset();
        scenario_loc_ = loc;
        scenario_loc_.pointer = pointer();
        break;
      case Ctx::kServices:
        next = Ctx::kService;
        begin_service();
        break;
      case Ctx::kPath:
        next = Ctx::kStep;
        current_service().path.emplace_back();
        break;
      case Ctx::kObjectives:
        next = Ctx::kObjective;
        current_service().objectives.emplace_back();
        break;
      case Ctx::kOutages:
        next = Ctx::kOutage;
        run_.scenarios.back().outages.emplace_back();
        break;
      case Ctx::kScenario:
        if (frames_.back().key == "trials") {
          next = Ctx::kScenarioTrials;
          run_.scenarios.back().trials.emplace();
        } else if (frames_.back().key == "unaffected") {
          next = Ctx::kUnaffected;
          run_.scenarios.back().unaffected.emplace();
        } else if (expects_value()) {
          error(loc, expectation() + ", got a mapping");
        }
        break;
      case Ctx::kService:
        if (frames_.back().key == "trials") {
          next = Ctx::kTargetTrials;
          current_service().trials.emplace();
        } else if (expects_value()) {
          error(loc, expectation() + ", got a mapping");
        }
        break;
      case Ctx::kTargetTrials:
        if (frames_.back().key == "rto_s" || frames_.back().key == "rpo_s") {
          next = Ctx::kSpread;
        } else if (expects_value()) {
          error(loc, expectation() + ", got a mapping");
        }
        break;
      case Ctx::kOddsList:
        next = Ctx::kOdds;
        current_service().trials->odds.emplace_back();
        break;
      case Ctx::kPaths:
        next = Ctx::kPathShare;
        current_service().trials->paths.emplace_back();
        break;
      default:
        if (expects_value()) error(loc, expectation() + ", got a mapping");
        break;
    }
    advance_array();
    frames_.push_back({next, loc, {}, 0, 0, 0, {}});
    return depth_ok(loc);
  }

  bool key(string_t& k) override {
    SourceLoc loc = event_loc();
    Frame& f = frames_.back();
    if (f.ctx == Ctx::kSkip) return true;
    f.key = k;
    const auto& allowed = keys_of(f.ctx);
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (allowed[i] != k) continue;
      if (f.seen & (1u << i)) {
        loc.pointer = pointer();
        error(loc, "duplicate key '" + k + "'", {"remove one of the two entries"});
      }
      f.seen |= 1u << i;
      if (f.ctx == Ctx::kRun && handed_on_ && k != "shard") {
        loc.pointer = pointer();
        error(loc, "'" + k + "' comes after the scenarios, which were read one at a time",
              {"a big result file is read a scenario at a time, so its run's keys come before "
               "\"scenarios\", as drsim writes them"});
      }
      if (f.ctx == Ctx::kRun && k == "shard" && shard_ == ShardKey::kRefuse) {
        // The rest is a part of a run: say what the file is and stop.
        loc.pointer = pointer();
        error(loc, "this is one shard of a run split with --shard, not a whole result",
              {"merge every shard of the run with `drsim merge SHARD.json...` and use the "
               "merged result"});
        stopped_ = true;
      }
      return !stopped_;
    }
    loc.pointer = pointer();
    std::string guess = did_you_mean(k, allowed);
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    error(loc, "unknown key '" + k + "' in " + name_of(f.ctx),
          {guess.empty() ? "allowed keys: " + list : "did you mean '" + guess + "'?"});
    f.key.clear();  // its value is skipped
    return !stopped_;
  }

  bool end_object() override {
    mark_end();
    Frame& f = frames_.back();
    if (f.ctx == Ctx::kSkip && f.skip_depth > 0) {
      --f.skip_depth;
      return true;
    }
    // Pointers are only built for diagnostics: most objects have none.
    auto at = [this](SourceLoc loc, const std::string& suffix = "") {
      loc.pointer = pointer_of(frames_.size() - 1) + suffix;
      return loc;
    };
    const auto& allowed = keys_of(f.ctx);
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (!(f.seen & (1u << i)) && !optional_key(f.ctx, allowed[i])) {
        error(at(f.loc), "missing key '" + allowed[i] + "' in " + name_of(f.ctx));
      }
    }
    if (f.ctx == Ctx::kStep && (f.seen & 6u) == 6u) {
      const PathStep& p = current_service().path.back();
      if (p.end_s < p.begin_s) {
        error(at(f.end_loc, "/end_s"), "step ends before it begins (" + end_text_ + " < begin_s)",
              {"end_s must be at least begin_s, in seconds after t0"});
      }
    } else if (f.ctx == Ctx::kScenario && (f.seen & 1u)) {
      if (!scenario_ids_.insert(run_.scenarios.back().id).second) {
        error(at(f.loc), "duplicate scenario id '" + run_.scenarios.back().id + "'",
              {"each scenario appears once in a result"});
      }
    }
    if (f.ctx == Ctx::kScenario && sink_ && (errors_ > 0 || header_complete())) {
      // Handed on whole and valid; once a problem is found, what follows is only checked.
      if (errors_ == 0) sink_(run_, std::move(run_.scenarios.back()));
      run_.scenarios.pop_back();
      handed_on_ = true;
    } else if (f.ctx == Ctx::kRun && sink_) {
      // Scenarios read before the run's keys were complete waited for them.
      for (auto& scenario : run_.scenarios) {
        if (errors_ == 0) sink_(run_, std::move(scenario));
      }
      run_.scenarios.clear();
    } else if (f.ctx == Ctx::kService && (f.seen & 1u)) {
      if (!service_ids_.insert(current_service().id).second) {
        error(at(f.loc), "duplicate service id '" + current_service().id + "'",
              {"each service appears once per scenario"});
      }
    }
    frames_.pop_back();
    return !stopped_;
  }

  bool start_array(std::size_t) override {
    SourceLoc loc = event_loc();
    if (!frames_.empty() && frames_.back().ctx == Ctx::kSkip) {
      ++frames_.back().skip_depth;
      return depth_ok(loc);
    }
    Ctx next = Ctx::kSkip;
    if (frames_.empty()) {
      error(loc, "expected a result (a mapping), got a list");
    } else {
      Frame& f = frames_.back();
      std::string k = f.key;
      if (f.ctx == Ctx::kRun && k == "scenarios") {
        next = Ctx::kScenarios;
      } else if (f.ctx == Ctx::kScenario && k == "services") {
        next = Ctx::kServices;
        service_ids_.clear();
      } else if (f.ctx == Ctx::kService && k == "path") {
        next = Ctx::kPath;
      } else if (f.ctx == Ctx::kService && k == "objectives") {
        next = Ctx::kObjectives;
      } else if (f.ctx == Ctx::kScenario && k == "outages") {
        next = Ctx::kOutages;
      } else if (f.ctx == Ctx::kTargetTrials && k == "objectives") {
        next = Ctx::kOddsList;
      } else if (f.ctx == Ctx::kTargetTrials && k == "paths") {
        next = Ctx::kPaths;
      } else if (f.ctx == Ctx::kTargetTrials &&
                 (k == "rto_percentiles_s" || k == "rpo_percentiles_s")) {
        next = Ctx::kPercentiles;
        spread(f.key).percentiles_s.clear();
      } else if (expects_value()) {
        error(loc, expectation() + ", got a list");
      }
      advance_array();
    }
    frames_.push_back({next, loc, {}, 0, 0, 0, {}});
    return depth_ok(loc);
  }

  bool end_array() override {
    mark_end();
    Frame& f = frames_.back();
    if (f.ctx == Ctx::kSkip && f.skip_depth > 0) {
      --f.skip_depth;
      return true;
    }
    if (f.ctx == Ctx::kPercentiles && f.index != kPercentileCount) {
      error(f.loc, "expected " + std::to_string(kPercentileCount) +
                       " percentiles (the 0th to the 100th), got " + std::to_string(f.index));
    }
    frames_.pop_back();
    return true;
  }

  bool parse_error(std::size_t byte, const std::string&,
                   const nlohmann::json::exception& e) override {
    syntax_error_ = true;
    syntax_byte_ = byte;
    syntax_what_ = e.what();
    return false;
  }

  bool syntax_error() const { return syntax_error_; }
  // Where the byte at offset `at` is (at or after the last event located), for a syntax error.
  SourceLoc loc_at(std::size_t at) {
    const std::size_t end = std::min(at, source_.loaded_end());
    for (; scan_ < end; ++scan_) {
      if (source_.at(scan_) == '\n') {
        ++line_;
        line_start_ = scan_ + 1;
      }
    }
    return {file_, line_, static_cast<int>(end - line_start_) + 1, ""};
  }
  // Where the value being read began, with its JSON pointer.
  SourceLoc value_loc() {
    SourceLoc loc = event_loc();
    loc.pointer = pointer();
    return loc;
  }
  std::size_t syntax_byte() const { return syntax_byte_; }
  const std::string& syntax_what() const { return syntax_what_; }

 private:
  // Where the token of the current event starts: after what the lexer had read at the previous
  // event, past whitespace and separators. Advances the line count incrementally (one pass).
  SourceLoc event_loc() {
    std::size_t pos = last_end_;
    const std::size_t end = source_.loaded_end();
    while (pos < end &&
           (source_.at(pos) == ' ' || source_.at(pos) == '\n' || source_.at(pos) == '\r' ||
            source_.at(pos) == '\t' || source_.at(pos) == ',' || source_.at(pos) == ':')) {
      ++pos;
    }
    last_end_ = source_.offset();
    SourceLoc loc{file_, 0, 0, ""};  // error() adds the pointer when one is reported
    if (located_) {
      for (; scan_ < pos && scan_ < end; ++scan_) {
        if (source_.at(scan_) == '\n') {
          ++line_;
          line_start_ = scan_ + 1;
        }
      }
      loc.line = line_;
      loc.col = static_cast<int>(pos - line_start_) + 1;
    }
    source_.release(located_ ? std::min(scan_, pos) : pos);
    if (in_scenario() && last_end_ - scenario_begin_ > limits_.max_value_bytes) {
      error(scenario_loc_,
            "scenario result is larger than the limit of " +
                std::to_string(limits_.max_value_bytes >> 20) + " MiB",
            {"check that this is a drsim result file"});
      stopped_ = true;
    }
    return loc;
  }

  bool in_scenario() const { return frames_.size() >= 3 && frames_[2].ctx == Ctx::kScenario; }

  // Every key a run must have, but its scenarios, read: what a scenario handed on needs of it.
  bool header_complete() const {
    if (frames_.empty() || frames_[0].ctx != Ctx::kRun) return false;
    const auto& keys = keys_of(Ctx::kRun);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == "scenarios" || optional_key(Ctx::kRun, keys[i])) continue;
      if (!(frames_[0].seen & (1u << i))) return false;
    }
    return true;
  }

  // Closing brackets are read before their event fires; later tokens start after them.
  void mark_end() { last_end_ = source_.offset(); }

  // The JSON pointer of the value being read now.
  // An array frame counts the items begun so far: the item being read is the last one begun,
  // unless the array itself is the innermost frame (then a new item is starting).
  std::string pointer() const { return pointer_of(frames_.size()); }

  // The pointer through the first `n` frames.
  std::string pointer_of(std::size_t n) const {
    std::string out;
    for (std::size_t i = 0; i < n && i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      if (f.ctx == Ctx::kSkip) break;
      if (is_array(f.ctx)) {
        bool innermost = i + 1 == frames_.size();
        out += "/" + std::to_string(innermost ? f.index : f.index - 1);
      } else if (!f.key.empty()) {
        out += "/" + pointer_escape(f.key);
      }
    }
    return out;
  }

  static bool is_array(Ctx c) {
    return c == Ctx::kScenarios || c == Ctx::kServices || c == Ctx::kPath ||
           c == Ctx::kObjectives || c == Ctx::kOutages || c == Ctx::kOddsList || c == Ctx::kPaths ||
           c == Ctx::kPercentiles;
  }

  // Keys a result may leave out: drills have no fault outages, nor had results before them.
  // Keys older results and drill results do not have.
  // Costs and frequencies: only simulations of models with costs or likelihoods have them.
  static bool optional_key(Ctx c, const std::string& key) {
    static const std::unordered_set<std::string> kRunOptional = {"currency", "running_cost_monthly",
                                                                 "shard"};
    static const std::unordered_set<std::string> kScenarioOptional = {
        "outages",       "phase",          "phase_note",  "annual_frequency", "frequency_assumed",
        "downtime_cost", "data_loss_cost", "outage_cost", "trials",           "unaffected"};
    if (c == Ctx::kRun) return kRunOptional.count(key) > 0;
    if (c == Ctx::kScenario) return kScenarioOptional.count(key) > 0;
    return c == Ctx::kService && (key.compare(0, 9, "rpo_worst") == 0 || key == "trials");
  }

  void advance_array() {
    if (frames_.empty()) return;
    Frame& f = frames_.back();
    if (is_array(f.ctx)) ++f.index;
  }

  bool depth_ok(const SourceLoc& loc) {
    int depth = static_cast<int>(frames_.size()) + frames_.back().skip_depth;
    if (depth > DocumentLimits{}.max_depth) {
      error(loc,
            "nesting is deeper than " + std::to_string(DocumentLimits{}.max_depth) + " levels");
      stopped_ = true;
    }
    return !stopped_;
  }

  // True when the current key is known, i.e. its value is checked (unknown keys are skipped).
  bool expects_value() const {
    if (frames_.empty()) return true;
    const Frame& f = frames_.back();
    return is_array(f.ctx) || (f.ctx != Ctx::kSkip && !f.key.empty());
  }

  // "expected a string" etc. for the current key or array item.
  std::string expectation() const {
    if (frames_.empty()) return "expected a result (a mapping)";
    const Frame& f = frames_.back();
    switch (f.ctx) {
      case Ctx::kScenarios:
        return "expected a scenario result (a mapping)";
      case Ctx::kServices:
        return "expected a service result (a mapping)";
      case Ctx::kPath:
        return "expected a path step (a mapping)";
      case Ctx::kObjectives:
        return "expected an objective result (a mapping)";
      case Ctx::kOutages:
        return "expected a fault outage (a mapping)";
      case Ctx::kOddsList:
        return "expected an objective's odds (a mapping)";
      case Ctx::kPaths:
        return "expected a path share (a mapping)";
      case Ctx::kPercentiles:
        return "expected a number of seconds or null";
      default:
        break;
    }
    const std::string& k = f.key;
    if (k == "scenarios" || k == "services" || k == "path" || k == "objectives" || k == "outages" ||
        k == "paths" || k == "rto_percentiles_s" || k == "rpo_percentiles_s") {
      return "expected a list";
    }
    if (k == "trials" && f.ctx != Ctx::kPathShare) return "expected a mapping";
    if (k == "shard" || k == "unaffected") return "expected a mapping";
    if (f.ctx == Ctx::kUnaffected) return "expected a whole number, 0 or more";
    if (k == "rto_s" && f.ctx == Ctx::kTargetTrials) return "expected a mapping";
    if (k == "rpo_s" && f.ctx == Ctx::kTargetTrials) return "expected a mapping";
    if (k == "seed") return "expected an integer seed";
    if (k == "down" || k == "degraded" || k == "recovered" || k == "default") {
      return "expected true or false";
    }
    if (k.size() > 2 && k.compare(k.size() - 2, 2, "_s") == 0) {
      return "expected a number of seconds";
    }
    return "expected a string";
  }

  bool scalar(const Scalar& v) {
    SourceLoc loc = event_loc();
    if (frames_.empty()) {
      error(loc, "expected a result (a mapping), got " + v.shown());
      return false;
    }
    Frame& f = frames_.back();
    if (f.ctx == Ctx::kSkip || !expects_value()) return true;
    if (f.ctx == Ctx::kPercentiles) {
      ++f.index;
      spread(frames_[frames_.size() - 2].key).percentiles_s.push_back(optional_number(v, loc));
      return !stopped_;
    }
    if (is_array(f.ctx)) {
      error(loc, expectation() + ", got " + v.shown());
      ++f.index;
      return !stopped_;
    }
    assign(f, v, loc);
    return !stopped_;
  }

  std::string text(const Scalar& v, const SourceLoc& loc) {
    if (v.type != Scalar::Type::kString) {
      error(loc, "expected a string, got " + v.shown());
      return {};
    }
    return v.text;
  }

  bool boolean_of(const Scalar& v, const SourceLoc& loc) {
    if (v.type == Scalar::Type::kBool) return v.text == "true";
    error(loc, "expected true or false, got " + v.shown());
    return false;
  }

  // `unit` names what the number counts in messages: seconds, or an amount of money.
  double number(const Scalar& v, const SourceLoc& loc, bool non_negative,
                const char* unit = kSeconds) {
    if (v.type != Scalar::Type::kNumber) {
      error(loc, std::string("expected a number of ") + unit + ", got " + v.shown());
      return 0;
    }
    if (!std::isfinite(v.number)) {
      error(loc, "number " + v.text + " is out of range");
      return 0;
    }
    if (non_negative && v.number < 0) {
      error(loc, std::string("expected a non-negative number of ") + unit + ", got " + v.text);
      return 0;
    }
    if (std::string(unit) == kSeconds && std::abs(v.number) > units::kMaxResultSeconds) {
      error(loc, "number " + v.text + " is out of range",
            {"times in a result file reach at most " +
             std::to_string(static_cast<long long>(units::kMaxResultSeconds)) + " seconds (" +
             units::format_duration(units::kMaxResultSeconds) + ")"});
      return 0;
    }
    return v.number;
  }

  std::optional<double> optional_number(const Scalar& v, const SourceLoc& loc) {
    if (v.type == Scalar::Type::kNull) return std::nullopt;
    return number(v, loc, true);
  }

  void assign(Frame& f, const Scalar& v, const SourceLoc& loc) {
    const std::string& k = f.key;
    switch (f.ctx) {
      case Ctx::kRun:
        if (k == "schema") {
          run_.schema = text(v, loc);
          if (run_.schema == kJournalSchema) {
            // Every key of a journal would be "unknown": say what the file is and stop.
            error(loc, "this is a drill journal, not a result",
                  {"`drsim drill run DRILL --result FILE` writes the drill's result; pass that "
                   "file to drsim report"});
            stopped_ = true;
          } else if (v.type == Scalar::Type::kString && run_.schema != kResultSchema) {
            error(loc, "unsupported result schema '" + run_.schema + "'",
                  {std::string("this drsim reads '") + kResultSchema +
                   "'; regenerate the result with this version of drsim"});
          }
        } else if (k == "kind") {
          run_.kind = text(v, loc);
          if (v.type == Scalar::Type::kString && run_.kind != kSimulationRun &&
              run_.kind != kDrillRun) {
            error(loc, "unknown result kind '" + run_.kind + "'",
                  {"allowed kinds: simulation, drill"});
          }
        } else if (k == "model") {
          run_.model = text(v, loc);
        } else if (k == "model_source") {
          run_.model_source = text(v, loc);
        } else if (k == "model_checksum") {
          run_.model_checksum = text(v, loc);
        } else if (k == "tool_version") {
          run_.tool_version = text(v, loc);
        } else if (k == "generated_at") {
          run_.generated_at = text(v, loc);
        } else if (k == "currency") {
          run_.currency = text(v, loc);
        } else if (k == "running_cost_monthly") {
          run_.running_cost_monthly = number(v, loc, true, kMoney);
        } else if (k == "seed") {
          if (v.type == Scalar::Type::kNumber && v.integral) {
            run_.seed = v.integer;
          } else {
            error(loc, "expected an integer seed, got " + v.shown());
          }
        } else {
          error(loc, expectation() + ", got " + v.shown());
        }
        break;
      case Ctx::kScenario: {
        ScenarioResult& s = run_.scenarios.back();
        if (k == "id") {
          s.id = text(v, loc);
        } else if (k == "class") {
          s.cls = text(v, loc);
        } else if (k == "impact") {
          std::string t = text(v, loc);
          if (v.type == Scalar::Type::kString && !parse_impact(t, s.impact)) {
            error(loc, "unknown impact '" + t + "'",
                  {"allowed impacts: none, limited, severe, catastrophic"});
          }
        } else if (k == "recovery_process") {
          s.recovery_process = text(v, loc);
        } else if (k == "data_loss") {
          s.data_loss = text(v, loc);
        } else if (k == "t0_s") {
          s.t0_s = number(v, loc, false);
        } else if (k == "horizon_s") {
          s.horizon_s = number(v, loc, true);
        } else if (k == "phase") {
          std::string t = text(v, loc);
          if (v.type == Scalar::Type::kString && !parse_fault_phase(t, s.phase)) {
            error(loc, "unknown phase '" + t + "'",
                  {"allowed phases: given, worst, no_data_at_risk"});
          }
        } else if (k == "phase_note") {
          s.phase_note = text(v, loc);
        } else if (k == "annual_frequency") {
          cost(s).annual_frequency = number(v, loc, true, "faults per year");
        } else if (k == "frequency_assumed") {
          cost(s).frequency_assumed = boolean_of(v, loc);
        } else if (k == "downtime_cost") {
          cost(s).downtime = number(v, loc, true, kMoney);
        } else if (k == "data_loss_cost") {
          cost(s).data_loss = number(v, loc, true, kMoney);
        } else if (k == "outage_cost") {
          number(v, loc, true, kMoney);  // downtime_cost + data_loss_cost, for readers
        } else {
          error(loc, expectation() + ", got " + v.shown());
        }
        break;
      }
      case Ctx::kService: {
        TargetResult& t = current_service();
        if (k == "id") {
          t.id = text(v, loc);
        } else if (k == "down") {
          t.down = boolean_of(v, loc);
        } else if (k == "degraded") {
          t.degraded = boolean_of(v, loc);
        } else if (k == "recovered") {
          t.recovered = boolean_of(v, loc);
        } else if (k == "rto_s") {
          t.rto_s = optional_number(v, loc);
        } else if (k == "rpo_s") {
          t.rpo_s = optional_number(v, loc);
        } else if (k == "rpo_worst_s") {
          worst(t).rpo_s = optional_number(v, loc);
        } else if (k == "rpo_worst_phase_s") {
          worst(t).phase_s = number(v, loc, true);
        } else if (k == "rpo_worst_point") {
          worst(t).explanation = text(v, loc);
        } else {
          error(loc, expectation() + ", got " + v.shown());
        }
        break;
      }
      case Ctx::kStep: {
        PathStep& p = current_service().path.back();
        if (k == "step") {
          PathStep named = step_named(text(v, loc));
          p.kind = named.kind;
          p.drill_step = named.drill_step;
        } else if (k == "detail") {
          p.detail = text(v, loc);
        } else if (k == "begin_s") {
          p.begin_s = number(v, loc, true);
        } else if (k == "end_s") {
          p.end_s = number(v, loc, true);
          f.end_loc = loc;
          end_text_ = v.text;
        }
        break;
      }
      case Ctx::kObjective: {
        ObjectiveResult& o = current_service().objectives.back();
        if (k == "kind") {
          std::string t = text(v, loc);
          if (v.type == Scalar::Type::kString && !parse_objective_kind(t, o.kind)) {
            error(loc, "unknown objective kind '" + t + "'", {"allowed kinds: rto, rpo"});
          }
        } else if (k == "target_s") {
          o.target_s = optional_number(v, loc);
        } else if (k == "achieved_s") {
          o.achieved_s = optional_number(v, loc);
        } else if (k == "verdict") {
          std::string t = text(v, loc);
          if (v.type == Scalar::Type::kString && !parse_verdict(t, o.verdict)) {
            error(loc, "unknown verdict '" + t + "'",
                  {"allowed verdicts: met, breached, not_applicable, missing_policy"});
          }
        }
        break;
      }
      case Ctx::kOutage: {
        FaultOutage& o = run_.scenarios.back().outages.back();
        if (k == "fault") {
          o.fault = text(v, loc);
        } else if (k == "class") {
          o.cls = text(v, loc);
        } else if (k == "duration_s") {
          o.duration_s = optional_number(v, loc);
        } else if (k == "default") {
          o.is_default = boolean_of(v, loc);
        }
        break;
      }
      case Ctx::kScenarioTrials: {
        TrialRun& t = *run_.scenarios.back().trials;
        if (k == "count") {
          t.count = count(v, loc);
        } else if (k == "start_from_s") {
          t.start_from_s = number(v, loc, true);
        } else if (k == "start_span_s") {
          t.start_span_s = number(v, loc, true);
        } else if (k == "varying") {
          t.varying = count(v, loc);
        }
        break;
      }
      case Ctx::kUnaffected: {
        UnaffectedServices& u = *run_.scenarios.back().unaffected;
        const long long n = count(v, loc);
        if (k == "services") {
          u.count = n;
        } else {
          const auto& keys = keys_of(Ctx::kUnaffected);
          const auto i = std::find(keys.begin(), keys.end(), k) - keys.begin() - 1;
          u.verdicts[i / 4][i % 4] = n;
        }
        break;
      }
      case Ctx::kTargetTrials: {
        TargetTrials& t = *current_service().trials;
        if (k == "affected") {
          t.affected = count(v, loc);
        } else if (k == "other_paths") {
          t.other_paths = count(v, loc);
        } else {
          error(loc, expectation() + ", got " + v.shown());
        }
        break;
      }
      case Ctx::kSpread: {
        Spread& sp = spread(frames_[frames_.size() - 2].key);
        auto value = optional_number(v, loc);
        (k == "p50" ? sp.p50_s : k == "p90" ? sp.p90_s : k == "p99" ? sp.p99_s : sp.max_s) = value;
        break;
      }
      case Ctx::kOdds: {
        ObjectiveOdds& o = current_service().trials->odds.back();
        if (k == "kind") {
          std::string t = text(v, loc);
          if (v.type == Scalar::Type::kString && !parse_objective_kind(t, o.kind)) {
            error(loc, "unknown objective kind '" + t + "'", {"allowed kinds: rto, rpo"});
          }
        } else if (k == "target_s") {
          o.target_s = number(v, loc, true);
        } else if (k == "met") {
          o.met = count(v, loc);
        } else {
          (k == "p_met" ? o.p_met : k == "ci95_low" ? o.ci_low : o.ci_high) = probability(v, loc);
        }
        break;
      }
      case Ctx::kPathShare: {
        PathShare& p = current_service().trials->paths.back();
        if (k == "steps") {
          p.steps = text(v, loc);
        } else {
          p.trials = count(v, loc);
        }
        break;
      }
      default:
        break;
    }
  }

  // A count of trials or values: a whole number, 0 or more.
  long long count(const Scalar& v, const SourceLoc& loc) {
    if (v.type == Scalar::Type::kNumber && v.integral && v.integer >= 0) return v.integer;
    error(loc, "expected a whole number, 0 or more, got " + v.shown());
    return 0;
  }

  // A probability, 0 to 1.
  double probability(const Scalar& v, const SourceLoc& loc) {
    if (v.type == Scalar::Type::kNumber && v.number >= 0 && v.number <= 1) return v.number;
    error(loc, "expected a probability from 0 to 1, got " + v.shown());
    return 0;
  }

  // The RTO or RPO spread of the current service's trials, by the key that holds it.
  Spread& spread(const std::string& key) {
    TargetTrials& t = *current_service().trials;
    return key.compare(0, 3, "rto") == 0 ? t.rto : t.rpo;
  }

  static ScenarioCost& cost(ScenarioResult& s) {
    if (!s.cost) s.cost.emplace();
    return *s.cost;
  }

  static WorstRpo& worst(TargetResult& t) {
    if (!t.rpo_worst) t.rpo_worst.emplace();
    return *t.rpo_worst;
  }

  void begin_scenario() { run_.scenarios.emplace_back(); }
  void begin_service() { run_.scenarios.back().services.emplace_back(); }
  TargetResult& current_service() { return run_.scenarios.back().services.back(); }

  void error(SourceLoc loc, const std::string& message, std::vector<std::string> hints = {}) {
    if (stopped_) return;
    if (loc.pointer.empty()) loc.pointer = pointer();
    if (++errors_ > kMaxErrors) {
      diags_.error(loc, "too many errors; stopped reading",
                   {"fix the errors above, or check that this is a drsim result file"});
      stopped_ = true;
      return;
    }
    diags_.error(loc, message, std::move(hints));
  }

  Source& source_;
  std::string file_;
  bool located_;
  ShardKey shard_;
  ReadLimits limits_;
  ScenarioSink sink_;
  std::size_t scenario_begin_ = 0;  // where the scenario being read began
  bool handed_on_ = false;          // a scenario went to sink_
  SourceLoc scenario_loc_;
  RunResult run_;
  DiagnosticList diags_;
  std::vector<Frame> frames_;
  std::unordered_set<std::string> scenario_ids_, service_ids_;
  std::string end_text_;
  std::size_t last_end_ = 0, scan_ = 0, line_start_ = 0;
  int line_ = 1;
  std::size_t errors_ = 0;
  bool stopped_ = false;
  bool syntax_error_ = false;
  std::size_t syntax_byte_ = 0;
  std::string syntax_what_;
};

}  // namespace

namespace {

// "invalid JSON: unexpected end of input; expected ..." as the lexer words it, without its
// exception id and position, which the diagnostic gives.
std::string syntax_message(const std::string& what) {
  auto pos = what.find("syntax error while parsing ");
  pos = pos == std::string::npos ? pos : what.find(" - ", pos);
  return pos == std::string::npos ? what : what.substr(pos + 3);
}

}  // namespace

RunResult read_result_text(const std::string& text, const std::string& file, bool located,
                           ShardKey shard) {
  Source source(text);
  const ReadLimits limits;
  StreamReader reader(source, file, located, shard, limits, ScenarioSink());
  bool binary = text.find('\0') != std::string::npos;
  bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!binary && !blank) {
    SourceIterator first{&source, false}, last{&source, true};
    nlohmann::json::sax_parse(first, last, &reader);
  }
  if (binary || blank || reader.syntax_error()) {
    // load_document() words syntax, emptiness and binary content like every other drsim input.
    if (located && text.size() <= DocumentLimits{}.max_bytes) {
      parse_document(text, file, true);
    }
    DiagnosticList diags;
    std::string what = binary  ? "file is binary, not JSON"
                       : blank ? "file is empty"
                               : "invalid JSON: " + reader.syntax_what();
    if (reader.syntax_error() && reader.syntax_byte() >= text.size()) {
      what = "invalid JSON: unexpected end of file (the JSON is truncated)";
    }
    diags.error({file, 0, 0, ""}, what, {"check that this is a complete drsim result file"});
    diags.throw_if_errors();
  }
  reader.diagnostics().throw_if_errors();
  return std::move(reader.result());
}

RunResult read_result_file(const std::string& path, const ScenarioSink& sink, ShardKey shard,
                           const ReadLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) load_document(path);  // throws the canonical "cannot open file" diagnostic
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  if (!regular || std::filesystem::file_size(path, ec) <= limits.whole_bytes) {
    // Small files (and pipes, which have no size) are read whole: their problems are worded
    // exactly as load_document() words them.
    RunResult run = read_result_text(read_result_file(path), path, true, shard);
    if (sink) {
      std::vector<ScenarioResult> scenarios = std::move(run.scenarios);
      run.scenarios.clear();
      for (auto& s : scenarios) sink(run, std::move(s));
    }
    return run;
  }
  return read_result_stream(in, path, sink, shard, limits);
}

RunResult read_result_stream(std::istream& in, const std::string& path, const ScenarioSink& sink,
                             ShardKey shard, const ReadLimits& limits) {
  Source source(in, limits);
  StreamReader reader(source, path, true, shard, limits, sink);
  SourceIterator first{&source, false}, last{&source, true};
  nlohmann::json::sax_parse(first, last, &reader);
  // Worded and located as load_document() words a small file's.
  DiagnosticList diags;
  const std::string check = "check that this is a complete drsim result file";
  if (source.nul()) {
    diags.error({path, 0, 0, ""}, "file is binary, not JSON", {check});
  } else if (source.oversized()) {
    diags.error(reader.value_loc(),
                "a value is larger than the limit of " +
                    std::to_string(limits.max_value_bytes >> 20) + " MiB",
                {"check that this is a drsim result file"});
  } else if (!source.content()) {
    diags.error({path, 0, 0, ""}, "file is empty", {check});
  } else if (reader.syntax_error()) {
    const std::size_t byte = reader.syntax_byte();
    const bool truncated = source.at_end() && byte >= source.offset();
    diags.error(reader.loc_at(byte > 0 ? byte - 1 : 0),
                "invalid JSON: " + (truncated ? "unexpected end of file (the JSON is truncated)"
                                              : syntax_message(reader.syntax_what())),
                {"check brackets, commas and quotes near here"});
  }
  diags.throw_if_errors();
  reader.diagnostics().throw_if_errors();
  return std::move(reader.result());
}

}  // namespace drsim::reports::detail

namespace drsim::reports::detail {

std::string read_result_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) load_document(path);  // throws the canonical "cannot open file" diagnostic
  auto too_big = [&](std::size_t size) {
    DiagnosticList diags;
    diags.error({path, 0, 0, ""},
                "result file is " + std::to_string(size >> 20) + " MiB, larger than the limit of " +
                    std::to_string(kMaxResultBytes >> 20) + " MiB",
                {"check that this is a drsim result file"});
    diags.throw_if_errors();
  };
  return read_bounded(in, path, kMaxResultBytes, too_big);
}

}  // namespace drsim::reports::detail
