#include "model/domain_parameters.hpp"

namespace voidsim {

void DomainParameters::declare(Schema& schema) {
  schema
      .integer("domain.dimension", 2,
               "2: cross-section (x along the interface, z into the cathode); 3: adds y along the beam")
      .min(2)
      .max(3);
  schema.integer("domain.nx", 256, "cells along the interface (x)").min(1).max(1 << 16);
  schema.integer("domain.ny", 1, "cells along the beam (y); used in 3D only").min(1).max(1 << 16);
  schema.integer("domain.nz", 256, "cells into the cathode (z), the first row touching the LiPON interface")
      .min(1)
      .max(1 << 16);
  schema
      .quantity("domain.cell_size", "1 nm", "nm",
                "edge of a cubic cell; must resolve the void interface width")
      .min(0.0, true)
      .source("about 3.5 O-O distances (0.285 nm, MODEL.md section 3)");
}

DomainParameters DomainParameters::from(const Scenario& scenario) {
  DomainParameters p;
  p.grid.dimension = static_cast<int>(scenario.integer("domain.dimension"));
  p.grid.nx = static_cast<std::size_t>(scenario.integer("domain.nx"));
  p.grid.nz = static_cast<std::size_t>(scenario.integer("domain.nz"));
  p.grid.ny = p.grid.dimension == 3 ? static_cast<std::size_t>(scenario.integer("domain.ny")) : 1;
  const double h = scenario.real("domain.cell_size");
  p.grid.dx = p.grid.dy = p.grid.dz = h;
  p.grid.z0 = 0.0;
  return p;
}

std::vector<Diagnostic> DomainParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const auto n_cells =
      static_cast<double>(scenario.integer("domain.nx")) *
      static_cast<double>(scenario.integer("domain.nz")) *
      (scenario.integer("domain.dimension") == 3 ? static_cast<double>(scenario.integer("domain.ny")) : 1.0);
  // A guard against typos such as nx: 51200: more than 2^30 cells cannot fit the machines we target.
  if (n_cells > static_cast<double>(1ULL << 30)) {
    problems.push_back(scenario.diagnostic(
        "domain.nx", "grid of " + std::to_string(n_cells) + " cells is too large (limit 2^30 cells)"));
  }
  return problems;
}

}  // namespace voidsim
