// The ziggurat's Exp(1) variates: the boxes close at the top, and the samples follow 1 - e^-x
// (moments, the CDF at points in the boxes, the wedges and the tail).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/exponential_ziggurat.hpp"
#include "core/random.hpp"

using namespace voidsim;

TEST_CASE("exponential ziggurat: 256 boxes of equal area close at the top") {
  const ExponentialZiggurat z;
  const double v = z.box_area();
  CHECK(z.edge(1) == ExponentialZiggurat::r);
  for (int i = 1; i < ExponentialZiggurat::layers; ++i) CHECK(z.edge(i + 1) < z.edge(i));
  CHECK(z.edge(ExponentialZiggurat::layers) == 0.0);
  // The top box [0, x_255] x [e^-x_255, 1] must have the area v of the others: 1.3e-13 of v
  // (the round-off of 254 steps of the recursion).
  const double x = z.edge(ExponentialZiggurat::layers - 1);
  CHECK(std::abs(x * (1.0 - std::exp(-x)) - v) < 1e-12 * v);
  // An inner box: [0, x_i] x [e^-x_i, e^-x_(i+1)].
  CHECK(std::abs(z.edge(100) * (std::exp(-z.edge(101)) - std::exp(-z.edge(100))) - v) < 1e-12);
}

TEST_CASE("exponential ziggurat: two million samples follow Exp(1)") {
  const ExponentialZiggurat z;
  const CounterRandom rng(21, RandomStream::test);
  const std::uint64_t n = 2'000'000;
  const std::vector<double> points = {0.05, 0.5, 1.0, 2.0, 4.0, 7.0, ExponentialZiggurat::r, 9.0};
  std::vector<double> below(points.size(), 0.0);
  double sum = 0.0, sum2 = 0.0;
  std::uint64_t extra = 0;  // calls that needed a further block (wedge or tail)
  for (std::uint64_t k = 0; k < n; ++k) {
    const auto w = rng.words(k, 0);
    const double x = z.sample((static_cast<std::uint64_t>(w[0]) << 32) | w[1], [&](std::uint32_t a) {
      ++extra;
      return rng.words(k, a, 1);
    });
    REQUIRE(x >= 0.0);
    sum += x;
    sum2 += x * x;
    for (std::size_t p = 0; p < points.size(); ++p) below[p] += x <= points[p] ? 1.0 : 0.0;
  }
  const double nn = static_cast<double>(n);
  // Mean 1 and variance 1: 5 sigma (the mean's sigma 1/sqrt(n), the variance's sqrt(8/n)).
  const double mean = sum / nn;
  CHECK(std::abs(mean - 1.0) < 5.0 / std::sqrt(nn));
  CHECK(std::abs(sum2 / nn - mean * mean - 1.0) < 5.0 * std::sqrt(8.0 / nn));
  // CDF at each point within 5 binomial sigma; the last points probe the tail beyond r
  // (P(X > r) = e^-r = 4.5e-4, about 900 samples).
  for (std::size_t p = 0; p < points.size(); ++p) {
    const double expected = 1.0 - std::exp(-points[p]);
    const double sigma = std::sqrt(expected * (1.0 - expected) / nn);
    CAPTURE(points[p]);
    CHECK(std::abs(below[p] / nn - expected) < 5.0 * sigma + 1e-7);
  }
  // The fast path takes ~97.8 % of the calls: 2.2 % of the boxes' area lies outside their fast
  // rectangles.
  CHECK(static_cast<double>(extra) / nn > 0.015);
  CHECK(static_cast<double>(extra) / nn < 0.03);
}
