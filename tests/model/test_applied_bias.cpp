#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/applied_bias.hpp"

using voidsim::AppliedBias;
using voidsim::BiasMode;

TEST_CASE("applied bias steps and breakpoints") {
  AppliedBias b;
  b.mode = BiasMode::bias_steps;
  b.step_voltages = {4.0, 4.2, 4.4};
  b.step_duration = 0.1;  // not a power of two: k * 0.1 / 0.1 must still land on step k
  CHECK(b.voltage(0.0) == 4.0);
  CHECK(b.voltage(0.0999) == 4.0);
  CHECK(b.voltage(0.1) == 4.2);  // the step that starts at a breakpoint is active there
  CHECK(b.voltage(3.0 * 0.1) == 4.4);
  CHECK(b.voltage(100.0) == 4.4);  // last step held
  CHECK(b.next_breakpoint(0.0) == 0.1);
  CHECK(b.next_breakpoint(0.1) == 2.0 * 0.1);
  CHECK(b.next_breakpoint(0.25) == std::numeric_limits<double>::infinity());
  // Exact at every breakpoint of a long staircase (the integrator's pieces start there).
  b.step_voltages.assign(50, 0.0);
  for (std::size_t k = 0; k < 50; ++k) b.step_voltages[k] = static_cast<double>(k);
  for (std::size_t k = 1; k < 50; ++k) {
    const double tk = static_cast<double>(k) * b.step_duration;
    CHECK(b.voltage(tk) == static_cast<double>(k));
    CHECK(b.next_breakpoint(tk) > tk);
  }
}

TEST_CASE("applied bias ramp then hold") {
  // 3.7 V -> 4.8 V at 1 mV/s: reached at 1100 s, held after. Tolerance: round-off of v + s t.
  AppliedBias b;
  b.mode = BiasMode::bias_ramp;
  b.ramp_start = 3.7;
  b.ramp_rate = 1e-3;
  b.bias = 4.8;
  CHECK(b.voltage(0.0) == 3.7);
  CHECK(std::abs(b.voltage(500.0) - 4.2) < 1e-12);
  CHECK(std::abs(b.next_breakpoint(0.0) - 1100.0) < 1e-9);
  CHECK(b.voltage(2000.0) == 4.8);
  CHECK(b.segment(10.0).slope == 1e-3);
  CHECK(b.segment(2000.0).slope == 0.0);
  // A downward ramp heads toward the bias too.
  b.ramp_start = 5.0;
  CHECK(std::abs(b.voltage(100.0) - 4.9) < 1e-12);
  CHECK(b.voltage(1e4) == 4.8);
}

TEST_CASE("applied bias mode names") {
  for (auto m :
       {BiasMode::potentiostatic, BiasMode::galvanostatic, BiasMode::bias_steps, BiasMode::bias_ramp}) {
    CHECK(voidsim::bias_mode_from_string(voidsim::to_string(m)) == m);
  }
  CHECK_THROWS_AS((void)voidsim::bias_mode_from_string("cyclic"), std::invalid_argument);
}
