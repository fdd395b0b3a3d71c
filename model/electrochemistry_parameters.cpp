#include "model/electrochemistry_parameters.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "model/physical_constants.hpp"

namespace voidsim {

namespace {

constexpr const char* ocv_source =
    "estimate shaped after typical first-charge curves of Li-rich NMC: Ni redox 3.7 -> 4.4 V for x 1.2 -> "
    "0.8, "
    "O-redox plateau about 4.5 V (MODEL.md section 3), rising as x -> 0";

// "[a, b, c]" or "[a V, b V]": the default tables as YAML flow sequences, written from the same
// vectors the code uses so the schema and OpenCircuitVoltage::default_table cannot diverge.
std::string flow_sequence(const std::vector<double>& values, const std::string& unit) {
  std::string text = "[";
  for (std::size_t k = 0; k < values.size(); ++k) {
    // Shortest of %.15g .. %.17g that reads back to the same double: "4.9", not "4.9000000000000004".
    char buffer[32];
    for (int digits = 15; digits <= 17; ++digits) {
      std::snprintf(buffer, sizeof buffer, "%.*g", digits, values[k]);
      if (std::strtod(buffer, nullptr) == values[k]) break;
    }
    text += (k ? ", " : "") + std::string(buffer) + (unit.empty() ? "" : " " + unit);
  }
  return text + "]";
}

constexpr double max_voltage = 10.0;  // V: no lamella cell survives more; catches mV/V typos

}  // namespace

void ElectrochemistryParameters::declare(Schema& schema) {
  // Operating mode and the voltage programme (MODEL.md section 2, process 1).
  schema.choice(
      "electrochemistry.mode", "potentiostatic",
      {"potentiostatic", "galvanostatic", "bias_steps", "bias_ramp"},
      "potentiostatic: constant bias; bias_steps: staircase (I-V curve); bias_ramp: linear sweep to bias, "
      "then hold; galvanostatic: imposed current density");
  schema
      .quantity("electrochemistry.bias", "4.8 V", "V",
                "cell voltage applied by the W tip (cathode vs Li/Li+ counter); hold value of a ramp")
      .min(0.0)
      .max(max_voltage)
      .source(
          "estimate: above the 4.5 V O-redox plateau so the surface reaches x < 0.8 and the "
          "diffusion-limited current decays over the ~2400 s of SI Video 1");
  schema
      .quantity_list("electrochemistry.bias_steps.voltages", "[4.0 V, 4.2 V, 4.4 V, 4.6 V, 4.8 V]", "V",
                     "bias of each step in bias_steps mode; the last one is held")
      .source(
          "estimate: spans the Ni-redox slope and the O-redox plateau for an I-V curve (paper Figure S2a)");
  schema.quantity("electrochemistry.bias_steps.duration", "300 s", "s", "duration of each bias step")
      .min(0.0, true)
      .source("estimate");
  schema.quantity("electrochemistry.ramp.start", "3.7 V", "V", "bias at t = 0 in bias_ramp mode")
      .min(0.0)
      .max(max_voltage)
      .source("OCV of the pristine cathode (x = 1.2) in the default table");
  schema.quantity("electrochemistry.ramp.rate", "1 mV/s", "mV/s", "sweep rate of bias_ramp toward `bias`")
      .min(0.0, true)
      .source("estimate: slow sweep, typical of thin-film cells");
  schema
      .quantity("electrochemistry.current_density", "0.1 A/m^2", "A/m^2",
                "imposed current density in galvanostatic mode, positive = delithiation")
      .min(-1e4)
      .max(1e4)
      .source(
          "estimate: 10 uA/cm^2, the order of the diffusion-limited flux at D_Li = 1e-14 cm^2/s after ~260 "
          "s");
  schema
      .quantity("electrochemistry.temperature", "298.15 K", "K",
                "specimen (cell) temperature: interface kinetics, LiPON conductivity, vacancy "
                "thermodynamics and KMC rates")
      .min(0.0, true)
      .max(1000.0)
      .source("room-temperature TEM holder; beam heating at 30 pA/cm^2 is negligible (estimate)");
  schema
      .quantity("electrochemistry.electrode_area", "1 um^2", "um^2",
                "LiPON/cathode contact area of the lamella: contact width x lamella thickness")
      .min(0.0, true)
      .source("estimate: 10 um wide x 100 nm thick FIB lamella");

  // Ohmic parts (MODEL.md section 3 table).
  schema.quantity("electrochemistry.electrolyte.thickness", "250 nm", "nm", "LiPON film thickness")
      .min(0.0, true)
      .source("paper: 250 nm RF-sputtered LiPON");
  schema
      .quantity("electrochemistry.electrolyte.conductivity", "2e-6 S/cm", "S/cm",
                "LiPON ionic conductivity at the reference temperature")
      .min(0.0, true)
      .source("MODEL.md section 3: 1e-6 .. 3e-6 S/cm at 25 C (sputtered-film measurements)");
  schema
      .quantity("electrochemistry.electrolyte.activation_energy", "0.55 eV", "eV",
                "Arrhenius activation energy of the LiPON conductivity")
      .min(0.0)
      .max(5.0 * constants::electron_volt)
      .source("MODEL.md section 3: Ea about 0.55 eV");
  schema
      .quantity("electrochemistry.electrolyte.reference_temperature", "298.15 K", "K",
                "temperature at which the conductivity is given")
      .min(0.0, true)
      .source("MODEL.md section 3: 25 C");
  schema
      .quantity("electrochemistry.interface_resistance", "8 ohm cm^2", "ohm cm^2",
                "area-specific resistance of the cathode/electrolyte interfacial layer")
      .min(0.0)
      .source("MODEL.md section 3: about 8 ohm cm^2 (Li3PO4/LiCoO2, Li3PO4/LNMO spinel)");
  schema
      .quantity("electrochemistry.contact_resistance", "1000 ohm", "ohm",
                "contact resistance of the W tip on the Pt/Au top electrode")
      .min(0.0)
      .source("estimate; negligible beside the ~2e9 ohm of LiPON over 1 um^2");
  schema
      .quantity("electrochemistry.double_layer_capacitance", "0.1 F/m^2", "F/m^2",
                "double-layer capacitance per area of the cathode/electrolyte interface")
      .min(0.0, true)
      .source("estimate: 10 uF/cm^2, typical of electrode/electrolyte interfaces");

  // Butler-Volmer kinetics (MODEL.md section 2, process 1).
  schema
      .quantity("electrochemistry.kinetics.exchange_current_density", "1 A/m^2", "A/m^2",
                "exchange current density i0_ref (at half filling for the newman model); 0 disables the "
                "Faradaic branch")
      .min(0.0)
      .source("estimate: 0.1 mA/cm^2, typical range reported for layered oxide cathodes");
  schema
      .real("electrochemistry.kinetics.transfer_coefficient", 0.5,
            "anodic transfer coefficient alpha_a; alpha_c = 1 - alpha_a")
      .min(0.0, true)
      .max(1.0)
      .source("symmetric barrier, the usual default");
  schema
      .choice("electrochemistry.kinetics.exchange_current_model", "newman", {"newman", "constant"},
              "newman: i0 ~ theta^alpha_c (1 - theta)^alpha_a with theta = x / max_li_fraction; constant: i0 "
              "= i0_ref")
      .source("Doyle, Fuller, Newman, J. Electrochem. Soc. 140, 1526 (1993)");
  schema
      .real("electrochemistry.kinetics.max_li_fraction", 1.2,
            "x with every Li site filled (theta = x / this)")
      .min(0.0, true)
      .source("Li1.2Ni0.2Mn0.6O2, MODEL.md section 2");
  schema
      .real("electrochemistry.kinetics.composition_floor", 0.01,
            "theta is clamped to [floor, 1 - floor] in i0 so extraction can start from the pristine x = 1.2")
      .min(0.0)
      .max(0.49)
      .source("numerical regularisation (docs/electrochemistry.md)");

  // Open-circuit voltage table.
  schema
      .real_list("electrochemistry.ocv.x", flow_sequence(default_ocv_x(), ""),
                 "Li per formula unit at the OCV table nodes, strictly increasing")
      .source(ocv_source);
  schema
      .quantity_list("electrochemistry.ocv.voltage", flow_sequence(default_ocv_voltage(), "V"), "V",
                     "open-circuit voltage vs Li/Li+ at the table nodes, non-increasing in x")
      .source(ocv_source);
  schema
      .choice("electrochemistry.ocv.interpolation", "pchip", {"pchip", "linear"},
              "pchip: monotone piecewise cubic (Fritsch-Carlson); linear: piecewise linear")
      .source("Fritsch and Carlson, SIAM J. Numer. Anal. 17, 238 (1980)");

  // Circuit integrator.
  schema
      .real("electrochemistry.circuit.relative_tolerance", 1e-8,
            "relative error per step of the Rosenbrock4 circuit integrator")
      .min(0.0, true)
      .max(1e-2);
  schema
      .real("electrochemistry.circuit.absolute_tolerance", 1e-10,
            "absolute error per step of the circuit integrator (V for the double layer, C/m^2 for charge)")
      .min(0.0, true)
      .max(1e-2);
}

ElectrochemistryParameters ElectrochemistryParameters::from(const Scenario& scenario) {
  ElectrochemistryParameters p;
  p.bias.mode = bias_mode_from_string(scenario.string("electrochemistry.mode"));
  p.bias.bias = scenario.real("electrochemistry.bias");
  p.bias.step_voltages = scenario.list("electrochemistry.bias_steps.voltages");
  p.bias.step_duration = scenario.real("electrochemistry.bias_steps.duration");
  p.bias.ramp_start = scenario.real("electrochemistry.ramp.start");
  p.bias.ramp_rate = scenario.real("electrochemistry.ramp.rate");
  p.current_density = scenario.real("electrochemistry.current_density");
  p.temperature = scenario.real("electrochemistry.temperature");
  p.electrode_area = scenario.real("electrochemistry.electrode_area");
  p.double_layer_capacitance = scenario.real("electrochemistry.double_layer_capacitance");

  p.resistances.electrolyte_thickness = scenario.real("electrochemistry.electrolyte.thickness");
  p.resistances.electrolyte_conductivity = scenario.real("electrochemistry.electrolyte.conductivity");
  p.resistances.electrolyte_activation_energy =
      scenario.real("electrochemistry.electrolyte.activation_energy");
  p.resistances.reference_temperature = scenario.real("electrochemistry.electrolyte.reference_temperature");
  p.resistances.interface_resistance = scenario.real("electrochemistry.interface_resistance");
  p.resistances.contact_resistance = scenario.real("electrochemistry.contact_resistance");

  p.kinetics.exchange_current_density = scenario.real("electrochemistry.kinetics.exchange_current_density");
  p.kinetics.transfer_coefficient = scenario.real("electrochemistry.kinetics.transfer_coefficient");
  p.kinetics.model = scenario.string("electrochemistry.kinetics.exchange_current_model") == "constant"
                         ? ExchangeCurrentModel::constant
                         : ExchangeCurrentModel::newman;
  p.kinetics.max_li_fraction = scenario.real("electrochemistry.kinetics.max_li_fraction");
  p.kinetics.composition_floor = scenario.real("electrochemistry.kinetics.composition_floor");
  p.kinetics.temperature = p.temperature;

  p.ocv_x = scenario.list("electrochemistry.ocv.x");
  p.ocv_voltage = scenario.list("electrochemistry.ocv.voltage");
  p.ocv_interpolation = ocv_interpolation_from_string(scenario.string("electrochemistry.ocv.interpolation"));

  p.relative_tolerance = scenario.real("electrochemistry.circuit.relative_tolerance");
  p.absolute_tolerance = scenario.real("electrochemistry.circuit.absolute_tolerance");
  return p;
}

std::vector<Diagnostic> ElectrochemistryParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const auto& x = scenario.list("electrochemistry.ocv.x");
  const auto& u = scenario.list("electrochemistry.ocv.voltage");
  if (const auto problem = ocv_table_problem(x, u); !problem.empty()) {
    // A length mismatch or a voltage problem is reported on the voltages, a composition
    // ordering problem on the compositions, so the caret points at the list to fix.
    const bool about_x = problem.find("compositions must") != std::string::npos;
    problems.push_back(
        scenario.diagnostic(about_x ? "electrochemistry.ocv.x" : "electrochemistry.ocv.voltage", problem));
  }
  const std::string mode = scenario.string("electrochemistry.mode");
  const auto& steps = scenario.list("electrochemistry.bias_steps.voltages");
  if (mode == "bias_steps" && steps.empty()) {
    problems.push_back(scenario.diagnostic("electrochemistry.bias_steps.voltages",
                                           "bias_steps mode needs at least one voltage"));
  }
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (!(steps[k] >= 0.0 && steps[k] <= max_voltage)) {
      problems.push_back(scenario.diagnostic(
          "electrochemistry.bias_steps.voltages",
          "step " + std::to_string(k) + " voltage " + std::to_string(steps[k]) + " V is outside [0, 10] V"));
    }
  }
  if (scenario.string("electrochemistry.kinetics.exchange_current_model") == "newman" &&
      scenario.real("electrochemistry.kinetics.composition_floor") == 0.0 &&
      scenario.real("electrochemistry.kinetics.exchange_current_density") > 0.0) {
    Diagnostic d =
        scenario.diagnostic("electrochemistry.kinetics.composition_floor",
                            "with the newman exchange current and no floor, i0 = 0 at the pristine "
                            "composition x = max_li_fraction, so no Li can ever be extracted");
    d.hint = "use a floor such as 0.01, or exchange_current_model: constant";
    problems.push_back(std::move(d));
  }
  if (mode == "galvanostatic" && scenario.real("electrochemistry.current_density") != 0.0 &&
      scenario.real("electrochemistry.kinetics.exchange_current_density") == 0.0) {
    problems.push_back(
        scenario.diagnostic("electrochemistry.kinetics.exchange_current_density",
                            "galvanostatic mode with a nonzero current needs a Faradaic branch "
                            "(i0 > 0): otherwise the double layer charges without bound"));
  }
  return problems;
}

}  // namespace voidsim
