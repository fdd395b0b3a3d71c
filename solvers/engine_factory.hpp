#pragma once
// Builds the engine a scenario names (`engine:`); the one explicit list of engines.
#include <memory>

#include "core/scenario.hpp"
#include "solvers/engine.hpp"

namespace voidsim {

[[nodiscard]] std::unique_ptr<Engine> make_engine(const Scenario& scenario);

}  // namespace voidsim
