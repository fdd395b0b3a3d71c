#pragma once
// The external circuit of the in situ cell (MODEL.md section 2, process 1), a small stiff ODE
// system integrated with Boost.Odeint's Rosenbrock4 (L-stable, with the analytic Jacobian):
//
//   V_app(t) --[R_s = R_contact + (L/sigma(T) + R_int)/A]--+-- C_dl A --+
//                                                          |            |  (cathode surface)
//                                                          +-- A i_BV(V_dl - U(x_s)) --+
//
//   potentiostatic:  C_dl A dV_dl/dt = (V_app(t) - V_dl)/R_s - A i_BV(V_dl - U(x_s))
//   galvanostatic:   C_dl A dV_dl/dt = I_app - A i_BV(V_dl - U(x_s)),   V_cell = V_dl + I_app R_s
//
// V_dl is the potential step across the cathode/LiPON interface measured against Li/Li+ (the
// counter side, Li plated under the Pt/Au electrode, is an ideal reference: a simplification).
// The surface Li content x_s comes from the diffusion solver and is held constant within a
// call to advance() (operator splitting at the coupling step).
#include <string>

#include "core/state_archive.hpp"
#include "model/electrochemistry_parameters.hpp"

namespace voidsim {

/// The circuit at the end of a step. Positive currents are delithiation (charging).
struct CircuitSample {
  double time = 0.0;                                // s
  double applied_voltage_V = 0.0;                   // V_app(t) (galvanostatic: equals cell_voltage_V)
  double cell_voltage_V = 0.0;                      // voltage across the cell terminals
  double current_A = 0.0;                           // external current
  double faradaic_current_density_A_m2 = 0.0;       // i_BV at the end of the step
  double mean_faradaic_current_density_A_m2 = 0.0;  // Faradaic charge of the step / (A dt): use
                                                    // this for the Li flux, it conserves charge
  double interface_overpotential_V = 0.0;           // eta = V_dl - U(x_s)
  double double_layer_voltage_V = 0.0;              // V_dl
  double charge_C = 0.0;                            // integral of current_A since the start
  double faradaic_charge_C = 0.0;                   // integral of A i_BV: the Li removed times F
};

class ExternalCircuit {
 public:
  /// Starts at rest: V_dl = U(x_surface_initial), no current, no charge passed.
  ExternalCircuit(const ElectrochemistryParameters& parameters, double x_surface_initial);

  /// Integrates from t0 to t0 + dt (s after the bias is switched on) with the surface Li
  /// content fixed at x_surface. Steps are split at the jumps and kinks of the bias programme.
  /// Throws NumericalError if the integration fails (non-finite state, step-size underflow).
  CircuitSample advance(double t0, double dt, double x_surface);

  /// The instantaneous circuit at time t for the current state and x_surface (no integration).
  /// At a bias jump this is the right limit (the new step's voltage); advance() returns the
  /// left limit at the end of its interval.
  [[nodiscard]] CircuitSample sample(double t, double x_surface) const;

  /// Series resistance R_s (ohm), double-layer capacitance C_dl A (F) and their product.
  [[nodiscard]] double series_resistance() const noexcept { return series_resistance_; }
  [[nodiscard]] double capacitance() const noexcept { return capacitance_; }
  [[nodiscard]] double double_layer_voltage() const noexcept { return v_dl_; }
  [[nodiscard]] const ElectrochemistryParameters& parameters() const noexcept { return parameters_; }
  [[nodiscard]] const OpenCircuitVoltage& open_circuit_voltage() const noexcept { return ocv_; }

  /// Checkpoint: every number the next advance() depends on, under "<prefix>..." names, so a
  /// restarted run continues bit for bit.
  void save(StateArchive& archive, const std::string& prefix = "circuit.") const;
  void load(const StateArchive& archive, const std::string& prefix = "circuit.");

 private:
  [[nodiscard]] CircuitSample sample_at(double t, double x_surface, double applied_voltage) const;

  ElectrochemistryParameters parameters_;
  OpenCircuitVoltage ocv_;
  double series_resistance_;      // ohm
  double capacitance_;            // F
  double v_dl_;                   // V
  double charge_ = 0.0;           // C, external
  double faradaic_charge_ = 0.0;  // C
  double step_suggestion_;        // s, the integrator's next step size, carried across calls
};

/// Steady state of the potentiostatic circuit at a fixed surface composition: the Faradaic
/// current density i solving V_app = U(x_s) + eta + i A R_s with i = i_BV(eta, x_s) (the
/// double layer carries no current in steady state). Bracketed Newton on eta, to round-off.
[[nodiscard]] double steady_state_current_density(const ElectrochemistryParameters& parameters,
                                                  double applied_voltage, double x_surface);

}  // namespace voidsim
