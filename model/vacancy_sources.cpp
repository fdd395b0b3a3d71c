#include "model/vacancy_sources.hpp"

namespace voidsim {

void VacancySourceParameters::declare(Schema& schema) {
  OxygenRedoxVacancySource::declare(schema);
  BeamVacancySource::declare(schema);
}

VacancySourceParameters VacancySourceParameters::from(const Scenario& scenario) {
  return {OxygenRedoxVacancySource::from(scenario), BeamVacancySource::from(scenario)};
}

std::vector<Diagnostic> VacancySourceParameters::validate(const Scenario& scenario) {
  auto problems = OxygenRedoxVacancySource::validate(scenario);
  auto more = BeamVacancySource::validate(scenario);
  problems.insert(problems.end(), more.begin(), more.end());
  return problems;
}

}  // namespace voidsim
