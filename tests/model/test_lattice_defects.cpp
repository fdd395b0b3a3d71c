// Explicit stacking faults and dislocations on the oxygen lattice (model/lattice_defects.*): the
// nucleation rate, the Figure 5 history (faults appear, grow and vanish), annihilation, climb with
// vacancy bookkeeping, the site mask, densities, checkpoints and reproducibility.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/scenario.hpp"
#include "model/lattice_defects.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

constexpr double spacing = 0.285e-9;

Grid box(int dimension, std::size_t nx, std::size_t nz, std::size_t ny = 1) {
  Grid g;
  g.dimension = dimension;
  g.nx = nx;
  g.nz = nz;
  g.ny = dimension == 3 ? ny : 1;
  g.dx = g.dy = g.dz = 1e-9;
  return g;
}

LatticeDefectParameters only_nucleation() {
  LatticeDefectParameters p;
  p.growth_enabled = p.glide_enabled = p.climb_enabled = p.annihilation_enabled = false;
  return p;
}

// The mask recomputed from the object lists, independently of the class's bookkeeping.
std::vector<std::uint8_t> expected_mask(const OxygenLattice& l, const LatticeDefects& d) {
  std::vector<std::uint8_t> mask(l.size(), 0);
  auto paint = [&](std::size_t row, std::size_t m) {
    for (std::size_t j = 0; j < l.ny(); ++j) mask[(row * l.ny() + j) * l.mx() + m] = 1;
  };
  for (const auto& f : d.faults())
    for (std::size_t i = 0; i < f.length; ++i) paint(f.row, (f.first + i) % l.mx());
  for (const auto& x : d.dislocations()) paint(x.row, x.position);
  return mask;
}

std::vector<std::int64_t> fingerprint(const LatticeDefects& d) {
  std::vector<std::int64_t> v;
  for (const auto& f : d.faults())
    v.insert(v.end(), {static_cast<std::int64_t>(f.id), f.row, f.first, f.length});
  for (const auto& x : d.dislocations())
    v.insert(v.end(), {static_cast<std::int64_t>(x.id), x.row, x.position, x.sign});
  const auto& c = d.counters();
  v.insert(v.end(), {c.nucleation_attempts, c.faults_vanished, c.fault_merges, c.dislocations_annihilated,
                     c.partial_steps, c.glide_steps});
  return v;
}

// sum over columns of A_col w(depth): the nucleation weight the rate multiplies.
double total_weight(const OxygenLattice& l, const LatticeDefectParameters& p, double max_depth = HUGE_VAL) {
  const double area = l.length_x() * l.length_z() / static_cast<double>(l.mx() * l.nz());
  double sum = 0.0;
  for (std::size_t k = 0; k < l.nz(); ++k) {
    const double z = l.position(k * l.ny() * l.mx())[2];
    if (z < max_depth) sum += static_cast<double>(l.mx()) * area * p.interface_weight(z);
  }
  return sum;
}

}  // namespace

TEST_CASE("parameters: defaults parse back and validate() names dipole_separation") {
  Schema schema;
  LatticeDefectParameters::declare(schema);
  Scenario scenario(schema);
  const auto p = LatticeDefectParameters::from(scenario);
  CHECK(close(p.generation_coefficient, 8e18, 1e-12));
  CHECK(close(p.fault_length, 1e-9, 1e-12));
  CHECK(close(p.partial_hop_rate, 0.05, 1e-12));
  CHECK(close(p.reference_strain_rate, 6e-6, 1e-12));
  CHECK(close(p.capture_distance, 0.6e-9, 1e-12));
  CHECK(p.climb_emission_rate == 0.0);
  CHECK(LatticeDefectParameters::validate(scenario).empty());
  scenario.set("kmc.defects.nucleation.dipole_separation", 0.5e-9);
  const auto problems = LatticeDefectParameters::validate(scenario);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "kmc.defects.nucleation.dipole_separation");
}

TEST_CASE("no strain gives no defects and strain makes them") {
  const Grid g = box(2, 20, 20);
  const OxygenLattice l(g, spacing, true);
  LatticeDefects none(l, g, LatticeDefectParameters{}, 7);
  const std::vector<double> zero(g.size(), 0.0), strained(g.size(), 6e-5);
  for (int n = 0; n < 500; ++n) none.advance(n, 1.0, n, n % 2 ? zero.data() : nullptr, nullptr);
  CHECK(none.n_faults() == 0);
  CHECK(none.n_dislocations() == 0);
  CHECK(none.counters().nucleation_attempts == 0);
  CHECK(std::count(none.site_mask().begin(), none.site_mask().end(), 1) == 0);
  // The same run under strain: the expected number of nuclei is ~0.1 per interval here.
  LatticeDefects some(l, g, LatticeDefectParameters{}, 7);
  for (int n = 0; n < 500; ++n) some.advance(n, 1.0, n, strained.data(), nullptr);
  CHECK(some.counters().nucleated() > 10);
}

TEST_CASE(
    "nucleation: count = k_gen/2 |eps_dot| dt sum A w(z) within Poisson error and enhanced at the "
    "interface") {
  for (int dimension : {2, 3}) {
    CAPTURE(dimension);
    const Grid g = dimension == 2 ? box(2, 80, 80) : box(3, 60, 60, 2);
    const OxygenLattice l(g, spacing, true);
    const auto p = only_nucleation();
    LatticeDefects d(l, g, p, 11);
    const double eps = dimension == 2 ? 6e-5 : 1.2e-4, dt = 0.5;
    const int intervals = 600;
    const std::vector<double> strain(g.size(), eps);
    for (int n = 0; n < intervals; ++n) d.advance(n * dt, dt, n, strain.data(), nullptr);
    const double expected = 0.5 * p.generation_coefficient * eps * dt * intervals * total_weight(l, p);
    const auto& c = d.counters();
    CAPTURE(expected);
    CAPTURE(c.nucleation_attempts);
    REQUIRE(expected > 300.0);
    // Poisson: 4 standard deviations (false-failure probability ~6e-5 for this fixed seed family).
    CHECK(std::abs(static_cast<double>(c.nucleation_attempts) - expected) < 4.0 * std::sqrt(expected));
    // Every attempt is placed or counted as blocked; the low density leaves few blocked.
    CHECK(c.nucleated() + c.nucleation_blocked == c.nucleation_attempts);
    CHECK(static_cast<double>(c.nucleation_blocked) < 0.15 * static_cast<double>(c.nucleation_attempts));
    CHECK(d.n_faults() == static_cast<std::size_t>(c.faults_nucleated));
    CHECK(d.n_dislocations() == 2 * static_cast<std::size_t>(c.dipoles_nucleated));
    // Dipole fraction 0.25: binomial, 4 standard deviations.
    const double n = static_cast<double>(c.nucleated());
    CHECK(std::abs(static_cast<double>(c.dipoles_nucleated) - 0.25 * n) < 4.0 * std::sqrt(0.25 * 0.75 * n));
    // Interface preference: the fraction of objects within 10 nm of the interface follows the
    // weight 1 + 4 exp(-z / 5 nm) (0.125 in 2D without it; measured on placed objects, so the
    // few blocked nuclei bias it slightly: 5 binomial standard deviations).
    const double depth = 10e-9;
    const double share = total_weight(l, p, depth) / total_weight(l, p);
    std::size_t near = 0, all = 0;
    auto count = [&](std::uint32_t row) {
      ++all;
      near += l.position(row * l.ny() * l.mx())[2] < depth ? 1 : 0;
    };
    for (const auto& f : d.faults()) count(f.row);
    for (const auto& x : d.dislocations()) count(x.row);
    const double measured = static_cast<double>(near) / static_cast<double>(all);
    CAPTURE(share);
    CAPTURE(measured);
    CHECK(std::abs(measured - share) < 5.0 * std::sqrt(share * (1.0 - share) / static_cast<double>(all)));
  }
}

TEST_CASE(
    "layered host: nothing nucleates in a reconstructed layer, and the interface enhancement starts below "
    "it") {
  // The top 10 nm of an 80 x 80 nm section is reconstructed (layered fraction 0), the rest layered.
  const Grid g = box(2, 80, 80);
  const OxygenLattice l(g, spacing, true);
  const double layer = 10e-9;
  std::vector<double> layered(g.size(), 1.0);
  for (std::size_t k = 0; k < 10; ++k)
    for (std::size_t i = 0; i < g.nx; ++i) layered[g.index(i, 0, k)] = 0.0;
  const double eps = 6e-5, dt = 0.5;
  const int intervals = 600;
  const std::vector<double> strain(g.size(), eps);
  auto run = [&](LatticeDefects& d) {
    for (int n = 0; n < intervals; ++n) d.advance(n * dt, dt, n, strain.data(), nullptr);
  };
  // A row belongs to the cell OxygenLattice::cell_of maps it to (the lattice box is the grid box up
  // to rounding, so cell k spans depths [k h, (k + 1) h) with h = length_z / nz).
  const double h = l.length_z() / static_cast<double>(g.nz);
  auto row_cell = [&](std::uint32_t row) { return l.cell_of(row * l.mx(), g) / g.nx; };
  auto zeta = [&](std::uint32_t row) { return l.position(row * l.mx())[2] - 10.0 * h; };

  const auto p = only_nucleation();
  LatticeDefects d(l, g, p, 11);
  d.set_host_fraction(layered.data());
  run(d);
  // Expected attempts: the weights of the layered rows with their depth counted from the layer's
  // bottom (the cells above hold no layered lattice).
  const double area = l.length_x() * l.length_z() / static_cast<double>(l.mx() * l.nz());
  double weight = 0.0, weight_near = 0.0;
  for (std::uint32_t k = 0; k < l.nz(); ++k) {
    if (row_cell(k) < 10) continue;
    const double w = static_cast<double>(l.mx()) * area * p.interface_weight(zeta(k));
    weight += w;
    weight_near += zeta(k) < layer ? w : 0.0;
  }
  const double expected = 0.5 * p.generation_coefficient * eps * dt * intervals * weight;
  const auto& c = d.counters();
  CAPTURE(expected);
  CAPTURE(c.nucleation_attempts);
  REQUIRE(expected > 300.0);
  CHECK(std::abs(static_cast<double>(c.nucleation_attempts) - expected) < 4.0 * std::sqrt(expected));
  std::size_t in_layer = 0, near = 0, all = 0;
  auto count = [&](std::uint32_t row) {
    ++all;
    in_layer += row_cell(row) < 10 ? 1 : 0;
    near += row_cell(row) >= 10 && zeta(row) < layer ? 1 : 0;
  };
  for (const auto& f : d.faults()) count(f.row);
  for (const auto& x : d.dislocations()) count(x.row);
  CHECK(in_layer == 0);
  // The 10 nm just below the layer carry the enhanced share 1 + 4 exp(-zeta / 5 nm) of a fresh
  // interface, as the top 10 nm do without a layer (5 binomial standard deviations, as above).
  const double share = weight_near / weight;
  const double measured = static_cast<double>(near) / static_cast<double>(all);
  CAPTURE(share);
  CAPTURE(measured);
  CHECK(share == doctest::Approx(total_weight(l, p, layer) / total_weight(l, p)).epsilon(0.05));
  CHECK(std::abs(measured - share) < 5.0 * std::sqrt(share * (1.0 - share) / static_cast<double>(all)));

  // Switched off, or with no layer given: the plain weights, the same realisation as never calling.
  auto off = p;
  off.layered_host = false;
  LatticeDefects plain(l, g, p, 11), switched_off(l, g, off, 11), no_layer(l, g, p, 11);
  switched_off.set_host_fraction(layered.data());
  no_layer.set_host_fraction(nullptr);
  run(plain);
  run(switched_off);
  run(no_layer);
  CHECK(fingerprint(switched_off) == fingerprint(plain));
  CHECK(fingerprint(no_layer) == fingerprint(plain));
  CHECK(fingerprint(plain) != fingerprint(d));
}

TEST_CASE("Figure 5 history: faults appear and grow under strain then shrink and vanish after it stops") {
  const Grid g = box(2, 30, 30);
  const OxygenLattice l(g, spacing, false);  // walls: a particle cross-section
  LatticeDefects d(l, g, LatticeDefectParameters{}, 2022);
  const std::vector<double> strained(g.size(), 1.2e-5), relaxed(g.size(), 0.0);
  std::size_t peak = 0;
  std::uint64_t longest = 0;
  for (int n = 0; n < 3000; ++n) {
    d.advance(n, 1.0, n, n < 800 ? strained.data() : relaxed.data(), nullptr);
    peak = std::max(peak, d.n_faults());
    for (const auto& f : d.faults()) longest = std::max<std::uint64_t>(longest, f.length);
    if (n % 250 == 0) REQUIRE(d.site_mask() == expected_mask(l, d));
    if (n == 799) {
      CAPTURE(d.n_faults());
      CHECK(d.n_faults() >= 2);  // at the end of the strain phase the region holds faults
    }
  }
  const auto& c = d.counters();
  CAPTURE(peak);
  CAPTURE(c.faults_nucleated);
  CAPTURE(longest);
  CHECK(peak >= 3);
  // Growth: at twice eps_ref the partials glide outward, so segments outgrow their 4-site nucleus.
  CHECK(longest > 10);
  // After 2200 s without strain every fault has shrunk away; the books balance.
  CHECK(d.n_faults() == 0);
  CHECK(c.faults_vanished + c.fault_merges == c.faults_nucleated);
  CHECK(2 * c.dipoles_nucleated ==
        c.dislocations_annihilated + c.dislocations_exited + static_cast<std::int64_t>(d.n_dislocations()));
  CHECK(d.site_mask() == expected_mask(l, d));
}

TEST_CASE(
    "annihilation: an opposite-sign pair within the capture distance vanishes but a same-sign pair stays") {
  const Grid g = box(2, 10, 10);
  const OxygenLattice l(g, spacing, true);
  LatticeDefectParameters p;
  p.nucleation_enabled = p.glide_enabled = false;
  LatticeDefects opposite(l, g, p, 1), same(l, g, p, 1);
  REQUIRE(opposite.add_dislocation(5, 10, -1));
  REQUIRE(opposite.add_dislocation(5, 12, +1));  // 2 sites = 0.57 nm < 0.6 nm
  REQUIRE(same.add_dislocation(5, 10, +1));
  REQUIRE(same.add_dislocation(5, 12, +1));
  REQUIRE_FALSE(same.add_dislocation(5, 12, -1));  // occupied
  opposite.advance(0.0, 1.0, 0, nullptr, nullptr);
  same.advance(0.0, 1.0, 0, nullptr, nullptr);
  CHECK(opposite.n_dislocations() == 0);
  CHECK(opposite.counters().dislocations_annihilated == 2);
  CHECK(opposite.mask_changed());
  CHECK(std::count(opposite.site_mask().begin(), opposite.site_mask().end(), 1) == 0);
  CHECK(same.n_dislocations() == 2);
  CHECK_FALSE(same.mask_changed());

  // With glide, a pair 8 sites apart on a periodic row random-walks until it meets.
  p.glide_enabled = true;
  LatticeDefects walkers(l, g, p, 3);
  REQUIRE(walkers.add_dislocation(3, 2, -1));
  REQUIRE(walkers.add_dislocation(3, 10, +1));
  int n = 0;
  for (; n < 20000 && walkers.n_dislocations() > 0; ++n) walkers.advance(n, 1.0, n, nullptr, nullptr);
  CHECK(walkers.n_dislocations() == 0);
  CHECK(walkers.counters().dislocations_annihilated == 2);
  CHECK(walkers.counters().glide_steps > 0);
}

TEST_CASE("a fault without driving shrinks by its tension and vanishes when its partials recombine") {
  const Grid g = box(2, 10, 10);
  const OxygenLattice l(g, spacing, true);
  LatticeDefectParameters p;
  p.nucleation_enabled = false;
  LatticeDefects d(l, g, p, 5);
  REQUIRE(d.add_fault(4, 30, 6));
  CHECK(std::count(d.site_mask().begin(), d.site_mask().end(), 1) == 6);
  // Six inward steps at 2 nu_p = 0.1/s: the lifetime is Gamma(6, 0.1/s), mean 60 s.
  int n = 0;
  for (; n < 1000 && d.n_faults() > 0; ++n) d.advance(n, 1.0, n, nullptr, nullptr);
  CAPTURE(n);
  CHECK(d.n_faults() == 0);
  CHECK(d.counters().faults_vanished == 1);
  CHECK(d.counters().partial_steps == 6);
  CHECK(n > 5);  // not faster than the hop rate allows
  CHECK(std::count(d.site_mask().begin(), d.site_mask().end(), 1) == 0);
}

TEST_CASE("faults whose facing partials meet merge into one") {
  const Grid g = box(2, 10, 10);
  const OxygenLattice l(g, spacing, true);
  LatticeDefectParameters p;
  p.nucleation_enabled = false;
  p.partial_hop_rate = 0.2;
  LatticeDefects d(l, g, p, 9);
  REQUIRE(d.add_fault(2, 5, 5));
  REQUIRE(d.add_fault(2, 11, 5));                                            // one free column between them
  const std::vector<double> strain(g.size(), 50 * p.reference_strain_rate);  // strong outward drive
  for (int n = 0; n < 10 && d.counters().fault_merges == 0; ++n) d.advance(n, 1.0, n, strain.data(), nullptr);
  CHECK(d.counters().fault_merges == 1);
  CHECK(d.n_faults() == 1);
  CHECK(d.site_mask() == expected_mask(l, d));
}

TEST_CASE(
    "climb: absorbing an adjacent vacancy moves the core one row and reports the site and exits at the "
    "interface") {
  const Grid g = box(2, 6, 6);
  const OxygenLattice l(g, spacing, false);
  LatticeDefectParameters p;
  p.nucleation_enabled = p.glide_enabled = false;
  p.climb_absorption_rate = 50.0;  // absorption within the interval is practically certain
  LatticeDefects d(l, g, p, 4);
  REQUIRE(d.add_dislocation(2, 8, +1));
  REQUIRE(d.add_dislocation(4, 14, -1));
  std::vector<std::uint8_t> occupancy(l.size(), 0);
  std::uint32_t nb[OxygenLattice::max_coordination];
  l.neighbours(2 * l.mx() + 8, nb);
  const std::uint32_t vacancy_a = nb[0];
  l.neighbours(4 * l.mx() + 14, nb);
  const std::uint32_t vacancy_b = nb[3];
  occupancy[vacancy_a] = occupancy[vacancy_b] = 1;
  d.advance(0.0, 1.0, 0, nullptr, occupancy.data());
  // Each core absorbed its one vacancy (none left around the new position): + moved up, - down.
  REQUIRE(d.absorbed_vacancies().size() == 2);
  CHECK(std::count(d.absorbed_vacancies().begin(), d.absorbed_vacancies().end(), vacancy_a) == 1);
  CHECK(std::count(d.absorbed_vacancies().begin(), d.absorbed_vacancies().end(), vacancy_b) == 1);
  CHECK(d.counters().vacancies_absorbed == 2);
  REQUIRE(d.n_dislocations() == 2);
  CHECK(d.dislocations()[0].row == 1);
  CHECK(d.dislocations()[1].row == 5);
  CHECK(d.site_mask() == expected_mask(l, d));
  // The caller refilled them; a vacancy next to the + core at row 1 takes it to row 0, the next
  // one through the interface.
  occupancy[vacancy_a] = occupancy[vacancy_b] = 0;
  for (int step = 1; step <= 2; ++step) {
    l.neighbours(d.dislocations()[0].row * l.mx() + 8, nb);
    occupancy[nb[2]] = 1;  // same-row or row-above neighbour; any vacancy works
    d.advance(step, 1.0, step, nullptr, occupancy.data());
    REQUIRE(d.absorbed_vacancies().size() == 1);
    occupancy[d.absorbed_vacancies()[0]] = 0;
  }
  CHECK(d.counters().dislocations_exited == 1);
  CHECK(d.n_dislocations() == 1);
  // Without vacancies nothing climbs.
  d.advance(3.0, 1.0, 3, nullptr, occupancy.data());
  CHECK(d.absorbed_vacancies().empty());
}

TEST_CASE("3D: objects are straight through the layer and the line density integrates to the line length") {
  const Grid g = box(3, 6, 6, 4);
  const OxygenLattice l(g, spacing, true);
  LatticeDefectParameters p;
  p.nucleation_enabled = false;
  LatticeDefects d(l, g, p, 1);
  REQUIRE(d.add_fault(3, 4, 5));
  REQUIRE(d.add_dislocation(7, 9, -1));
  CHECK(std::count(d.site_mask().begin(), d.site_mask().end(), 1) == static_cast<long>(6 * l.ny()));
  CHECK(d.site_mask() == expected_mask(l, d));
  for (std::size_t s = 0; s < l.size(); ++s)
    if (d.site_mask()[s]) REQUIRE((l.layer(s) == 3 || l.layer(s) == 7));
  std::vector<double> rho(g.size());
  d.line_density_per_cell(g, rho.data());
  double length = 0.0;
  for (double r : rho) length += r * g.cell_volume();
  CHECK(close(length, 3.0 * l.length_y(), 1e-12));  // two partials and one dislocation, round-off

  const Grid g2 = box(2, 6, 6);
  const OxygenLattice l2(g2, spacing, true);
  LatticeDefects d2(l2, g2, p, 1);
  REQUIRE(d2.add_fault(3, 4, 5));
  std::vector<double> rho2(g2.size());
  d2.line_density_per_cell(g2, rho2.data());
  double points = 0.0;
  for (double r : rho2) points += r * g2.dx * g2.dz;
  CHECK(close(points, 2.0, 1e-12));
}

TEST_CASE(
    "reproducible: same seed same history and another seed another and save/load continues identically") {
  const Grid g = box(2, 20, 20);
  const OxygenLattice l(g, spacing, true);
  const std::vector<double> strain(g.size(), 2e-5);
  std::vector<std::uint8_t> occupancy(l.size(), 0);
  for (std::size_t s = 0; s < l.size(); s += 17) occupancy[s] = 1;  // climb has vacancies to absorb
  auto run = [&](LatticeDefects& d, int from, int to) {
    for (int n = from; n < to; ++n) d.advance(n, 1.0, n, n < 300 ? strain.data() : nullptr, occupancy.data());
  };
  LatticeDefects a(l, g, LatticeDefectParameters{}, 42), b(l, g, LatticeDefectParameters{}, 42),
      c(l, g, LatticeDefectParameters{}, 43);
  run(a, 0, 400);
  run(b, 0, 200);
  run(c, 0, 400);
  CHECK(a.counters().nucleated() > 5);
  CHECK(a.counters().vacancies_absorbed > 0);
  CHECK(fingerprint(c) != fingerprint(a));

  StateArchive archive;
  b.save(archive, "defects/");
  LatticeDefects restored(l, g, LatticeDefectParameters{}, 42);
  restored.load(archive, "defects/");
  CHECK(restored.mask_changed());
  CHECK(restored.site_mask() == b.site_mask());
  CHECK(fingerprint(restored) == fingerprint(b));
  run(b, 200, 400);
  run(restored, 200, 400);
  CHECK(fingerprint(b) == fingerprint(a));
  CHECK(fingerprint(restored) == fingerprint(a));
  CHECK(restored.site_mask() == a.site_mask());

  // A checkpoint of another lattice is refused with the entry named.
  const Grid other = box(2, 21, 20);
  const OxygenLattice lo(other, spacing, true);
  LatticeDefects wrong(lo, other, LatticeDefectParameters{}, 42);
  CHECK_THROWS_AS(wrong.load(archive, "defects/"), IoError);
}
