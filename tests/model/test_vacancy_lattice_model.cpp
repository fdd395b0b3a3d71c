// The vacancy lattice model: parameter defaults and their derivations, the neighbour fast path,
// rates of the three event kinds, detailed balance of every single hop, completeness of the
// `touched` lists, and the checkpoint round trip.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/random.hpp"
#include "core/scenario.hpp"
#include "model/oxygen_lattice.hpp"
#include "model/physical_constants.hpp"
#include "model/vacancy_lattice_model.hpp"
#include "tests/model/cubic_box.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;
using voidsim::testing::cubic_box;

namespace {

constexpr double eV = constants::electron_volt;

// Energy of a configuration: H = -eps (v-v bonds) - E_b (vacancies on defect sites).
double energy(const VacancyLatticeModel& m) {
  const auto& p = m.parameters();
  double h = 0.0;
  std::uint32_t nb[OxygenLattice::max_coordination];
  for (std::size_t s = 0; s < m.size(); ++s) {
    if (!m.vacancy(s)) continue;
    if (m.defect(s)) h -= p.defect_binding_energy;
    const int n = m.lattice().neighbours(s, nb);
    for (int q = 0; q < n; ++q)
      if (nb[q] > s && m.vacancy(nb[q])) h -= p.binding_energy;
  }
  return h;
}

// Random vacancies (fraction f) and defects (fraction g) from a counter-based stream.
void scatter(VacancyLatticeModel& m, double f, double g, std::uint64_t seed) {
  const CounterRandom rng(seed, RandomStream::test);
  std::vector<std::uint8_t> mask(m.size());
  for (std::size_t s = 0; s < m.size(); ++s) {
    m.set_vacancy(s, rng.uniform(s, 0) < f);
    mask[s] = rng.uniform(s, 1) < g ? 1 : 0;
  }
  m.set_defect_sites(mask.data());
}

// Every hop of every vacancy of `m`: forward / reverse rate against exp(-dH/kT) from the
// brute-force energy change, and each propensity against the sum of its single rates plus escape.
// Returns the number of hops checked.
int check_detailed_balance(VacancyLatticeModel& m, double kT) {
  std::uint32_t nb[OxygenLattice::max_coordination];
  int checked = 0;
  for (std::size_t s = 0; s < m.size(); ++s) {
    if (!m.vacancy(s)) continue;
    const int n = m.neighbours(s, nb);
    double sum = 0.0;
    for (int q = 0; q < n; ++q) {
      const std::size_t t = nb[q];
      if (m.vacancy(t)) continue;
      const double forward = m.hop_rate(s, t);
      sum += forward;
      const double h0 = energy(m);
      m.set_vacancy(s, false);
      m.set_vacancy(t, true);
      const double h1 = energy(m);
      const double reverse = m.hop_rate(t, s);
      m.set_vacancy(t, false);
      m.set_vacancy(s, true);
      // Round-off of exp() of O(10) arguments.
      REQUIRE(close(forward / reverse, std::exp(-(h1 - h0) / kT), 1e-12));
      ++checked;
    }
    REQUIRE(close(m.site_propensity(s), sum + m.escape_rate(s), 1e-13));
  }
  return checked;
}

}  // namespace

TEST_CASE("kmc parameters: defaults and the derivations stated in their sources") {
  Schema schema;
  VacancyLatticeParameters::declare(schema);
  const Scenario scenario(schema);
  const auto p = VacancyLatticeParameters::from(scenario);
  CHECK(close(p.lattice_spacing, 0.285e-9, 1e-12));
  CHECK(close(p.attempt_frequency, 1e13, 1e-12));
  CHECK_FALSE(p.escape_at_interface);
  CHECK_FALSE(p.escape_at_bottom);
  CHECK_FALSE(p.parallel_sectors);
  CHECK(close(p.escape_energy, p.migration_energy, 1e-12));
  // E_m: D = Gamma a^2 / (2 d), Gamma = 6 nu exp(-E_m/kT), 2D, 300 K -> 5e-16 cm^2/s. The default
  // is rounded to 1 meV: 0.4 % in D (exp(0.13 meV / 25.85 meV) - 1 = 0.5 %).
  const double kT = constants::boltzmann * 300.0;
  const double gamma = 6.0 * p.attempt_frequency * std::exp(-p.migration_energy / kT);
  const double d = gamma * p.lattice_spacing * p.lattice_spacing / 4.0;
  CHECK(close(d, 5e-20, 0.01));
  // eps = 2 E_f / z with the continuum's E_f = 0.18 eV and z = 6: the same dilute solubility.
  const double eps = 2.0 * 0.18 * eV / 6.0;
  CHECK(close(p.binding_energy, eps, 1e-12));
  CHECK(VacancyLatticeParameters::validate(scenario).empty());

  Scenario bad(schema);
  bad.set("kmc.defect_barrier_reduction", 0.9 * eV);
  bad.set("kmc.parallel", std::string("sectors"));
  bad.set("kmc.sector_size", 1e-9);
  const auto problems = VacancyLatticeParameters::validate(bad);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].key == "kmc.defect_barrier_reduction");
  CHECK(problems[1].key == "kmc.sector_size");
}

TEST_CASE("kmc model: the offset fast path reproduces the lattice's neighbour table") {
  for (const int dim : {2, 3}) {
    for (const bool periodic : {true, false}) {
      const OxygenLattice lattice(cubic_box(dim, dim == 2 ? 5 : 3), 0.285e-9, periodic);
      const VacancyLatticeModel m(lattice, VacancyLatticeParameters{}, 300.0);
      std::uint32_t a[12], b[12];
      std::size_t interior = 0;
      for (std::size_t s = 0; s < lattice.size(); ++s) {
        const int na = lattice.neighbours(s, a);
        const int nb = m.neighbours(s, b);
        REQUIRE(na == nb);
        for (int q = 0; q < na; ++q) REQUIRE(a[q] == b[q]);
        interior += na == lattice.coordination() ? 1 : 0;
      }
      CHECK(interior > lattice.size() / 3);  // the fast path was exercised
    }
  }
}

TEST_CASE("kmc model: rates of an isolated vacancy, a bonded pair, defects and escape") {
  const OxygenLattice lattice(cubic_box(2, 4), 0.285e-9, true);  // 14 x 16 sites
  VacancyLatticeParameters p;
  p.escape_at_interface = true;  // the escape case below needs an escape row
  const double T = 300.0, kT = constants::boltzmann * T;
  VacancyLatticeModel m(lattice, p, T);
  const double w0 = p.attempt_frequency * std::exp(-p.migration_energy / kT);
  CHECK(close(m.bulk_hop_rate(0), w0, 1e-14));
  CHECK(close(m.bulk_hop_rate(2), w0 * std::exp(-2.0 * p.binding_energy / kT), 1e-14));

  const std::size_t mx = lattice.mx();
  const std::size_t s = 5 * mx + 6;    // interior
  CHECK(m.site_propensity(s) == 0.0);  // occupied, no generation
  m.set_vacancy(s, true);
  CHECK(m.vacancy_count() == 1);
  CHECK(close(m.site_propensity(s), 6.0 * w0, 1e-14));
  std::uint32_t nb[12];
  m.neighbours(s, nb);
  m.set_vacancy(nb[0], true);
  // Each of the pair has one bond and 5 O neighbours.
  const double w1 = w0 * std::exp(-p.binding_energy / kT);
  CHECK(close(m.site_propensity(s), 5.0 * w1, 1e-14));
  CHECK(close(m.site_propensity(nb[0]), 5.0 * w1, 1e-14));
  m.set_vacancy(nb[0], false);

  // Defect on s: hops out of it lose the reduction but pay the site energy E_b; defect on a
  // target t: hop into it is faster by exp(r/kT) (downhill, no site-energy term).
  m.set_defect(s, true);
  const double r = p.defect_barrier_reduction, eb = p.defect_binding_energy;
  CHECK(close(m.hop_rate(s, nb[1]), w0 * std::exp((r - eb) / kT), 1e-13));
  CHECK(close(m.site_propensity(s), 6.0 * w0 * std::exp((r - eb) / kT), 1e-13));
  m.set_defect(s, false);
  m.set_defect(nb[1], true);
  CHECK(close(m.hop_rate(s, nb[1]), w0 * std::exp(r / kT), 1e-13));
  CHECK(close(m.hop_rate(s, nb[2]), w0, 1e-13));
  CHECK(close(m.site_propensity(s), w0 * (5.0 + std::exp(r / kT)), 1e-13));
  CHECK(m.hop_rate(s, s + 3 * mx) == 0.0);  // not a neighbour

  // Escape only in row 0 (interface), with the bond term.
  CHECK(m.escape_rate(s) == 0.0);
  const std::size_t e = 3;
  m.set_vacancy(e, true);
  REQUIRE(m.escape_site(e));
  const double we = p.attempt_frequency * std::exp(-p.escape_energy / kT);
  CHECK(close(m.escape_rate(e), we, 1e-14));
  const int ne = m.neighbours(e, nb);
  CHECK(ne == 4);  // row 0: two in the row, two below
  CHECK(close(m.site_propensity(e), 4.0 * w0 + we, 1e-14));

  // Switches: each term off separately.
  VacancyLatticeParameters off = p;
  off.hops_enabled = false;
  VacancyLatticeModel no_hops(lattice, off, T);
  no_hops.set_vacancy(e, true);
  CHECK(close(no_hops.site_propensity(e), we, 1e-14));
  off = p;
  off.escape_enabled = false;
  VacancyLatticeModel no_escape(lattice, off, T);
  no_escape.set_vacancy(e, true);
  CHECK(close(no_escape.site_propensity(e), 4.0 * w0, 1e-14));
  off = p;
  off.escape_at_interface = false;
  off.escape_at_bottom = true;
  VacancyLatticeModel bottom(lattice, off, T);
  CHECK_FALSE(bottom.escape_site(e));
  CHECK(bottom.escape_site(lattice.size() - 1));
}

TEST_CASE("kmc model: generation only on occupied sites, at the per-cell rate") {
  const OxygenLattice lattice(cubic_box(2, 4), 0.285e-9, true);
  VacancyLatticeParameters p;
  VacancyLatticeModel m(lattice, p, 300.0);
  std::vector<std::uint32_t> cell(lattice.size());
  for (std::size_t s = 0; s < cell.size(); ++s) cell[s] = s < cell.size() / 2 ? 0 : 1;
  const double rates[2] = {0.0, 3.5};
  m.set_generation_rates(rates, cell.data());
  const std::size_t s = cell.size() - 20;
  CHECK(m.site_propensity(0) == 0.0);
  CHECK(m.site_propensity(s) == 3.5);
  Touched touched;
  m.site_event(s, 0.5, touched);
  CHECK(touched.kind == VacancyEventKind::generation);
  CHECK(m.vacancy(s));
  CHECK(m.vacancy_count() == 1);
  CHECK(m.counters().generated == 1);
  CHECK(m.site_propensity(s) == doctest::Approx(6.0 * m.bulk_hop_rate(0)).epsilon(1e-14));
  p.generation_enabled = false;
  VacancyLatticeModel off(lattice, p, 300.0);
  off.set_generation_rates(rates, cell.data());
  CHECK(off.site_propensity(s + 1) == 0.0);
}

TEST_CASE("kmc model: every hop obeys detailed balance, rate_fwd / rate_rev = exp(-dH/kT)") {
  // Random dense configurations with defects, 2D and 3D with walls, non-default energies so
  // that all terms matter: each hop's forward and reverse rates vs the brute-force energy change.
  for (const int dim : {2, 3}) {
    const OxygenLattice lattice(cubic_box(dim, dim == 2 ? 3 : 2), 0.285e-9, false);
    VacancyLatticeParameters p;
    p.binding_energy = 0.05 * eV;
    p.defect_barrier_reduction = 0.15 * eV;
    p.defect_binding_energy = 0.07 * eV;
    const double T = 600.0, kT = constants::boltzmann * T;
    VacancyLatticeModel m(lattice, p, T);
    scatter(m, 0.3, 0.3, 100 + static_cast<std::uint64_t>(dim));
    CHECK(check_detailed_balance(m, kT) > 20);
  }
}

TEST_CASE("kmc model: slow sites scale a hop by sqrt(m_s m_t), keeping detailed balance") {
  const OxygenLattice lattice(cubic_box(2, 4), 0.285e-9, true);
  VacancyLatticeParameters p;
  p.defect_barrier_reduction = 0.15 * eV;
  p.defect_binding_energy = 0.07 * eV;
  const double T = 600.0, kT = constants::boltzmann * T;
  VacancyLatticeModel m(lattice, p, T);
  std::vector<double> multiplier(m.size());
  const CounterRandom rng(31, RandomStream::test);
  for (std::size_t s = 0; s < m.size(); ++s)
    multiplier[s] = rng.uniform(s, 2) < 0.5 ? 1.0 : 0.01 + rng.uniform(s, 3);
  for (double& x : multiplier) x = std::min(x, 1.0);
  // An isolated vacancy without defects: each hop at the bulk rate times sqrt(m_s m_t).
  const std::size_t s0 = 9;
  multiplier[s0] = 0.04;
  std::uint32_t nb[12];
  const int n = m.neighbours(s0, nb);
  m.set_vacancy(s0, true);
  m.set_transport(multiplier.data());
  double sum = 0.0;
  for (int q = 0; q < n; ++q) {
    const double expected = m.bulk_hop_rate(0) * std::sqrt(multiplier[s0] * multiplier[nb[q]]);
    CHECK(close(m.hop_rate(s0, nb[q]), expected, 1e-13));
    sum += expected;
  }
  CHECK(close(m.site_propensity(s0), sum, 1e-13));
  // Dense vacancies and defects on top: forward / reverse is still exp(-dH/kT) (the transport
  // factor is symmetric), and the propensity is the sum of the single rates.
  scatter(m, 0.3, 0.3, 41);
  CHECK(check_detailed_balance(m, kT) > 20);
  CHECK(m.slow(s0));
  // Cleared: no site is slow.
  m.set_transport(nullptr);
  for (std::size_t s = 0; s < m.size(); ++s) CHECK_FALSE(m.slow(s));
  multiplier[0] = 0.0;
  CHECK_THROWS_AS(m.set_transport(multiplier.data()), std::invalid_argument);
}

TEST_CASE("kmc model: site_event and site_event_at pick events in proportion to their rates") {
  const OxygenLattice lattice(cubic_box(2, 4), 0.285e-9, true);
  VacancyLatticeParameters p;
  p.defect_barrier_reduction = 0.05 * eV;  // rates within a factor of a few
  p.defect_binding_energy = 0.02 * eV;
  p.escape_at_interface = true;
  VacancyLatticeModel base(lattice, p, 300.0);
  const std::size_t e = 4;  // interface row: 4 hops + escape
  std::uint32_t nb[12];
  const int n = base.neighbours(e, nb);
  base.set_vacancy(e, true);
  base.set_defect(nb[1], true);
  base.set_defect(e, true);
  const double total = base.site_propensity(e);
  std::vector<double> expected(static_cast<std::size_t>(n) + 1, 0.0);
  for (int q = 0; q < n; ++q) expected[static_cast<std::size_t>(q)] = base.hop_rate(e, nb[q]) / total;
  expected.back() = base.escape_rate(e) / total;
  // u on a uniform grid of 20000 points (site_event), or the offset u * total (site_event_at, as
  // the serial solver passes it): each fraction exact to 1/20000.
  for (const bool at_offset : {false, true}) {
    CAPTURE(at_offset);
    std::vector<double> hits(expected.size(), 0.0);
    const int grid = 20000;
    for (int k = 0; k < grid; ++k) {
      VacancyLatticeModel m = base;
      Touched touched;
      const double u = (k + 0.5) / grid;
      if (at_offset)
        m.site_event_at(e, u * total, touched);
      else
        m.site_event(e, u, touched);
      if (touched.kind == VacancyEventKind::escape) {
        hits.back() += 1.0;
        CHECK_FALSE(m.vacancy(e));
        continue;
      }
      REQUIRE(touched.kind == VacancyEventKind::hop);
      const auto q = std::find(nb, nb + n, touched.to) - nb;
      hits[static_cast<std::size_t>(q)] += 1.0;
    }
    for (std::size_t q = 0; q < hits.size(); ++q) CHECK(std::abs(hits[q] / grid - expected[q]) <= 1.0 / grid);
  }
}

TEST_CASE("kmc model: `touched` lists every site whose propensity changed") {
  for (const int dim : {2, 3}) {
    const OxygenLattice lattice(cubic_box(dim, dim == 2 ? 4 : 2), 0.285e-9, dim == 2);
    VacancyLatticeParameters p;
    p.escape_at_bottom = true;
    VacancyLatticeModel m(lattice, p, 300.0);
    scatter(m, 0.25, 0.2, 7);
    std::vector<std::uint32_t> cell(m.size(), 0);
    const double g = 1e-3;
    m.set_generation_rates(&g, cell.data());
    std::vector<double> before(m.size());
    const CounterRandom rng(9, RandomStream::test);
    int kinds[4] = {0, 0, 0, 0};
    for (std::uint64_t k = 0; k < 400; ++k) {
      for (std::size_t s = 0; s < m.size(); ++s) before[s] = m.site_propensity(s);
      // Pick any site with events (vacancies and, through generation, O sites).
      std::size_t s = static_cast<std::size_t>(rng.uniform(k, 0) * m.size());
      while (!(before[s] > 0.0)) s = (s + 1) % m.size();
      Touched touched;
      m.site_event(s, rng.uniform(k, 1), touched);
      kinds[static_cast<int>(touched.kind)]++;
      for (std::size_t x = 0; x < m.size(); ++x) {
        if (m.site_propensity(x) != before[x])
          REQUIRE(std::find(touched.sites.begin(), touched.sites.begin() + touched.count, x) !=
                  touched.sites.begin() + touched.count);
      }
    }
    CHECK(kinds[1] > 0);
    CHECK(kinds[2] > 0);
    CHECK(kinds[3] > 0);
    // The vacancy count stays exact through all three kinds.
    const auto counted = std::count(m.occupancy().begin(), m.occupancy().end(), 1);
    CHECK(m.vacancy_count() == counted);
  }
}

TEST_CASE("kmc model: checkpoint round trip restores occupancy, defects and counters") {
  const OxygenLattice lattice(cubic_box(2, 6), 0.285e-9, true);
  VacancyLatticeModel a(lattice, VacancyLatticeParameters{}, 300.0);
  scatter(a, 0.1, 0.05, 3);
  Touched touched;
  std::size_t v = 0;
  while (!a.vacancy(v)) ++v;
  a.site_event(v, 0.3, touched);
  StateArchive archive;
  a.save(archive);
  VacancyLatticeModel b(lattice, VacancyLatticeParameters{}, 300.0);
  b.restore(archive);
  CHECK(b.occupancy() == a.occupancy());
  for (std::size_t s = 0; s < a.size(); ++s) REQUIRE(b.defect(s) == a.defect(s));
  CHECK(b.counters().hops == 1);
  CHECK(b.vacancy_count() == a.vacancy_count());
}
