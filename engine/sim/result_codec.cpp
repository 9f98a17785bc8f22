#include "engine/sim/result_codec.hpp"

#include <cstdio>
#include <cstdlib>

#include "model/errors.hpp"

namespace drsim::engine::sim {
namespace {

class Writer {
 public:
  void str(const std::string& s) { out_ += std::to_string(s.size()) + ":" + s; }
  void num(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a;", d);
    out_ += buf;
  }
  void opt(const std::optional<double>& d) {
    if (d) {
      num(*d);
    } else {
      out_ += "-;";
    }
  }
  void integer(long long v) { out_ += std::to_string(v) + ";"; }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  std::string str() {
    auto colon = in_.find(':', pos_);
    if (colon == std::string::npos) fail();
    std::size_t n = std::strtoull(in_.c_str() + pos_, nullptr, 10);
    if (colon + 1 + n > in_.size()) fail();
    std::string s = in_.substr(colon + 1, n);
    pos_ = colon + 1 + n;
    return s;
  }
  std::string token() {
    auto semi = in_.find(';', pos_);
    if (semi == std::string::npos) fail();
    std::string t = in_.substr(pos_, semi - pos_);
    pos_ = semi + 1;
    return t;
  }
  double num() { return std::strtod(token().c_str(), nullptr); }
  std::optional<double> opt() {
    auto t = token();
    if (t == "-") return std::nullopt;
    return std::strtod(t.c_str(), nullptr);
  }
  long long integer() { return std::strtoll(token().c_str(), nullptr, 10); }
  [[noreturn]] void fail() const {
    throw InternalError("malformed scenario result from a simulation child process");
  }

 private:
  const std::string& in_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_result(const ScenarioResult& r, const SimStats& stats) {
  Writer w;
  w.integer(stats.events);
  w.num(stats.build_s);
  w.num(stats.run_s);
  w.str(r.id);
  w.str(r.cls);
  w.integer(static_cast<long long>(r.impact));
  w.str(r.recovery_process);
  w.str(r.data_loss);
  w.num(r.t0_s);
  w.num(r.horizon_s);
  w.integer(static_cast<long long>(r.outages.size()));
  for (const auto& o : r.outages) {
    w.str(o.fault);
    w.str(o.cls);
    w.opt(o.duration_s);
    w.integer(o.is_default);
  }
  w.integer(static_cast<long long>(r.services.size()));
  for (const auto& t : r.services) {
    w.str(t.id);
    w.integer(t.down);
    w.integer(t.degraded);
    w.integer(t.recovered);
    w.opt(t.rto_s);
    w.opt(t.rpo_s);
    w.integer(static_cast<long long>(t.path.size()));
    for (const auto& p : t.path) {
      w.integer(static_cast<long long>(p.kind));
      w.str(p.drill_step);
      w.num(p.begin_s);
      w.num(p.end_s);
      w.str(p.detail);
    }
    w.integer(static_cast<long long>(t.objectives.size()));
    for (const auto& o : t.objectives) {
      w.integer(static_cast<long long>(o.kind));
      w.opt(o.target_s);
      w.opt(o.achieved_s);
      w.integer(static_cast<long long>(o.verdict));
    }
  }
  return w.out_;
}

ScenarioResult decode_result(const std::string& bytes, SimStats* stats) {
  Reader rd(bytes);
  ScenarioResult r;
  SimStats st;
  st.events = rd.integer();
  st.build_s = rd.num();
  st.run_s = rd.num();
  if (stats) *stats = st;
  r.id = rd.str();
  r.cls = rd.str();
  r.impact = static_cast<Impact>(rd.integer());
  r.recovery_process = rd.str();
  r.data_loss = rd.str();
  r.t0_s = rd.num();
  r.horizon_s = rd.num();
  for (long long k = rd.integer(), i = 0; i < k; ++i) {
    FaultOutage o;
    o.fault = rd.str();
    o.cls = rd.str();
    o.duration_s = rd.opt();
    o.is_default = rd.integer() != 0;
    r.outages.push_back(o);
  }
  long long n = rd.integer();
  for (long long i = 0; i < n; ++i) {
    TargetResult t;
    t.id = rd.str();
    t.down = rd.integer() != 0;
    t.degraded = rd.integer() != 0;
    t.recovered = rd.integer() != 0;
    t.rto_s = rd.opt();
    t.rpo_s = rd.opt();
    long long np = rd.integer();
    for (long long j = 0; j < np; ++j) {
      PathStep p;
      p.kind = static_cast<StepKind>(rd.integer());
      p.drill_step = rd.str();
      p.begin_s = rd.num();
      p.end_s = rd.num();
      p.detail = rd.str();
      t.path.push_back(std::move(p));
    }
    long long no = rd.integer();
    for (long long j = 0; j < no; ++j) {
      ObjectiveResult o;
      o.kind = static_cast<ObjectiveKind>(rd.integer());
      o.target_s = rd.opt();
      o.achieved_s = rd.opt();
      o.verdict = static_cast<Verdict>(rd.integer());
      t.objectives.push_back(std::move(o));
    }
    r.services.push_back(std::move(t));
  }
  return r;
}

}  // namespace drsim::engine::sim
