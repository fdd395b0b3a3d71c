#pragma once
// Numerical controls of the continuum (phase-field) engine: boundaries, the adaptive coupling
// step and the initial state. Physics lives in the other blocks; this one says how to integrate.
#include <vector>

#include "core/scenario.hpp"

namespace voidsim {

struct PhaseFieldNumerics {
  bool lateral_periodic = true;  // x (and y) periodic; else no-flux walls (free surfaces)
  double dt_initial = 1e-3;      // s
  double dt_min = 1e-7;          // s
  double dt_max = 5.0;           // s
  // A coupled step is accepted if no field changes by more than its limit anywhere; the next dt
  // aims at half the limit. Change-based control is used instead of step doubling because the
  // coupled step (circuit, Li, vacancies, voids, nucleation) is split, and doubling it would cost
  // 2.3 steps per step; the limits bound the splitting error directly.
  double max_change_li = 0.02;             // Li per formula unit
  double max_change_vacancy = 0.01;        // site fraction
  double max_change_void = 0.1;            // order parameter
  double initial_vacancy_fraction = -1.0;  // < 0: the equilibrium fraction of the void model
  // c_v-eta coupling (docs/void-model.md, section 2b). 0: the split step (vacancies with eta^n,
  // then one linearly implicit Allen-Cahn step with mu frozen): first order with a large error
  // constant, since the interface mobility becomes L / (1 + dt L S) when dt L S >> 1. N > 0: the
  // split step is iterated to the backward-Euler solution of the coupled pair (at most N passes; a
  // step that does not converge is rejected and retried with a smaller dt).
  int implicit_coupling_iterations = 0;
  double implicit_coupling_void_tolerance = 1e-4;     // converged: no eta moves more in a pass
  double implicit_coupling_vacancy_tolerance = 1e-5;  // and no solid c_v (eta < 0.05) more
  int anderson_depth = 4;                             // Anderson memory of the passes; 0 = plain

  static void declare(Schema& schema);
  [[nodiscard]] static PhaseFieldNumerics from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
