#include "model/cell_resistances.hpp"

#include <cmath>

#include "model/physical_constants.hpp"

namespace voidsim {

double arrhenius_conductivity(double conductivity_ref, double activation_energy, double temperature,
                              double reference_temperature) {
  // MODEL.md section 3: LiPON conductivity 1e-6 .. 3e-6 S/cm at 25 C, Ea about 0.55 eV.
  return conductivity_ref * std::exp(-activation_energy / constants::boltzmann *
                                     (1.0 / temperature - 1.0 / reference_temperature));
}

double CellResistances::electrolyte_area_resistance(double temperature) const {
  return electrolyte_thickness / arrhenius_conductivity(electrolyte_conductivity,
                                                        electrolyte_activation_energy, temperature,
                                                        reference_temperature);
}

double CellResistances::area_resistance(double temperature) const {
  return electrolyte_area_resistance(temperature) + interface_resistance;
}

double CellResistances::series_resistance(double temperature, double electrode_area) const {
  return contact_resistance + area_resistance(temperature) / electrode_area;
}

}  // namespace voidsim
