#pragma once
// The specimen a synthetic micrograph images, per cell of a run's output frame: how much of the
// cell is solid, and the solid's composition Li_x Ni0.2 Mn0.6 O_(2-d), transition-metal valences
// (MODEL.md section 2 charge balance, model/charge_balance.hpp) and phase fractions of the surface
// reconstruction layer (fields of issue 5; absent in older runs: pristine layered, no mixing).
#include <cstddef>
#include <vector>

#include "core/grid.hpp"

namespace voidsim {

/// Fields of one frame (grid-size arrays, storage order of Grid::index); null when the run has no
/// such field. Only the void order parameter is required.
struct SpecimenFields {
  const double* void_order_parameter = nullptr;  // eta (0 solid, 1 void)
  const double* li_fraction = nullptr;           // x; absent: pristine 1.2
  const double* vacancy_fraction = nullptr;      // c_v (O-site vacancy fraction of the cell)
  const double* oxygen_deficiency = nullptr;     // d of the solid; overrides c_v when present
  const double* manganese_valence = nullptr;     // v_Mn; overrides the charge balance when present
  const double* spinel_fraction = nullptr;
  const double* rock_salt_fraction = nullptr;
  const double* cation_mixing = nullptr;
};

struct CellComposition {
  double solid_fraction = 1.0;     // 1 - h(eta), volume fraction of the cell that is solid
  double li_fraction = 1.2;        // x of the solid
  double oxygen_deficiency = 0.0;  // d of the solid, O per formula unit missing
  double nickel_valence = 2.0;
  double manganese_valence = 4.0;
  double oxygen_holes = 0.0;  // per formula unit
  double spinel_fraction = 0.0;
  double rock_salt_fraction = 0.0;
  double cation_mixing = 0.0;
};

/// Composition of cell `c` (point kernel). Solid fraction: 1 - h(eta) with the model's
/// interpolation h (model/void_free_energy.hpp), so the diffuse void surface removes mass
/// smoothly and a sharp void removes all of it. Without an oxygen_deficiency field, d = 2 c_v,s
/// with c_v,s the solid's vacancy fraction from the mixture rule c_v = (1 - h) c_v,s + h * 1 (the
/// void is all vacancies), so the void's own c_v ~ 1 does not count as O loss of the solid (divisor
/// 1 - h held at >= 1/2 on the void side of the surface, where it would amplify misfit). d is
/// capped where charge balance would need Mn below 2+ (rock-salt MO).
[[nodiscard]] CellComposition cell_composition(const SpecimenFields& fields, std::size_t c);

/// All cells of `grid`.
[[nodiscard]] std::vector<CellComposition> specimen_composition(const Grid& grid,
                                                                const SpecimenFields& fields);

/// Largest O deficiency that charge balance allows at Li content x: all TM at 2+,
/// 2 (2 - d) = x + 0.8 * 2.
[[nodiscard]] double max_oxygen_deficiency(double li_fraction) noexcept;

}  // namespace voidsim
