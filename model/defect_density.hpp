#pragma once
// Continuum density of stacking faults and dislocations and the pipe-diffusion enhancement of
// the vacancy diffusivity (MODEL.md section 2, process 3). Point functions of local values:
//   d rho / dt = k_gen |d eps / dt| - k_ann rho^2 - w_s(d) rho / tau_escape
// with eps the misfit strain of Li and O removal (Vegard-like) and w_s a weight that is 1 at a
// free surface and decays over escape_length; and the Hart equation
//   D_eff = (1 - f) D_v + f D_pipe,  f = min(1, pi a_core^2 rho).
// Simplification: faults (planar) and dislocations (lines) are lumped into one line-equivalent
// density rho (1/m^2); see docs/void-model.md.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/grid.hpp"
#include "core/scenario.hpp"

namespace voidsim {

struct DefectDensityModel {
  bool enabled = true;                       // evolve rho (else rho stays at its initial value)
  double initial_density = 1e15;             // rho_0, 1/m^2
  double generation_coefficient = 8e18;      // k_gen, 1/m^2 per unit strain
  double annihilation_coefficient = 5e-19;   // k_ann, m^2/s
  double li_strain_coefficient = 0.015;      // |d eps / d x|, strain per Li per formula unit
  double vacancy_strain_coefficient = 0.05;  // |d eps / d c_v|, chemical expansion per site fraction
  bool escape_enabled = false;
  double escape_time = 100.0;   // tau_escape, s
  double escape_length = 5e-9;  // m
  bool pipe_enabled = true;
  double core_radius = 0.5e-9;          // a_core, m
  double pipe_diffusivity_ratio = 1e4;  // D_pipe / D_v

  /// |d eps/dt| = a_Li |dx/dt| + a_O |dc_v/dt|. Simplification: the two misfits are different
  /// strain components (lattice contraction vs. chemical expansion), so their magnitudes add.
  [[nodiscard]] double strain_rate(double li_rate, double vacancy_rate) const noexcept {
    return li_strain_coefficient * std::abs(li_rate) + vacancy_strain_coefficient * std::abs(vacancy_rate);
  }
  /// Weight of surface escape at distance d from a free surface: exp(-d / escape_length).
  [[nodiscard]] double surface_weight(double distance) const noexcept {
    return std::exp(-std::max(distance, 0.0) / escape_length);
  }
  /// d rho / dt (1/(m^2 s)); 0 when disabled.
  [[nodiscard]] double rate(double rho, double strain_rate_magnitude,
                            double surface_weight_value) const noexcept {
    if (!enabled) return 0.0;
    double r =
        generation_coefficient * std::abs(strain_rate_magnitude) - annihilation_coefficient * rho * rho;
    if (escape_enabled) r -= surface_weight_value * rho / escape_time;
    return r;
  }
  /// Steady state without escape: rho_ss = sqrt(k_gen |eps_dot| / k_ann).
  [[nodiscard]] double steady_state(double strain_rate_magnitude) const noexcept {
    return std::sqrt(generation_coefficient * std::abs(strain_rate_magnitude) / annihilation_coefficient);
  }
  /// Exact update of d rho/dt = G - k rho^2 over dt for constant G = k_gen |eps_dot| (no escape):
  /// rho relaxes to rho_ss along tanh (G > 0) or decays as 1/(1/rho + k t) (G = 0). Unconditionally
  /// stable and positive, so the engine may take the phase-field time step without sub-cycling;
  /// escape, if on, is applied afterwards as an exact exponential decay (Lie splitting).
  [[nodiscard]] double advance(double rho, double strain_rate_magnitude, double surface_weight_value,
                               double dt) const noexcept;

  /// Volume fraction of dislocation cores, f = min(1, pi a_core^2 rho).
  [[nodiscard]] double core_fraction(double rho) const noexcept {
    return std::min(1.0, std::numbers::pi * core_radius * core_radius * std::max(rho, 0.0));
  }
  /// Hart equation D_eff = (1 - f) D_v + f D_pipe with D_pipe = ratio D_v; D_v when pipe diffusion
  /// is switched off. Equivalently D_v (1 + f (D_pipe/D_v - 1)).
  [[nodiscard]] double effective_diffusivity(double lattice_diffusivity, double rho) const noexcept {
    if (!pipe_enabled) return lattice_diffusivity;
    const double f = core_fraction(rho);
    return lattice_diffusivity * (1.0 + f * (pipe_diffusivity_ratio - 1.0));
  }
};

/// Depth of the band next to the interface over which interface_band is averaged, m: twice the
/// default escape_length and the lattice engine's defect interface_length, where the two engines'
/// defect laws differ most (docs/kmc-engine.md, "Defect populations of the two engines").
inline constexpr double defect_interface_band_depth = 10e-9;

/// Means of a line-density field rho (1/m^2, grid order) for the porosity curve: over the whole
/// grid, and over the cells whose centre lies within band_depth of the interface (depth
/// z0 + (k + 1/2) dz). Both engines write them, so their defect populations can be compared run by
/// run (the phase field's rho and the lattice's explicit faults and dislocations).
struct DefectDensityMeans {
  double section = 0.0;         // 1/m^2
  double interface_band = 0.0;  // 1/m^2; 0 if no cell centre lies in the band
};
[[nodiscard]] DefectDensityMeans defect_density_means(const Grid& grid, const double* rho,
                                                      double band_depth = defect_interface_band_depth);

/// Section `defects.` of the scenario.
struct DefectParameters {
  DefectDensityModel model;

  static void declare(Schema& schema);
  [[nodiscard]] static DefectParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
