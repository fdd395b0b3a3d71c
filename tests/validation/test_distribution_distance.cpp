// Tests of validation/distribution_distance.cpp against distances worked out by hand: shifted
// samples, a point mass against a uniform bin, two uniform histograms, the truncation of a bin,
// and Kolmogorov's p-value at tabulated points.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "tests/tolerance.hpp"
#include "validation/distribution_distance.hpp"

using namespace voidsim;
using testing::close;
using testing::round_off;

TEST_CASE("identical samples are at distance zero with p-value one") {
  const auto a = SizeDistribution::from_samples({3.0, 1.0, 2.0});
  const auto d = distribution_distance(a, a);
  REQUIRE(d);
  CHECK(d->ks_statistic == 0.0);
  CHECK(d->wasserstein == 0.0);
  CHECK(d->ks_p_value == 1.0);
  CHECK(d->effective_size == doctest::Approx(1.5));
}

TEST_CASE("samples shifted by s are W1 = s apart, and KS is one sample share") {
  const auto a = SizeDistribution::from_samples({1.0, 2.0, 3.0});
  const auto b = SizeDistribution::from_samples({1.5, 2.5, 3.5});
  const auto d = distribution_distance(a, b);
  REQUIRE(d);
  CHECK(close(d->wasserstein, 0.5, round_off));
  CHECK(close(d->ks_statistic, 1.0 / 3.0, round_off));
  // Symmetric.
  const auto e = distribution_distance(b, a);
  CHECK(close(e->wasserstein, d->wasserstein, round_off));
  CHECK(close(e->ks_statistic, d->ks_statistic, round_off));
}

TEST_CASE("a point mass at 1/2 against one uniform bin from 0 to 1: W1 = 1/4, KS = 1/2") {
  const auto point = SizeDistribution::from_samples({0.5});
  const auto uniform = SizeDistribution::from_histogram({0.0}, {1.0}, {10.0});
  const auto d = distribution_distance(point, uniform);
  REQUIRE(d);
  CHECK(close(d->wasserstein, 0.25, round_off));
  CHECK(close(d->ks_statistic, 0.5, round_off));
  CHECK(uniform.size() == 10.0);
  CHECK(close(uniform.mean(), 0.5, round_off));
  CHECK(close(uniform.cdf(0.25), 0.25, round_off));
}

TEST_CASE("uniform from 0 to 1 against uniform from 0 to 2 in two bins: W1 = 1/2, KS = 1/2") {
  const auto narrow = SizeDistribution::from_histogram({0.0}, {1.0}, {4.0});
  const auto wide = SizeDistribution::from_histogram({1.0, 0.0}, {2.0, 1.0}, {3.0, 3.0});  // any order
  const auto d = distribution_distance(narrow, wide);
  REQUIRE(d);
  // integral_0^1 (x - x/2) dx + integral_1^2 (1 - x/2) dx = 1/4 + 1/4.
  CHECK(close(d->wasserstein, 0.5, round_off));
  CHECK(close(d->ks_statistic, 0.5, round_off));
}

TEST_CASE("W1 splits a crossing: samples 0 and 1 against a uniform bin from 0 to 1") {
  // F_s = 1/2 on [0, 1), F_u = x: integral of |1/2 - x| over [0, 1] = 1/4.
  const auto a = SizeDistribution::from_samples({0.0, 1.0});
  const auto u = SizeDistribution::from_histogram({0.0}, {1.0}, {1.0});
  CHECK(close(distribution_distance(a, u)->wasserstein, 0.25, round_off));
}

TEST_CASE("truncation keeps the part above the limit, a straddling bin in proportion") {
  const auto h = SizeDistribution::from_histogram({0.0, 2.0}, {2.0, 3.0}, {4.0, 1.0}).truncated_below(1.0);
  CHECK(close(h.size(), 3.0, round_off));
  CHECK(h.cdf(1.0) == 0.0);
  CHECK(close(h.cdf(2.0), 2.0 / 3.0, round_off));
  const auto s = SizeDistribution::from_samples({0.5, 1.0, 4.0}).truncated_below(1.0);
  CHECK(s.size() == 2.0);
  CHECK(close(s.mean(), 2.5, round_off));
}

TEST_CASE("empty distributions give no distance and bad histograms are refused") {
  CHECK_FALSE(
      distribution_distance(SizeDistribution::from_samples({}), SizeDistribution::from_samples({1.0})));
  CHECK_THROWS_AS((void)SizeDistribution::from_histogram({0.0, 0.5}, {1.0, 2.0}, {1.0, 1.0}),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)SizeDistribution::from_histogram({1.0}, {1.0}, {1.0}), std::invalid_argument);
  CHECK_THROWS_AS((void)SizeDistribution::from_histogram({0.0}, {1.0}, {-1.0}), std::invalid_argument);
}

TEST_CASE("Kolmogorov's p-value at tabulated points of Q_KS") {
  // Q_KS(lambda) = 2 sum (-1)^(j-1) exp(-2 j^2 lambda^2): Q(1.0) = 0.26999967, Q(1.36) = 0.049486,
  // Q(1.63) = 0.0098464 (the series summed to 100 terms). A huge effective size makes lambda = sqrt(n) d.
  const double n = 1e12;
  const double tolerance = 2e-5;  // Stephens' correction at n = 1e12 shifts lambda by 1.2e-7
  CHECK(close(kolmogorov_p_value(1.0 / 1e6, n), 0.26999967, 0.0, tolerance));
  CHECK(close(kolmogorov_p_value(1.36 / 1e6, n), 0.049486, 0.0, tolerance));
  CHECK(close(kolmogorov_p_value(1.63 / 1e6, n), 0.0098464, 0.0, tolerance));
  CHECK(kolmogorov_p_value(0.0, 10.0) == 1.0);
  // Small samples: lambda = (sqrt(5) + 0.12 + 0.11 / sqrt(5)) 0.5 = 1.2026, Q = 0.11084 (against
  // Q(sqrt(5) 0.5) = 0.16408 without the correction).
  CHECK(close(kolmogorov_p_value(0.5, 5.0), 0.11084, 0.0, 1e-5));
}
