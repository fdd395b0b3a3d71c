// Verification of the void model's Gibbs-Thomson equilibrium in the phase-field engine (MODEL.md
// section 2; derivation in docs/void-model.md, "Gibbs-Thomson"). A circular void (2D: a cylinder,
// curvature 1/R) in a closed box with every source, Li transport, nucleation and defects off must
// relax to uniform mu with omega_s(mu) - omega_v(mu) = gamma / R, i.e. a far-field solid fraction
// c_R = c_s(mu) ~ c_eq exp(gamma Omega / (kT R)). Before the Allen-Cahn stabiliser covered the
// c_v-eta coupling stiffness (solvers/phase_field_engine.cpp, eta_force_slope) the interface cells
// locked into a period-2 cycle at dt = 5 s and the solid stayed at c_v ~ 13-18 c_eq for every R,
// with mu peaked in the interface: this test failed by a factor ~10.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "app/scenario_schema.hpp"
#include "model/void_grand_potential.hpp"
#include "solvers/phase_field_engine.hpp"
#include "tests/solvers/closed_void_box.hpp"

using namespace voidsim;

namespace {

using Overrides = std::vector<std::string>;

/// mu at which a void of radius `radius` coexists with the solid: omega_s - omega_v = (dim - 1)
/// gamma / R (exact in mu, bisection; d(omega_s - omega_v)/d mu = c_v - c_s > 0).
double gibbs_thomson_mu(const VoidGrandPotential& gp, double gamma, double radius, int dimension) {
  const double target = (dimension - 1) * gamma / radius;
  double lo = -1e9, hi = 1e10;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (gp.solid_grand_potential(mid) - gp.void_grand_potential(mid) > target ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

struct Relaxed {
  double radius;       // eta = 1/2 crossing, m
  double c_far;        // solid vacancy fraction in the box corner
  double c_predicted;  // c_s(mu_GT(radius))
  double mu_far;       // J/m^3
  double mu_spread;    // max - min of mu over all cells, J/m^3
  double c_eq;
  double kt_omega;  // kT / Omega, J/m^3
};

/// Plants a void of radius r0 at the centre of a closed 40 x 40 nm box with the in situ defaults
/// (gamma 0.5 J/m^2, l = 1 nm, E_f 0.18 eV, void_well 10 GPa) and c_v at its predicted equilibrium,
/// relaxes for t_end and measures. D_v is raised to 1e-18 m^2/s (equilibrium does not depend on it)
/// so the box (diffusion time L^2 / (pi^2 D) ~ 160 s) relaxes within the test's budget.
Relaxed relax(double r0, double t_end, const Overrides& extra = {}) {
  Overrides o = closed_void_box_overrides();
  o.push_back("void_model.vacancy_diffusivity=1e-18 m^2/s");
  o.insert(o.end(), extra.begin(), extra.end());
  const PhaseFieldSetup setup = PhaseFieldSetup::from(app::load_and_validate("", o));
  PhaseFieldEngine engine(setup);
  const VoidGrandPotential gp(setup.void_model.free_energy());
  const double gamma = setup.void_model.surface_energy, l = setup.void_model.interface_width;
  const Grid& g = engine.grid();
  const double xc = 0.5 * g.nx * g.dx, zc = 0.5 * g.nz * g.dz;
  const double mu0 = gibbs_thomson_mu(gp, gamma, r0, 2);
  double* c = engine.vacancy_fraction();
  double* eta = engine.void_order_parameter();
  for (std::size_t k = 0; k < g.nz; ++k) {
    for (std::size_t i = 0; i < g.nx; ++i) {
      const double x = (i + 0.5) * g.dx, z = (k + 0.5) * g.dz;
      const double e = equilibrium_profile(std::hypot(x - xc, z - zc) - r0, l);
      eta[g.index(i, 0, k)] = e;
      c[g.index(i, 0, k)] = gp.fraction(mu0, interpolation(e));
    }
  }
  engine.advance_to(t_end, {});

  Relaxed r{};
  double mu_min = HUGE_VAL, mu_max = -HUGE_VAL;
  for (std::size_t i = 0; i < g.size(); ++i) {
    const double mu = gp.chemical_potential(c[i], interpolation(std::clamp(eta[i], 0.0, 1.0)), mu0);
    mu_min = std::min(mu_min, mu);
    mu_max = std::max(mu_max, mu);
  }
  // eta = 1/2 crossings (linear interpolation) along the two rows and two columns through the
  // centre (which lies on a cell corner), averaged over the 8 crossings.
  double sum = 0.0;
  int count = 0;
  auto crossings = [&](auto value, std::size_t n, double centre, double d) {
    for (std::size_t a = 0; a + 1 < n; ++a) {
      const double e1 = value(a), e2 = value(a + 1);
      if ((e1 - 0.5) * (e2 - 0.5) < 0.0) {
        sum += std::abs((a + 0.5 + (0.5 - e1) / (e2 - e1)) * d - centre);
        ++count;
      }
    }
  };
  for (const std::size_t row : {g.nz / 2 - 1, g.nz / 2})
    crossings([&](std::size_t a) { return eta[g.index(a, 0, row)]; }, g.nx, xc, g.dx);
  for (const std::size_t col : {g.nx / 2 - 1, g.nx / 2})
    crossings([&](std::size_t a) { return eta[g.index(col, 0, a)]; }, g.nz, zc, g.dz);
  REQUIRE(count == 8);
  r.radius = sum / count;
  r.c_far = c[g.index(0, 0, 0)];
  r.mu_far = gp.chemical_potential(r.c_far, 0.0, mu0);
  r.mu_spread = mu_max - mu_min;
  r.c_predicted = gp.solid_fraction(gibbs_thomson_mu(gp, gamma, r.radius, 2));
  r.c_eq = setup.void_model.free_energy().equilibrium_vacancy_fraction();
  r.kt_omega = setup.void_model.thermal_energy() / setup.void_model.site_volume();
  MESSAGE("R0 " << r0 * 1e9 << " nm -> R " << r.radius * 1e9 << " nm, " << engine.step() << " steps: c_far "
                << r.c_far << " (" << r.c_far / r.c_eq << " c_eq), Gibbs-Thomson " << r.c_predicted << " ("
                << r.c_predicted / r.c_eq << " c_eq), mu_far " << r.mu_far << " J/m^3, spread "
                << r.mu_spread);
  return r;
}

}  // namespace

TEST_CASE("a relaxed void obeys Gibbs-Thomson with a flat chemical potential (R = 3, 5, 8 nm)") {
  for (const double r0 : {3e-9, 5e-9, 8e-9}) {
    const Relaxed r = relax(r0, 2000.0);
    // The void keeps its size (closed box, started at the predicted equilibrium): within 0.3 nm.
    CHECK(std::abs(r.radius - r0) < 0.3e-9);
    // Equilibrium means uniform mu: spread below 1 % of kT/Omega (c_s uniform to 1 %). The residual
    // is the slow end of the over-damped eta relaxation (measured ~0.5 %); the defect this guards
    // against left a spread of ~4 kT/Omega (mu peaked in the interface cells).
    CHECK(r.mu_spread < 0.01 * r.kt_omega);
    // Gibbs-Thomson exponent ln(c_far / c_eq) against ln(c_GT(R) / c_eq) ~ gamma Omega / (kT R) to
    // within 10 %: the diffuse interface weights the curvature by eta'^2, an O(0.3 (l/R)^2) = 3 %
    // correction at R = 3 l, and R from the eta = 1/2 crossing on the 1 nm grid is good to ~0.1 nm
    // (3 % at 3 nm). The defect gave ln(13) / ln(1.5) ~ 6 times the exponent.
    const double measured = std::log(r.c_far / r.c_eq), predicted = std::log(r.c_predicted / r.c_eq);
    CHECK(std::abs(measured - predicted) < 0.10 * predicted);
  }
}

TEST_CASE("the void equilibrium does not depend on the time step (dt_max 5 s vs 0.5 s)") {
  const Relaxed coarse = relax(5e-9, 2000.0);
  const Relaxed fine = relax(5e-9, 2000.0, {"phase_field.dt_max=0.5 s"});
  // 1 % of the excess c_far - c_eq (~0.5 c_eq here): a stationary state is a property of the
  // equations. Before the fix dt_max 5 s gave 18 c_eq and 0.05 s 11 c_eq (both cycles), 0.005 s 1.49.
  CHECK(std::abs(coarse.c_far - fine.c_far) < 0.01 * (fine.c_far - fine.c_eq));
}

TEST_CASE("coupling_stiffness is d/d eta of h' (omega_v - omega_s) at fixed c beyond the h'' term") {
  const PhaseFieldSetup setup = PhaseFieldSetup::from(app::load_and_validate("", {}));
  const VoidGrandPotential gp(setup.void_model.free_energy());
  const double c = 0.2;  // an interface cell's total vacancy fraction
  auto force = [&](double eta) {
    const double mu = gp.chemical_potential(c, interpolation(eta), 0.0);
    return interpolation_derivative(eta) * (gp.void_grand_potential(mu) - gp.solid_grand_potential(mu));
  };
  for (const double eta : {0.2, 0.35, 0.5, 0.7}) {
    const double mu = gp.chemical_potential(c, interpolation(eta), 0.0), d = 1e-5;
    const double numeric =
        (force(eta + d) - force(eta - d)) / (2.0 * d) -
        interpolation_second_derivative(eta) * (gp.void_grand_potential(mu) - gp.solid_grand_potential(mu));
    // 1e-4: central difference, error O(d^2 F''') ~ 1e-9 relative, plus the 1e-14 Newton tolerance
    // amplified by 1/d.
    CHECK(std::abs(numeric - gp.coupling_stiffness(mu, eta)) < 1e-4 * gp.coupling_stiffness(mu, eta));
  }
}
