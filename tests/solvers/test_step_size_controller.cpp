// The phase-field step controller (solvers/step_size_controller.hpp): its two factors.
#include <doctest/doctest.h>

#include <limits>

#include "solvers/step_size_controller.hpp"

using voidsim::StepSizeController;

TEST_CASE("an accepted step proposes 0.9 of the step that would meet the limit, growing at most 1.5x") {
  CHECK(StepSizeController::after_accept(1.0) == doctest::Approx(0.9));
  CHECK(StepSizeController::after_accept(0.75) == doctest::Approx(1.2));
  CHECK(StepSizeController::after_accept(0.6) == doctest::Approx(1.5));
  CHECK(StepSizeController::after_accept(0.1) == 1.5);
  CHECK(StepSizeController::after_accept(0.0) == 1.5);  // nothing changed (e.g. no bias yet)
}

TEST_CASE("a refused step is cut to 0.9 of the step that would meet the limit, between 0.1x and 0.5x") {
  CHECK(StepSizeController::after_reject(1.2) == 0.5);  // just over: at most halve
  CHECK(StepSizeController::after_reject(3.0) == doctest::Approx(0.3));
  CHECK(StepSizeController::after_reject(100.0) == 0.1);
  // A step that failed for another reason (bounds, coupling not converged) says nothing of its size.
  CHECK(StepSizeController::after_reject(std::numeric_limits<double>::infinity()) == 0.3);
  CHECK(StepSizeController::after_reject(std::numeric_limits<double>::quiet_NaN()) == 0.3);
}
