#include "model/charge_balance.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace voidsim {

namespace {
constexpr double valence_floor = 2.0;    // Ni2+, Mn2+ (rock-salt MO)
constexpr double valence_ceiling = 4.0;  // Ni4+, Mn4+
constexpr double oxygen_valence = 2.0;
// Charge-balance round-off allowed before an input counts as unbalanceable.
constexpr double balance_slack = 1e-12;
}  // namespace

TransitionMetalValence transition_metal_valence(double li_fraction, double oxygen_deficiency) {
  // Positive charge the cations other than Li must carry (MODEL.md section 2).
  const double cation_charge = oxygen_valence * (oxygen_per_formula_unit - oxygen_deficiency) - li_fraction;
  const double ni = nickel_per_formula_unit;
  const double mn = manganese_per_formula_unit;

  TransitionMetalValence v;
  v.manganese = valence_ceiling;
  // Ni takes the first oxidation and the first reduction below the O holes.
  v.nickel = (cation_charge - mn * valence_ceiling) / ni;
  if (v.nickel > valence_ceiling) {
    v.nickel = valence_ceiling;
    // Beyond Ni4+ the remaining positive charge is carried by holes on oxygen (O redox).
    v.oxygen_holes = cation_charge - (ni + mn) * valence_ceiling;
  } else if (v.nickel < valence_floor) {
    v.nickel = valence_floor;
    v.manganese = (cation_charge - ni * valence_floor) / mn;
    if (v.manganese < valence_floor - balance_slack) {
      throw std::invalid_argument("charge balance: O deficiency " + std::to_string(oxygen_deficiency) +
                                  " at Li " + std::to_string(li_fraction) +
                                  " needs Mn below 2+ (more O lost than rock-salt MO allows)");
    }
    v.manganese = std::max(v.manganese, valence_floor);
  }
  return v;
}

double mean_transition_metal_valence(const TransitionMetalValence& v) noexcept {
  return (nickel_per_formula_unit * v.nickel + manganese_per_formula_unit * v.manganese) /
         (nickel_per_formula_unit + manganese_per_formula_unit);
}

}  // namespace voidsim
