#include "model/vacancy_source_oxygen_redox.hpp"

namespace voidsim {

void OxygenRedoxVacancySource::declare(Schema& schema) {
  schema.boolean("vacancy_source.oxygen_redox.enabled", true,
                 "generate oxygen vacancies from irreversible O loss below the O-redox onset");
  schema
      .real("vacancy_source.oxygen_redox.loss_fraction", 0.1,
            "fraction f_loss of the O-redox charge lost as oxygen")
      .min(0.0)
      .max(1.0)
      .source(
          "estimate (MODEL.md section 2); first-cycle O loss in Li-rich oxides is a minor share of O-redox");
  schema
      .real("vacancy_source.oxygen_redox.onset", 0.8,
            "Li content x below which charge is compensated by oxygen")
      .min(0.0)
      .max(1.2)
      .source("charge balance: Ni2+ -> Ni4+ covers x = 1.2 .. 0.8 (MODEL.md section 2)");
  schema.real("vacancy_source.oxygen_redox.onset_width", 0.02, "width dx of the logistic switch at the onset")
      .min(0.0, true)
      .max(0.4)
      .source("numerical smoothing, docs/void-model.md");
  schema
      .real("vacancy_source.oxygen_redox.electrons_per_vacancy", 2.0,
            "O-redox charge carried away per O atom lost (2: O2- -> 1/2 O2 + 2 e-)")
      .min(0.0, true)
      .source("stoichiometry of O2 release");
  schema.boolean("vacancy_source.oxygen_redox.charge_balance_onset", true,
                 "lower the onset to x_onset - 2 d where the lattice lacks d O per formula unit (the "
                 "reduced Mn is re-oxidised first)");
}

OxygenRedoxVacancySource OxygenRedoxVacancySource::from(const Scenario& scenario) {
  OxygenRedoxVacancySource s;
  s.enabled = scenario.boolean("vacancy_source.oxygen_redox.enabled");
  s.loss_fraction = scenario.real("vacancy_source.oxygen_redox.loss_fraction");
  s.onset = scenario.real("vacancy_source.oxygen_redox.onset");
  s.onset_width = scenario.real("vacancy_source.oxygen_redox.onset_width");
  s.electrons_per_vacancy = scenario.real("vacancy_source.oxygen_redox.electrons_per_vacancy");
  s.charge_balance_onset = scenario.boolean("vacancy_source.oxygen_redox.charge_balance_onset");
  return s;
}

std::vector<Diagnostic> OxygenRedoxVacancySource::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const auto s = from(scenario);
  // The switch must be essentially closed at the pristine x = 1.2, or the pristine cell would
  // lose oxygen as soon as any Li moves (the Ni-redox range would not exist).
  if (s.switch_weight(1.2) > 1e-3) {
    problems.push_back(scenario.diagnostic("vacancy_source.oxygen_redox.onset_width",
                                           "switch is still above 1e-3 at the pristine x = 1.2; narrow the "
                                           "onset_width or lower the onset"));
  }
  return problems;
}

}  // namespace voidsim
