#include <doctest/doctest.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/interfacial_li_flux.hpp"
#include "model/physical_constants.hpp"
#include "tests/tolerance.hpp"

using voidsim::testing::close;
using voidsim::testing::round_off;

TEST_CASE("interfacial li flux conversion") {
  // 1 A/m^2 through a 1 nm first cell: electrons per second per m^2 i/e = 6.2415e18; Li sites
  // per m^2 in the cell 35.6e27 * 1e-9 = 3.56e19; so dtheta/dt = -0.17532 /s and
  // dx/dt = 1.2 * dtheta/dt. Written with e and the site count instead of F and N_A; F = e N_A
  // exactly, so the tolerance is round-off.
  const double expected = -1.2 * (1.0 / voidsim::constants::elementary_charge) / (35.6e27 * 1e-9);
  CHECK(close(voidsim::li_fraction_rate(1.0, 1e-9), expected, round_off));
  CHECK(close(voidsim::li_molar_flux(voidsim::constants::faraday), 1.0, round_off));
}
