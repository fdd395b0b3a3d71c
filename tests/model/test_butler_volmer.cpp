#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/butler_volmer.hpp"
#include "model/physical_constants.hpp"
#include "tests/tolerance.hpp"

using voidsim::ButlerVolmer;
using voidsim::ExchangeCurrentModel;
using voidsim::testing::close;
using voidsim::testing::round_off;

namespace {
ButlerVolmer kinetics(double alpha, ExchangeCurrentModel model = ExchangeCurrentModel::constant) {
  ButlerVolmer bv;
  bv.exchange_current_density = 2.0;
  bv.transfer_coefficient = alpha;
  bv.temperature = 298.15;
  bv.model = model;
  return bv;
}
}  // namespace

TEST_CASE("butler-volmer current vanishes at zero overpotential") {
  // exp(0) - exp(0) is exactly 0: equilibrium at the OCV for any composition.
  for (double x : {0.05, 0.6, 1.2})
    CHECK(kinetics(0.3, ExchangeCurrentModel::newman).current_density(0.0, x) == 0.0);
}

TEST_CASE("butler-volmer tafel slope at large overpotential") {
  // Far from equilibrium one exponential dominates: d(eta)/d(log10 i) = ln(10) RT/(alpha F).
  // At |eta| >= 1 V the neglected branch is below exp(-38) relative, so the measured slope
  // matches to round-off of log10 of ~1e16-sized values; tolerance 1e-9 relative.
  for (double alpha : {0.3, 0.5, 0.7}) {
    const auto bv = kinetics(alpha);
    const double anodic =
        (1.1 - 1.0) / (std::log10(bv.current_density(1.1, 0.6)) - std::log10(bv.current_density(1.0, 0.6)));
    CHECK(close(anodic, voidsim::tafel_slope(alpha, 298.15), 1e-9));
    const double cathodic = (-1.1 + 1.0) / (std::log10(-bv.current_density(-1.1, 0.6)) -
                                            std::log10(-bv.current_density(-1.0, 0.6)));
    CHECK(close(-cathodic, voidsim::tafel_slope(1.0 - alpha, 298.15), 1e-9));
  }
  // ln(10) RT/F at 25 C is the textbook 59.16 mV; alpha = 1/2 doubles it. Tolerance: the
  // textbook value's 4 digits.
  CHECK(close(voidsim::tafel_slope(0.5, 298.15), 0.11832, 1e-4));
}

TEST_CASE("butler-volmer linear regime is the charge-transfer resistance") {
  // i = i0 F eta / RT + O(eta^2); at eta = 1e-7 V the quadratic term is 2e-6 relative for
  // alpha = 0.3 (zero for 0.5), tolerance 1e-5.
  const auto bv = kinetics(0.3);
  const double eta = 1e-7;
  const double f = voidsim::constants::faraday / (voidsim::constants::gas_constant * 298.15);
  CHECK(close(bv.current_density(eta, 0.6), 2.0 * f * eta, 1e-5));
  CHECK(close(bv.conductance(0.0, 0.6), 2.0 * f, round_off));
}

TEST_CASE("butler-volmer inverse recovers the overpotential") {
  // The inverse is well conditioned (d eta/d i * i / eta <= 1), so round-off in i maps to
  // round-off in eta; tolerance 1e-12 relative plus 1e-18 V absolute.
  for (double alpha : {0.3, 0.5, 0.7}) {
    for (auto model : {ExchangeCurrentModel::constant, ExchangeCurrentModel::newman}) {
      const auto bv = kinetics(alpha, model);
      for (double eta : {-0.8, -0.5, -0.1, -1e-3, -1e-9, 1e-9, 1e-6, 0.01, 0.2, 0.8, 1.5}) {
        for (double x : {0.05, 0.7, 1.19}) {
          const double i = bv.current_density(eta, x);
          CHECK(close(bv.overpotential(i, x), eta, 1e-12, 1e-18));
        }
      }
    }
  }
  CHECK(kinetics(0.5).overpotential(0.0, 0.6) == 0.0);
  ButlerVolmer off = kinetics(0.5);
  off.exchange_current_density = 0.0;
  CHECK_THROWS_AS((void)off.overpotential(1.0, 0.6), std::domain_error);
}

TEST_CASE("butler-volmer conductance is the derivative of the current") {
  // Central difference with h = 1e-6 V: truncation (h^2/6) i''' / i' ~ 1e-10, round-off
  // eps * i / h ~ 1e-10; tolerance 1e-7 relative.
  const auto bv = kinetics(0.35, ExchangeCurrentModel::newman);
  for (double eta : {-0.3, -0.01, 0.0, 0.02, 0.4}) {
    const double h = 1e-6;
    const double fd = (bv.current_density(eta + h, 0.5) - bv.current_density(eta - h, 0.5)) / (2.0 * h);
    CHECK(close(bv.conductance(eta, 0.5), fd, 1e-7));
  }
}

TEST_CASE("butler-volmer newman exchange current") {
  // i0 = i0_ref theta^alpha_c (1 - theta)^alpha_a / 0.5 with theta = x/1.2: i0_ref at half
  // filling, 2 sqrt(theta (1 - theta)) i0_ref for alpha = 1/2, and the floor at the pristine x.
  // Tolerance: round-off of pow.
  const auto bv = kinetics(0.5, ExchangeCurrentModel::newman);
  CHECK(close(bv.exchange_current(0.6), 2.0, round_off));
  CHECK(close(bv.exchange_current(0.3), 2.0 * 2.0 * std::sqrt(0.25 * 0.75), round_off));
  CHECK(close(bv.exchange_current(1.2), 2.0 * 2.0 * std::sqrt(0.01 * 0.99), round_off));
  CHECK(close(bv.exchange_current(0.0), bv.exchange_current(1.2), round_off));
  // Asymmetric: theta^0.7 (1-theta)^0.3 / 0.5 at theta = 0.25 (alpha_a = 0.3).
  const auto asym = kinetics(0.3, ExchangeCurrentModel::newman);
  CHECK(close(asym.exchange_current(0.3), 2.0 * std::pow(0.25, 0.7) * std::pow(0.75, 0.3) / 0.5, round_off));
}
