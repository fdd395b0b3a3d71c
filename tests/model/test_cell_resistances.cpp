#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/cell_resistances.hpp"
#include "model/physical_constants.hpp"
#include "tests/tolerance.hpp"

using voidsim::CellResistances;
using voidsim::testing::close;
using voidsim::testing::round_off;

TEST_CASE("cell resistances lipon film is thickness over conductivity") {
  // 250 nm / 2e-6 S/cm = 2.5e-7 m / 2e-4 S/m = 1.25e-3 ohm m^2 = 12.5 ohm cm^2 (MODEL.md section 3).
  // Tolerance: one division, round-off.
  CellResistances r;
  r.electrolyte_thickness = 250e-9;
  r.electrolyte_conductivity = 2e-6 * 100.0;  // S/cm -> S/m
  CHECK(close(r.electrolyte_area_resistance(298.15), 12.5e-4, round_off));
  // With the 8 ohm cm^2 interfacial layer: 20.5 ohm cm^2; over 1 um^2 plus a 1 kohm contact.
  r.interface_resistance = 8e-4;
  r.contact_resistance = 1000.0;
  CHECK(close(r.area_resistance(298.15), 20.5e-4, round_off));
  CHECK(close(r.series_resistance(298.15, 1e-12), 1000.0 + 20.5e-4 / 1e-12, round_off));
}

TEST_CASE("cell resistances arrhenius ratio") {
  // sigma(T2)/sigma(T1) = exp(Ea/k (1/T1 - 1/T2)), evaluated here with k in eV/K
  // (CODATA 2018, k/e = 8.617333262e-5 eV/K, 10 digits) instead of the J-based constants of the
  // code. Tolerance 1e-9 relative: the 10-digit constant times an exponent of ~0.7.
  const double ea_ev = 0.55;
  const double k_ev = 8.617333262e-5;
  const double ratio =
      voidsim::arrhenius_conductivity(2e-4, ea_ev * voidsim::constants::electron_volt, 308.15, 298.15) / 2e-4;
  CHECK(close(ratio, std::exp(ea_ev / k_ev * (1.0 / 298.15 - 1.0 / 308.15)), 1e-9));
  CHECK(ratio > 2.0);  // 0.55 eV doubles the conductivity per 10 K near room temperature
  CHECK(ratio < 2.01);
  // At the reference temperature the conductivity is the reference value exactly.
  CHECK(voidsim::arrhenius_conductivity(2e-4, 0.55 * voidsim::constants::electron_volt, 298.15, 298.15) ==
        2e-4);
  // The film resistance scales inversely.
  CellResistances r;
  CHECK(
      close(r.electrolyte_area_resistance(298.15) / r.electrolyte_area_resistance(308.15), ratio, round_off));
}
