#pragma once
// Ohmic parts of the in situ cell (MODEL.md section 2, process 1, and section 3): the LiPON film,
// the cathode/electrolyte interfacial layer and the W tip contact. Area-specific resistances are
// in ohm m^2; the series resistance of the whole cell, in ohm, needs the electrode area.
#include "model/physical_constants.hpp"

namespace voidsim {

/// Arrhenius conductivity sigma(T) = sigma_ref exp(-Ea/k (1/T - 1/T_ref)), in S/m. Ea in J.
/// (The simple form, without the 1/T prefactor of sigma T = A exp(-Ea/kT); the two differ by
/// T/T_ref, under 2 % for +-5 K around room temperature.)
[[nodiscard]] double arrhenius_conductivity(double conductivity_ref, double activation_energy,
                                            double temperature, double reference_temperature);

struct CellResistances {
  double electrolyte_thickness = 250e-9;   // m (paper: 250 nm LiPON)
  double electrolyte_conductivity = 2e-4;  // S/m at reference_temperature (2e-6 S/cm)
  double electrolyte_activation_energy = 0.55 * constants::electron_volt;  // J
  double reference_temperature = 298.15;                                   // K
  double interface_resistance = 8e-4;                                      // ohm m^2 (8 ohm cm^2)
  double contact_resistance = 1000.0;  // ohm, W tip on the Pt/Au top electrode

  /// LiPON film: thickness / sigma(T), ohm m^2.
  [[nodiscard]] double electrolyte_area_resistance(double temperature) const;
  /// Film plus interfacial layer, ohm m^2.
  [[nodiscard]] double area_resistance(double temperature) const;
  /// contact + area_resistance / area, ohm: the R_s of the external circuit.
  [[nodiscard]] double series_resistance(double temperature, double electrode_area) const;
};

}  // namespace voidsim
