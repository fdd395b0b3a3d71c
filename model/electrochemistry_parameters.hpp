#pragma once
// Parameters of the in situ cell's electrochemistry (MODEL.md sections 2-3): applied bias or
// current, the ohmic parts (LiPON film, interfacial layer, W tip contact), the double layer,
// Butler-Volmer kinetics and the OCV table. Every key lives under "electrochemistry.".
#include <vector>

#include "core/scenario.hpp"
#include "model/applied_bias.hpp"
#include "model/butler_volmer.hpp"
#include "model/cell_resistances.hpp"
#include "model/open_circuit_voltage.hpp"

namespace voidsim {

struct ElectrochemistryParameters {
  AppliedBias bias;                       // mode and voltage programme
  double current_density = 0.1;           // A/m^2, imposed in galvanostatic mode (+ = delithiation)
  double temperature = 298.15;            // K
  double electrode_area = 1e-12;          // m^2, LiPON/cathode contact area of the lamella
  double double_layer_capacitance = 0.1;  // F/m^2
  CellResistances resistances;
  ButlerVolmer kinetics;  // its temperature equals `temperature`
  std::vector<double> ocv_x = default_ocv_x();
  std::vector<double> ocv_voltage = default_ocv_voltage();
  OcvInterpolation ocv_interpolation = OcvInterpolation::pchip;
  double relative_tolerance = 1e-8;   // circuit integrator (Rosenbrock4) tolerances
  double absolute_tolerance = 1e-10;  // V for the double-layer voltage, C/m^2 for charge

  [[nodiscard]] OpenCircuitVoltage open_circuit_voltage() const {
    return {ocv_x, ocv_voltage, ocv_interpolation};
  }

  static void declare(Schema& schema);
  [[nodiscard]] static ElectrochemistryParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim
