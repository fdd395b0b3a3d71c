#include "solvers/engine_factory.hpp"

#include <stdexcept>

#include "solvers/kmc_engine.hpp"
#include "solvers/phase_field_engine.hpp"

namespace voidsim {

std::unique_ptr<Engine> make_engine(const Scenario& scenario) {
  const std::string& name = scenario.string("engine");
  if (name == "phase_field") return std::make_unique<PhaseFieldEngine>(PhaseFieldSetup::from(scenario));
  if (name == "kmc") return std::make_unique<KmcEngine>(KmcSetup::from(scenario));
  // The schema's choice list and this list must agree; a mismatch is a programming error.
  throw std::logic_error("no engine named '" + name + "'");
}

}  // namespace voidsim
