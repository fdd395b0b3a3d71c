#include "model/applied_bias.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace voidsim {

BiasMode bias_mode_from_string(const std::string& name) {
  if (name == "potentiostatic") return BiasMode::potentiostatic;
  if (name == "galvanostatic") return BiasMode::galvanostatic;
  if (name == "bias_steps") return BiasMode::bias_steps;
  if (name == "bias_ramp") return BiasMode::bias_ramp;
  throw std::invalid_argument("unknown electrochemistry mode '" + name + "'");
}

std::string to_string(BiasMode mode) {
  switch (mode) {
    case BiasMode::potentiostatic:
      return "potentiostatic";
    case BiasMode::galvanostatic:
      return "galvanostatic";
    case BiasMode::bias_steps:
      return "bias_steps";
    case BiasMode::bias_ramp:
      return "bias_ramp";
  }
  return "unknown";
}

namespace {
// Index of the step active at time t; the breakpoints are k * duration exactly, and the step
// that starts at a breakpoint is the active one there.
std::size_t step_index(const AppliedBias& b, double t) {
  if (b.step_voltages.empty()) throw std::logic_error("bias_steps mode without step voltages");
  const double n_done = std::floor(t / b.step_duration);
  auto k = n_done < 0.0 ? std::size_t{0} : static_cast<std::size_t>(n_done);
  // Division may round k * duration / duration below k: bump if the breakpoint is reached.
  if (static_cast<double>(k + 1) * b.step_duration <= t) ++k;
  return std::min(k, b.step_voltages.size() - 1);
}

double ramp_end_time(const AppliedBias& b) { return std::abs(b.bias - b.ramp_start) / b.ramp_rate; }
}  // namespace

BiasSegment AppliedBias::segment(double t) const {
  switch (mode) {
    case BiasMode::potentiostatic:
    case BiasMode::galvanostatic:
      return {0.0, bias, 0.0};
    case BiasMode::bias_steps: {
      const std::size_t k = step_index(*this, t);
      return {static_cast<double>(k) * step_duration, step_voltages[k], 0.0};
    }
    case BiasMode::bias_ramp: {
      if (t >= ramp_end_time(*this)) return {ramp_end_time(*this), bias, 0.0};
      return {0.0, ramp_start, bias >= ramp_start ? ramp_rate : -ramp_rate};
    }
  }
  return {0.0, bias, 0.0};
}

double AppliedBias::voltage(double t) const { return segment(t).voltage(t); }

double AppliedBias::next_breakpoint(double t) const {
  constexpr double none = std::numeric_limits<double>::infinity();
  switch (mode) {
    case BiasMode::potentiostatic:
    case BiasMode::galvanostatic:
      return none;
    case BiasMode::bias_steps: {
      const std::size_t k = step_index(*this, t);
      if (k + 1 >= step_voltages.size()) return none;
      return static_cast<double>(k + 1) * step_duration;
    }
    case BiasMode::bias_ramp: {
      const double t_end = ramp_end_time(*this);
      return t < t_end ? t_end : none;
    }
  }
  return none;
}

}  // namespace voidsim
