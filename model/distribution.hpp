// Values that vary from one trial to the next (docs/model-format.md "Uncertainty"): a duration,
// a restore's share of the bandwidth, an outage's length. A single simulation uses each value's
// median, so `simulate` without --trials answers "what if everything takes its typical time";
// `simulate --trials N` draws every varying value afresh for each trial (engine/core/trials.hpp).
//
// Sampling is deterministic and does not depend on the standard library's distributions (which
// differ between implementations): TrialRng is xoshiro256** seeded through splitmix64, uniform
// numbers take the top 53 bits, normal numbers come from Box-Muller. The same seed and trial
// number give the same draws on every machine and for any number of jobs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace drsim::model {

class TrialRng {
 public:
  // The generator of trial `trial` of a run with seed `seed`: independent streams per trial.
  TrialRng(std::uint64_t seed, std::uint64_t trial);
  std::uint64_t next();
  double uniform();  // in [0, 1)
  double normal();   // standard normal

 private:
  std::uint64_t s_[4];
};

enum class DistributionKind {
  kFixed,       // always `a`
  kUniform,     // between a and b
  kTriangular,  // from a to c, most often b
  kLognormal,   // median a, 90th percentile b (b > a > 0)
  kEmpirical,   // one of `samples`, each as likely (drill measurements)
};

struct Distribution {
  DistributionKind kind = DistributionKind::kFixed;
  double a = 0, b = 0, c = 0;
  std::vector<double> samples;  // kEmpirical: ascending

  static Distribution fixed(double v) { return {DistributionKind::kFixed, v, 0, 0, {}}; }
  bool varies() const;
  // The value a single simulation uses: the median (for samples, the middle one, or the mean of
  // the two middle ones).
  double median() const;
  double sample(TrialRng& rng) const;
  // How it was written, for reports: "5 min", "uniform 5 min to 15 min", "lognormal p50 10 min
  // p90 30 min", "12 samples 42 s to 1 min 5 s"; `format` writes one value.
  std::string describe(std::string (*format)(double)) const;
};

const char* to_string(DistributionKind k);  // "fixed", "uniform", "triangular", ...

}  // namespace drsim::model
