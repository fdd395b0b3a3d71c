// Charge balance of Li_x Ni0.2 Mn0.6 O_(2-d): the valence sequence of MODEL.md section 2.
#include <doctest/doctest.h>

#include <stdexcept>

#include "model/charge_balance.hpp"

using namespace voidsim;

namespace {
// x + 0.2 v_Ni + 0.6 v_Mn + h - 2 (2 - d): zero for any valid assignment.
double charge_residual(double x, double d, const TransitionMetalValence& v) {
  return x + 0.2 * v.nickel + 0.6 * v.manganese + v.oxygen_holes - 2.0 * (2.0 - d);
}
}  // namespace

TEST_CASE("pristine Li1.2Ni0.2Mn0.6O2 is Ni2+ and Mn4+ without oxygen holes") {
  const auto v = transition_metal_valence(1.2, 0.0);
  CHECK(v.nickel == doctest::Approx(2.0).epsilon(1e-14));
  CHECK(v.manganese == doctest::Approx(4.0).epsilon(1e-14));
  CHECK(v.oxygen_holes == doctest::Approx(0.0));
  CHECK(mean_transition_metal_valence(v) == doctest::Approx(3.5));
}

TEST_CASE("delithiation oxidises Ni first (x 1.2 -> 0.8), then oxygen") {
  // x = 1.0: half the Ni redox, Ni3+.
  CHECK(transition_metal_valence(1.0, 0.0).nickel == doctest::Approx(3.0));
  // x = 0.8: Ni4+ and no holes yet (the O-redox onset of MODEL.md).
  const auto onset = transition_metal_valence(0.8, 0.0);
  CHECK(onset.nickel == doctest::Approx(4.0));
  CHECK(onset.oxygen_holes == doctest::Approx(0.0).epsilon(1e-14));
  // x = 0.3: 0.5 holes per formula unit on oxygen, Mn untouched.
  const auto deep = transition_metal_valence(0.3, 0.0);
  CHECK(deep.oxygen_holes == doctest::Approx(0.5));
  CHECK(deep.manganese == doctest::Approx(4.0));
}

TEST_CASE("oxygen lost at fixed Li reduces Mn: the pristine surface layer") {
  // x = 1.2, Ni already 2+: Mn takes all, v_Mn = 4 - 2 d / 0.6.
  CHECK(transition_metal_valence(1.2, 0.15).manganese == doctest::Approx(3.5));
  CHECK(transition_metal_valence(1.2, 0.3).manganese == doctest::Approx(3.0));
  CHECK(transition_metal_valence(1.2, 0.6).manganese == doctest::Approx(2.0));
  CHECK_THROWS_AS((void)transition_metal_valence(1.2, 0.7), std::invalid_argument);
  // With Ni oxidised (x = 0.8), O loss reduces Ni back to 2+ before Mn moves.
  const auto v = transition_metal_valence(0.8, 0.1);
  CHECK(v.nickel == doctest::Approx(3.0));
  CHECK(v.manganese == doctest::Approx(4.0));
}

TEST_CASE("every assignment balances the charge to round-off") {
  for (double x = 0.0; x <= 1.2; x += 0.05) {
    for (double d = 0.0; d <= 0.3; d += 0.01) {
      const auto v = transition_metal_valence(x, d);
      CHECK(charge_residual(x, d, v) == doctest::Approx(0.0).epsilon(1e-12));
      CHECK(v.nickel >= 2.0);
      CHECK(v.nickel <= 4.0);
      CHECK(v.manganese >= 2.0);
      CHECK(v.oxygen_holes >= -1e-12);
    }
  }
}
