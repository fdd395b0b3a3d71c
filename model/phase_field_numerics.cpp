#include "model/phase_field_numerics.hpp"

namespace voidsim {

void PhaseFieldNumerics::declare(Schema& schema) {
  schema.choice("phase_field.lateral_boundary", "periodic", {"periodic", "no_flux"},
                "x (and y) boundaries: periodic (a slab of a large particle) or no_flux (free surfaces)");
  schema.quantity("phase_field.dt_initial", "1 ms", "s", "first coupled time step").min(0.0, true);
  schema
      .quantity("phase_field.dt_min", "1e-7 s", "s",
                "smallest step before the run fails as numerically unstable")
      .min(0.0, true);
  schema.quantity("phase_field.dt_max", "5 s", "s", "largest coupled time step").min(0.0, true);
  schema
      .real("phase_field.max_change_li", 0.02,
            "largest change of x (Li per formula unit) in one step in the solid (eta < 0.05)")
      .min(0.0, true);
  schema
      .real("phase_field.max_change_vacancy", 0.01,
            "largest change of c_v in one step in the solid (eta < 0.05); interfaces are bounded by "
            "max_change_void")
      .min(0.0, true);
  schema.real("phase_field.max_change_void", 0.1, "largest change of eta in one step, anywhere")
      .min(0.0, true);
  schema
      .real("phase_field.initial_vacancy_fraction", -1.0,
            "initial c_v everywhere; negative: the void model's equilibrium fraction")
      .max(1.0);
  schema
      .integer("phase_field.implicit_coupling_iterations", 0,
               "0: split c_v-eta step (dt-dependent interface mobility); N > 0: iterate each step to the "
               "backward-Euler solution of the coupled pair, at most N passes (docs/void-model.md 2b)")
      .min(0)
      .max(1000);
  schema
      .real("phase_field.implicit_coupling_void_tolerance", 1e-4,
            "implicit coupling converged when no eta changes by more than this in a pass")
      .min(0.0, true)
      .max(0.1);
  schema
      .real("phase_field.implicit_coupling_vacancy_tolerance", 1e-5,
            "and no c_v in the solid (eta < 0.05) changes by more than this")
      .min(0.0, true)
      .max(0.01);
  schema
      .integer("phase_field.anderson_depth", 4,
               "implicit coupling: Anderson-acceleration memory of the passes (0: plain fixed-point passes)")
      .min(0)
      .max(8);
}

PhaseFieldNumerics PhaseFieldNumerics::from(const Scenario& scenario) {
  PhaseFieldNumerics p;
  p.lateral_periodic = scenario.string("phase_field.lateral_boundary") == "periodic";
  p.dt_initial = scenario.real("phase_field.dt_initial");
  p.dt_min = scenario.real("phase_field.dt_min");
  p.dt_max = scenario.real("phase_field.dt_max");
  p.max_change_li = scenario.real("phase_field.max_change_li");
  p.max_change_vacancy = scenario.real("phase_field.max_change_vacancy");
  p.max_change_void = scenario.real("phase_field.max_change_void");
  p.initial_vacancy_fraction = scenario.real("phase_field.initial_vacancy_fraction");
  p.implicit_coupling_iterations =
      static_cast<int>(scenario.integer("phase_field.implicit_coupling_iterations"));
  p.implicit_coupling_void_tolerance = scenario.real("phase_field.implicit_coupling_void_tolerance");
  p.implicit_coupling_vacancy_tolerance = scenario.real("phase_field.implicit_coupling_vacancy_tolerance");
  p.anderson_depth = static_cast<int>(scenario.integer("phase_field.anderson_depth"));
  return p;
}

std::vector<Diagnostic> PhaseFieldNumerics::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const double dt_min = scenario.real("phase_field.dt_min");
  const double dt_initial = scenario.real("phase_field.dt_initial");
  const double dt_max = scenario.real("phase_field.dt_max");
  if (dt_min > dt_initial)
    problems.push_back(scenario.diagnostic("phase_field.dt_min", "must not exceed dt_initial"));
  if (dt_initial > dt_max)
    problems.push_back(scenario.diagnostic("phase_field.dt_max", "must not be below dt_initial"));
  return problems;
}

}  // namespace voidsim
