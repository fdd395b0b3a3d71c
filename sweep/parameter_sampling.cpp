#include "sweep/parameter_sampling.hpp"

#include <Random123/philox.h>

#include <boost/random/sobol.hpp>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <stdexcept>

#include "core/units.hpp"

namespace voidsim::sweep {

UserQuantity split_user_quantity(std::string_view text) {
  const Quantity checked = parse_quantity(text);  // throws with the offset of any problem
  (void)checked;
  const std::string copy(text);
  const char* begin = copy.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  std::string unit(end);
  const auto first = unit.find_first_not_of(" \t");
  const auto last = unit.find_last_not_of(" \t");
  unit = first == std::string::npos ? std::string() : unit.substr(first, last - first + 1);
  return {value, unit};
}

std::string format_user_quantity(double value, std::string_view unit) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.12g", value);
  std::string text = buffer;
  if (!unit.empty()) {
    text += ' ';
    text.append(unit);
  }
  return text;
}

std::vector<double> linspace(double from, double to, std::size_t count) {
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i)
    values[i] =
        count == 1 ? from : from + (to - from) * static_cast<double>(i) / static_cast<double>(count - 1);
  if (count > 1) values.back() = to;  // exact end point, whatever the rounding of the step
  return values;
}

std::vector<double> logspace(double from, double to, std::size_t count) {
  if (!(from > 0.0) || !(to > 0.0)) throw std::invalid_argument("logspace needs positive end points");
  std::vector<double> values = linspace(std::log(from), std::log(to), count);
  for (double& v : values) v = std::exp(v);
  values.front() = from;
  if (count > 1) values.back() = to;
  return values;
}

std::vector<std::vector<std::size_t>> cartesian_product(const std::vector<std::size_t>& sizes) {
  std::size_t total = 1;
  for (std::size_t s : sizes) total *= s;
  std::vector<std::vector<std::size_t>> tuples;
  tuples.reserve(total);
  std::vector<std::size_t> index(sizes.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    tuples.push_back(index);
    // Odometer increment: the last list varies fastest, the first slowest.
    for (std::size_t d = sizes.size(); d-- > 0;) {
      if (++index[d] < sizes[d]) break;
      index[d] = 0;
    }
  }
  return tuples;
}

namespace {

// Uniform in [0, 1) from one Philox block of (seed, dimension, draw, purpose).
double philox_uniform(std::uint64_t seed, std::size_t dimension, std::size_t draw, std::uint32_t purpose) {
  constexpr std::uint32_t lhs_tag = 0x4C485300u;  // "LHS": Philox counters used by no other part
  r123::Philox4x32 philox;
  const r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const r123::Philox4x32::ctr_type counter = {
      {static_cast<std::uint32_t>(dimension), static_cast<std::uint32_t>(draw),
       static_cast<std::uint32_t>(static_cast<std::uint64_t>(draw) >> 32), lhs_tag | purpose}};
  const auto w = philox(counter, key);
  const std::uint64_t bits = (static_cast<std::uint64_t>(w[0]) << 21) ^ (w[1] >> 11);
  return static_cast<double>(bits & ((std::uint64_t{1} << 53) - 1)) * 0x1.0p-53;
}

}  // namespace

std::vector<std::vector<double>> latin_hypercube(std::size_t samples, std::size_t dimensions,
                                                 std::uint64_t seed) {
  std::vector<std::vector<double>> points(samples, std::vector<double>(dimensions));
  const double n = static_cast<double>(samples);
  for (std::size_t d = 0; d < dimensions; ++d) {
    // Fisher-Yates shuffle of the strata: point i falls in stratum strata[i].
    std::vector<std::size_t> strata(samples);
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = samples; i-- > 1;) {
      const auto j = static_cast<std::size_t>(philox_uniform(seed, d, i, 1) * static_cast<double>(i + 1));
      std::swap(strata[i], strata[std::min(j, i)]);
    }
    for (std::size_t i = 0; i < samples; ++i) {
      const double offset = philox_uniform(seed, d, i, 2);  // position inside the stratum
      points[i][d] = (static_cast<double>(strata[i]) + offset) / n;
    }
  }
  return points;
}

std::vector<std::vector<double>> sobol_points(std::size_t samples, std::size_t dimensions) {
  std::vector<std::vector<double>> points(samples, std::vector<double>(dimensions));
  if (dimensions == 0) return points;
  boost::random::sobol generator(dimensions);
  // Outputs are 64-bit integers in [0, 2^64); each call gives the next coordinate.
  constexpr double to_unit = 0x1.0p-64;
  for (auto& point : points)
    for (double& x : point) x = static_cast<double>(generator()) * to_unit;
  return points;
}

double map_to_bounds(double u, const Bounds& bounds) {
  if (bounds.scale == Scale::log) return bounds.min * std::pow(bounds.max / bounds.min, u);
  return bounds.min + u * (bounds.max - bounds.min);
}

}  // namespace voidsim::sweep
