#pragma once
// The simulated domain (MODEL.md section 2): a 2D cross-section (x along the LiPON interface,
// z depth into the cathode) or a 3D block (y along the electron beam). Shared by both engines.
#include <vector>

#include "core/grid.hpp"
#include "core/scenario.hpp"

namespace voidsim {

struct DomainParameters {
  Grid grid;

  static void declare(Schema& schema);
  [[nodiscard]] static DomainParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
