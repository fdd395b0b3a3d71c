#pragma once
// Grand-potential form of the void model (Plapp, Phys. Rev. E 84, 031601 (2011); applied to voids
// e.g. by Aagesen et al., Comput. Mater. Sci. 140, 10 (2017)). The free energies are those of
// MODEL.md section 2 -- f_s(c) = [E_f c + kT (c ln c + (1-c) ln(1-c))] / Omega, f_v = A (c-1)^2 --
// but the vacancy field is advanced through its chemical potential mu:
//   c(mu, eta) = (1 - h) c_s(mu) + h c_v(mu),  c_s = 1 / (1 + exp((E_f - mu Omega)/kT)),
//   c_v = 1 + mu / (2 A),  and the Allen-Cahn driving force is h'(eta) (omega_v - omega_s) with
//   the grand potentials omega = f - mu c.
// Why (docs/void-model.md, "Numerical formulation"): the direct form dc/dt = div(M grad df/dc)
// with c_v spanning 1e-10 .. 1 is ill-conditioned on a grid (logarithms of neighbouring cells
// differ by 20, one round-off undershoot gives fluxes 1e6 too large; measured failures at the
// first void of the default scenario), and its diffuse interface holds a spurious solid-side
// equilibrium (voids stalled at c_v = 0.02 outside). In the grand-potential form the solid
// flux is Fickian in c_s(mu), the driving force (omega_v - omega_s ~ -(kT/Omega) ln(c/c_eq) in
// the dilute limit, the classical-nucleation driving force) is bounded, and bulk and interface
// properties decouple. Equilibria of the two forms are the same (common tangent = equal mu and
// equal omega).
#include <algorithm>
#include <cmath>

#include "model/void_free_energy.hpp"

namespace voidsim {

struct VoidGrandPotential {
  double formation_energy;  // E_f, J
  double thermal_energy;    // kT, J
  double site_volume;       // Omega, m^3
  double void_well;         // A, J/m^3

  explicit VoidGrandPotential(const VoidFreeEnergy& f)
      : formation_energy(f.formation_energy),
        thermal_energy(f.thermal_energy),
        site_volume(f.site_volume),
        void_well(f.void_well) {}

  /// y = (mu Omega - E_f) / kT, the argument of the solid's logistic occupancy.
  [[nodiscard]] double reduced(double mu) const noexcept {
    return (mu * site_volume - formation_energy) / thermal_energy;
  }
  /// Solid vacancy fraction in equilibrium with mu (Fermi-Dirac form of the regular solution).
  [[nodiscard]] double solid_fraction(double mu) const noexcept {
    const double y = reduced(mu);
    return y >= 0.0 ? 1.0 / (1.0 + std::exp(-y)) : std::exp(y) / (1.0 + std::exp(y));
  }
  /// dc_s/dmu = (Omega/kT) c_s (1 - c_s).
  [[nodiscard]] double solid_susceptibility(double mu) const noexcept {
    const double c = solid_fraction(mu);
    return site_volume / thermal_energy * c * (1.0 - c);
  }
  /// Void-phase vacancy fraction: f_v'(c) = mu -> c = 1 + mu / (2A).
  [[nodiscard]] double void_fraction(double mu) const noexcept { return 1.0 + mu / (2.0 * void_well); }
  /// omega_s = f_s - mu c_s = (kT/Omega) ln(1 - c_s) = -(kT/Omega) ln(1 + e^y).
  [[nodiscard]] double solid_grand_potential(double mu) const noexcept {
    const double y = reduced(mu);
    const double softplus = y > 30.0 ? y + std::log1p(std::exp(-y)) : std::log1p(std::exp(y));
    return -thermal_energy / site_volume * softplus;
  }
  /// omega_v = f_v - mu c_v = -mu - mu^2 / (4A).
  [[nodiscard]] double void_grand_potential(double mu) const noexcept {
    return -mu - mu * mu / (4.0 * void_well);
  }
  /// Total vacancy fraction c(mu, h) of a cell with void fraction h.
  [[nodiscard]] double fraction(double mu, double h) const noexcept {
    return (1.0 - h) * solid_fraction(mu) + h * void_fraction(mu);
  }

  /// d/d eta of the Allen-Cahn term h'(eta) (omega_v - omega_s) through mu at *fixed c*, the part
  /// the interpolation does not show: c = (1 - h) c_s + h c_v held, so d mu/d eta = -h' (c_v - c_s)
  /// / chi with chi = dc/dmu = (1 - h) c_s' + h / (2A), and d(omega_v - omega_s)/d mu = -(c_v - c_s):
  ///   K = h'^2 (c_v - c_s)^2 / chi >= 0,  J/m^3.
  /// Why it matters: the engine advances eta with mu frozen at the step's start (c is conserved and
  /// moves only by diffusion), i.e. this coupling is explicit; a semi-implicit Allen-Cahn step with
  /// stabiliser S is stable only if S >= K / 2 (docs/void-model.md, "Gibbs-Thomson"). K peaks near
  /// eta ~ 0.3 on the solid side and grows as c_s falls: its dilute limit is 2A max(h'^2 / h) = 21.6 A.
  [[nodiscard]] double coupling_stiffness(double mu, double eta) const noexcept {
    const double h = interpolation(eta), hp = interpolation_derivative(eta);
    const double chi = (1.0 - h) * solid_susceptibility(mu) + h / (2.0 * void_well);
    const double jump = void_fraction(mu) - solid_fraction(mu);
    return chi > 0.0 ? hp * hp * jump * jump / chi : 0.0;
  }

  /// Closed forms of a solid cell (h = 0, c in (0, 1)), where c_s(mu) = c inverts exactly:
  /// mu = (E_f + kT ln(c / (1 - c))) / Omega and omega_s = (kT/Omega) ln(1 - c). Why: almost every
  /// cell of a run is bulk solid, and these cost two logarithms against the Newton solve's ~5
  /// exponentials (measured: the grand-potential evaluation was the largest single cost of a step).
  /// Both come from one ln(1 - c): the compiler may not merge two log1p calls (they may set errno),
  /// and the engine evaluates both for every bulk cell in every coupling pass.
  struct SolidState {
    double chemical_potential;  // mu, J/m^3
    double grand_potential;     // omega_s, J/m^3
  };
  [[nodiscard]] SolidState solid_state_at_fraction(double c) const noexcept {
    const double log_solid = std::log1p(-c);
    return {(formation_energy + thermal_energy * (std::log(c) - log_solid)) / site_volume,
            thermal_energy / site_volume * log_solid};
  }

  /// Inverts c(mu, h) = c for mu: the map is strictly increasing in mu. Safeguarded Newton on y
  /// starting from `guess` (the previous step's mu), converged to 1e-12 relative in c.
  [[nodiscard]] double chemical_potential(double c, double h, double guess) const noexcept {
    const double kt_omega = thermal_energy / site_volume;
    double lo = -800.0, hi = 800.0;  // bracket in y; c_s is 0 or 1 to double precision beyond it
    // Beyond the bracket only the void branch can still change c: widen if h > 0 needs it.
    double y = std::clamp(reduced(guess), lo, hi);
    for (int iteration = 0; iteration < 100; ++iteration) {
      const double mu = (formation_energy + thermal_energy * y) / site_volume;
      const double g = fraction(mu, h) - c;
      if (std::abs(g) <= 1e-14 * std::max(c, 1e-300) + 1e-300) return mu;
      (g > 0.0 ? hi : lo) = y;
      const double dg_dy = ((1.0 - h) * solid_susceptibility(mu) + h / (2.0 * void_well)) * kt_omega;
      double next = y - g / dg_dy;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (next == y || hi - lo < 1e-13) return (formation_energy + thermal_energy * next) / site_volume;
      y = next;
    }
    return (formation_energy + thermal_energy * y) / site_volume;
  }
};

}  // namespace voidsim
