#pragma once
// What the electron beam passes through in a cross-section lamella: the LNMO cathode (composition
// per cell, postprocess/specimen_composition.hpp) and the layers above it (LiPON electrolyte, the
// Au and Pt top electrode, vacuum). A material here is a list of elements with number densities,
// enough for HAADF (sum N_i Z_i^n) and for the Malis-Cheng-Egerton mean free path (Z_eff).
#include <string>
#include <vector>

namespace voidsim {

struct ElementDensity {
  int atomic_number = 0;        // Z
  double number_density = 0.0;  // atoms per m^3
};

struct Material {
  std::string name;
  std::vector<ElementDensity> elements;  // empty: vacuum
};

/// Formula units of Li_x Ni0.2 Mn0.6 O_(2-d) per m^3 of dense cathode: 59.4 O sites/nm^3 (MODEL.md
/// section 3) over 2 O per formula unit.
inline constexpr double cathode_formula_units_per_m3 = 59.4e27 / 2.0;

inline constexpr int lithium_z = 3, nitrogen_z = 7, oxygen_z = 8, phosphorus_z = 15, manganese_z = 25,
                     nickel_z = 28, platinum_z = 78, gold_z = 79;

/// Cathode of Li content x and oxygen deficiency d (dense, no voids).
[[nodiscard]] Material cathode_material(double li_fraction, double oxygen_deficiency);
/// LiPON Li2.9 P O3.3 N0.46 (X. Yu, J. B. Bates et al., J. Electrochem. Soc. 144, 524 (1997)) at
/// 2.5 g/cm^3 (sputtered films 2.3-2.6 g/cm^3: estimate).
[[nodiscard]] Material lipon_material();
/// Au, 19.32 g/cm^3 (CRC Handbook): 5.90e28 atoms/m^3.
[[nodiscard]] Material gold_material();
/// Pt, 21.45 g/cm^3 (CRC Handbook): 6.62e28 atoms/m^3. A FIB-deposited Pt cap is porous and
/// carbon-rich; the dense metal is the upper bound of its contrast.
[[nodiscard]] Material platinum_material();

/// sum_i N_i Z_i^n, m^-3: the HAADF scattering power per unit path (MODEL.md section 3, n 1.7-2).
[[nodiscard]] double z_power_density(const Material& material, double exponent);

/// Effective atomic number for the Malis formula, Z_eff = sum f_i Z_i^1.3 / sum f_i Z_i^0.3 with
/// atomic fractions f_i (Malis, Cheng, Egerton, J. Electron Microsc. Tech. 8, 193 (1988)).
/// 0 for vacuum.
[[nodiscard]] double malis_effective_atomic_number(const Material& material);

}  // namespace voidsim
