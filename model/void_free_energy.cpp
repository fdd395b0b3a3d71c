#include "model/void_free_energy.hpp"

#include <algorithm>
#include <cmath>

#include "model/physical_constants.hpp"

namespace voidsim {

double VoidModelParameters::thermal_energy() const { return constants::thermal_energy(temperature); }

InterfaceCoefficients VoidModelParameters::interface() const {
  return interface_coefficients(surface_energy, interface_width);
}

VoidFreeEnergy VoidModelParameters::free_energy() const {
  VoidFreeEnergy f;
  f.formation_energy = formation_energy;
  f.thermal_energy = thermal_energy();
  f.site_volume = site_volume();
  f.void_well = void_well;
  f.barrier_height = interface().w;
  f.log_floor = log_floor;
  return f;
}

double VoidModelParameters::vacancy_gradient_coefficient() const {
  return vacancy_gradient_ratio * interface().kappa;
}

double VoidModelParameters::vacancy_mobility(double c_v, double diffusivity) const {
  return diffusivity * std::max(c_v, log_floor) * site_volume() / thermal_energy();
}

void VoidModelParameters::declare(Schema& schema) {
  schema.boolean("void_model.enabled", true,
                 "evolve the vacancy (c_v) and void order parameter (eta) fields");
  schema
      .quantity("void_model.vacancy_formation_energy", "0.60 eV", "eV",
                "effective formation energy E_f of a lattice vacancy in equilibrium with a void surface")
      .min(0.0, true)
      .max(5.0 * constants::electron_volt)
      .source(
          "effective value, see docs/void-model.md: the DFT 2.3 eV (O-rich spinel, MODEL.md section 3) "
          "refers to an O2 reservoir and gives c_v_eq ~ 1e-39");
  schema.quantity("void_model.surface_energy", "1 J/m^2", "J/m^2", "void surface energy gamma")
      .min(0.0, true)
      .max(5.0)
      .source("oxide estimate 0.5 .. 1.5 J/m^2 (MODEL.md section 3)");
  schema
      .quantity("void_model.interface_width", "2 nm", "nm",
                "diffuse interface length l of the profile (1 + tanh(x/l))/2; 10-90 % width is 2.2 l")
      .min(0.0, true)
      .source("numerical choice: resolved by >= 2 cells of 1 nm");
  schema
      .quantity("void_model.void_well", "10 GPa", "GPa", "curvature A of the void free energy A (c_v - 1)^2")
      .min(0.0, true)
      .source("estimate: a few E_f/Omega (Millett et al. 2009 use (c_v - 1)^2 in reduced units)");
  schema.quantity("void_model.site_density", "59.4 nm^-3", "nm^-3", "lattice (oxygen) site density, 1/Omega")
      .min(0.0, true)
      .source("MODEL.md section 3, computed from the lattice");
  schema
      .quantity("void_model.vacancy_diffusivity", "1e-14 cm^2/s", "cm^2/s",
                "lattice vacancy diffusivity D_v before defect (pipe) enhancement")
      .min(0.0, true)
      .source("estimate: same order as D_Li (MODEL.md section 3), ~10 nm in 100 s");
  schema.quantity("void_model.allen_cahn_mobility", "3e-9 m^3/J/s", "m^3/J/s", "Allen-Cahn mobility L of eta")
      .min(0.0, true)
      .source(
          "numerical estimate: interface relaxation time 1/(L w) ~ 0.1 s, fast against vacancy diffusion");
  schema
      .real("void_model.vacancy_gradient_ratio", 0.0,
            "kappa_c / kappa_eta; 0 lets eta alone carry the interface")
      .min(0.0)
      .source("choice: f is convex in c_v, so kappa_c is not needed for well-posedness (docs/void-model.md)");
  schema
      .real("void_model.log_floor", 1e-14,
            "c_v below this (or above 1 minus it) continues the logarithms by a quadratic (C^2)")
      .min(0.0, true)
      .max(1e-3)
      .source("numerical regularisation, docs/void-model.md");
}

VoidModelParameters VoidModelParameters::from(const Scenario& scenario) {
  VoidModelParameters p;
  p.enabled = scenario.boolean("void_model.enabled");
  // One specimen temperature for the whole cell: the electrochemistry block declares it.
  p.temperature = scenario.real("electrochemistry.temperature");
  p.formation_energy = scenario.real("void_model.vacancy_formation_energy");
  p.surface_energy = scenario.real("void_model.surface_energy");
  p.interface_width = scenario.real("void_model.interface_width");
  p.void_well = scenario.real("void_model.void_well");
  p.site_density = scenario.real("void_model.site_density");
  p.vacancy_diffusivity = scenario.real("void_model.vacancy_diffusivity");
  p.allen_cahn_mobility = scenario.real("void_model.allen_cahn_mobility");
  p.vacancy_gradient_ratio = scenario.real("void_model.vacancy_gradient_ratio");
  p.log_floor = scenario.real("void_model.log_floor");
  return p;
}

std::vector<Diagnostic> VoidModelParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const VoidModelParameters p = from(scenario);
  const double c_eq = p.free_energy().equilibrium_vacancy_fraction();
  // The floor must sit well below c_v_eq, otherwise the regularised f_s moves the solid's minimum.
  if (p.log_floor > 1e-2 * c_eq) {
    problems.push_back(scenario.diagnostic(
        "void_model.log_floor", "log_floor " + std::to_string(p.log_floor) + " is not far below c_v_eq = " +
                                    std::to_string(c_eq) + " (exp(-E_f/kT)); choose at most c_v_eq / 100"));
  }
  // Below ~1e-30 the log terms reach -70 kT and the c_v profile near voids spans tens of decades:
  // the model is ill-conditioned (the reason for an effective E_f, docs/void-model.md).
  if (c_eq < 1e-30) {
    problems.push_back(scenario.diagnostic(
        "void_model.vacancy_formation_energy",
        "E_f/kT = " + std::to_string(p.formation_energy / p.thermal_energy()) +
            " gives c_v_eq below 1e-30; the void model becomes ill-conditioned (use an effective E_f, see "
            "docs/void-model.md)"));
  }
  return problems;
}

}  // namespace voidsim
