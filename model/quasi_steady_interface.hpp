#pragma once
// The LiPON/LNMO interface in quasi-steady state (MODEL.md section 2, process 1): the double
// layer charges in R_s C_dl ~ 0.1 ms, far faster than Li diffusion changes the surface (seconds),
// so on the diffusion time step the Faradaic current density solves the algebraic balance
//   V_app = U(x_s) + eta + i R_s A,   i = i_BV(eta, x_s).
// The engine's implicit Li boundary condition evaluates this per column and per Newton
// iteration, so the OCV table is interpolated from a prebuilt object (no allocation per call).
#include "model/butler_volmer.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/open_circuit_voltage.hpp"

namespace voidsim {

class QuasiSteadyInterface {
 public:
  explicit QuasiSteadyInterface(const ElectrochemistryParameters& parameters);

  /// Faradaic current density (A/m^2, + = delithiation) at applied voltage V and surface Li
  /// content x_s. Bracketed Newton on eta, to round-off.
  [[nodiscard]] double current_density(double applied_voltage, double x_surface) const;

  [[nodiscard]] const OpenCircuitVoltage& open_circuit_voltage() const noexcept { return ocv_; }
  /// Area-specific series resistance R_s A, ohm m^2.
  [[nodiscard]] double area_resistance() const noexcept { return area_resistance_; }

 private:
  ButlerVolmer kinetics_;
  OpenCircuitVoltage ocv_;
  double area_resistance_;
};

}  // namespace voidsim
