#pragma once
// From the Faradaic current density at the LiPON interface to the Li sink of the diffusion
// problem (MODEL.md section 2, process 1: Li leaves only through the interface at z = 0).
// Positive current = delithiation, so a positive current gives a negative dx/dt.
#include "model/physical_constants.hpp"

namespace voidsim {

/// Li sites per m^3 of Li1.2Ni0.2Mn0.6O2 (MODEL.md section 3: 35.6 Li sites/nm^3), all filled
/// at x = 1.2.
inline constexpr double li_site_density = 35.6e27;
/// x of the pristine, fully lithiated cathode (Li per formula unit).
inline constexpr double pristine_li_fraction = 1.2;

/// Molar flux of Li out of the cathode, mol m^-2 s^-1: N = i / F (one electron per Li).
[[nodiscard]] constexpr double li_molar_flux(double current_density) {
  return current_density / constants::faraday;
}

/// Rate of change of x (Li per formula unit) in the first cell of thickness dz (m) when the
/// whole interfacial flux is taken from it: dx/dt = -x_max i / (F c_sites dz), where
/// c_sites / N_A is the molar Li site concentration (mol m^-3) and x_max = 1.2 converts the
/// site fraction to Li per formula unit.
[[nodiscard]] constexpr double li_fraction_rate(double current_density, double dz,
                                                double site_density = li_site_density,
                                                double x_max = pristine_li_fraction) {
  const double site_concentration = site_density / constants::avogadro;  // mol/m^3
  return -x_max * current_density / (constants::faraday * site_concentration * dz);
}

}  // namespace voidsim
