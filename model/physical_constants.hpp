#pragma once
// CODATA 2018 exact SI constants and the material constants of Li1.2Ni0.2Mn0.6O2 used as
// defaults (MODEL.md section 3). SI units throughout.

namespace voidsim::constants {

inline constexpr double boltzmann = 1.380649e-23;            // J/K
inline constexpr double elementary_charge = 1.602176634e-19;  // C
inline constexpr double avogadro = 6.02214076e23;             // 1/mol
inline constexpr double faraday = elementary_charge * avogadro;  // C/mol
inline constexpr double gas_constant = boltzmann * avogadro;     // J/(mol K)
inline constexpr double electron_volt = elementary_charge;       // J

/// kT/e in volts at temperature T (K): the thermal voltage of Butler-Volmer kinetics.
[[nodiscard]] constexpr double thermal_voltage(double temperature) {
  return boltzmann * temperature / elementary_charge;
}

/// kT in joules.
[[nodiscard]] constexpr double thermal_energy(double temperature) { return boltzmann * temperature; }

}  // namespace voidsim::constants
