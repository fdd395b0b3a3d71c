// Tests of model/defect_density.hpp: defect density kinetics, the Hart equation and the field means
// written to the porosity curve.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <vector>

#include "model/defect_density.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

TEST_CASE("defect density relaxes to sqrt(k_gen eps_dot / k_ann)") {
  DefectDensityModel m;
  const double eps_dot = m.strain_rate(-4e-4, 1e-5);  // 1/s
  CHECK(close(eps_dot, 0.015 * 4e-4 + 0.05 * 1e-5, 1e-15));
  const double expected = std::sqrt(m.generation_coefficient * eps_dot / m.annihilation_coefficient);
  CHECK(close(m.steady_state(eps_dot), expected, 1e-15));
  CHECK(std::abs(m.rate(expected, eps_dot, 0.0)) < 1e-12 * m.generation_coefficient * eps_dot);
  // From below and from above, the exact update converges (4000 s = 40 relaxation times 1/(2 k rho_ss) = 100
  // s: e^-40).
  for (double rho0 : {0.0, 1e15, 1e18}) {
    double rho = rho0;
    for (int i = 0; i < 400; ++i) rho = m.advance(rho, eps_dot, 0.0, 10.0);
    CHECK(close(rho, expected, 1e-10));
  }
}

TEST_CASE("exact defect update agrees with fine explicit integration of the rate") {
  // Forward Euler with dt = 1e-3 s over 50 s: first-order error ~ 1e-5 relative; tolerance 1e-4.
  DefectDensityModel m;
  m.escape_enabled = true;
  const double eps_dot = 6e-6, weight = 0.3;
  for (double rho0 : {1e14, 3e16}) {
    double rho = rho0;
    for (int i = 0; i < 50000; ++i) rho += 1e-3 * m.rate(rho, eps_dot, weight);
    // Exact generation/annihilation part plus split escape: compare against tiny split steps.
    double split = rho0;
    for (int i = 0; i < 5000; ++i) split = m.advance(split, eps_dot, weight, 1e-2);
    CHECK(close(rho, split, 1e-4));
  }
  // Pure annihilation (no strain): 1 / (1/rho + k t).
  m.escape_enabled = false;
  CHECK(close(m.advance(1e16, 0.0, 0.0, 100.0), 1.0 / (1e-16 + m.annihilation_coefficient * 100.0), 1e-12));
  m.enabled = false;
  CHECK(m.advance(1e16, 1e-3, 0.0, 100.0) == 1e16);
  CHECK(m.rate(1e16, 1e-3, 0.0) == 0.0);
}

TEST_CASE("escape near free surfaces lowers the defect density only when enabled") {
  DefectDensityModel m;
  const double eps_dot = 6e-6, rho = 1e16;
  CHECK(m.rate(rho, eps_dot, m.surface_weight(0.0)) == m.rate(rho, eps_dot, 0.0));  // disabled by default
  m.escape_enabled = true;
  CHECK(m.rate(rho, eps_dot, m.surface_weight(0.0)) < m.rate(rho, eps_dot, m.surface_weight(50e-9)));
  CHECK(m.surface_weight(0.0) == 1.0);
}

TEST_CASE("Hart equation limits") {
  DefectDensityModel m;
  const double d = 1e-18;
  CHECK(m.effective_diffusivity(d, 0.0) == d);  // no defects: lattice value
  // Cores fill the volume (f = 1): pure pipe diffusivity.
  CHECK(close(m.effective_diffusivity(d, 1e30), d * m.pipe_diffusivity_ratio, 1e-14));
  // Dilute: D_v (1 + pi a^2 rho (ratio - 1)) ; 1e16 m^-2 with a = 0.5 nm: f = 7.85e-3.
  const double f = M_PI * 0.25e-18 * 1e16;
  CHECK(close(m.core_fraction(1e16), f, 1e-14));
  CHECK(close(m.effective_diffusivity(d, 1e16), d * (1.0 + f * (m.pipe_diffusivity_ratio - 1.0)), 1e-14));
  m.pipe_enabled = false;
  CHECK(m.effective_diffusivity(d, 1e16) == d);
}

TEST_CASE("defect density means over the section and the band next to the interface") {
  // rho = (k + 1) 1e15 /m^2 in row k of 1 nm cells: the band of 10 nm holds rows 0..9 (centres
  // 0.5 .. 9.5 nm), mean 5.5e15; the section's 20 rows have mean 10.5e15.
  Grid g;
  g.nx = 4;
  g.nz = 20;
  g.dx = g.dz = 1e-9;
  std::vector<double> rho(g.size());
  for (std::size_t k = 0; k < g.nz; ++k)
    for (std::size_t i = 0; i < g.nx; ++i) rho[g.index(i, 0, k)] = 1e15 * static_cast<double>(k + 1);
  DefectDensityMeans m = defect_density_means(g, rho.data());
  CHECK(m.section == doctest::Approx(10.5e15).epsilon(1e-12));
  CHECK(m.interface_band == doctest::Approx(5.5e15).epsilon(1e-12));
  // The grid starts 5 nm below the interface: rows 0..4 lie in the band.
  g.z0 = 5e-9;
  m = defect_density_means(g, rho.data());
  CHECK(m.interface_band == doctest::Approx(3e15).epsilon(1e-12));
  // No cell centre in the band.
  g.z0 = 20e-9;
  CHECK(defect_density_means(g, rho.data()).interface_band == 0.0);
  // 3D: a row is an x-y layer; a layer-constant field gives the same means.
  Grid g3;
  g3.dimension = 3;
  g3.nx = 2;
  g3.ny = 3;
  g3.nz = 20;
  g3.dx = g3.dy = g3.dz = 1e-9;
  std::vector<double> rho3(g3.size());
  for (std::size_t k = 0; k < g3.nz; ++k)
    for (std::size_t j = 0; j < g3.ny; ++j)
      for (std::size_t i = 0; i < g3.nx; ++i) rho3[g3.index(i, j, k)] = 1e15 * static_cast<double>(k + 1);
  m = defect_density_means(g3, rho3.data(), 3e-9);
  CHECK(m.section == doctest::Approx(10.5e15).epsilon(1e-12));
  CHECK(m.interface_band == doctest::Approx(2e15).epsilon(1e-12));
}
