// The close-packed oxygen sublattice: neighbour tables must be symmetric, at distance a, and
// complete (6 in 2D, 12 in 3D) away from walls; the site density is that of MODEL.md section 3.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/oxygen_lattice.hpp"
#include "tests/model/cubic_box.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::cubic_box;

namespace {

double periodic_distance(const OxygenLattice& l, std::size_t a, std::size_t b) {
  const auto p = l.position(a), q = l.position(b);
  auto wrap = [](double d, double length, bool periodic) {
    if (!periodic) return d;
    return d - length * std::round(d / length);
  };
  const double dx = wrap(p[0] - q[0], l.length_x(), l.periodic_lateral());
  const double dy = wrap(p[1] - q[1], l.length_y(), l.dimension() == 3);
  const double dz = p[2] - q[2];
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

void check_neighbour_table(const OxygenLattice& l) {
  std::uint32_t nb[OxygenLattice::max_coordination], back[OxygenLattice::max_coordination];
  for (std::size_t s = 0; s < l.size(); ++s) {
    const int n = l.neighbours(s, nb);
    const bool interior = l.layer(s) > 0 && l.layer(s) + 1 < l.nz();
    if (interior && l.periodic_lateral()) REQUIRE(n == l.coordination());
    for (int q = 0; q < n; ++q) {
      REQUIRE(nb[q] != s);
      REQUIRE(std::count(nb, nb + n, nb[q]) == 1);
      // Every neighbour at the nearest-neighbour distance (round-off of the positions).
      REQUIRE(periodic_distance(l, s, nb[q]) == doctest::Approx(l.spacing()).epsilon(1e-9));
      const int m = l.neighbours(nb[q], back);
      REQUIRE(std::count(back, back + m, static_cast<std::uint32_t>(s)) == 1);  // symmetric
    }
  }
}

}  // namespace

TEST_CASE("2D triangular lattice: symmetric table of six neighbours at distance a") {
  const OxygenLattice periodic(cubic_box(2, 6), 0.285e-9, true);
  CHECK(periodic.coordination() == 6);
  check_neighbour_table(periodic);
  const OxygenLattice walls(cubic_box(2, 6), 0.285e-9, false);
  check_neighbour_table(walls);
  std::uint32_t nb[12];
  CHECK(walls.neighbours(0, nb) == 2);  // interface corner at a wall: its right neighbour and one below
}

TEST_CASE("3D fcc (ABC-stacked) lattice: symmetric table of twelve neighbours at distance a") {
  const OxygenLattice l(cubic_box(3, 4), 0.285e-9, true);
  CHECK(l.coordination() == 12);
  check_neighbour_table(l);
}

TEST_CASE("site densities of MODEL.md section 3") {
  // 59.4 O sites/nm^3 in MODEL.md (from the measured density); the ideal close-packed lattice
  // with a = 0.285 nm has 1 / (a^3 / sqrt 2) = 61.1 /nm^3, within 3 % of it.
  const OxygenLattice l3(cubic_box(3, 10), 0.285e-9, true);
  CHECK(1.0 / l3.site_measure() * 1e-27 == doctest::Approx(61.1).epsilon(0.002));
  const OxygenLattice l2(cubic_box(2, 100), 0.285e-9, true);
  CHECK(1.0 / l2.site_measure() * 1e-18 == doctest::Approx(14.2).epsilon(0.005));
  // The box is filled to the nearest row: 100 nm / 0.285 nm = 351 sites per row.
  CHECK(l2.mx() == 351);
  CHECK(l2.length_x() == doctest::Approx(100e-9).epsilon(0.002));
  CHECK(l2.length_z() == doctest::Approx(100e-9).epsilon(0.002));
}
