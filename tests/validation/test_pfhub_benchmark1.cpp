// Tests of validation/pfhub_benchmark1.cpp: a reduced PFHub benchmark 1a (to t = 1000) against the
// published MMSP value, with a grid-refinement check; the 1b variant's invariants and its
// converged value at t = 1000.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/tolerance.hpp"
#include "validation/pfhub_benchmark1.hpp"
#include "validation/pfhub_reference.hpp"

using namespace voidsim::pfhub;

TEST_CASE("benchmark 1a to t = 1000: published value within 3 % and grid convergence") {
  Benchmark1Options options;
  options.output_interval = 250.0;
  const double t = benchmark1a_reference[0].time;  // 1000
  const double reference = benchmark1a_reference[0].total_free_energy;
  Benchmark1Statistics coarse_stats, fine_stats;
  const auto coarse = run_benchmark1(Benchmark1Variant::periodic_1a, 96, t, options, &coarse_stats);
  const auto fine = run_benchmark1(Benchmark1Variant::periodic_1a, 128, t, options, &fine_stats);
  const double f_coarse = interpolate_free_energy(coarse, t), f_fine = interpolate_free_energy(fine, t);
  MESSAGE("F(1000): 96^2 " << f_coarse << ", 128^2 " << f_fine << " (MMSP " << reference << "); steps "
                           << fine_stats.n_steps << ", wall " << fine_stats.wall_seconds << " s");
  CHECK(voidsim::testing::close(f_fine, reference, benchmark1a_relative_tolerance));
  CHECK(voidsim::testing::close(f_coarse, reference, benchmark1a_relative_tolerance));
  // Grid refinement: dx = 2.08 -> 1.56 changes F(1000) by less than 0.5 % (spectral accuracy; the
  // measured difference is ~0.1 %), far below the 3 % acceptance.
  CHECK(voidsim::testing::close(f_coarse, f_fine, 0.005));
  // The initial energy is the benchmark's 319.1 (MMSP 319.094) to 0.1 %.
  CHECK(fine.front().free_energy == doctest::Approx(319.094).epsilon(1e-3));
  CHECK(fine_stats.mass_drift <= voidsim::testing::round_off);
}

TEST_CASE("benchmark 1b (no-flux): conserved mass, decreasing energy, CSV output") {
  Benchmark1Options options;
  options.output_interval = 20.0;
  Benchmark1Statistics stats;
  const auto samples = run_benchmark1(Benchmark1Variant::no_flux_1b, 64, 200.0, options, &stats);
  CHECK(stats.mass_drift <= voidsim::testing::round_off);
  bool decreasing = true;
  for (std::size_t i = 1; i < samples.size(); ++i)
    decreasing = decreasing && samples[i].free_energy < samples[i - 1].free_energy;
  CHECK(decreasing);
  CHECK(samples.back().free_energy < 0.7 * samples.front().free_energy);  // it phase-separated

  const std::filesystem::path path = std::filesystem::path(VOIDSIM_BINARY_DIR) / "tests" / "pfhub1b_test.csv";
  write_benchmark1_csv(path, samples);
  std::ifstream in(path);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  CHECK(header == "time,free_energy");
  CHECK(std::stod(first.substr(first.find(',') + 1)) ==
        doctest::Approx(samples.front().free_energy).epsilon(1e-9));
}

TEST_CASE("benchmark 1b to t = 1000: converged value within 1 % and grid convergence") {
  // Tighter local-error tolerance than the default (2e-4 instead of 5e-4): the default gives 76.1
  // at 96^2, 2.8 % above the converged 74.03 (the step error, not the grid, dominates).
  Benchmark1Options options;
  options.output_interval = 250.0;
  options.tolerance = 2e-4;
  const double t = benchmark1b_converged[0].time;  // 1000
  const double converged = benchmark1b_converged[0].total_free_energy;
  const auto coarse = run_benchmark1(Benchmark1Variant::no_flux_1b, 96, t, options);
  const auto fine = run_benchmark1(Benchmark1Variant::no_flux_1b, 128, t, options);
  const double f_coarse = interpolate_free_energy(coarse, t), f_fine = interpolate_free_energy(fine, t);
  MESSAGE("1b F(1000): 96^2 " << f_coarse << ", 128^2 " << f_fine << " (converged " << converged << ")");
  // Measured: 74.21 at 96^2 and 74.11 at 128^2 (+0.11 %); 64^2 (dx = 3.1) is too coarse (79.4).
  CHECK(voidsim::testing::close(f_fine, converged, 0.01));
  CHECK(voidsim::testing::close(f_coarse, f_fine, 0.005));
  // The 1b initial energy: the specified c(x, y) sampled at cell centres of the 200 x 200 square.
  CHECK(fine.front().free_energy == doctest::Approx(319.043).epsilon(1e-4));
}
