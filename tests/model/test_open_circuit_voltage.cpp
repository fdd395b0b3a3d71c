#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/open_circuit_voltage.hpp"
#include "tests/tolerance.hpp"

using voidsim::OcvInterpolation;
using voidsim::OpenCircuitVoltage;
using voidsim::testing::close;
using voidsim::testing::round_off;

TEST_CASE("ocv interpolation is exact at the table nodes") {
  // Tolerance: round-off only. The Hermite basis is exactly (1, 0, 0, 0) at the left node of an
  // interval and the linear weight is exactly 0 there.
  for (const auto mode : {OcvInterpolation::pchip, OcvInterpolation::linear}) {
    const auto ocv = OpenCircuitVoltage::default_table(mode);
    const auto& x = ocv.x_nodes();
    const auto& u = ocv.voltage_nodes();
    for (std::size_t k = 0; k < x.size(); ++k) CHECK(close(ocv(x[k]), u[k], round_off));
  }
}

TEST_CASE("ocv pchip slopes match the Fritsch-Butland formula") {
  // x = {0, 1, 3}, U = {2, 1, 0}: secants -1 and -1/2, h = 1 and 2. Interior slope (hand
  // computed, weighted harmonic mean): (w1 + w2) / (w1/(-1) + w2/(-0.5)) with w1 = 5, w2 = 4
  // -> -9/13. End slopes ((2 h0 + h1) d0 - h0 d1) / (h0 + h1): (-4 + 0.5)/3 = -7/6 at x = 0 and
  // (5 (-0.5) + 2)/3 = -1/6 at x = 3. Same values as SciPy's PchipInterpolator.
  // Tolerance: round-off of a few operations.
  const OpenCircuitVoltage f({0.0, 1.0, 3.0}, {2.0, 1.0, 0.0}, OcvInterpolation::pchip);
  CHECK(close(f.derivative(1.0), -9.0 / 13.0, round_off));
  CHECK(close(f.derivative(0.0), -7.0 / 6.0, round_off));
  CHECK(close(f.derivative(3.0), -1.0 / 6.0, round_off));
  // Hermite value at the middle of [1, 3] (t = 1/2): (U1 + U2)/2 + h (d1 - d2)/8.
  CHECK(close(f(2.0), 0.5 + 2.0 * (-9.0 / 13.0 + 1.0 / 6.0) / 8.0, round_off));
}

TEST_CASE("ocv pchip reproduces linear data exactly") {
  // A cubic Hermite interpolant with the secant slopes is the line itself; PCHIP picks exactly
  // those slopes for collinear data. Tolerance: round-off of the Hermite sum (values O(4 V)).
  const std::vector<double> x = {0.0, 0.1, 0.35, 0.8, 1.2};
  std::vector<double> u;
  for (double xi : x) u.push_back(4.9 - 1.0 * xi);
  const OpenCircuitVoltage f(x, u, OcvInterpolation::pchip);
  for (int k = 0; k <= 120; ++k) {
    const double xi = 0.01 * k;
    CHECK(close(f(xi), 4.9 - xi, round_off, 1e-14));
    CHECK(close(f.derivative(xi), -1.0, 1e-12));
  }
}

TEST_CASE("ocv default table is monotone and C1 under pchip") {
  // PCHIP keeps monotone data monotone (Fritsch-Carlson); a plain cubic spline would overshoot
  // at the knee between the Ni-redox slope and the 4.5 V plateau. 12001 samples; tolerance 0
  // for the ordering (a true violation, not round-off, is what the test is after: steps of
  // 1e-4 in x change U by far more than round-off).
  const auto ocv = OpenCircuitVoltage::default_table();
  double previous = ocv(0.0);
  for (int k = 1; k <= 12000; ++k) {
    const double x = 1e-4 * k;
    const double u = ocv(x);
    CHECK(u <= previous);
    CHECK(ocv.derivative(x) <= 0.0);
    previous = u;
  }
  // C1 at interior nodes: left and right one-sided derivatives agree. Tolerance 1e-6 V per Li:
  // the derivative changes by at most |U''| * 1e-10, far below that.
  const auto& xn = ocv.x_nodes();
  for (std::size_t k = 1; k + 1 < xn.size(); ++k) {
    CHECK(close(ocv.derivative(xn[k] - 1e-10), ocv.derivative(xn[k] + 1e-10), 0.0, 1e-6));
  }
}

TEST_CASE("ocv default table has the documented shape") {
  // MODEL.md section 3: O-redox plateau about 4.5 V; section 2: Ni redox from x = 1.2 to 0.8.
  // Bounds are the "about" of the estimate (+-0.05 V), not numerical tolerances.
  const auto ocv = OpenCircuitVoltage::default_table();
  CHECK(close(ocv(1.2), 3.7, round_off));
  CHECK(close(ocv(0.8), 4.4, round_off));
  for (double x : {0.2, 0.3, 0.4, 0.5, 0.6, 0.7}) {
    CHECK(ocv(x) > 4.45);
    CHECK(ocv(x) < 4.55);
  }
  CHECK(ocv(0.0) > 4.8);  // rising as the last Li leaves
  // Outside the table: linear continuation keeps it monotone.
  CHECK(ocv(-0.01) > ocv(0.0));
  CHECK(ocv(1.21) < ocv(1.2));
}

TEST_CASE("ocv linear interpolation is the chord") {
  // Midpoint of a chord: exact average up to round-off.
  const auto ocv = OpenCircuitVoltage::default_table(OcvInterpolation::linear);
  CHECK(close(ocv(0.85), 0.5 * (4.40 + 4.16), round_off));
}

TEST_CASE("ocv rejects invalid tables") {
  CHECK_THROWS_AS(OpenCircuitVoltage({0.0, 0.5, 0.5}, {4.5, 4.4, 4.3}), std::invalid_argument);   // x repeats
  CHECK_THROWS_AS(OpenCircuitVoltage({0.0, 0.5, 1.0}, {4.5, 4.4, 4.45}), std::invalid_argument);  // U rises
  CHECK_THROWS_AS(OpenCircuitVoltage({0.0, 0.5}, {4.5, NAN}), std::invalid_argument);
  CHECK_THROWS_AS(OpenCircuitVoltage({0.0, 0.5}, {4.5, 4.4, 4.3}), std::invalid_argument);
  CHECK_THROWS_AS(OpenCircuitVoltage({0.0}, {4.5}), std::invalid_argument);
  CHECK(voidsim::ocv_table_problem({0.0, 1.0}, {4.5, 4.0}).empty());
}
