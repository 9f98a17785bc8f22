#include "model/distribution.hpp"

#include <cmath>

namespace drsim::model {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The standard normal's 90th percentile.
constexpr double kZ90 = 1.2815515655446004;
constexpr double kPi = 3.14159265358979323846;

}  // namespace

TrialRng::TrialRng(std::uint64_t seed, std::uint64_t trial) {
  std::uint64_t x = seed;
  std::uint64_t mixed = splitmix64(x) ^ (trial * 0xd1b54a32d192ed03ULL);
  for (auto& s : s_) s = splitmix64(mixed);
}

std::uint64_t TrialRng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double TrialRng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double TrialRng::normal() {
  const double u1 = 1.0 - uniform();  // (0, 1]: the logarithm stays finite
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

bool Distribution::varies() const {
  switch (kind) {
    case DistributionKind::kFixed:
      return false;
    case DistributionKind::kUniform:
      return b > a;
    case DistributionKind::kTriangular:
      return c > a;
    case DistributionKind::kLognormal:
      return b > a;
    case DistributionKind::kEmpirical:
      return !samples.empty() && samples.back() > samples.front();
  }
  return false;
}

double Distribution::median() const {
  switch (kind) {
    case DistributionKind::kFixed:
    case DistributionKind::kLognormal:
      return a;
    case DistributionKind::kUniform:
      return a + (b - a) / 2;
    case DistributionKind::kTriangular: {
      const double width = c - a;
      if (width <= 0) return a;
      if (b - a >= width / 2) return a + std::sqrt(width * (b - a) / 2);
      return c - std::sqrt(width * (c - b) / 2);
    }
    case DistributionKind::kEmpirical: {
      if (samples.empty()) return 0;
      const std::size_t n = samples.size();
      return n % 2 ? samples[n / 2]
                   : samples[n / 2 - 1] + (samples[n / 2] - samples[n / 2 - 1]) / 2;
    }
  }
  return a;
}

double Distribution::sample(TrialRng& rng) const {
  switch (kind) {
    case DistributionKind::kFixed:
      return a;
    case DistributionKind::kUniform:
      return a + (b - a) * rng.uniform();
    case DistributionKind::kTriangular: {
      // Inverse of the cumulative distribution.
      const double u = rng.uniform(), width = c - a;
      if (width <= 0) return a;
      const double split = (b - a) / width;
      return u < split ? a + std::sqrt(u * width * (b - a))
                       : c - std::sqrt((1 - u) * width * (c - b));
    }
    case DistributionKind::kLognormal: {
      const double sigma = (std::log(b) - std::log(a)) / kZ90;
      return a * std::exp(sigma * rng.normal());
    }
    case DistributionKind::kEmpirical: {
      if (samples.empty()) return 0;
      const auto n = static_cast<std::uint64_t>(samples.size());
      return samples[static_cast<std::size_t>(rng.next() % n)];
    }
  }
  return a;
}

std::string Distribution::describe(std::string (*format)(double)) const {
  switch (kind) {
    case DistributionKind::kFixed:
      return format(a);
    case DistributionKind::kUniform:
      return "uniform " + format(a) + " to " + format(b);
    case DistributionKind::kTriangular:
      return "triangular " + format(a) + " to " + format(c) + ", most often " + format(b);
    case DistributionKind::kLognormal:
      return "lognormal p50 " + format(a) + " p90 " + format(b);
    case DistributionKind::kEmpirical:
      if (samples.empty()) return "no samples";
      return std::to_string(samples.size()) + " samples " + format(samples.front()) + " to " +
             format(samples.back());
  }
  return format(a);
}

const char* to_string(DistributionKind k) {
  switch (k) {
    case DistributionKind::kFixed:
      return "fixed";
    case DistributionKind::kUniform:
      return "uniform";
    case DistributionKind::kTriangular:
      return "triangular";
    case DistributionKind::kLognormal:
      return "lognormal";
    case DistributionKind::kEmpirical:
      return "samples";
  }
  return "fixed";
}

}  // namespace drsim::model
