// Tests of model/void_nucleation.hpp: the CNT rate, its barrier and the heterogeneous factor.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

#include "model/void_nucleation.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {
NucleationRate model(int dimension = 3) {
  return NucleationParameters{}.rate_model(dimension, VoidModelParameters{});
}
}  // namespace

TEST_CASE("CNT rate is zero at and below saturation and increases with supersaturation") {
  NucleationRate r = model();
  const double c_eq = r.equilibrium_fraction;
  for (double c : {0.0, 0.5 * c_eq, c_eq}) CHECK(r.rate(c, 1e16, 0.0) == 0.0);
  double previous = 0.0;
  int positive = 0;
  for (double c = 10.0 * c_eq; c < 0.5; c *= 3.0) {
    const double j = r.rate(c, 1e16, 0.0);
    CHECK(j >= previous);
    if (j > 0.0) {
      ++positive;
      CHECK(j > previous);  // strictly increasing once representable
    }
    CHECK(j <= r.prefactor);
    previous = j;
  }
  CHECK(positive > 3);  // the ladder crosses the threshold (the test is not vacuous)
}

TEST_CASE("homogeneous barrier equals the maximum of the CNT free energy at r*") {
  // dG* = 16 pi gamma^3 / (3 dG_v^2) = dG(r*) with dG(r) = 4 pi r^2 gamma - 4/3 pi r^3 dG_v.
  NucleationRate r = model();
  const double c = 1e-3;
  const double dg = r.driving_force(c);
  const double rs = r.critical_radius(c);
  CHECK(close(rs, 2.0 * r.surface_energy / dg, 1e-14));
  const double at_rs = 4.0 * M_PI * rs * rs * r.surface_energy - 4.0 / 3.0 * M_PI * rs * rs * rs * dg;
  CHECK(close(r.homogeneous_barrier(dg), at_rs, 1e-12));
  // 2D cylinder: per length pi gamma^2 / dG_v = max of 2 pi r gamma - pi r^2 dG_v, times t.
  r.dimension = 2;
  r.cross_section = CrossSectionNucleus::cylinder;
  const double rc = r.critical_radius(c);
  CHECK(close(rc, r.surface_energy / dg, 1e-14));
  const double per_length = 2.0 * M_PI * rc * r.surface_energy - M_PI * rc * rc * dg;
  CHECK(close(r.homogeneous_barrier(dg), per_length * r.section_thickness, 1e-12));
  // 2D sphere_in_slab uses the 3D barrier.
  r.cross_section = CrossSectionNucleus::sphere_in_slab;
  CHECK(close(r.homogeneous_barrier(dg), at_rs, 1e-12));
}

TEST_CASE("heterogeneous factor lies between S_d S_i and 1 with the documented limits") {
  NucleationRate r = model();
  const double s_min = r.defect_factor * r.interface_factor;
  for (double rho : {0.0, 1e14, 1e15, 1e16, 1e18, 1e30}) {
    for (double depth : {0.0, 1e-9, 1e-8, 1e-7, 1.0}) {
      const double f = r.heterogeneous_factor(rho, depth);
      CHECK(f > 0.0);
      CHECK(f <= 1.0);
      CHECK(f >= s_min * (1.0 - 1e-15));
    }
  }
  CHECK(r.heterogeneous_factor(0.0, 1.0) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(r.heterogeneous_factor(1e30, 0.0) == doctest::Approx(s_min).epsilon(1e-12));
  // Monotone: more defects or closer to the interface never raise the barrier.
  CHECK(r.heterogeneous_factor(1e16, 5e-9) < r.heterogeneous_factor(1e15, 5e-9));
  CHECK(r.heterogeneous_factor(1e16, 1e-9) < r.heterogeneous_factor(1e16, 5e-8));
  // ... and the rate is higher where the factor is lower.
  CHECK(r.rate(1e-3, 1e16, 0.0) > r.rate(1e-3, 0.0, 1e-6));
  r.heterogeneous = false;
  CHECK(r.heterogeneous_factor(1e30, 0.0) == 1.0);
  CHECK(spherical_cap_factor(M_PI) == doctest::Approx(1.0));
  CHECK(spherical_cap_factor(M_PI / 2) == doctest::Approx(0.5));
  CHECK(spherical_cap_factor(1e-8) < 1e-15);
}

TEST_CASE("threshold vacancy fraction inverts the rate") {
  for (int dim : {2, 3}) {
    NucleationRate r = model(dim);
    for (double target : {1e15, 1e20, 1e25}) {
      for (double f_het : {0.025, 0.1, 1.0}) {
        const double c = r.threshold_vacancy_fraction(target, f_het);
        const double j =
            r.prefactor * std::exp(-f_het * r.homogeneous_barrier(r.driving_force(c)) / r.thermal_energy);
        CHECK(close(j, target, 1e-9));
      }
    }
  }
  CHECK(std::isinf(model().threshold_vacancy_fraction(1e40, 1.0)));
}
