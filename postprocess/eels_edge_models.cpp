#include "postprocess/eels_edge_models.hpp"

#include <algorithm>
#include <array>

#include "model/charge_balance.hpp"

namespace voidsim {

namespace {
constexpr double divalent = 2.0;
constexpr double chemical_shift_per_valence = 1.3;  // eV, Tan et al. 2012 (MnO -> MnO2 ~2.5 eV)
}  // namespace

double hybridisation_holes_per_oxygen(const CellComposition& cell) noexcept {
  const double holes = nickel_per_formula_unit * (cell.nickel_valence - divalent) +
                       manganese_per_formula_unit * (cell.manganese_valence - divalent) + cell.oxygen_holes;
  const double oxygen = oxygen_per_formula_unit - cell.oxygen_deficiency;
  return oxygen > 0.0 ? std::max(0.0, holes) / oxygen : 0.0;
}

double pristine_hybridisation_holes_per_oxygen() noexcept {
  return manganese_per_formula_unit * (4.0 - divalent) / oxygen_per_formula_unit;
}

double oxygen_k_preedge_relative(double holes_per_oxygen) noexcept {
  return holes_per_oxygen / pristine_hybridisation_holes_per_oxygen();
}

double manganese_l3_l2_ratio(double manganese_valence) noexcept {
  // Calibration points (valence, L3/L2): approximate Mn oxide values, Tan et al. 2012 / Varela et al. 2009.
  constexpr std::array<double, 3> valence{2.0, 3.0, 4.0};
  constexpr std::array<double, 3> ratio{4.2, 2.6, 1.9};
  const double v = std::clamp(manganese_valence, valence.front(), valence.back());
  const std::size_t i = v < valence[1] ? 0 : 1;
  const double s = (v - valence[i]) / (valence[i + 1] - valence[i]);
  return ratio[i] + s * (ratio[i + 1] - ratio[i]);
}

double manganese_l3_edge_shift(double manganese_valence) noexcept {
  return chemical_shift_per_valence * (std::clamp(manganese_valence, 2.0, 4.0) - 4.0);
}

}  // namespace voidsim
