// Throughput of the BKL KMC core (solvers/kmc_solver): events per second per core on 1e6-site 2D
// and 3D lattices at 1 % vacancies (hops only, default energies, no defects), the cost per event
// as the lattice grows from 1e4 to 1e7 sites, and the sector-parallel speed-up from 1 to 2
// threads on a 1e7-site 3D lattice. Plain std::chrono timing of run_until over a fixed simulated
// time in chunks until `events` events ran; construction and tree builds are not timed.
// Run: ./bench_kmc [--quick | --sectors]   (--quick: 1e6-site serial cases only; --sectors: only the
// sector-mode table)
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

#include "core/random.hpp"
#include "model/oxygen_lattice.hpp"
#include "model/vacancy_lattice_model.hpp"
#include "solvers/kmc_solver.hpp"

using namespace voidsim;

namespace {

constexpr double a0 = 0.285e-9;

// A lattice of about n_sites sites: a square (2D) or cube (3D) in site counts.
OxygenLattice lattice_of(int dim, double n_sites) {
  Grid g;
  g.dimension = dim;
  g.nx = g.ny = g.nz = 1;
  const double side = std::pow(n_sites, 1.0 / dim);
  g.dx = side * a0;
  g.dy = side * a0 * std::sqrt(3.0) / 2.0;
  g.dz = side * (dim == 2 ? a0 * std::sqrt(3.0) / 2.0 : a0 * std::sqrt(2.0 / 3.0));
  return OxygenLattice(g, a0, true);
}

struct Result {
  std::size_t sites = 0;
  std::int64_t events = 0;
  double seconds = 0.0;      // wall
  double cpu_seconds = 0.0;  // process CPU time (all threads)
  [[nodiscard]] double rate() const { return static_cast<double>(events) / seconds; }
  /// Events per CPU second: the per-core rate, insensitive to other processes sharing the cores.
  [[nodiscard]] double cpu_rate() const { return static_cast<double>(events) / cpu_seconds; }
};

Result measure(int dim, double n_sites, bool sectors, int threads, double events) {
  omp_set_num_threads(threads);
  const OxygenLattice lattice = lattice_of(dim, n_sites);
  VacancyLatticeParameters p;
  p.generation_enabled = false;
  p.escape_enabled = false;
  auto model = std::make_unique<VacancyLatticeModel>(lattice, p, 300.0);
  const CounterRandom rng(1, RandomStream::test);
  for (std::size_t s = 0; s < model->size(); ++s)
    if (rng.uniform(s, 0) < 0.01) model->set_vacancy(s, true);
  KmcSolverSettings settings;
  settings.seed = 3;
  settings.sectors = sectors;
  KmcSolver solver(*model, settings);
  solver.run_until(0.05 * events / solver.total_rate());  // warm-up: page faults, caches
  // Chunks of ~events/10 expected events until `events` ran (clustering lowers R_total).
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  std::int64_t executed = 0;
  while (static_cast<double>(executed) < events)
    executed += solver.run_until(solver.time() + 0.1 * events / solver.total_rate());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return {lattice.size(), executed, seconds, cpu};
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const bool sectors_only = argc > 1 && std::strcmp(argv[1], "--sectors") == 0;
  if (!sectors_only) {
    std::printf("KMC serial exact BKL, 1 %% vacancies, hops only (default E_m, eps), 1 thread\n");
    std::printf("(events/s: wall clock; per CPU s: process CPU time, what a dedicated core would give)\n");
    std::printf("%-4s %12s %12s %14s %14s %12s\n", "dim", "sites", "events", "events/s", "per CPU s",
                "ns/event");
    for (const int dim : {2, 3}) {
      const Result r = measure(dim, 1e6, false, 1, 5e6);
      std::printf("%-4d %12zu %12lld %14.3e %14.3e %12.1f\n", dim, r.sites, static_cast<long long>(r.events),
                  r.rate(), r.cpu_rate(), 1e9 / r.cpu_rate());
    }
    if (quick) return 0;

    std::printf("\nCost per event vs lattice size (serial, 1 thread)\n");
    std::printf("%-4s %12s %14s %14s %12s\n", "dim", "sites", "events/s", "per CPU s", "ns/event");
    for (const int dim : {2, 3}) {
      for (const double n : {1e4, 1e5, 1e6, 1e7}) {
        const Result r = measure(dim, n, false, 1, 3e6);
        std::printf("%-4d %12zu %14.3e %14.3e %12.1f\n", dim, r.sites, r.rate(), r.cpu_rate(),
                    1e9 / r.cpu_rate());
      }
    }
  }

  std::printf("\nSector mode (5 nm sectors, synchronous sublattice), 3D 1e7 sites\n");
  std::printf("(efficiency = wall-clock rate(2) / (2 rate(1)); it needs two idle cores)\n");
  std::printf("%-8s %14s %14s %12s\n", "threads", "events/s", "per CPU s", "efficiency");
  const Result serial = measure(3, 1e7, false, 1, 1e7);
  std::printf("%-8s %14.3e %14.3e %12s\n", "serial", serial.rate(), serial.cpu_rate(), "-");
  const Result one = measure(3, 1e7, true, 1, 1e7);
  std::printf("%-8d %14.3e %14.3e %12s\n", 1, one.rate(), one.cpu_rate(), "1.00");
  const Result two = measure(3, 1e7, true, 2, 1e7);
  std::printf("%-8d %14.3e %14.3e %12.2f\n", 2, two.rate(), two.cpu_rate(), two.rate() / (2.0 * one.rate()));
  return 0;
}
