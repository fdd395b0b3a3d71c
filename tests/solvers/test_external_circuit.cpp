#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <vector>

#include "core/state_archive.hpp"
#include "solvers/external_circuit.hpp"
#include "tests/tolerance.hpp"

using voidsim::BiasMode;
using voidsim::CircuitSample;
using voidsim::ElectrochemistryParameters;
using voidsim::ExternalCircuit;
using voidsim::testing::close;

namespace {

// Defaults of the schema (1 um^2 lamella contact, 20.5 ohm cm^2, 0.1 F/m^2) with tight
// integrator tolerances, so the tests measure the model, not the step-size control.
ElectrochemistryParameters tight_parameters() {
  ElectrochemistryParameters p;
  p.relative_tolerance = 1e-11;
  p.absolute_tolerance = 1e-13;
  return p;
}

double rc_time(const ExternalCircuit& c) { return c.series_resistance() * c.capacitance(); }

}  // namespace

TEST_CASE("external circuit charges the double layer as an RC circuit without the Faradaic branch") {
  // i0 = 0: only R_s and C_dl A remain, V_dl(t) = V_app + (V0 - V_app) exp(-t/RC) and the
  // passed charge is C (V_dl - V0). Tolerance 1e-6 relative (task requirement), the integrator
  // runs at 1e-11, so this fails only if the equations are wrong.
  auto p = tight_parameters();
  p.kinetics.exchange_current_density = 0.0;
  ExternalCircuit circuit(p, 1.2);
  const double v0 = circuit.double_layer_voltage();
  CHECK(close(v0, 3.7, 1e-12));  // starts at rest, at the OCV of the pristine surface
  const double tau = rc_time(circuit);
  CHECK(close(tau, (1000.0 + 20.5e-4 / 1e-12) * 0.1e-12, 1e-12));
  double t = 0.0;
  for (int k = 0; k < 40; ++k) {
    const CircuitSample s = circuit.advance(t, 0.1 * tau, 1.2);
    t += 0.1 * tau;
    const double v_exact = 4.8 + (v0 - 4.8) * std::exp(-t / tau);
    CHECK(close(s.double_layer_voltage_V, v_exact, 1e-6));
    CHECK(close(s.current_A, (4.8 - v_exact) / circuit.series_resistance(), 1e-6));
    CHECK(close(s.charge_C, circuit.capacitance() * (v_exact - v0), 1e-6));
    CHECK(s.faradaic_charge_C == 0.0);
  }
}

TEST_CASE("external circuit follows a bias ramp and its kink") {
  // i0 = 0, V_app = V0 + s t until t1 = (4.8 - 3.7)/s, then held. RC response to a ramp:
  // V(t) = V0 + s (t - tau) + s tau exp(-t/tau) (starting at rest, V(0) = V0); after the kink
  // it relaxes exponentially from V(t1) to 4.8. One advance() spans the kink, so the circuit
  // must split its step there. Tolerance 1e-6 relative as above.
  auto p = tight_parameters();
  p.kinetics.exchange_current_density = 0.0;
  p.bias.mode = BiasMode::bias_ramp;
  p.bias.ramp_start = 3.7;
  p.bias.bias = 4.8;
  ExternalCircuit circuit(p, 1.2);
  const double tau = rc_time(circuit);
  const double s = 1.1 / (5.0 * tau);  // the ramp ends at t1 = 5 tau
  p.bias.ramp_rate = s;
  circuit = ExternalCircuit(p, 1.2);
  const auto ramp = [&](double t) { return 3.7 + s * (t - tau) + s * tau * std::exp(-t / tau); };
  const double t1 = 5.0 * tau;
  CircuitSample a = circuit.advance(0.0, 2.0 * tau, 1.2);
  CHECK(close(a.double_layer_voltage_V, ramp(2.0 * tau), 1e-6));
  CHECK(close(a.applied_voltage_V, 3.7 + s * 2.0 * tau, 1e-12));
  CircuitSample b = circuit.advance(2.0 * tau, 6.0 * tau, 1.2);  // across the kink at 5 tau
  const double v_after = 4.8 + (ramp(t1) - 4.8) * std::exp(-(8.0 * tau - t1) / tau);
  CHECK(close(b.double_layer_voltage_V, v_after, 1e-6));
  CHECK(b.applied_voltage_V == 4.8);
}

TEST_CASE("external circuit steady current solves the algebraic Butler-Volmer and ohmic equation") {
  // Fixed surface composition: after many RC times the double layer carries no current and
  // V_app = U(x_s) + eta + i A R_s with i = i_BV(eta, x_s). Checked two ways: the residual of
  // that equation (tolerance 1e-9 V: the integrator's 1e-11 relative error on V_dl ~ 4.5 V
  // times the ~1 V/V sensitivity) and against the bracketed-Newton steady state (1e-6 relative).
  for (double x_s : {0.3, 0.9, 1.15}) {
    auto p = tight_parameters();
    ExternalCircuit circuit(p, x_s);
    double t = 0.0;
    CircuitSample s;
    for (int k = 0; k < 20; ++k, t += 0.01) s = circuit.advance(t, 0.01, x_s);
    const double u = circuit.open_circuit_voltage()(x_s);
    const double i = s.faradaic_current_density_A_m2;
    const double r_area = circuit.series_resistance() * p.electrode_area;
    CHECK(std::abs(4.8 - u - s.interface_overpotential_V - i * r_area) < 1e-9);
    CHECK(close(i, p.kinetics.current_density(s.interface_overpotential_V, x_s), 1e-12));
    CHECK(close(s.current_A / p.electrode_area, i, 1e-6));  // no double-layer current left
    CHECK(close(i, voidsim::steady_state_current_density(p, 4.8, x_s), 1e-6));
    CHECK(i > 0.0);  // 4.8 V is above the OCV everywhere but x -> 0: delithiation
  }
}

TEST_CASE("external circuit current rises with bias over bias steps") {
  // I-V curve at a fixed surface composition (x_s = 1.0, U = 4.0 V): the current at the end of
  // each step must increase strictly with the step voltage and match the algebraic steady
  // state (1e-6 relative). Each step lasts 3 s, about 1000 times the slowest relaxation
  // (C_dl / (i0 f) ~ 3 ms), so the end of a step is steady. The 3.9 V step is below the OCV: a
  // negative (lithiation) current; the 4.0 V step equals the OCV: no current.
  auto p = tight_parameters();
  p.bias.mode = BiasMode::bias_steps;
  p.bias.step_voltages = {3.9, 4.0, 4.2, 4.4, 4.6};
  p.bias.step_duration = 3.0;
  ExternalCircuit circuit(p, 1.0);
  std::vector<double> currents;
  const double dt = p.bias.step_duration / 4.0;
  for (int k = 0; k < 20; ++k) {
    const CircuitSample s = circuit.advance(k * dt, dt, 1.0);
    if ((k + 1) % 4 == 0) {  // end of a step (left limit at the jump)
      const double v = p.bias.step_voltages[currents.size()];
      CHECK(s.applied_voltage_V == v);
      CHECK(close(s.current_A / p.electrode_area, voidsim::steady_state_current_density(p, v, 1.0), 1e-6));
      currents.push_back(s.current_A);
    }
  }
  REQUIRE(currents.size() == 5);
  CHECK(currents[0] < 0.0);
  CHECK(std::abs(currents[1]) < 1e-9 * currents[4]);
  for (std::size_t k = 1; k < currents.size(); ++k) CHECK(currents[k] > currents[k - 1]);
}

TEST_CASE("external circuit coupling steps may straddle bias jumps") {
  // The same staircase advanced in coupling steps that end on the jumps (d/4) and in steps of
  // 1.5 d that straddle them: the circuit splits its integration at every jump, so both agree
  // at the common times 3 d and 6 d to the integrator tolerance (1e-6 relative on the double-
  // layer voltage transient just after a jump, where the comparison is most sensitive).
  auto p = tight_parameters();
  p.bias.mode = BiasMode::bias_steps;
  p.bias.step_voltages = {4.2, 4.6, 4.3, 4.8};
  p.bias.step_duration = 2e-3;  // comparable to the relaxation times: transients everywhere
  const double d = p.bias.step_duration;
  ExternalCircuit aligned(p, 0.9);
  ExternalCircuit straddling(p, 0.9);
  CircuitSample a, b;
  for (int k = 0; k < 12; ++k) a = aligned.advance(k * d / 4.0, d / 4.0, 0.9);
  for (int k = 0; k < 2; ++k) b = straddling.advance(k * 1.5 * d, 1.5 * d, 0.9);
  CHECK(close(a.double_layer_voltage_V, b.double_layer_voltage_V, 1e-6));
  CHECK(close(a.charge_C, b.charge_C, 1e-6));
  CHECK(close(a.faradaic_charge_C, b.faradaic_charge_C, 1e-6));
  for (int k = 12; k < 24; ++k) a = aligned.advance(k * d / 4.0, d / 4.0, 0.9);
  for (int k = 2; k < 4; ++k) b = straddling.advance(k * 1.5 * d, 1.5 * d, 0.9);
  CHECK(close(a.double_layer_voltage_V, b.double_layer_voltage_V, 1e-6));
  CHECK(close(a.current_A, b.current_A, 1e-6));
  CHECK(close(a.charge_C, b.charge_C, 1e-6));
}

TEST_CASE("external circuit charge is the integral of the current") {
  // Potentiostatic start-up with the Faradaic branch on: charge_C against Simpson's rule over
  // currents sampled every tau/20 for 20 tau (error ~ (h/tau)^4/180 ~ 3e-8 relative), and
  // faradaic_charge_C against the same rule on A * i_F. Tolerance 1e-6 relative. Also
  // Kirchhoff (charge = C dV_dl + Faradaic charge) and the step-mean Faradaic current
  // reproducing the Faradaic charge, both to round-off.
  auto p = tight_parameters();
  p.bias.bias = 4.3;
  ExternalCircuit circuit(p, 0.95);
  const double v0 = circuit.double_layer_voltage();
  const double h = rc_time(circuit) / 20.0;
  std::vector<double> current = {circuit.sample(0.0, 0.95).current_A};
  std::vector<double> faradaic = {circuit.sample(0.0, 0.95).faradaic_current_density_A_m2 * p.electrode_area};
  double from_means = 0.0;
  CircuitSample s;
  for (int k = 0; k < 400; ++k) {
    s = circuit.advance(k * h, h, 0.95);
    current.push_back(s.current_A);
    faradaic.push_back(s.faradaic_current_density_A_m2 * p.electrode_area);
    from_means += s.mean_faradaic_current_density_A_m2 * p.electrode_area * h;
  }
  const auto simpson = [h](const std::vector<double>& f) {
    double sum = f.front() + f.back();
    for (std::size_t k = 1; k + 1 < f.size(); ++k) sum += (k % 2 ? 4.0 : 2.0) * f[k];
    return sum * h / 3.0;
  };
  CHECK(close(s.charge_C, simpson(current), 1e-6));
  CHECK(close(s.faradaic_charge_C, simpson(faradaic), 1e-6));
  CHECK(close(s.charge_C, circuit.capacitance() * (s.double_layer_voltage_V - v0) + s.faradaic_charge_C,
              1e-12));
  CHECK(close(from_means, s.faradaic_charge_C, 1e-12));
  CHECK(s.faradaic_charge_C > 0.5 * s.charge_C);  // the Faradaic branch really carries charge
}

TEST_CASE("external circuit galvanostatic mode holds the current") {
  // Imposed 0.1 A/m^2 at x_s = 0.9: the external current is exactly i A, and after ~30
  // charge-transfer times (C_dl / (i0 f) ~ 3 ms) the Faradaic branch carries all of it, at the
  // Butler-Volmer overpotential, with cell voltage U + eta + I R_s. Tolerance 1e-6 relative.
  auto p = tight_parameters();
  p.bias.mode = BiasMode::galvanostatic;
  p.current_density = 0.1;
  ExternalCircuit circuit(p, 0.9);
  CircuitSample s;
  for (int k = 0; k < 10; ++k) {
    s = circuit.advance(0.01 * k, 0.01, 0.9);
    CHECK(s.current_A == p.current_density * p.electrode_area);
  }
  CHECK(close(s.faradaic_current_density_A_m2, 0.1, 1e-6));
  const double eta = p.kinetics.overpotential(0.1, 0.9);
  CHECK(close(s.interface_overpotential_V, eta, 1e-6));
  const double u = circuit.open_circuit_voltage()(0.9);
  CHECK(close(s.cell_voltage_V, u + eta + s.current_A * circuit.series_resistance(), 1e-9));
  CHECK(close(s.charge_C, 0.1 * p.electrode_area * 0.1, 1e-12));  // I t exactly (Kirchhoff)
}

TEST_CASE("external circuit lower surface Li content lowers the current") {
  // Same bias, surface further delithiated: higher OCV, less driving force, less current.
  // This is the coupling that makes the current decay with time.
  auto p = tight_parameters();
  const double high = voidsim::steady_state_current_density(p, 4.8, 1.0);
  const double low = voidsim::steady_state_current_density(p, 4.8, 0.2);
  CHECK(high > low);
  CHECK(low > 0.0);
}

TEST_CASE("external circuit restarts bit for bit from a checkpoint") {
  // A run interrupted after 10 coupling steps, saved, loaded into a fresh circuit and continued
  // must equal the uninterrupted run exactly (tolerance 0): restarts are bitwise.
  auto p = ElectrochemistryParameters{};
  p.bias.mode = BiasMode::bias_steps;
  p.bias.step_voltages = {4.2, 4.6, 4.8};
  p.bias.step_duration = 0.0037;
  const auto x_of = [](int k) { return 1.2 - 0.01 * k; };  // a drifting surface composition
  ExternalCircuit straight(p, 1.2);
  CircuitSample a;
  for (int k = 0; k < 20; ++k) a = straight.advance(1e-3 * k, 1e-3, x_of(k));

  ExternalCircuit first(p, 1.2);
  for (int k = 0; k < 10; ++k) first.advance(1e-3 * k, 1e-3, x_of(k));
  voidsim::StateArchive archive;
  first.save(archive);
  ExternalCircuit resumed(p, 0.5);  // a different start state, overwritten by load()
  resumed.load(archive);
  CircuitSample b;
  for (int k = 10; k < 20; ++k) b = resumed.advance(1e-3 * k, 1e-3, x_of(k));
  CHECK(a.double_layer_voltage_V == b.double_layer_voltage_V);
  CHECK(a.current_A == b.current_A);
  CHECK(a.charge_C == b.charge_C);
  CHECK(a.faradaic_charge_C == b.faradaic_charge_C);
  CHECK(a.mean_faradaic_current_density_A_m2 == b.mean_faradaic_current_density_A_m2);
}
