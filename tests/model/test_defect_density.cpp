// Tests of model/defect_density.hpp: defect density kinetics and the Hart equation.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

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
