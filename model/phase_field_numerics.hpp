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

  static void declare(Schema& schema);
  [[nodiscard]] static PhaseFieldNumerics from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
