// Tests of the vacancy source terms: model/vacancy_source_oxygen_redox.hpp and
// model/vacancy_source_beam.hpp (MODEL.md section 2, process 2).
#include <doctest/doctest.h>

#include <cmath>

#include "model/charge_balance.hpp"
#include "model/vacancy_source_beam.hpp"
#include "model/vacancy_source_oxygen_redox.hpp"
#include "model/vacancy_sources.hpp"
#include "model/void_nucleation.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

TEST_CASE("oxygen-redox source is off above the onset and f_loss * rate * q / (z n_O) deep below") {
  OxygenRedoxVacancySource s;
  const double dxdt = -2e-4;  // 1/s, delithiation
  const double full = s.loss_fraction * 2e-4 * 1.0 / (2.0 * 2.0);
  // Pristine x = 1.2 is 20 widths above the onset: weight e^-20 = 2e-9.
  CHECK(s.rate(1.2, dxdt, 0.0) < 1e-8 * full);
  CHECK(s.rate(1.0, dxdt, 0.0) < 1e-4 * full);  // 10 widths: e^-10
  // Deep below (15 widths): 1 - 3e-7 of the full rate.
  CHECK(close(s.rate(0.5, dxdt, 0.0), full, 1e-6));
  CHECK(close(s.rate(s.onset, dxdt, 0.0), 0.5 * full, 1e-12));  // logistic midpoint
  // Lithiation (dx/dt > 0) and a disabled term give exactly zero.
  CHECK(s.rate(0.5, +2e-4, 0.0) == 0.0);
  s.enabled = false;
  CHECK(s.rate(0.5, dxdt, 0.0) == 0.0);
}

TEST_CASE("beam source at 30 pA/cm^2 is orders of magnitude below the nucleation threshold") {
  BeamVacancySource beam;
  // 30 pA/cm^2 = 3e-7 A/m^2 -> 1.87e12 electrons/(m^2 s); x 1e-27 m^2 -> 1.87e-15 per site per s.
  CHECK(beam.electron_flux() == doctest::Approx(1.8724e12).epsilon(1e-4));
  CHECK(beam.rate() == doctest::Approx(1.8724e-15).epsilon(1e-4));
  // Control run: 3000 s of beam alone. Threshold: the c_v at which one nucleus is expected in a
  // 100 nm x 100 nm x 2 nm section within that time, at the most favourable site (dense defects
  // at the interface, f_het = S_d S_i).
  const double duration = 3000.0;
  const double c_beam = beam.rate() * duration;
  const NucleationRate r = NucleationParameters{}.rate_model(2, VoidModelParameters{});
  const double volume = 100e-9 * 100e-9 * 2e-9;
  const double c_threshold =
      r.threshold_vacancy_fraction(1.0 / (volume * duration), r.defect_factor * r.interface_factor);
  CHECK(c_beam < 1e-5 * c_threshold);
  CHECK(c_beam < r.equilibrium_fraction);  // not even saturated: J = 0 exactly
  CHECK(r.rate(c_beam, 1e30, 0.0) == 0.0);
  beam.enabled = false;
  CHECK(beam.rate() == 0.0);
}

TEST_CASE("vacancy source list sums its terms") {
  VacancySourceParameters p;
  CHECK(close(p.rate(0.5, -1e-3, 0.1), p.oxygen_redox.rate(0.5, -1e-3, 0.1) + p.beam.rate(), 1e-15));
}

TEST_CASE("oxygen redox starts at x_onset - 2 d where the lattice lacks oxygen (charge balance)") {
  OxygenRedoxVacancySource s;
  const double dxdt = -2e-4;
  const double full = s.rate(0.0, dxdt, 0.0);
  // d = 0.1: the Mn reduced by the missing O takes 0.2 Li of re-oxidation first.
  CHECK(close(s.local_onset(0.1), 0.6, 1e-15));
  CHECK(close(s.rate(0.6, dxdt, 0.1), 0.5 * full, 1e-12));  // the shifted logistic midpoint
  CHECK(s.rate(0.7, dxdt, 0.1) < 1e-2 * full);              // 5 widths above: e^-5
  CHECK(close(s.rate(0.7, dxdt, 0.0), full / (1.0 + std::exp(-5.0)), 1e-12));  // bulk: O redox on
  // The reconstructed layer at the contact (d = 0.6) never reaches its onset (x_onset - 1.2 < 0).
  CHECK(s.rate(0.0, dxdt, 0.6) < 1e-8 * full);
  // The same onset as the charge balance of model/charge_balance.hpp: oxygen holes appear there.
  for (const double d : {0.0, 0.1, 0.3}) {
    CHECK(transition_metal_valence(s.local_onset(d) + 0.01, d).oxygen_holes == doctest::Approx(0.0));
    CHECK(transition_metal_valence(s.local_onset(d) - 0.01, d).oxygen_holes == doctest::Approx(0.01));
  }
  // Switched off, d is ignored.
  s.charge_balance_onset = false;
  CHECK(close(s.rate(0.6, dxdt, 0.3), s.rate(0.6, dxdt, 0.0), 1e-15));
}
