// The BKL solver on the vacancy lattice model: tracer diffusion against D = Gamma a^2 / (2 d),
// Boltzmann occupancy by exact enumeration, conservation and source statistics, exponential
// waiting times, exactness of discarding the pending event, checkpoint resume, and the sector
// mode (colouring, thread-count independence, tracer diffusion).
#include <doctest/doctest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

#include "core/error.hpp"
#include "core/random.hpp"
#include "model/oxygen_lattice.hpp"
#include "model/physical_constants.hpp"
#include "model/vacancy_lattice_model.hpp"
#include "solvers/kmc_solver.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

constexpr double eV = constants::electron_volt;
constexpr double a0 = 0.285e-9;
const double row_2d = a0 * std::sqrt(3.0) / 2.0;  // row spacing of the 2D lattice
const double layer_3d = a0 * std::sqrt(2.0 / 3.0);

// A lattice of mx sites per row, ny rows per layer (3D) and nz rows/layers.
OxygenLattice make_lattice(int dim, std::size_t mx, std::size_t ny, std::size_t nz, bool periodic = true) {
  Grid g;
  g.dimension = dim;
  g.nx = g.ny = g.nz = 1;
  g.dx = static_cast<double>(mx) * a0;
  g.dy = static_cast<double>(ny) * row_2d;
  g.dz = static_cast<double>(nz) * (dim == 2 ? row_2d : layer_3d);
  return OxygenLattice(g, a0, periodic);
}

VacancyLatticeParameters hops_only() {
  VacancyLatticeParameters p;
  p.generation_enabled = false;
  p.escape_enabled = false;
  return p;
}

KmcSolverSettings settings(std::uint64_t seed, bool sectors = false) {
  KmcSolverSettings s;
  s.seed = seed;
  s.sectors = sectors;
  s.sector_size = 5e-9;
  return s;
}

// Vacancies at a random fraction f of the sites at least `margin` rows/layers from z = 0 and the
// bottom (so that walls do not bias a diffusion measurement).
void place_vacancies(VacancyLatticeModel& m, double f, std::size_t margin, std::uint64_t seed) {
  const CounterRandom rng(seed, RandomStream::test);
  const OxygenLattice& l = m.lattice();
  for (std::size_t s = 0; s < m.size(); ++s) {
    const std::size_t k = l.layer(s);
    if (k >= margin && k + margin < l.nz() && rng.uniform(s, 0) < f) m.set_vacancy(s, true);
  }
}

// Tracer mean squared displacement of independent vacancies over time t, divided by the
// continuous-time random-walk value <r^2> = Gamma a^2 t (= 2 d D t with D = Gamma a^2 / (2 d)),
// Gamma = z nu exp(-E_m / kT). Unwrapped displacements: each hop adds its minimum-image vector.
double tracer_msd_ratio(const OxygenLattice& lattice, bool sectors, double hops_per_vacancy,
                        std::size_t* n_tracers = nullptr) {
  VacancyLatticeParameters p = hops_only();
  p.binding_energy = 0.0;  // independent walkers (site exclusion only: O(c) = 0.5 % effect)
  const double T = 300.0;
  VacancyLatticeModel m(lattice, p, T);
  place_vacancies(m, 0.005, 20, 17);
  std::vector<std::int32_t> id_at(m.size(), -1);
  std::int32_t n = 0;
  for (std::size_t s = 0; s < m.size(); ++s)
    if (m.vacancy(s)) id_at[s] = n++;
  std::vector<std::array<double, 3>> disp(static_cast<std::size_t>(n), {0.0, 0.0, 0.0});
  const double lx = lattice.length_x(), ly = lattice.length_y();
  const bool three_d = lattice.dimension() == 3;
  KmcSolver solver(m, settings(42, sectors));
  const double gamma = lattice.coordination() * m.bulk_hop_rate(0);
  const double t_end = hops_per_vacancy / gamma;
  solver.run_until(t_end, [&](const Touched& e) {
    if (e.kind != VacancyEventKind::hop) return;
    const std::int32_t id = id_at[e.from];
    id_at[e.to] = id;
    id_at[e.from] = -1;
    const auto p0 = lattice.position(e.from), p1 = lattice.position(e.to);
    double dx = p1[0] - p0[0], dy = p1[1] - p0[1];
    dx -= lx * std::round(dx / lx);
    if (three_d) dy -= ly * std::round(dy / ly);
    auto& d = disp[static_cast<std::size_t>(id)];
    d[0] += dx;
    d[1] += dy;
    d[2] += p1[2] - p0[2];
  });
  double msd = 0.0;
  for (const auto& d : disp) msd += d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  msd /= n;
  if (n_tracers) *n_tracers = static_cast<std::size_t>(n);
  return msd / (gamma * a0 * a0 * t_end);
}

}  // namespace

// Statistical error of the tracer tests: per walker with Poisson(lambda) hops, Var(r^2)/<r^2>^2 =
// 1/lambda + 2/d (Gaussian limit: chi^2 with d degrees of freedom). lambda = 20, 2e4 walkers:
// relative standard error 0.72 % (2D), 0.60 % (3D); 3 % is > 4 sigma. Site exclusion between
// walkers at c = 0.5 % lowers D by O(c): < 1 %.
TEST_CASE("tracer diffusion of isolated vacancies: D = Gamma a^2 / (2 d) within 3 % (2D, serial)") {
  const OxygenLattice l = make_lattice(2, 2000, 1, 2080);  // 4.2e6 sites, 2e4 vacancies
  std::size_t n = 0;
  const double ratio = tracer_msd_ratio(l, false, 20.0, &n);
  CHECK(n > 19000);
  MESSAGE("2D serial MSD / (Gamma a^2 t) = " << ratio);
  CHECK(std::abs(ratio - 1.0) < 0.03);
}

TEST_CASE("tracer diffusion of isolated vacancies: D = Gamma a^2 / (2 d) within 3 % (3D, serial)") {
  const OxygenLattice l = make_lattice(3, 160, 160, 200);  // 5.1e6 sites, 2e4 vacancies
  std::size_t n = 0;
  const double ratio = tracer_msd_ratio(l, false, 20.0, &n);
  CHECK(n > 19000);
  MESSAGE("3D serial MSD / (Gamma a^2 t) = " << ratio);
  CHECK(std::abs(ratio - 1.0) < 0.03);
}

TEST_CASE("detailed balance: long-time occupancy of the energy classes vs exact enumeration") {
  // 2D 4 x 4 (periodic in x, walls in z), 3 vacancies, 3 defect sites, generation and escape off.
  // Energies of O(kT) so that every class is visited: H = -eps (bonds) - E_b (vacancies on defects).
  // The classes (bonds, vacancies on defects) fix H; with 3 vacancies the bond count also fixes the
  // cluster-size distribution (0: 1+1+1, 1: 2+1, 2: chain of 3, 3: triangle).
  const OxygenLattice l = make_lattice(2, 4, 1, 4);
  REQUIRE(l.size() == 16);
  VacancyLatticeParameters p = hops_only();
  p.binding_energy = 0.03 * eV;
  p.defect_binding_energy = 0.02 * eV;
  p.defect_barrier_reduction = 0.05 * eV;
  const double T = 300.0, kT = constants::boltzmann * T;
  VacancyLatticeModel m(l, p, T);
  const std::vector<std::size_t> defects = {1, 6, 11};
  for (const auto d : defects) m.set_defect(d, true);

  auto classify = [&](const std::vector<std::uint8_t>& occ) {
    int bonds = 0, on_defect = 0;
    std::uint32_t nb[12];
    for (std::size_t s = 0; s < occ.size(); ++s) {
      if (!occ[s]) continue;
      on_defect += m.defect(s) ? 1 : 0;
      const int n = l.neighbours(s, nb);
      for (int q = 0; q < n; ++q) bonds += (nb[q] > s && occ[nb[q]]) ? 1 : 0;
    }
    return 4 * bonds + on_defect;  // bonds <= 3, on_defect <= 3
  };
  // Exact enumeration of all C(16, 3) = 560 configurations.
  std::vector<double> exact(16, 0.0);
  double z = 0.0;
  for (std::size_t a = 0; a < 16; ++a)
    for (std::size_t b = a + 1; b < 16; ++b)
      for (std::size_t c = b + 1; c < 16; ++c) {
        std::vector<std::uint8_t> occ(16, 0);
        occ[a] = occ[b] = occ[c] = 1;
        const int k = classify(occ);
        const double h = -p.binding_energy * (k / 4) - p.defect_binding_energy * (k % 4);
        exact[static_cast<std::size_t>(k)] += std::exp(-h / kT);
        z += std::exp(-h / kT);
      }
  for (auto& e : exact) e /= z;

  m.set_vacancy(0, true);
  m.set_vacancy(2, true);
  m.set_vacancy(9, true);
  KmcSolver solver(m, settings(2024));
  // Time-weighted class occupancy in 20 batches (batch means give the standard error).
  const int n_batches = 20;
  const double batch_time = 1.5e5 / solver.total_rate();  // ~1e5 events per batch
  std::vector<std::vector<double>> batches(n_batches, std::vector<double>(16, 0.0));
  int current = classify(m.occupancy());
  double t_last = 0.0;
  for (int b = 0; b < n_batches; ++b) {
    auto& occupancy = batches[static_cast<std::size_t>(b)];
    solver.run_until((b + 1) * batch_time, [&](const Touched&) {
      occupancy[static_cast<std::size_t>(current)] += solver.time() - t_last;
      t_last = solver.time();
      current = classify(m.occupancy());
    });
    occupancy[static_cast<std::size_t>(current)] += solver.time() - t_last;
    t_last = solver.time();
  }
  int compared = 0;
  for (std::size_t k = 0; k < 16; ++k) {
    if (exact[k] < 0.01) continue;
    double mean = 0.0, var = 0.0;
    for (const auto& occ : batches) mean += occ[k] / batch_time / n_batches;
    for (const auto& occ : batches) var += std::pow(occ[k] / batch_time - mean, 2) / (n_batches - 1);
    const double se = std::sqrt(var / n_batches);
    MESSAGE("class bonds=" << k / 4 << " on_defect=" << k % 4 << ": exact " << exact[k] << " kmc " << mean
                           << " +- " << se);
    // 4.5 standard errors (batch means, 20 batches) and a test with power: se < 2 % of p.
    CHECK(std::abs(mean - exact[k]) < 4.5 * se);
    CHECK(se < 0.02 * exact[k]);
    ++compared;
  }
  CHECK(compared >= 8);
  CHECK(m.vacancy_count() == 3);
}

TEST_CASE("mass conservation with sources off: the vacancy count is exact") {
  const OxygenLattice l = make_lattice(2, 120, 1, 120, false);
  VacancyLatticeParameters p = hops_only();
  VacancyLatticeModel m(l, p, 300.0);
  place_vacancies(m, 0.05, 0, 5);
  std::vector<std::uint8_t> mask(m.size(), 0);
  for (std::size_t s = 0; s < m.size(); s += 7) mask[s] = 1;
  m.set_defect_sites(mask.data());
  const auto initial = m.vacancy_count();
  KmcSolver solver(m, settings(1));
  const auto events = solver.run_until(3e4 / solver.total_rate());
  CHECK(events > 10000);  // fewer than 3e4: clustering lowers R_total
  CHECK(m.counters().hops == events);
  CHECK(m.counters().generated == 0);
  CHECK(m.counters().escaped == 0);
  CHECK(m.vacancy_count() == initial);
  CHECK(std::count(m.occupancy().begin(), m.occupancy().end(), 1) == initial);
}

TEST_CASE("generation: counts per cell follow N (1 - exp(-G t)) within binomial error") {
  const OxygenLattice l = make_lattice(2, 100, 1, 100);
  VacancyLatticeParameters p;
  p.hops_enabled = false;
  p.escape_enabled = false;
  VacancyLatticeModel m(l, p, 300.0);
  std::vector<std::uint32_t> cell(m.size());
  for (std::size_t s = 0; s < m.size(); ++s) cell[s] = static_cast<std::uint32_t>(3 * l.layer(s) / l.nz());
  const double rates[3] = {0.0, 0.5, 2.0};  // 1/s per occupied site
  m.set_generation_rates(rates, cell.data());
  KmcSolver solver(m, settings(8));
  const double t = 0.1;
  solver.run_until(t);
  std::vector<double> sites(3, 0.0), vacant(3, 0.0);
  for (std::size_t s = 0; s < m.size(); ++s) {
    sites[cell[s]] += 1.0;
    vacant[cell[s]] += m.vacancy(s) ? 1.0 : 0.0;
  }
  CHECK(vacant[0] == 0.0);
  for (std::size_t c = 1; c < 3; ++c) {
    const double q = 1.0 - std::exp(-rates[c] * t);
    const double mean = sites[c] * q, sigma = std::sqrt(sites[c] * q * (1.0 - q));
    MESSAGE("cell " << c << ": generated " << vacant[c] << " expected " << mean << " +- " << sigma);
    CHECK(std::abs(vacant[c] - mean) < 4.0 * sigma);
  }
  CHECK(m.counters().generated == static_cast<std::int64_t>(vacant[1] + vacant[2]));
  CHECK(m.vacancy_count() == m.counters().generated);
}

TEST_CASE("escape: isolated vacancies on the interface row survive with probability exp(-k t)") {
  const OxygenLattice l = make_lattice(2, 1000, 1, 10);
  VacancyLatticeParameters p;
  p.hops_enabled = false;
  p.generation_enabled = false;
  p.escape_at_interface = true;
  VacancyLatticeModel m(l, p, 300.0);
  const std::size_t mx = l.mx();
  for (std::size_t i = 0; i < mx; i += 2) {
    m.set_vacancy(i, true);           // row 0: escape sites, no vacancy neighbours
    m.set_vacancy(3 * mx + i, true);  // row 3: not an escape site
  }
  const double k = m.bulk_escape_rate(0);
  KmcSolver solver(m, settings(4));
  solver.run_until(1.0 / k);
  double survivors = 0.0, deep = 0.0;
  for (std::size_t i = 0; i < mx; i += 2) {
    survivors += m.vacancy(i) ? 1.0 : 0.0;
    deep += m.vacancy(3 * mx + i) ? 1.0 : 0.0;
  }
  const double n = static_cast<double>(mx / 2), q = std::exp(-1.0);
  MESSAGE("survivors " << survivors << " expected " << n * q);
  CHECK(std::abs(survivors - n * q) < 4.0 * std::sqrt(n * q * (1.0 - q)));
  CHECK(deep == n);
  CHECK(m.counters().escaped == static_cast<std::int64_t>(n - survivors));
  CHECK(m.vacancy_count() == static_cast<std::int64_t>(survivors + deep));
}

TEST_CASE("time steps: R_total dt is exponential with mean 1 (mean and Kolmogorov-Smirnov)") {
  // Hops with binding, generation and escape: R_total changes after every event.
  const OxygenLattice l = make_lattice(2, 60, 1, 60);
  VacancyLatticeParameters p;
  p.escape_energy = 0.75 * eV;
  p.escape_at_interface = true;
  VacancyLatticeModel m(l, p, 300.0);
  place_vacancies(m, 0.1, 0, 3);
  std::vector<std::uint32_t> cell(m.size(), 0);
  const double g = 1e-3;
  m.set_generation_rates(&g, cell.data());
  KmcSolver solver(m, settings(77));
  std::vector<double> x;
  x.reserve(100000);
  double t_last = 0.0, rate = solver.total_rate();
  // Chunks of run_until: an interval spanning a chunk end is still Exp(1) / R (memoryless).
  while (x.size() < 100000) {
    solver.run_until(solver.time() + 1e4 / solver.total_rate(), [&](const Touched&) {
      x.push_back((solver.time() - t_last) * rate);
      t_last = solver.time();
      rate = solver.total_rate();
    });
  }
  const auto n = static_cast<double>(x.size());
  REQUIRE(n > 50000);
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  // Mean of n Exp(1) samples: standard error 1 / sqrt(n) (< 0.45 %); 4 sigma.
  CHECK(std::abs(mean - 1.0) < 4.0 / std::sqrt(n));
  std::sort(x.begin(), x.end());
  double d = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double cdf = 1.0 - std::exp(-x[i]);
    d = std::max(
        {d, std::abs(cdf - static_cast<double>(i) / n), std::abs(cdf - static_cast<double>(i + 1) / n)});
  }
  // Kolmogorov-Smirnov: sqrt(n) D < 1.95 is the 0.1 % critical value.
  MESSAGE("KS sqrt(n) D = " << std::sqrt(n) * d << " with n = " << n);
  CHECK(std::sqrt(n) * d < 1.95);
}

TEST_CASE("run_until: discarding the pending event at t_end leaves Poisson statistics exact") {
  // One vacancy far from the walls: R_total = 6 w0 stays constant. Many short run_until calls
  // (0.3 expected events each) discard most draws; the count must stay Poisson(R T).
  const OxygenLattice l = make_lattice(2, 10, 1, 4000);
  VacancyLatticeModel m(l, hops_only(), 300.0);
  m.set_vacancy(2000 * l.mx() + 5, true);
  KmcSolver solver(m, settings(6));
  const double rate = solver.total_rate();
  REQUIRE(close(rate, 6.0 * m.bulk_hop_rate(0), 1e-14));
  const int n_calls = 150000;
  const double dt = 0.3 / rate;
  std::int64_t total = 0, empty = 0;
  for (int i = 1; i <= n_calls; ++i) {
    const auto e = solver.run_until(i * dt);
    total += e;
    empty += e == 0 ? 1 : 0;
  }
  CHECK(solver.time() == n_calls * dt);
  CHECK(close(solver.total_rate(), rate, 1e-14));  // stayed in the interior
  const double mean = n_calls * 0.3;
  MESSAGE("events " << total << " expected " << mean);
  CHECK(std::abs(static_cast<double>(total) - mean) < 4.0 * std::sqrt(mean));
  const double p0 = std::exp(-0.3);
  CHECK(std::abs(static_cast<double>(empty) - n_calls * p0) < 4.0 * std::sqrt(n_calls * p0 * (1.0 - p0)));
}

TEST_CASE("checkpoint: a restored run continues bitwise identically (serial and sectors)") {
  for (const bool sectors : {false, true}) {
    const OxygenLattice l = make_lattice(2, 80, 1, 80);
    VacancyLatticeParameters p;
    std::vector<std::uint32_t> cell(l.size(), 0);
    const double g = 1e-3;
    auto fresh = [&](VacancyLatticeModel& m) {
      place_vacancies(m, 0.05, 0, 9);
      m.set_generation_rates(&g, cell.data());
    };
    VacancyLatticeModel a(l, p, 300.0);
    fresh(a);
    KmcSolver sa(a, settings(5, sectors));
    const double t1 = 2e3 / sa.total_rate(), t2 = 2.0 * t1;
    sa.run_until(t1);
    StateArchive archive;
    sa.save(archive);
    sa.run_until(t2);

    VacancyLatticeModel b(l, p, 300.0);
    b.set_generation_rates(&g, cell.data());
    KmcSolver sb(b, settings(5, sectors));
    sb.restore(archive);
    CHECK(sb.time() == t1);
    sb.run_until(t2);
    CHECK(sb.events() == sa.events());
    CHECK(b.occupancy() == a.occupancy());
    CHECK(b.counters().hops == a.counters().hops);
    CHECK(b.counters().generated == a.counters().generated);
    CHECK(b.counters().escaped == a.counters().escaped);
  }
}

TEST_CASE("checkpoint: a vacancy slot list that does not match the occupancy is refused") {
  const OxygenLattice l = make_lattice(2, 40, 1, 40);
  VacancyLatticeModel m(l, hops_only(), 300.0);
  place_vacancies(m, 0.05, 0, 9);
  KmcSolver solver(m, settings(5));
  solver.run_until(100.0 / solver.total_rate());
  StateArchive archive;
  solver.save(archive);
  auto& slots = archive.int_arrays.at("kmc.vacancy_slots");
  REQUIRE(static_cast<std::int64_t>(slots.size()) == m.vacancy_count());
  auto refused = [&](const std::vector<std::int64_t>& bad) {
    StateArchive copy = archive;
    copy.int_arrays["kmc.vacancy_slots"] = bad;
    VacancyLatticeModel b(l, hops_only(), 300.0);
    KmcSolver sb(b, settings(5));
    CHECK_THROWS_WITH_AS(sb.restore(copy), doctest::Contains("vacancy slot"), IoError);
  };
  std::size_t oxygen = 0;
  while (m.vacancy(oxygen)) ++oxygen;
  std::vector<std::int64_t> bad = slots;
  bad[0] = static_cast<std::int64_t>(oxygen);  // not a vacancy
  refused(bad);
  bad = slots;
  bad[1] = bad[0];  // twice
  refused(bad);
  bad = slots;
  bad[0] = static_cast<std::int64_t>(m.size());  // outside the lattice
  refused(bad);
}

TEST_CASE("sector mode: same-colour sectors are more than 4 hops apart, layout from lattice only") {
  for (const int dim : {2, 3}) {
    const OxygenLattice l = dim == 2 ? make_lattice(2, 70, 1, 80) : make_lattice(3, 30, 36, 40);
    VacancyLatticeModel m(l, hops_only(), 300.0);
    KmcSolverSettings s = settings(1, true);
    s.sector_size = 2e-9;
    const KmcSolver solver(m, s);
    CHECK(solver.n_sectors() > 8);
    CHECK(solver.n_colours() == (dim == 2 ? 4 : 8));
    // Breadth-first search to 4 hops: every site reached lies in the own sector or one of
    // another colour. A hop touches sites within 2 hops of its start and reads 1 hop further.
    std::vector<int> seen(l.size(), -1);
    std::uint32_t nb[12];
    for (std::size_t s0 = 0; s0 < l.size(); ++s0) {
      const auto own = solver.sector_of(s0);
      std::vector<std::uint32_t> front{static_cast<std::uint32_t>(s0)};
      seen[s0] = static_cast<int>(s0);
      for (int depth = 0; depth < 4; ++depth) {
        std::vector<std::uint32_t> next;
        for (const auto x : front) {
          const int n = l.neighbours(x, nb);
          for (int q = 0; q < n; ++q) {
            if (seen[nb[q]] == static_cast<int>(s0)) continue;
            seen[nb[q]] = static_cast<int>(s0);
            next.push_back(nb[q]);
            const auto other = solver.sector_of(nb[q]);
            if (other != own) REQUIRE(solver.colour_of_sector(other) != solver.colour_of_sector(own));
          }
        }
        front.swap(next);
      }
    }
  }
}

TEST_CASE("sector mode: 1 and 2 threads give bitwise identical results") {
  const OxygenLattice l = make_lattice(2, 200, 1, 200, false);
  VacancyLatticeParameters p;
  p.escape_at_walls = true;
  p.escape_energy = 0.6 * eV;  // escapes happen among the fast defect hops
  std::vector<std::uint32_t> cell(l.size(), 0);
  const double g = 5e-3;
  std::vector<std::uint8_t> mask(l.size(), 0);
  for (std::size_t s = 0; s < l.size(); s += 5) mask[s] = 1;
  auto run = [&](int threads) {
    omp_set_num_threads(threads);
    VacancyLatticeModel m(l, p, 300.0);
    place_vacancies(m, 0.05, 0, 21);
    m.set_generation_rates(&g, cell.data());
    m.set_defect_sites(mask.data());
    KmcSolver solver(m, settings(99, true));
    solver.run_until(5e4 / solver.total_rate());
    // Vacancy count exact with generation and escape running in parallel sectors.
    CHECK(m.vacancy_count() == std::count(m.occupancy().begin(), m.occupancy().end(), 1));
    return std::make_tuple(m.occupancy(), solver.events(), m.counters().generated, m.counters().escaped,
                           solver.windows());
  };
  const auto one = run(1);
  const auto two = run(2);
  omp_set_num_threads(1);
  CHECK(std::get<1>(one) > 10000);
  CHECK(std::get<2>(one) > 0);
  CHECK(std::get<3>(one) > 0);
  CHECK(std::get<0>(one) == std::get<0>(two));
  CHECK(std::get<1>(one) == std::get<1>(two));
  CHECK(std::get<2>(one) == std::get<2>(two));
  CHECK(std::get<3>(one) == std::get<3>(two));
  CHECK(std::get<4>(one) == std::get<4>(two));
}

TEST_CASE("sector mode: tracer D within 3 % (2D and 3D)") {
  std::size_t n = 0;
  const double r2 = tracer_msd_ratio(make_lattice(2, 2000, 1, 2080), true, 20.0, &n);
  MESSAGE("2D sectors MSD / (Gamma a^2 t) = " << r2 << " over " << n << " tracers");
  CHECK(std::abs(r2 - 1.0) < 0.03);
  const double r3 = tracer_msd_ratio(make_lattice(3, 160, 160, 200), true, 20.0, &n);
  MESSAGE("3D sectors MSD / (Gamma a^2 t) = " << r3 << " over " << n << " tracers");
  CHECK(std::abs(r3 - 1.0) < 0.03);
}
