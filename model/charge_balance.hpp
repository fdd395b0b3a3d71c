#pragma once
// Charge balance of Li_x Ni0.2 Mn0.6 O_(2-d) (MODEL.md section 2):
//   x + 0.2 v_Ni + 0.6 v_Mn + h = 2 (2 - d),
// with h the hole charge carried by oxygen (O redox). Pristine x = 1.2, d = 0: Ni2+, Mn4+, h = 0.
// Which species takes a change of charge follows the redox sequence of the Li-rich layered oxide:
// on oxidation Ni2+ -> Ni4+ first (x from 1.2 down to 0.8), then oxygen holes; on reduction (O
// lost without Li change, the pristine surface layer) the oxygen holes fill first, then Ni4+ -> Ni2+,
// then Mn4+ -> Mn2+ (Ni2+ and Mn2+ are the floors; rock-salt MO is fully Mn2+/Ni2+).
namespace voidsim {

inline constexpr double nickel_per_formula_unit = 0.2;
inline constexpr double manganese_per_formula_unit = 0.6;
inline constexpr double pristine_li_per_formula_unit = 1.2;
inline constexpr double oxygen_per_formula_unit = 2.0;

struct TransitionMetalValence {
  double nickel = 2.0;        // v_Ni, 2..4
  double manganese = 4.0;     // v_Mn, 2..4
  double oxygen_holes = 0.0;  // h per formula unit, >= 0
};

/// Valences for Li content x (0..1.2) and oxygen deficiency d (O per formula unit lost, 0..1).
/// Throws std::invalid_argument when no valence assignment within the floors and ceilings can
/// balance the charge (more O lost than Mn2+/Ni2+ can compensate).
[[nodiscard]] TransitionMetalValence transition_metal_valence(double li_fraction, double oxygen_deficiency);

/// Mean transition-metal valence (0.2 v_Ni + 0.6 v_Mn) / 0.8, what EELS L3/L2 tracks on average.
[[nodiscard]] double mean_transition_metal_valence(const TransitionMetalValence& v) noexcept;

}  // namespace voidsim
