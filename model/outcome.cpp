#include "model/outcome.hpp"

namespace drsim {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::kMet:
      return "met";
    case Verdict::kBreached:
      return "breached";
    case Verdict::kNotApplicable:
      return "not_applicable";
    case Verdict::kMissingPolicy:
      return "missing_policy";
  }
  return "?";
}

const char* to_string(Impact v) {
  switch (v) {
    case Impact::kNone:
      return "none";
    case Impact::kLimited:
      return "limited";
    case Impact::kSevere:
      return "severe";
    case Impact::kCatastrophic:
      return "catastrophic";
  }
  return "?";
}

bool parse_verdict(const std::string& text, Verdict& out) {
  for (auto v :
       {Verdict::kMet, Verdict::kBreached, Verdict::kNotApplicable, Verdict::kMissingPolicy}) {
    if (text == to_string(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

bool parse_impact(const std::string& text, Impact& out) {
  for (auto v : {Impact::kNone, Impact::kLimited, Impact::kSevere, Impact::kCatastrophic}) {
    if (text == to_string(v)) {
      out = v;
      return true;
    }
  }
  return false;
}

ObjectiveResult judge(const std::string& kind, std::optional<double> target,
                      std::optional<double> achieved, bool applicable) {
  ObjectiveResult r{kind, target, achieved, Verdict::kMissingPolicy};
  if (!applicable) {
    r.verdict = Verdict::kNotApplicable;
  } else if (target) {
    r.verdict = achieved && *achieved <= *target ? Verdict::kMet : Verdict::kBreached;
  }
  return r;
}

bool any_breached(const RunResult& r) {
  for (const auto& s : r.scenarios) {
    for (const auto& t : s.services) {
      for (const auto& o : t.objectives) {
        if (o.verdict == Verdict::kBreached) return true;
      }
    }
  }
  return false;
}

}  // namespace drsim
