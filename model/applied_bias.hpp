#pragma once
// The voltage programme applied by the W tip (MODEL.md section 2, process 1): a constant bias,
// a staircase of bias steps (for the I-V curve), or a linear ramp that then holds. A pure
// function of time; the circuit integrator splits its steps at the jumps and kinks.
#include <string>
#include <vector>

namespace voidsim {

enum class BiasMode { potentiostatic, galvanostatic, bias_steps, bias_ramp };

/// Parses the scenario choice electrochemistry.mode; throws std::invalid_argument otherwise.
[[nodiscard]] BiasMode bias_mode_from_string(const std::string& name);
[[nodiscard]] std::string to_string(BiasMode mode);

/// V(t) = v_start + slope (t - t_start) on one smooth piece of the programme.
struct BiasSegment {
  double t_start = 0.0;
  double v_start = 0.0;
  double slope = 0.0;  // V/s
  [[nodiscard]] double voltage(double t) const { return v_start + slope * (t - t_start); }
};

struct AppliedBias {
  BiasMode mode = BiasMode::potentiostatic;
  double bias = 4.8;                  // V: the constant bias, and the hold value of a ramp
  std::vector<double> step_voltages;  // V, for bias_steps; the last one is held
  double step_duration = 300.0;       // s
  double ramp_start = 3.7;            // V at t = 0 for bias_ramp
  double ramp_rate = 1e-3;            // V/s, magnitude; the ramp heads toward `bias`

  /// Applied voltage at time t >= 0 (s after the bias is switched on). Not meaningful for
  /// galvanostatic mode (the voltage is then an output).
  [[nodiscard]] double voltage(double t) const;
  /// The smooth piece containing time t; at a jump, the piece that starts there.
  [[nodiscard]] BiasSegment segment(double t) const;
  /// First time strictly after t at which V(t) jumps or has a kink; +infinity if none.
  [[nodiscard]] double next_breakpoint(double t) const;
};

}  // namespace voidsim
