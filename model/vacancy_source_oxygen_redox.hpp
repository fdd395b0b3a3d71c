#pragma once
// Oxygen-vacancy generation by irreversible oxygen loss during delithiation (MODEL.md section 2,
// process 2). Below x ~ 0.8 the charge of further Li extraction is compensated by oxygen redox;
// a fraction f_loss of that O-redox charge leaves as oxygen, and every O atom that leaves (as
// O2- -> 1/2 O2 + 2 e-) leaves one vacancy on the oxygen sublattice. YAML type: oxygen_redox.
//
// Charge-balance onset: where the lattice already lacks oxygen (the pristine surface layer, O
// deficiency d per formula unit), the missing O2- charge was compensated by reducing Mn
// (model/charge_balance.hpp). Removing Li there re-oxidises that Mn before any oxygen hole forms,
// so the O-redox onset moves from x_onset to x_onset - 2 d (2: the charge of one O2- per Li+).
// In the reconstructed layer at the LiPON contact (d ~ 0.6) O redox does not start at all, which
// keeps the O-redox vacancies, and the voids they feed, below that layer (docs/calibration.md).
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/scenario.hpp"

namespace voidsim {

/// Charge of one lattice oxide ion, in units of the Li+ charge.
inline constexpr double oxide_ion_charge = 2.0;

struct OxygenRedoxVacancySource {
  bool enabled = true;
  double loss_fraction = 0.1;          // f_loss: share of the O-redox charge lost as oxygen
  double onset = 0.8;                  // x_onset, Li per formula unit
  double onset_width = 0.02;           // dx_onset of the logistic switch
  double redox_charge_per_li = 1.0;    // O-redox holes per Li removed below the onset
  double electrons_per_vacancy = 2.0;  // charge carried away per O atom lost (O2- -> 1/2 O2)
  double oxygen_sites_per_formula_unit = 2.0;
  bool charge_balance_onset = true;  // shift the onset by -2 d where the lattice lacks oxygen

  /// Li content at which O redox starts in a lattice with O deficiency d (O per formula unit).
  [[nodiscard]] double local_onset(double oxygen_deficiency) const noexcept {
    return charge_balance_onset ? onset - oxide_ion_charge * oxygen_deficiency : onset;
  }

  /// Smooth switch s(x) = 1 / (1 + exp((x - x_onset) / dx_onset)): ~1 below the onset, ~0 above.
  /// Why smooth: a step would make G_v discontinuous in x and inject a kink the steppers resolve
  /// poorly; the width also stands for the spread of local compositions within one cell.
  [[nodiscard]] double switch_weight(double li_content, double oxygen_deficiency = 0.0) const noexcept {
    const double z = (li_content - local_onset(oxygen_deficiency)) / onset_width;
    if (z > 700.0) return 0.0;  // exp overflow guard; the weight is 0 to double precision
    return 1.0 / (1.0 + std::exp(z));
  }

  /// G_v = f_loss max(0, -dx/dt) q_redox / (z_O n_O) s(x): vacancy site fraction per second
  /// (oxygen sublattice), from the local Li content x, its rate dx/dt (1/s) and the lattice's O
  /// deficiency d (0 outside the surface layer).
  [[nodiscard]] double rate(double li_content, double li_rate, double oxygen_deficiency) const noexcept {
    if (!enabled) return 0.0;
    const double extraction = std::max(0.0, -li_rate);
    return loss_fraction * extraction * redox_charge_per_li /
           (electrons_per_vacancy * oxygen_sites_per_formula_unit) *
           switch_weight(li_content, oxygen_deficiency);
  }

  static void declare(Schema& schema);
  [[nodiscard]] static OxygenRedoxVacancySource from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
