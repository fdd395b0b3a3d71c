#pragma once
// Open-circuit voltage U(x) of Li_x Ni0.2 Mn0.6 O2 vs Li/Li+ (MODEL.md sections 1-3): the
// equilibrium potential the Butler-Volmer overpotential is measured from. A table interpolated
// by a monotone piecewise cubic (PCHIP) or piecewise linear function.
#include <string>
#include <vector>

namespace voidsim {

enum class OcvInterpolation { pchip, linear };

/// Parses "pchip" / "linear" (the scenario key electrochemistry.ocv.interpolation); throws
/// std::invalid_argument otherwise.
[[nodiscard]] OcvInterpolation ocv_interpolation_from_string(const std::string& name);

/// Why a table is unusable, or empty if it is fine. Used by the constructor (which throws
/// std::invalid_argument with this text) and by ElectrochemistryParameters::validate (which
/// turns it into a located Diagnostic).
[[nodiscard]] std::string ocv_table_problem(const std::vector<double>& x, const std::vector<double>& voltage);

class OpenCircuitVoltage {
 public:
  /// `x` strictly increasing, at least two nodes; `voltage` (V) finite and non-increasing in x
  /// (thermodynamic stability, dU/dx <= 0: a rising branch would be an unstable composition).
  OpenCircuitVoltage(std::vector<double> x, std::vector<double> voltage,
                     OcvInterpolation interpolation = OcvInterpolation::pchip);

  /// Default table: an estimate shaped after typical first-charge curves of Li-rich NMC (see
  /// default_ocv_x() / default_ocv_voltage() and docs/electrochemistry.md).
  [[nodiscard]] static OpenCircuitVoltage default_table(
      OcvInterpolation interpolation = OcvInterpolation::pchip);

  /// U(x) in volts. Outside the table the curve continues linearly with the end-node slope, so
  /// it stays monotone and differentiable for a surface composition slightly out of range.
  [[nodiscard]] double operator()(double x) const;
  /// dU/dx in volts per Li per formula unit (<= 0 for a valid table).
  [[nodiscard]] double derivative(double x) const;

  [[nodiscard]] const std::vector<double>& x_nodes() const noexcept { return x_; }
  [[nodiscard]] const std::vector<double>& voltage_nodes() const noexcept { return u_; }
  [[nodiscard]] OcvInterpolation interpolation() const noexcept { return interpolation_; }

 private:
  std::vector<double> x_;
  std::vector<double> u_;
  std::vector<double> slope_;  // dU/dx at each node (PCHIP Hermite slopes, or secants for linear)
  OcvInterpolation interpolation_;

  [[nodiscard]] std::size_t interval(double x) const;
};

/// Nodes of the default table, x in Li per formula unit (0 .. 1.2).
[[nodiscard]] const std::vector<double>& default_ocv_x();
/// Voltages of the default table in volts vs Li/Li+.
[[nodiscard]] const std::vector<double>& default_ocv_voltage();

}  // namespace voidsim
