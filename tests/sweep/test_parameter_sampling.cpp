// Value generation: ranges in the user's unit, product, Latin hypercube, Sobol, bounds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "sweep/parameter_sampling.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using namespace voidsim::sweep;
using voidsim::testing::close;
using voidsim::testing::round_off;

TEST_CASE("quantities split into the user's number and unit, and print back") {
  const UserQuantity v = split_user_quantity("4.7 V");
  CHECK(v.value == 4.7);
  CHECK(v.unit == "V");
  const UserQuantity d = split_user_quantity("1e-14 cm^2/s");
  CHECK(d.value == 1e-14);
  CHECK(d.unit == "cm^2/s");
  CHECK(split_user_quantity("0.03").unit.empty());
  CHECK_THROWS_AS((void)split_user_quantity("4.7 Vx"), UnitParseError);
  CHECK(format_user_quantity(4.6000000000000005, "V") == "4.6 V");
  CHECK(format_user_quantity(0.1, "") == "0.1");
}

TEST_CASE("linspace and logspace include both ends") {
  const auto lin = linspace(4.5, 4.9, 5);
  REQUIRE(lin.size() == 5);
  const double expected[] = {4.5, 4.6, 4.7, 4.8, 4.9};
  // round_off: one multiply-add per value.
  for (std::size_t i = 0; i < 5; ++i) CHECK(close(lin[i], expected[i], round_off));
  CHECK(lin.back() == 4.9);
  CHECK(linspace(3.0, 7.0, 1) == std::vector<double>{3.0});
  const auto log = logspace(0.01, 1.0, 3);
  CHECK(log[0] == 0.01);
  CHECK(close(log[1], 0.1, round_off));
  CHECK(log[2] == 1.0);
  CHECK_THROWS((void)logspace(0.0, 1.0, 3));
}

TEST_CASE("Cartesian product: the first list varies slowest") {
  const auto t = cartesian_product({2, 3});
  REQUIRE(t.size() == 6);
  CHECK(t[0] == std::vector<std::size_t>{0, 0});
  CHECK(t[1] == std::vector<std::size_t>{0, 1});
  CHECK(t[2] == std::vector<std::size_t>{0, 2});
  CHECK(t[3] == std::vector<std::size_t>{1, 0});
  CHECK(t[5] == std::vector<std::size_t>{1, 2});
  CHECK(cartesian_product({}).size() == 1);  // no parameters: one point
  CHECK(cartesian_product({3, 0}).empty());
}

TEST_CASE("Latin hypercube: one sample per stratum in every dimension") {
  const std::size_t n = 10, dims = 3;
  const auto points = latin_hypercube(n, dims, 5);
  REQUIRE(points.size() == n);
  for (std::size_t d = 0; d < dims; ++d) {
    std::vector<std::size_t> strata;
    for (const auto& p : points) {
      CHECK(p[d] >= 0.0);
      CHECK(p[d] < 1.0);
      strata.push_back(static_cast<std::size_t>(std::floor(p[d] * static_cast<double>(n))));
    }
    std::sort(strata.begin(), strata.end());
    for (std::size_t k = 0; k < n; ++k) CHECK(strata[k] == k);
  }
  CHECK(latin_hypercube(n, dims, 5) == points);  // a sweep file always gives the same points
  CHECK(latin_hypercube(n, dims, 6) != points);
  // The permutations differ between dimensions (else points would lie on the diagonal).
  bool diagonal = true;
  for (const auto& p : points) diagonal = diagonal && std::floor(p[0] * 10) == std::floor(p[1] * 10);
  CHECK_FALSE(diagonal);
}

TEST_CASE("Sobol points follow the Joe-Kuo sequence") {
  // Reference: the unscrambled Sobol sequence (Joe & Kuo 2008 direction numbers; scipy.stats.qmc.Sobol
  // with scramble=False gives these after its leading origin). Exact binary fractions.
  const double expected[6][3] = {{0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},    {0.25, 0.75, 0.75},
                                 {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875}};
  const auto points = sobol_points(6, 3);
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t d = 0; d < 3; ++d) CHECK(points[i][d] == expected[i][d]);
}

TEST_CASE("bounds map the unit interval linearly or on a log scale") {
  CHECK(map_to_bounds(0.25, {4.5, 4.9, Scale::linear}) == doctest::Approx(4.6).epsilon(1e-14));
  CHECK(close(map_to_bounds(0.5, {1.0, 100.0, Scale::log}), 10.0, round_off));
  CHECK(map_to_bounds(0.0, {0.01, 1.0, Scale::log}) == 0.01);
}
