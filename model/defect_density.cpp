#include "model/defect_density.hpp"

#include <cmath>

namespace voidsim {

double DefectDensityModel::advance(double rho, double strain_rate_magnitude, double surface_weight_value,
                                   double dt) const noexcept {
  if (!enabled) return rho;
  const double k = annihilation_coefficient;
  const double g = generation_coefficient * std::abs(strain_rate_magnitude);
  double next = rho;
  if (g > 0.0 && k > 0.0) {
    // rho' = g - k rho^2 = k (s^2 - rho^2), s = sqrt(g/k): rho(t) = s tanh(k s t + atanh(rho/s)) for
    // rho < s, and s coth(k s t + acoth(rho/s)) for rho > s; both written with one exponential:
    // (rho - s)/(rho + s) decays by exp(-2 k s t).
    const double s = std::sqrt(g / k);
    const double q = (rho - s) / (rho + s) * std::exp(-2.0 * k * s * dt);
    next = s * (1.0 + q) / (1.0 - q);
  } else if (k > 0.0) {
    next = rho / (1.0 + k * rho * dt);
  } else {
    next = rho + g * dt;
  }
  if (escape_enabled) next *= std::exp(-surface_weight_value * dt / escape_time);
  return next;
}

DefectDensityMeans defect_density_means(const Grid& grid, const double* rho, double band_depth) {
  const std::size_t per_row = grid.nx * grid.ny;
  double total = 0.0, band = 0.0;
  std::size_t band_cells = 0;
  for (std::size_t k = 0; k < grid.nz; ++k) {
    double row = 0.0;
    for (std::size_t c = k * per_row; c < (k + 1) * per_row; ++c) row += rho[c];
    total += row;
    if (grid.z0 + (static_cast<double>(k) + 0.5) * grid.dz <= band_depth) {
      band += row;
      band_cells += per_row;
    }
  }
  DefectDensityMeans means;
  if (grid.size() > 0) means.section = total / static_cast<double>(grid.size());
  if (band_cells > 0) means.interface_band = band / static_cast<double>(band_cells);
  return means;
}

void DefectParameters::declare(Schema& schema) {
  schema.boolean("defects.enabled", true,
                 "evolve the stacking-fault/dislocation density rho under delithiation");
  schema
      .quantity("defects.initial_density", "1e15 m^-2", "m^-2",
                "pristine line-equivalent defect density rho_0")
      .min(0.0)
      .source(
          "estimate: pristine LNMO shows small variant domains, a high stacking-fault density (paper Fig. "
          "1)");
  schema
      .quantity("defects.generation_coefficient", "8e18 m^-2", "m^-2",
                "k_gen: defect density created per unit strain")
      .min(0.0)
      .source("estimate: rho_ss ~ 1e16 m^-2 at the paper's ~6e-6 /s strain rate (docs/void-model.md)");
  schema
      .quantity("defects.annihilation_coefficient", "5e-19 m^2/s", "m^2/s",
                "k_ann of pairwise annihilation -k_ann rho^2")
      .min(0.0)
      .source("estimate: relaxation time 1/(2 k_ann rho_ss) ~ 100 s, as faults come and go in SI Video 3");
  schema.real("defects.li_strain_coefficient", 0.015, "misfit strain per Li per formula unit removed")
      .min(0.0)
      .source("estimate: ~1.5 % lattice strain over the first charge of Li-rich layered oxides");
  schema
      .real("defects.vacancy_strain_coefficient", 0.05, "chemical expansion per oxygen-vacancy site fraction")
      .min(0.0)
      .source("estimate: chemical expansion coefficients of oxygen-deficient oxides");
  schema.boolean("defects.escape.enabled", false, "defects escape at free surfaces (-rho/tau near surfaces)");
  schema.quantity("defects.escape.time", "100 s", "s", "escape time tau_escape at a free surface")
      .min(0.0, true)
      .source("estimate");
  schema.quantity("defects.escape.length", "5 nm", "nm", "decay length of the escape weight from the surface")
      .min(0.0, true)
      .source("estimate");
  schema.boolean("defects.pipe_diffusion.enabled", true, "enhance D_v along defect cores (Hart equation)");
  schema.quantity("defects.pipe_diffusion.core_radius", "0.5 nm", "nm", "dislocation core radius a_core")
      .min(0.0, true)
      .source("textbook: a few Burgers vectors; ~2 O-O distances");
  schema.real("defects.pipe_diffusion.diffusivity_ratio", 1e4, "D_pipe / D_v")
      .min(1.0)
      .source("estimate: pipe activation energy ~ half the lattice one; exp(E_m/2kT) at 300 K exceeds 1e4");
}

DefectParameters DefectParameters::from(const Scenario& scenario) {
  DefectParameters p;
  auto& m = p.model;
  m.enabled = scenario.boolean("defects.enabled");
  m.initial_density = scenario.real("defects.initial_density");
  m.generation_coefficient = scenario.real("defects.generation_coefficient");
  m.annihilation_coefficient = scenario.real("defects.annihilation_coefficient");
  m.li_strain_coefficient = scenario.real("defects.li_strain_coefficient");
  m.vacancy_strain_coefficient = scenario.real("defects.vacancy_strain_coefficient");
  m.escape_enabled = scenario.boolean("defects.escape.enabled");
  m.escape_time = scenario.real("defects.escape.time");
  m.escape_length = scenario.real("defects.escape.length");
  m.pipe_enabled = scenario.boolean("defects.pipe_diffusion.enabled");
  m.core_radius = scenario.real("defects.pipe_diffusion.core_radius");
  m.pipe_diffusivity_ratio = scenario.real("defects.pipe_diffusion.diffusivity_ratio");
  return p;
}

std::vector<Diagnostic> DefectParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const auto p = from(scenario);
  // Above f = 1 the cores overlap and the Hart picture (isolated pipes) no longer holds.
  if (p.model.pipe_enabled && p.model.core_fraction(p.model.initial_density) >= 1.0) {
    problems.push_back(scenario.diagnostic(
        "defects.initial_density", "pi a_core^2 rho_0 >= 1: dislocation cores would fill the volume"));
  }
  return problems;
}

}  // namespace voidsim
