#include "postprocess/specimen_composition.hpp"

#include <algorithm>

#include "model/charge_balance.hpp"
#include "model/void_free_energy.hpp"

namespace voidsim {

double max_oxygen_deficiency(double li_fraction) noexcept {
  const double floor_charge = 2.0 * (nickel_per_formula_unit + manganese_per_formula_unit);
  return std::max(0.0, oxygen_per_formula_unit - 0.5 * (li_fraction + floor_charge));
}

CellComposition cell_composition(const SpecimenFields& fields, std::size_t c) {
  CellComposition cell;
  const double eta = std::clamp(fields.void_order_parameter[c], 0.0, 1.0);
  const double h = interpolation(eta);
  cell.solid_fraction = 1.0 - h;
  cell.li_fraction = fields.li_fraction != nullptr
                         ? std::clamp(fields.li_fraction[c], 0.0, pristine_li_per_formula_unit)
                         : pristine_li_per_formula_unit;
  double d = 0.0;
  if (fields.oxygen_deficiency != nullptr) {
    d = fields.oxygen_deficiency[c];
  } else if (fields.vacancy_fraction != nullptr && cell.solid_fraction > 1e-6) {
    // Mixture rule c_v = (1 - h) c_v,s + h (2 c_v,s O per f.u. missing). On the void side of the
    // diffuse surface (h > 1/2) the division by 1 - h would turn the small misfit between the c_v
    // and eta profiles into a spurious O loss; there the solid of a 2D extrusion is the matrix
    // around the void, so the divisor is held at 1/2.
    const double c_solid = (fields.vacancy_fraction[c] - h) / std::max(cell.solid_fraction, 0.5);
    d = oxygen_per_formula_unit * std::max(0.0, c_solid);
  }
  // Slightly inside the floor so the charge balance never sees round-off beyond it.
  cell.oxygen_deficiency = std::clamp(d, 0.0, max_oxygen_deficiency(cell.li_fraction) * (1.0 - 1e-12));
  const TransitionMetalValence v = transition_metal_valence(cell.li_fraction, cell.oxygen_deficiency);
  cell.nickel_valence = v.nickel;
  cell.manganese_valence = fields.manganese_valence != nullptr ? fields.manganese_valence[c] : v.manganese;
  cell.oxygen_holes = v.oxygen_holes;
  if (fields.spinel_fraction != nullptr)
    cell.spinel_fraction = std::clamp(fields.spinel_fraction[c], 0.0, 1.0);
  if (fields.rock_salt_fraction != nullptr)
    cell.rock_salt_fraction = std::clamp(fields.rock_salt_fraction[c], 0.0, 1.0 - cell.spinel_fraction);
  if (fields.cation_mixing != nullptr) cell.cation_mixing = std::clamp(fields.cation_mixing[c], 0.0, 1.0);
  return cell;
}

std::vector<CellComposition> specimen_composition(const Grid& grid, const SpecimenFields& fields) {
  std::vector<CellComposition> cells(grid.size());
  const auto n = static_cast<std::ptrdiff_t>(grid.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t c = 0; c < n; ++c)
    cells[static_cast<std::size_t>(c)] = cell_composition(fields, static_cast<std::size_t>(c));
  return cells;
}

}  // namespace voidsim
