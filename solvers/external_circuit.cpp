#include "solvers/external_circuit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "core/error.hpp"
#include "model/quasi_steady_interface.hpp"
#include "solvers/rosenbrock4_integrator.hpp"

namespace voidsim {

namespace {

// State y = (V_dl in V, q in C/m^2), q the Faradaic charge density passed since the start of
// the current advance() call. Integrating the increment (not the running total) keeps the
// absolute tolerance meaningful for the charge of one coupling step.
struct CircuitEquations {
  const ButlerVolmer* kinetics;
  double u_ocv;  // U(x_s), V
  double x_surface;
  double r_s;      // ohm
  double c_total;  // F
  double area;     // m^2
  bool galvanostatic;
  double current_applied;  // A, galvanostatic
  BiasSegment bias;        // potentiostatic: the smooth piece being integrated

  void rhs(const std::vector<double>& y, double t, std::vector<double>& dydt) const {
    const double i_f = kinetics->current_density(y[0] - u_ocv, x_surface);
    const double current = galvanostatic ? current_applied : (bias.voltage(t) - y[0]) / r_s;
    dydt[0] = (current - area * i_f) / c_total;
    dydt[1] = i_f;
  }

  void jacobian(const std::vector<double>& y, double /*t*/, std::vector<double>& jac,
                std::vector<double>& dfdt) const {
    const double g = kinetics->conductance(y[0] - u_ocv, x_surface);
    const double d_current = galvanostatic ? 0.0 : -1.0 / r_s;
    jac[0] = (d_current - area * g) / c_total;  // d(dV/dt)/dV
    jac[1] = 0.0;
    jac[2] = g;  // d(dq/dt)/dV
    jac[3] = 0.0;
    dfdt[0] = galvanostatic ? 0.0 : bias.slope / (r_s * c_total);
    dfdt[1] = 0.0;
  }
};

}  // namespace

ExternalCircuit::ExternalCircuit(const ElectrochemistryParameters& parameters, double x_surface_initial)
    : parameters_(parameters),
      ocv_(parameters.open_circuit_voltage()),
      series_resistance_(
          parameters.resistances.series_resistance(parameters.temperature, parameters.electrode_area)),
      capacitance_(parameters.double_layer_capacitance * parameters.electrode_area),
      v_dl_(ocv_(x_surface_initial)),
      // A tenth of the RC time resolves the first charging transient; the controller grows it.
      step_suggestion_(0.1 * series_resistance_ * capacitance_) {
  parameters_.kinetics.temperature = parameters_.temperature;
}

CircuitSample ExternalCircuit::sample(double t, double x_surface) const {
  return sample_at(t, x_surface, parameters_.bias.voltage(t));
}

CircuitSample ExternalCircuit::sample_at(double t, double x_surface, double applied_voltage) const {
  const double area = parameters_.electrode_area;
  const double u = ocv_(x_surface);
  CircuitSample s;
  s.time = t;
  s.double_layer_voltage_V = v_dl_;
  s.interface_overpotential_V = v_dl_ - u;
  s.faradaic_current_density_A_m2 = parameters_.kinetics.current_density(v_dl_ - u, x_surface);
  s.mean_faradaic_current_density_A_m2 = s.faradaic_current_density_A_m2;
  if (parameters_.bias.mode == BiasMode::galvanostatic) {
    s.current_A = parameters_.current_density * area;
    s.cell_voltage_V = v_dl_ + s.current_A * series_resistance_;
    s.applied_voltage_V = s.cell_voltage_V;
  } else {
    s.applied_voltage_V = applied_voltage;
    s.cell_voltage_V = s.applied_voltage_V;
    s.current_A = (s.applied_voltage_V - v_dl_) / series_resistance_;
  }
  s.charge_C = charge_;
  s.faradaic_charge_C = faradaic_charge_;
  return s;
}

CircuitSample ExternalCircuit::advance(double t0, double dt, double x_surface) {
  if (!(dt > 0.0)) {
    CircuitSample s = sample(t0, x_surface);
    return s;
  }
  const bool galvanostatic = parameters_.bias.mode == BiasMode::galvanostatic;
  CircuitEquations equations{&parameters_.kinetics,
                             ocv_(x_surface),
                             x_surface,
                             series_resistance_,
                             capacitance_,
                             parameters_.electrode_area,
                             galvanostatic,
                             parameters_.current_density * parameters_.electrode_area,
                             {}};
  const StiffSystem system{[&equations](const std::vector<double>& y, double t, std::vector<double>& dydt) {
                             equations.rhs(y, t, dydt);
                           },
                           [&equations](const std::vector<double>& y, double t, std::vector<double>& jac,
                                        std::vector<double>& dfdt) { equations.jacobian(y, t, jac, dfdt); }};
  const Rosenbrock4Settings settings{parameters_.absolute_tolerance, parameters_.relative_tolerance};

  std::vector<double> y = {v_dl_, 0.0};
  const double v_start = v_dl_;
  const double t_end = t0 + dt;
  double t = t0;
  while (t < t_end) {
    // One smooth piece of the bias programme: [t, min(next breakpoint, t_end)]. Rosenbrock
    // methods lose their order across a jump or kink, so every piece is integrated on its own.
    const double t_break =
        galvanostatic ? std::numeric_limits<double>::infinity() : parameters_.bias.next_breakpoint(t);
    const double t_piece_end = std::min(t_break, t_end);
    equations.bias = parameters_.bias.segment(t);
    integrate_rosenbrock4(system, y, t, t_piece_end, step_suggestion_, settings);
    t = t_piece_end;
  }

  const double area = parameters_.electrode_area;
  v_dl_ = y[0];
  const double faradaic_step = y[1] * area;
  // Kirchhoff: the external charge feeds the double layer and the Faradaic branch.
  charge_ += capacitance_ * (v_dl_ - v_start) + faradaic_step;
  faradaic_charge_ += faradaic_step;
  // The left limit at t_end: at a bias jump the step reports the voltage it was integrated
  // with, not the next step's.
  CircuitSample s = sample_at(t_end, x_surface, equations.bias.voltage(t_end));
  s.mean_faradaic_current_density_A_m2 = y[1] / dt;
  return s;
}

void ExternalCircuit::save(StateArchive& archive, const std::string& prefix) const {
  archive.reals[prefix + "double_layer_voltage"] = v_dl_;
  archive.reals[prefix + "charge"] = charge_;
  archive.reals[prefix + "faradaic_charge"] = faradaic_charge_;
  archive.reals[prefix + "step_suggestion"] = step_suggestion_;
}

void ExternalCircuit::load(const StateArchive& archive, const std::string& prefix) {
  v_dl_ = archive.real(prefix + "double_layer_voltage");
  charge_ = archive.real(prefix + "charge");
  faradaic_charge_ = archive.real(prefix + "faradaic_charge");
  step_suggestion_ = archive.real(prefix + "step_suggestion");
}

double steady_state_current_density(const ElectrochemistryParameters& parameters, double applied_voltage,
                                    double x_surface) {
  return QuasiSteadyInterface(parameters).current_density(applied_voltage, x_surface);
}

}  // namespace voidsim
