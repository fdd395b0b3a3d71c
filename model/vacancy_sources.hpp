#pragma once
// The vacancy source terms G_v of the c_v equation (MODEL.md section 2, process 2), collected in
// one explicit list: section `vacancy_source.` with one sub-section per term.
#include <vector>

#include "core/scenario.hpp"
#include "model/vacancy_source_beam.hpp"
#include "model/vacancy_source_oxygen_redox.hpp"

namespace voidsim {

struct VacancySourceParameters {
  OxygenRedoxVacancySource oxygen_redox;
  BeamVacancySource beam;

  /// Total G_v (site fraction per second) at Li content x with rate dx/dt and lattice O
  /// deficiency d, inside the beam.
  [[nodiscard]] double rate(double li_content, double li_rate, double oxygen_deficiency) const noexcept {
    return oxygen_redox.rate(li_content, li_rate, oxygen_deficiency) + beam.rate();
  }

  static void declare(Schema& schema);
  [[nodiscard]] static VacancySourceParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
