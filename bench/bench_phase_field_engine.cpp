// Throughput of the coupled continuum engine (Li transport + circuit + vacancies + voids +
// nucleation): cell-updates per second per core for grids of increasing size and 1 or 2 threads,
// on the default in situ physics. Plain wall-clock timing; never part of ctest.
//   usage: bench_phase_field_engine [simulated_seconds=120]
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/scenario_schema.hpp"
#include "solvers/phase_field_engine.hpp"

namespace {

struct Measurement {
  double seconds;
  long long steps;
};

Measurement measure(int dimension, int n, int threads, double t_end) {
  omp_set_num_threads(threads);
  std::vector<std::string> overrides = {"domain.dimension=" + std::to_string(dimension),
                                        "domain.nx=" + std::to_string(n), "domain.nz=" + std::to_string(n)};
  if (dimension == 3) overrides.push_back("domain.ny=" + std::to_string(n));
  const auto scenario = voidsim::app::load_and_validate("", overrides);
  voidsim::PhaseFieldEngine engine(voidsim::PhaseFieldSetup::from(scenario));
  const auto start = std::chrono::steady_clock::now();
  engine.advance_to(t_end, {});
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {wall, engine.step()};
}

}  // namespace

int main(int argc, char** argv) {
  const double t_end = argc > 1 ? std::atof(argv[1]) : 120.0;
  std::printf("coupled phase-field step, default in situ physics, %.0f s simulated\n", t_end);
  std::printf("%-10s %8s %8s %10s %16s %10s\n", "grid", "threads", "steps", "wall s", "cell-upd/s/core",
              "speedup");
  const int sizes_2d[] = {128, 256, 512};
  for (int n : sizes_2d) {
    double serial = 0.0;
    for (int threads : {1, 2}) {
      const Measurement m = measure(2, n, threads, t_end);
      const double rate = static_cast<double>(n) * n * static_cast<double>(m.steps) / m.seconds / threads;
      if (threads == 1) serial = m.seconds;
      std::printf("%4d^2     %8d %8lld %10.2f %16.3e %10.2f\n", n, threads, m.steps, m.seconds, rate,
                  serial / m.seconds);
    }
  }
  const Measurement m = measure(3, 64, 2, t_end);
  std::printf("%4d^3     %8d %8lld %10.2f %16.3e\n", 64, 2, m.steps, m.seconds,
              64.0 * 64 * 64 * static_cast<double>(m.steps) / m.seconds / 2);
  return 0;
}
