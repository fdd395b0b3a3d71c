#pragma once
// Electron-beam (knock-on) vacancy generation (MODEL.md section 2, process 2, optional term):
// G_beam = sigma_d J_beam / e displacements per site per second, uniform where the beam is.
// At the paper's 30 pA/cm^2 this is many orders below what could nucleate a void (the control
// video shows none); docs/void-model.md gives the numbers. YAML type: beam.
#include <vector>

#include "core/scenario.hpp"

namespace voidsim {

struct BeamVacancySource {
  bool enabled = true;
  double current_density = 30e-12 / 1e-4;     // J_beam, A/m^2 (30 pA/cm^2)
  double displacement_cross_section = 1e-27;  // sigma_d, m^2 (10 barn)

  /// Electron flux J_beam / e, 1/(m^2 s).
  [[nodiscard]] double electron_flux() const noexcept;
  /// G_beam = sigma_d J_beam / e: vacancy site fraction per second (0 when disabled).
  [[nodiscard]] double rate() const noexcept;

  static void declare(Schema& schema);
  [[nodiscard]] static BeamVacancySource from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
