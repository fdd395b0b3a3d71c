// Throughput of the semi-implicit Cahn-Hilliard step (constant-mobility Chen-Shen path: 2 forward
// + 1 backward r2r transforms + 3 point passes per step) and wall time of PFHub benchmark 1a to
// t = 10000. Plain std::chrono timing; run: ./bench_spectral [--no-pfhub].
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "solvers/semi_implicit_steppers.hpp"
#include "solvers/spectral_transform.hpp"
#include "validation/pfhub_benchmark1.hpp"
#include "validation/pfhub_reference.hpp"

using namespace voidsim;

namespace {

struct Well {
  double dfdc(std::size_t, double c) const { return 10.0 * (c - 0.3) * (0.7 - c) * (1.0 - 2.0 * c); }
};

/// Cell updates per second per core of CahnHilliardStepper::step on an n^dim grid.
double ch_updates_per_second_per_core(int dim, std::size_t n, int threads) {
  omp_set_num_threads(threads);
  Grid g;
  g.dimension = dim;
  g.nx = g.nz = n;
  g.ny = dim == 3 ? n : 1;
  g.dx = g.dy = g.dz = 1.0;
  const SpectralTransform t(g, {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
  CahnHilliardStepper s(t, {.kappa = 2.0, .mobility = 5.0, .stabilisation_a2 = 1.0});
  std::vector<double> c(g.size());
  for (std::size_t i = 0; i < c.size(); ++i)
    c[i] = 0.5 + 0.01 * std::sin(0.37 * static_cast<double>(i % 1013));
  s.step(c.data(), 0.1, Well{});  // warm-up (page faults, FFTW thread pool)
  // Repeat until at least 0.5 s has passed.
  int reps = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0.0;
  do {
    s.step(c.data(), 0.1, Well{});
    ++reps;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < 0.5);
  return static_cast<double>(g.size()) * reps / elapsed / threads;
}

}  // namespace

int main(int argc, char** argv) {
  const bool run_pfhub = !(argc > 1 && std::strcmp(argv[1], "--no-pfhub") == 0);
  std::printf("Cahn-Hilliard semi-implicit step (constant mobility), cell updates / s / core\n");
  std::printf("%-10s %14s %14s %10s\n", "grid", "1 thread", "2 threads", "speed-up");
  struct Case {
    int dim;
    std::size_t n;
  };
  for (const Case k : {Case{2, 128}, Case{2, 256}, Case{2, 512}, Case{2, 1024}, Case{3, 64}, Case{3, 128}}) {
    const double one = ch_updates_per_second_per_core(k.dim, k.n, 1);
    const double two = ch_updates_per_second_per_core(k.dim, k.n, 2);
    char name[32];
    std::snprintf(name, sizeof name, k.dim == 2 ? "%zu^2" : "%zu^3", k.n);
    std::printf("%-10s %14.3e %14.3e %10.2f\n", name, one, two, 2.0 * two / one);
  }
  if (run_pfhub) {
    omp_set_num_threads(2);
    const pfhub::Benchmark1Options options;  // the defaults are the validated settings
    pfhub::Benchmark1Statistics st;
    const auto samples =
        pfhub::run_benchmark1(pfhub::Benchmark1Variant::periodic_1a, 128, 10000.0, options, &st);
    std::printf(
        "\nPFHub 1a, 128^2 cells on the 200 x 200 domain, t = 10000, 2 threads: wall %.2f s, %ld steps (%ld "
        "rejected)\n",
        st.wall_seconds, st.n_steps, st.n_rejected);
    for (const auto& ref : pfhub::benchmark1a_converged)
      std::printf("  F(%g) = %.3f   reference %.3f (%s)\n", ref.time,
                  pfhub::interpolate_free_energy(samples, ref.time), ref.total_free_energy,
                  "converged, validation/pfhub_reference.hpp");
  }
  return 0;
}
