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
            "largest change of x (Li per formula unit) in one step, anywhere")
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
