#pragma once
// Oxygen-vacancy generation by irreversible oxygen loss during delithiation (MODEL.md section 2,
// process 2). Below x ~ 0.8 the charge of further Li extraction is compensated by oxygen redox;
// a fraction f_loss of that O-redox charge leaves as oxygen, and every O atom that leaves (as
// O2- -> 1/2 O2 + 2 e-) leaves one vacancy on the oxygen sublattice. YAML type: oxygen_redox.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/scenario.hpp"

namespace voidsim {

struct OxygenRedoxVacancySource {
  bool enabled = true;
  double loss_fraction = 0.1;          // f_loss: share of the O-redox charge lost as oxygen
  double onset = 0.8;                  // x_onset, Li per formula unit
  double onset_width = 0.02;           // dx_onset of the logistic switch
  double redox_charge_per_li = 1.0;    // O-redox holes per Li removed below the onset
  double electrons_per_vacancy = 2.0;  // charge carried away per O atom lost (O2- -> 1/2 O2)
  double oxygen_sites_per_formula_unit = 2.0;

  /// Smooth switch s(x) = 1 / (1 + exp((x - x_onset) / dx_onset)): ~1 below the onset, ~0 above.
  /// Why smooth: a step would make G_v discontinuous in x and inject a kink the steppers resolve
  /// poorly; the width also stands for the spread of local compositions within one cell.
  [[nodiscard]] double switch_weight(double li_content) const noexcept {
    const double z = (li_content - onset) / onset_width;
    if (z > 700.0) return 0.0;  // exp overflow guard; the weight is 0 to double precision
    return 1.0 / (1.0 + std::exp(z));
  }

  /// G_v = f_loss max(0, -dx/dt) q_redox / (z_O n_O) s(x): vacancy site fraction per second
  /// (oxygen sublattice), from the local Li content x and its rate dx/dt (1/s).
  [[nodiscard]] double rate(double li_content, double li_rate) const noexcept {
    if (!enabled) return 0.0;
    const double extraction = std::max(0.0, -li_rate);
    return loss_fraction * extraction * redox_charge_per_li /
           (electrons_per_vacancy * oxygen_sites_per_formula_unit) * switch_weight(li_content);
  }

  static void declare(Schema& schema);
  [[nodiscard]] static OxygenRedoxVacancySource from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
