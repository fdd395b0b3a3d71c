#include "model/kmc_coupling_parameters.hpp"

namespace voidsim {

void KmcCouplingParameters::declare(Schema& schema) {
  schema
      .quantity("kmc.coupling_interval", "2 s", "s",
                "continuum (Li, circuit, generation rates, defects) step between lattice updates")
      .min(0.0, true)
      .source(
          "numerical: finer than the phase-field engine's mean step (3.5 s at the default bias); 1 s and 2 s "
          "give the same porosity within the seed-to-seed spread (docs/kmc-engine.md)");
  schema
      .quantity("kmc.void_minimum_diameter", "1.5 nm", "nm",
                "a vacancy cluster with at least the sites of a disc (2D) or sphere (3D) of this diameter is "
                "a void")
      .min(0.0, true)
      .source(
          "paper: nanopores are ~2 nm; clusters below 1.5 nm are under the STEM detection limit and are "
          "not counted as porosity");
  schema.real("kmc.initial_vacancy_fraction", 0.0, "fraction of O sites vacant at t = 0, placed at random")
      .min(0.0)
      .max(0.5)
      .source("pristine bulk: the equilibrium O-vacancy fraction at 300 K is negligible");
}

KmcCouplingParameters KmcCouplingParameters::from(const Scenario& scenario) {
  KmcCouplingParameters p;
  p.coupling_interval = scenario.real("kmc.coupling_interval");
  p.void_minimum_diameter = scenario.real("kmc.void_minimum_diameter");
  p.initial_vacancy_fraction = scenario.real("kmc.initial_vacancy_fraction");
  return p;
}

std::vector<Diagnostic> KmcCouplingParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  // The lattice is projected onto the grid for the Li coupling and output: every cell must hold
  // lattice sites (rows are a sqrt(3)/2 apart in z, sites a apart in x); two O-O distances per
  // cell keep at least a few sites in each.
  if (scenario.string("engine") == "kmc" &&
      scenario.real("domain.cell_size") < 2.0 * scenario.real("kmc.lattice_spacing")) {
    problems.push_back(
        scenario.diagnostic("domain.cell_size",
                            "engine: kmc needs a cell size of at least twice kmc.lattice_spacing, so that "
                            "every grid cell holds lattice sites"));
  }
  return problems;
}

}  // namespace voidsim
