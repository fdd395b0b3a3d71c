// Tests of postprocess/void_surroundings.cpp on hand-made sections whose shells can be counted:
// a void in layered lattice and one in a rock-salt region, shells that meet, the size filter and
// the periodic lateral boundary.
#include <doctest/doctest.h>

#include <vector>

#include "postprocess/void_surroundings.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;

namespace {

Grid section(std::size_t nx, std::size_t nz) {
  Grid g;
  g.dimension = 2;
  g.nx = nx;
  g.nz = nz;
  return g;
}

VoidStatisticsOptions detection(bool periodic, std::size_t min_cells = 1) {
  VoidStatisticsOptions o;
  o.periodic_x = periodic;
  o.min_cells = min_cells;
  return o;
}

}  // namespace

TEST_CASE("a void's shell is the solid around it, with that solid's phases and mixing") {
  const Grid g = section(20, 10);
  std::vector<double> eta(g.size(), 0.0), spinel(g.size(), 0.0), mixing(g.size(), 0.0);
  for (std::size_t k = 0; k < g.nz; ++k)
    for (std::size_t i = 10; i < g.nx; ++i) {  // right half: spinel with 30 % cation mixing
      spinel[g.index(i, 0, k)] = 1.0;
      mixing[g.index(i, 0, k)] = 0.3;
    }
  eta[g.index(5, 0, 5)] = 1.0;  // one cell in layered lattice
  for (std::size_t k = 5; k <= 6; ++k)
    for (std::size_t i = 14; i <= 15; ++i) eta[g.index(i, 0, k)] = 1.0;  // 2 x 2 in spinel

  const auto voids =
      void_surroundings(g, eta.data(), spinel.data(), nullptr, mixing.data(), detection(false), 1);
  REQUIRE(voids.size() == 2);
  const VoidSurroundings& small = voids[0].void_cells == 1 ? voids[0] : voids[1];
  const VoidSurroundings& large = voids[0].void_cells == 1 ? voids[1] : voids[0];
  CHECK(small.shell_cells == 8);  // the 3 x 3 block around it
  CHECK(small.non_layered_fraction == 0.0);
  CHECK(small.cation_mixing == 0.0);
  CHECK(large.void_cells == 4);
  CHECK(large.shell_cells == 12);  // 4 x 4 - 2 x 2
  CHECK(testing::close(large.non_layered_fraction, 1.0, testing::round_off));
  CHECK(testing::close(large.cation_mixing, 0.3, testing::round_off));
  CHECK(layered_fraction_of(voids, 0.1) == 0.5);
  CHECK(layered_fraction_of(voids, 1.0) == 1.0);
  CHECK(layered_fraction_of({}, 0.1) == 0.0);

  // Only voids of at least min_cells are judged.
  const auto large_only =
      void_surroundings(g, eta.data(), spinel.data(), nullptr, mixing.data(), detection(false, 2), 1);
  REQUIRE(large_only.size() == 1);
  CHECK(large_only[0].void_cells == 4);
}

TEST_CASE("shells that meet share their cells: each solid cell goes to one void") {
  const Grid g = section(20, 10);
  std::vector<double> eta(g.size(), 0.0);
  eta[g.index(5, 0, 5)] = 1.0;
  eta[g.index(8, 0, 5)] = 1.0;
  const auto voids = void_surroundings(g, eta.data(), nullptr, nullptr, nullptr, detection(false), 2);
  REQUIRE(voids.size() == 2);
  // Within 2 steps of either: columns 3..10, rows 3..7, minus the two void cells.
  CHECK(voids[0].shell_cells + voids[1].shell_cells == 8 * 5 - 2);
  CHECK(voids[0].shell_cells >= 12);  // each keeps at least the cells on its far side
  CHECK(voids[1].shell_cells >= 12);
}

TEST_CASE("the shell wraps around a periodic lateral boundary and stops at the others") {
  const Grid g = section(20, 10);
  std::vector<double> eta(g.size(), 0.0), rock_salt(g.size(), 0.0);
  eta[g.index(0, 0, 5)] = 1.0;
  for (std::size_t k = 0; k < g.nz; ++k) rock_salt[g.index(19, 0, k)] = 1.0;  // the far column
  const auto wrapped =
      void_surroundings(g, eta.data(), nullptr, rock_salt.data(), nullptr, detection(true), 1);
  REQUIRE(wrapped.size() == 1);
  CHECK(wrapped[0].shell_cells == 8);
  CHECK(testing::close(wrapped[0].non_layered_fraction, 3.0 / 8.0, testing::round_off));
  const auto bounded =
      void_surroundings(g, eta.data(), nullptr, rock_salt.data(), nullptr, detection(false), 1);
  CHECK(bounded[0].shell_cells == 5);
  CHECK(bounded[0].non_layered_fraction == 0.0);
  // The interface row: a void in row 0 has no shell above it.
  std::vector<double> top(g.size(), 0.0);
  top[g.index(10, 0, 0)] = 1.0;
  CHECK(void_surroundings(g, top.data(), nullptr, nullptr, nullptr, detection(false), 1)[0].shell_cells == 5);
}
