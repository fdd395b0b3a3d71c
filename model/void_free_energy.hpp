#pragma once
// Local free energy of the void model (MODEL.md section 2, "Community-standard equations"):
//   f(c_v, eta) = (1 - h(eta)) f_s(c_v) + h(eta) f_v(c_v) + w g(eta)        [J/m^3]
// with the gradient terms kappa_c/2 |grad c_v|^2 + kappa_eta/2 |grad eta|^2 handled by the
// spectral steppers. Everything here is a pure point function of local values, inline so the
// steppers' hot loops can call it, with the parameters in the small value type VoidFreeEnergy.
//
// Relation to the papers (see docs/void-model.md, "Sources and simplifications"):
// - f_s is the ideal dilute-vacancy solid of Millett, Rokkam, El-Azab, Tonks, Wolf, MSMSE 17,
//   064003 (2009), f_s = E_f c_v + kT [c_v ln c_v + (1 - c_v) ln(1 - c_v)] per site, divided
//   here by the site volume Omega to get J/m^3.
// - Millett et al. weight the two phases with h(eta) = (eta-1)^2(eta+1)^2 and j(eta) = eta^2 and
//   have no separate double well; we use MODEL.md's form instead: the fifth-order interpolation
//   h(eta) = eta^3 (6 eta^2 - 15 eta + 10) with h'(0) = h'(1) = 0, plus the double well
//   w eta^2 (1 - eta)^2. With it the interface energy and width follow from (w, kappa_eta) alone
//   (interface_energy / interface_coefficients below), the usual quantitative-PF choice.
// - f_v = A (c_v - 1)^2 as in MODEL.md (Millett et al. write (c_v - 1)^2 in reduced units; some
//   later Tonks-group inputs use A/2 (c_v - 1)^2, which is the same model with A halved).
#include <cmath>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace voidsim {

// ---- interpolation and double well -------------------------------------------------------------

/// h(eta) = eta^3 (6 eta^2 - 15 eta + 10): h(0) = 0, h(1) = 1, h'(0) = h'(1) = h''(0) = h''(1) = 0.
[[nodiscard]] constexpr double interpolation(double eta) noexcept {
  return eta * eta * eta * (eta * (6.0 * eta - 15.0) + 10.0);
}
/// h'(eta) = 30 eta^2 (1 - eta)^2.
[[nodiscard]] constexpr double interpolation_derivative(double eta) noexcept {
  const double s = eta * (1.0 - eta);
  return 30.0 * s * s;
}
/// h''(eta) = 60 eta (1 - eta)(1 - 2 eta); |h''| <= 5.78.
[[nodiscard]] constexpr double interpolation_second_derivative(double eta) noexcept {
  return 60.0 * eta * (1.0 - eta) * (1.0 - 2.0 * eta);
}
/// g(eta) = eta^2 (1 - eta)^2, the double well with minima at eta = 0 (solid) and 1 (void).
[[nodiscard]] constexpr double double_well(double eta) noexcept {
  const double s = eta * (1.0 - eta);
  return s * s;
}
/// g'(eta) = 2 eta (1 - eta)(1 - 2 eta).
[[nodiscard]] constexpr double double_well_derivative(double eta) noexcept {
  return 2.0 * eta * (1.0 - eta) * (1.0 - 2.0 * eta);
}
/// g''(eta) = 2 (1 - 6 eta + 6 eta^2); |g''| <= 2.
[[nodiscard]] constexpr double double_well_second_derivative(double eta) noexcept {
  return 2.0 * (1.0 - 6.0 * eta * (1.0 - eta));
}

// ---- the ideal-solution entropy with a safe continuation near 0 and 1 ------------------------

/// s(c) = c ln c + (1 - c) ln(1 - c), continued outside [floor, 1 - floor] by its second-order
/// Taylor polynomial about the nearest clamp point. Why: ln c is singular at 0 and 1, and the
/// spectral steppers overshoot slightly (Gibbs ringing, explicit parts of the splitting), so c_v
/// can leave (0, 1) by a small amount; the continuation keeps f, f' and f'' finite and continuous
/// (C^2) there, bounds the curvature by 1/(floor (1 - floor)) and still pushes c_v back inside.
/// Inside [floor, 1 - floor] the function is exact. `floor` must lie in (0, 1/2).
[[nodiscard]] inline double mixing_entropy(double c, double floor) noexcept {
  if (c >= floor && c <= 1.0 - floor) return c * std::log(c) + (1.0 - c) * std::log1p(-c);
  const double a = c < floor ? floor : 1.0 - floor;
  const double s0 = a * std::log(a) + (1.0 - a) * std::log1p(-a);
  const double s1 = std::log(a) - std::log1p(-a);
  const double s2 = 1.0 / (a * (1.0 - a));
  const double d = c - a;
  return s0 + d * (s1 + 0.5 * s2 * d);
}
/// ds/dc = ln(c / (1 - c)), continued linearly outside [floor, 1 - floor] (see mixing_entropy).
[[nodiscard]] inline double mixing_entropy_derivative(double c, double floor) noexcept {
  if (c >= floor && c <= 1.0 - floor) return std::log(c) - std::log1p(-c);
  const double a = c < floor ? floor : 1.0 - floor;
  return std::log(a) - std::log1p(-a) + (c - a) / (a * (1.0 - a));
}
/// d^2 s / dc^2 = 1 / (c (1 - c)), held at its clamp value outside [floor, 1 - floor].
[[nodiscard]] inline double mixing_entropy_curvature(double c, double floor) noexcept {
  const double a = c < floor ? floor : (c > 1.0 - floor ? 1.0 - floor : c);
  return 1.0 / (a * (1.0 - a));
}

// ---- the local free energy ------------------------------------------------------------------

/// Parameters of the local free energy, SI. Built by VoidModelParameters::free_energy().
struct VoidFreeEnergy {
  double formation_energy = 0.60 * 1.602176634e-19;  // E_f, J per vacancy (effective; see docs)
  double thermal_energy = 1.380649e-23 * 300.0;      // kT, J
  double site_volume = 1.0 / 59.4e27;                // Omega, m^3 per lattice (O) site
  double void_well = 1.0e10;                         // A, J/m^3
  double barrier_height = 3.0e9;                     // w, J/m^3
  double log_floor = 1.0e-14;                        // clamp of the logarithms (mixing_entropy)

  /// f_s(c_v) = [E_f c_v + kT s(c_v)] / Omega, J/m^3 (MODEL.md section 2).
  [[nodiscard]] double solid(double c) const noexcept {
    return (formation_energy * c + thermal_energy * mixing_entropy(c, log_floor)) / site_volume;
  }
  [[nodiscard]] double solid_derivative(double c) const noexcept {
    return (formation_energy + thermal_energy * mixing_entropy_derivative(c, log_floor)) / site_volume;
  }
  [[nodiscard]] double solid_curvature(double c) const noexcept {
    return thermal_energy * mixing_entropy_curvature(c, log_floor) / site_volume;
  }
  /// f_v(c_v) = A (c_v - 1)^2, J/m^3 (MODEL.md section 2).
  [[nodiscard]] double void_phase(double c) const noexcept { return void_well * (c - 1.0) * (c - 1.0); }
  [[nodiscard]] double void_phase_derivative(double c) const noexcept { return 2.0 * void_well * (c - 1.0); }

  /// f = (1 - h) f_s + h f_v + w g, J/m^3.
  [[nodiscard]] double density(double c, double eta) const noexcept {
    const double h = interpolation(eta);
    return (1.0 - h) * solid(c) + h * void_phase(c) + barrier_height * double_well(eta);
  }
  /// df/dc_v = (1 - h) f_s' + h f_v' (the local part of the Cahn-Hilliard chemical potential).
  [[nodiscard]] double d_dc(double c, double eta) const noexcept {
    const double h = interpolation(eta);
    return (1.0 - h) * solid_derivative(c) + h * void_phase_derivative(c);
  }
  /// d^2 f / dc_v^2 > 0 for every eta: f is convex in c_v, so the c_v equation is well posed
  /// even with kappa_c = 0 (phase separation is carried by eta). Used for stabilisation constants.
  [[nodiscard]] double d2_dc2(double c, double eta) const noexcept {
    const double h = interpolation(eta);
    return (1.0 - h) * solid_curvature(c) + h * 2.0 * void_well;
  }
  /// df/deta = h'(eta) (f_v - f_s) + w g'(eta) (the local part of the Allen-Cahn driving force).
  [[nodiscard]] double d_deta(double c, double eta) const noexcept {
    return interpolation_derivative(eta) * (void_phase(c) - solid(c)) +
           barrier_height * double_well_derivative(eta);
  }

  /// Equilibrium vacancy fraction of the solid: the minimum of f_s, E_f + kT ln(c/(1-c)) = 0, i.e.
  /// c = 1 / (1 + exp(E_f/kT)) (Fermi form of the regular solution). Its dilute limit is the
  /// textbook c_v_eq = exp(-E_f/kT); the two differ by a relative O(c_v_eq).
  [[nodiscard]] double equilibrium_vacancy_fraction() const noexcept {
    return 1.0 / (1.0 + std::exp(formation_energy / thermal_energy));
  }
  /// The dilute-limit formula exp(-E_f/kT), the one CNT and rate theory use.
  [[nodiscard]] double dilute_equilibrium_vacancy_fraction() const noexcept {
    return std::exp(-formation_energy / thermal_energy);
  }
};

// ---- interface energy and width <-> (kappa_eta, w) ----------------------------------------------

/// Gradient coefficient and barrier height of the eta interface.
struct InterfaceCoefficients {
  double kappa = 0.0;  // kappa_eta, J/m
  double w = 0.0;      // barrier height, J/m^3
};

// Derivation (docs/void-model.md, "Interface"): with only w g(eta) + kappa/2 |grad eta|^2 varying
// across a flat interface, the Euler-Lagrange equation integrates to kappa/2 eta'^2 = w g(eta), so
// eta' = sqrt(2 w / kappa) eta (1 - eta), solved by eta(x) = [1 + tanh(x / l)] / 2 with
// l = sqrt(2 kappa / w). The excess energy is gamma = int kappa eta'^2 dx
// = sqrt(2 kappa w) int_0^1 eta (1 - eta) d eta = sqrt(kappa w) / (3 sqrt 2).
// `interface width` means this l throughout voidsim; the 10-90 % width is 2 atanh(0.8) l = 2.197 l.

/// gamma = sqrt(kappa w) / (3 sqrt 2), J/m^2.
[[nodiscard]] inline double interface_energy(const InterfaceCoefficients& ic) noexcept {
  return std::sqrt(ic.kappa * ic.w) / (3.0 * std::sqrt(2.0));
}
/// l = sqrt(2 kappa / w), m: the length in the equilibrium profile [1 + tanh(x / l)] / 2.
[[nodiscard]] inline double interface_width(const InterfaceCoefficients& ic) noexcept {
  return std::sqrt(2.0 * ic.kappa / ic.w);
}
/// Inverse map: kappa = 3 gamma l, w = 6 gamma / l, so a scenario states the physical gamma and l.
[[nodiscard]] inline InterfaceCoefficients interface_coefficients(double gamma, double width) noexcept {
  return {3.0 * gamma * width, 6.0 * gamma / width};
}
/// Equilibrium flat-interface profile: eta = 1 deep inside the void (signed distance d < 0),
/// eta = 0 in the solid, eta = 1/2 at d = 0.
[[nodiscard]] inline double equilibrium_profile(double signed_distance, double width) noexcept {
  return 0.5 * (1.0 - std::tanh(signed_distance / width));
}

// ---- classical nucleation: driving force and critical radius ---------------------------------

/// Bulk driving force per volume for forming void from supersaturated vacancies, the standard
/// CNT form dG_v = (kT / Omega) ln(c_v / c_v_eq), J/m^3. Simplification: this is the leading term
/// of the exact ideal-solution expression; the omitted entropy-of-mixing corrections are O(c_v),
/// below 1 % for c_v < 0.01 (see docs). Zero or negative when c_v <= c_v_eq (no driving force).
[[nodiscard]] inline double bulk_driving_force(double c_v, double c_v_eq, double thermal_energy,
                                               double site_volume) noexcept {
  if (!(c_v > 0.0)) return -HUGE_VAL;
  return thermal_energy / site_volume * std::log(c_v / c_v_eq);
}
/// Critical nucleus radius r* = (dim - 1) gamma / dG_v: gamma / dG_v for a 2D circle (a cylinder
/// in 3D), 2 gamma / dG_v for a sphere. +infinity when dG_v <= 0 (no nucleus is ever critical).
[[nodiscard]] inline double critical_radius(int dimension, double gamma, double driving_force) noexcept {
  if (!(driving_force > 0.0)) return HUGE_VAL;
  return static_cast<double>(dimension - 1) * gamma / driving_force;
}

// ---- the scenario parameter block -------------------------------------------------------------

/// Section `void_model.` of the scenario: the void free energy and the kinetic coefficients of the
/// Cahn-Hilliard (c_v) and Allen-Cahn (eta) equations (MODEL.md sections 2 and 3).
struct VoidModelParameters {
  bool enabled = true;
  double temperature = 298.15;  // K: electrochemistry.temperature (one specimen temperature)
  double formation_energy = 0.60 * 1.602176634e-19;  // effective E_f, J
  double surface_energy = 1.0;                       // gamma, J/m^2
  double interface_width = 2e-9;                     // l, m
  double void_well = 1.0e10;                         // A, J/m^3
  double site_density = 59.4e27;                     // 1/m^3 (O sites)
  double vacancy_diffusivity = 1e-18;                // D_v, m^2/s (before defect enhancement)
  double allen_cahn_mobility = 3e-9;                 // L, m^3/(J s)
  double vacancy_gradient_ratio = 0.0;               // kappa_c / kappa_eta
  double log_floor = 1e-14;

  /// The point free energy built from these parameters (w from gamma and l).
  [[nodiscard]] VoidFreeEnergy free_energy() const;
  /// (kappa_eta, w) from the surface energy and interface width.
  [[nodiscard]] InterfaceCoefficients interface() const;
  [[nodiscard]] double thermal_energy() const;
  [[nodiscard]] double site_volume() const { return 1.0 / site_density; }
  /// kappa_c = ratio * kappa_eta, J/m.
  [[nodiscard]] double vacancy_gradient_coefficient() const;
  /// Cahn-Hilliard mobility M_v = D c_v Omega / kT (MODEL.md: M_v = D_v c_v / kT per site; with f in
  /// J/m^3 the site volume converts the chemical potential), m^5/(J s). `diffusivity` is the
  /// local defect-enhanced D_v,eff; c_v is floored at the clamp so M stays positive.
  [[nodiscard]] double vacancy_mobility(double c_v, double diffusivity) const;

  static void declare(Schema& schema);
  [[nodiscard]] static VoidModelParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
