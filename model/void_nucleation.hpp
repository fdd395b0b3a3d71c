#pragma once
// Classical nucleation theory for voids (MODEL.md section 2, process 4): the local rate
// J = J0 exp(-f_het dG* / kT) per volume and time, with dG* from the void surface energy and the
// vacancy supersaturation, and a heterogeneous factor f_het in (0, 1] that lowers the barrier at
// defects (stacking faults, dislocations) and near the LiPON interface. Point functions only; the
// stochastic seeding that uses the rate lives in solvers/nucleation_seeder.hpp.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "core/scenario.hpp"
#include "model/void_free_energy.hpp"

namespace voidsim {

/// How a 2D cross-section interprets a nucleus (docs/void-model.md, "Nucleation in 2D").
enum class CrossSectionNucleus {
  /// Default. The section is a slice of thickness t through a 3D body; nuclei are spheres (3D
  /// barrier 16 pi gamma^3 / (3 dG_v^2)); the rate per section area is J_3D t.
  sphere_in_slab,
  /// Strict 2D CNT: the nucleus is a cylinder of length t through the slab, barrier per length
  /// pi gamma^2 / dG_v, times t. Far larger barrier for t >> r*; kept for comparisons.
  cylinder,
};

/// Barrier reduction of a spherical-cap nucleus on a flat heterogeneity with contact angle theta:
/// S(theta) = (2 + cos theta)(1 - cos theta)^2 / 4, in (0, 1] for theta in (0, pi]. A guide for
/// choosing the defect and interface factors below (theta = 45 deg gives 0.058).
[[nodiscard]] inline double spherical_cap_factor(double contact_angle) noexcept {
  const double c = std::cos(contact_angle);
  return (2.0 + c) * (1.0 - c) * (1.0 - c) / 4.0;
}

/// Point model of the nucleation rate. Built by NucleationParameters::rate_model().
struct NucleationRate {
  int dimension = 2;
  CrossSectionNucleus cross_section = CrossSectionNucleus::sphere_in_slab;
  double section_thickness = 2e-9;               // t, m (2D only)
  double surface_energy = 1.0;                   // gamma, J/m^2
  double thermal_energy = 1.380649e-23 * 300.0;  // kT, J
  double site_volume = 1.0 / 59.4e27;            // Omega, m^3
  double equilibrium_fraction = 8.4e-11;         // c_v_eq
  double prefactor = 1e28;                       // J0, 1/(m^3 s)
  bool heterogeneous = true;
  double defect_factor = 0.05;             // S_d: f at rho >> rho_ref
  double defect_reference_density = 3e15;  // rho_ref, 1/m^2
  double interface_factor = 0.5;           // S_i: f at the LiPON interface (depth 0)
  double interface_decay_length = 10e-9;   // lambda_i, m

  /// dG_v = (kT / Omega) ln(c_v / c_v_eq), J/m^3 (void_free_energy.hpp).
  [[nodiscard]] double driving_force(double c_v) const noexcept {
    return bulk_driving_force(c_v, equilibrium_fraction, thermal_energy, site_volume);
  }

  /// Homogeneous barrier dG*, J. 3D (and 2D sphere_in_slab): 16 pi gamma^3 / (3 dG_v^2);
  /// 2D cylinder: (pi gamma^2 / dG_v) t. +infinity without driving force.
  [[nodiscard]] double homogeneous_barrier(double driving_force) const noexcept {
    if (!(driving_force > 0.0)) return HUGE_VAL;
    const double g = surface_energy;
    if (dimension == 2 && cross_section == CrossSectionNucleus::cylinder)
      return std::numbers::pi * g * g / driving_force * section_thickness;
    return 16.0 * std::numbers::pi * g * g * g / (3.0 * driving_force * driving_force);
  }

  /// f_het(rho, depth) = f_d(rho) f_i(depth) in (0, 1], with
  ///   f_d = S_d + (1 - S_d) exp(-rho / rho_ref)        (1 in perfect crystal, S_d on dense defects)
  ///   f_i = S_i + (1 - S_i) (1 - exp(-depth / lambda_i))  (S_i at the interface, 1 deep inside)
  /// Simplification: the two reductions are treated as independent and multiply (a nucleus on a
  /// fault next to the interface profits from both); each is a phenomenological stand-in for the
  /// spherical-cap / Cahn dislocation-strain reductions (docs/void-model.md). 1 when switched off.
  [[nodiscard]] double heterogeneous_factor(double defect_density, double depth) const noexcept {
    if (!heterogeneous) return 1.0;
    const double f_d = defect_factor + (1.0 - defect_factor) * std::exp(-std::max(defect_density, 0.0) /
                                                                        defect_reference_density);
    const double f_i = interface_factor + (1.0 - interface_factor) *
                                              (-std::expm1(-std::max(depth, 0.0) / interface_decay_length));
    return f_d * f_i;
  }

  /// J = J0 exp(-f_het dG* / kT) per volume and time; exactly 0 when c_v <= c_v_eq.
  [[nodiscard]] double rate(double c_v, double defect_density, double depth) const noexcept {
    if (!(c_v > equilibrium_fraction)) return 0.0;
    const double barrier =
        heterogeneous_factor(defect_density, depth) * homogeneous_barrier(driving_force(c_v));
    return prefactor * std::exp(-barrier / thermal_energy);
  }

  /// r* of the nucleus shape this model counts: 2 gamma / dG_v for spheres (3D, sphere_in_slab),
  /// gamma / dG_v for the 2D cylinder.
  [[nodiscard]] double critical_radius(double c_v) const noexcept {
    const int d = (dimension == 2 && cross_section == CrossSectionNucleus::cylinder) ? 2 : 3;
    return voidsim::critical_radius(d, surface_energy, driving_force(c_v));
  }

  /// The vacancy fraction at which rate() reaches `target_rate` for a given f_het (closed form of
  /// the inverse): the nucleation threshold used in docs/void-model.md. +infinity if J0 <= target.
  [[nodiscard]] double threshold_vacancy_fraction(double target_rate, double het_factor) const noexcept;
};

/// Section `nucleation.` of the scenario.
struct NucleationParameters {
  bool enabled = true;
  double prefactor = 1e28;             // J0, 1/(m^3 s)
  double exclusion_distance = 5e-9;    // m, gap between a new nucleus and any void (eta > 0.5)
  double seed_radius_factor = 1.1;     // planted radius = factor * r* ...
  double minimum_seed_cells = 2.0;     // ... but at least this many cells
  double maximum_seed_radius = 10e-9;  // m; a nucleus needing more is not planted (see seeder)
  bool conserve_vacancies = true;      // planted vacancies come from the neighbourhood
  double collection_distance = 15e-9;  // m: width of the region beyond the nucleus supplying them
  CrossSectionNucleus cross_section = CrossSectionNucleus::sphere_in_slab;
  double section_thickness = 2e-9;  // m
  bool heterogeneous = true;
  double defect_factor = 0.05;
  double defect_reference_density = 3e15;
  double interface_factor = 0.5;
  double interface_decay_length = 10e-9;

  /// The point model for a domain of `dimension` with the void model's gamma, kT, Omega, c_v_eq.
  [[nodiscard]] NucleationRate rate_model(int dimension, const VoidModelParameters& void_model) const;

  static void declare(Schema& schema);
  [[nodiscard]] static NucleationParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
