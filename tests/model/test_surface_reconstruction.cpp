// model/surface_reconstruction.hpp: Mn valence from charge balance, phase fractions and cation
// mixing from it, the painted O-deficiency profile and the painted nanopore placement.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "model/charge_balance.hpp"
#include "model/surface_reconstruction.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;
using voidsim::testing::round_off;

TEST_CASE("pristine lattice: d = 0 is Mn4+, layered, no cation mixing") {
  const ReconstructionState s = reconstruction_from_deficiency(0.0, ReconstructionThresholds{});
  CHECK(s.manganese_valence == doctest::Approx(4.0).epsilon(round_off));
  CHECK(s.spinel_fraction == 0.0);
  CHECK(s.rock_salt_fraction == 0.0);
  CHECK(s.cation_mixing == 0.0);
}

TEST_CASE("O loss at x = 1.2 reduces Mn by 10/3 per O (charge balance) and converts the phases") {
  const ReconstructionThresholds t;
  for (double d = 0.0; d <= 0.6 + 1e-12; d += 0.01) {
    CAPTURE(d);
    const ReconstructionState s = reconstruction_from_deficiency(d, t);
    // 1.2 + 0.2 * 2 + 0.6 v_Mn = 2 (2 - d): Ni is already 2+, so Mn takes all of it.
    CHECK(s.manganese_valence == doctest::Approx(4.0 - 10.0 * d / 3.0).epsilon(1e-12));
    const double charge = pristine_li_per_formula_unit + 0.2 * 2.0 + 0.6 * s.manganese_valence;
    CHECK(charge == doctest::Approx(2.0 * (2.0 - d)).epsilon(round_off));
    CHECK(s.spinel_fraction >= 0.0);
    CHECK(s.rock_salt_fraction >= 0.0);
    CHECK(s.spinel_fraction + s.rock_salt_fraction <= 1.0 + round_off);
    CHECK(s.cation_mixing == doctest::Approx(0.25 * s.spinel_fraction + 0.5 * s.rock_salt_fraction));
  }
  // Thresholds in Mn valence: all spinel at Mn3.5+ (d = 0.15), half rock salt at Mn2.5+ (d = 0.45),
  // all rock salt at Mn2+ (d = 0.6).
  CHECK(reconstruction_from_deficiency(0.15, t).spinel_fraction == doctest::Approx(1.0));
  CHECK(reconstruction_from_deficiency(0.45, t).rock_salt_fraction == doctest::Approx(0.5));
  CHECK(reconstruction_from_deficiency(0.6, t).rock_salt_fraction == doctest::Approx(1.0));
  CHECK(reconstruction_from_deficiency(0.6, t).spinel_fraction == doctest::Approx(0.0));
  CHECK_THROWS(static_cast<void>(reconstruction_from_deficiency(0.7, t)));  // beyond Mn2+: no charge balance
}

TEST_CASE("phases and cation mixing are switchable") {
  ReconstructionThresholds t;
  t.cation_mixing_enabled = false;
  CHECK(reconstruction_from_deficiency(0.45, t).rock_salt_fraction > 0.4);
  CHECK(reconstruction_from_deficiency(0.45, t).cation_mixing == 0.0);
  t.phases_enabled = false;
  const ReconstructionState s = reconstruction_from_deficiency(0.45, t);
  CHECK(s.spinel_fraction + s.rock_salt_fraction == 0.0);
  CHECK(s.manganese_valence == doctest::Approx(2.5));  // the valence is charge balance, always
}

TEST_CASE("layer vacancy transport: factor^(spinel + rock salt), 1 in layered lattice or when off") {
  const ReconstructionThresholds t;
  LayerVacancyTransport transport;
  transport.enabled = true;
  transport.factor = 0.01;
  CHECK(layer_vacancy_transport(reconstruction_from_deficiency(0.0, t), transport) == 1.0);
  CHECK(layer_vacancy_transport(reconstruction_from_deficiency(0.6, t), transport) ==
        doctest::Approx(0.01).epsilon(1e-12));  // all rock salt
  CHECK(layer_vacancy_transport(reconstruction_from_deficiency(0.15, t), transport) ==
        doctest::Approx(0.01).epsilon(1e-12));  // all spinel
  // Half spinel (Mn3.7+, d = 0.09): geometric mean of the two ends.
  const ReconstructionState half = reconstruction_from_valence(3.7, t);
  REQUIRE(half.spinel_fraction == doctest::Approx(0.5));
  CHECK(layer_vacancy_transport(half, transport) == doctest::Approx(0.1).epsilon(1e-12));
  transport.enabled = false;
  CHECK(layer_vacancy_transport(reconstruction_from_deficiency(0.6, t), transport) == 1.0);
}

TEST_CASE("painted profile: d0 at the contact, about d0/2 at the thickness, pristine deep inside") {
  PaintedLayer layer;
  layer.thickness = 15e-9;
  layer.gradient_length = 3e-9;
  layer.surface_deficiency = 0.5;
  CHECK(painted_oxygen_deficiency(0.0, layer) == doctest::Approx(0.5).epsilon(round_off));
  // d(L) = d0 / (1 + tanh(L/l)) = d0 / 1.9999 (tanh 5 = 0.99991).
  CHECK(painted_oxygen_deficiency(15e-9, layer) == doctest::Approx(0.5 / (1.0 + std::tanh(5.0))));
  CHECK(painted_oxygen_deficiency(15e-9 + 7 * 3e-9, layer) < 1e-6 * 0.5);
  for (double z = 0.0; z < 40e-9; z += 0.5e-9)
    CHECK(painted_oxygen_deficiency(z + 0.5e-9, layer) <= painted_oxygen_deficiency(z, layer));
}

TEST_CASE("painted nanopores: porosity, size and depth statistics, reproducible from the seed") {
  Grid g;
  g.nx = 512;
  g.nz = 128;
  g.dx = g.dz = 0.25e-9;     // 128 nm x 32 nm
  const PaintedLayer layer;  // defaults: the process run's statistics (13 % of 0..L = 5 nm)
  const auto pores = place_nanopores(g, layer, ReconstructionThresholds{}, 7);
  REQUIRE(pores.size() > 10);
  double area = 0.0, diameter = 0.0;
  for (const auto& p : pores) {
    area += std::numbers::pi * p.diameter * p.diameter / 4.0;
    diameter += p.diameter;
    CHECK(p.z - 0.5 * p.diameter >= 0.5e-9 - round_off);  // below the contact
    // Centres where the painted lattice has rock salt (d > 0.3, Mn < 3+): z < 5 nm.
    CHECK(reconstruction_from_deficiency(painted_oxygen_deficiency(p.z, layer), ReconstructionThresholds{})
              .rock_salt_fraction > 0.0);
    CHECK(p.diameter >= 0.5 * layer.nanopore_diameter - round_off);
    CHECK(p.diameter <= 1.5 * layer.nanopore_diameter + round_off);
  }
  // Placement stops within half a mean pore of the target area.
  const double target = layer.nanopore_porosity * 128e-9 * layer.thickness;
  const double mean_pore = std::numbers::pi * std::pow(layer.nanopore_diameter, 2) / 4.0;
  CHECK(std::abs(area - target) <= 1.6 * mean_pore);
  // Mean diameter within 3 standard errors of the requested one (15 % spread).
  const double mean = diameter / static_cast<double>(pores.size());
  CHECK(std::abs(mean - layer.nanopore_diameter) <=
        3.0 * 0.15 * layer.nanopore_diameter / std::sqrt(static_cast<double>(pores.size())));
  // No two pores closer than 2 nm surface to surface.
  for (std::size_t a = 0; a < pores.size(); ++a)
    for (std::size_t b = a + 1; b < pores.size(); ++b)
      CHECK(distance_to_pore(g, pores[a], pores[b].x, pores[b].y, pores[b].z, true) -
                0.5 * pores[b].diameter >=
            2e-9 - 1e-15);
  // Deterministic from the seed; another seed gives other pores.
  const auto again = place_nanopores(g, layer, ReconstructionThresholds{}, 7);
  REQUIRE(again.size() == pores.size());
  CHECK(again.front().x == pores.front().x);
  CHECK(place_nanopores(g, layer, ReconstructionThresholds{}, 8).front().x != pores.front().x);
}
