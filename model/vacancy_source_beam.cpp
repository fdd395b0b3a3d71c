#include "model/vacancy_source_beam.hpp"

#include "model/physical_constants.hpp"

namespace voidsim {

double BeamVacancySource::electron_flux() const noexcept {
  return current_density / constants::elementary_charge;
}

double BeamVacancySource::rate() const noexcept {
  return enabled ? displacement_cross_section * electron_flux() : 0.0;
}

void BeamVacancySource::declare(Schema& schema) {
  schema.boolean("vacancy_source.beam.enabled", true, "generate vacancies by electron knock-on damage");
  schema
      .quantity("vacancy_source.beam.current_density", "30 pA/cm^2", "pA/cm^2",
                "electron beam current density")
      .min(0.0)
      .source("paper: electron dose kept ~30 pA/cm^2 (Li et al., Nano Lett. 2022)");
  schema
      .quantity("vacancy_source.beam.displacement_cross_section", "1e-27 m^2", "m^2",
                "O displacement cross-section sigma_d at the beam energy")
      .min(0.0)
      .source("estimate: ~10 barn, O near its knock-on threshold at 200-300 kV (docs/void-model.md)");
}

BeamVacancySource BeamVacancySource::from(const Scenario& scenario) {
  BeamVacancySource s;
  s.enabled = scenario.boolean("vacancy_source.beam.enabled");
  s.current_density = scenario.real("vacancy_source.beam.current_density");
  s.displacement_cross_section = scenario.real("vacancy_source.beam.displacement_cross_section");
  return s;
}

std::vector<Diagnostic> BeamVacancySource::validate(const Scenario& /*scenario*/) { return {}; }

}  // namespace voidsim
