// Tests of validation/pfhub_benchmark1.cpp: a reduced PFHub benchmark 1a (to t = 1000) against the
// published MMSP value, with a grid-refinement check; the 1b variant's invariants and its
// converged value at t = 1000; PRISMS-PF's published pair from its own configuration.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "tests/tolerance.hpp"
#include "validation/pfhub_benchmark1.hpp"
#include "validation/pfhub_benchmark1_energy.hpp"
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

TEST_CASE("PRISMS-PF's published benchmark 1 values, from its configuration run through this stepper") {
  // PRISMS-PF's CHiMaD_benchmark1a application (validation/pfhub_reference.hpp): no-flux walls,
  // 128 degree-1 elements per side (the 5-point Laplacian on dx = 1.5625) and its postprocessed
  // energy, kappa/2 (c_x + c_y)^2. Same stepper as every other case, with the finite-volume symbol.
  Benchmark1Options options;
  options.output_interval = 500.0;
  options.tolerance = 2e-4;  // the default 5e-4 leaves a 1.6 % step error at t = 1000 (measured 71.45)
  options.laplacian = voidsim::LaplacianSymbol::finite_volume;
  options.energy = Benchmark1Energy::prisms_pf_postprocessing;
  Benchmark1Statistics stats;
  const auto samples = run_benchmark1(Benchmark1Variant::no_flux_1b, 128, 10000.0, options, &stats);
  Benchmark1Options own = options;
  own.energy = Benchmark1Energy::specification;
  const auto own_samples = run_benchmark1(Benchmark1Variant::no_flux_1b, 128, 1000.0, own);
  for (const auto& ref : benchmark1_prisms_pf_published)
    MESSAGE("F(" << ref.time << ") = " << interpolate_free_energy(samples, ref.time) << " (PRISMS-PF "
                 << ref.total_free_energy << ")");
  MESSAGE("F(0) = " << samples.front().free_energy << "; F(1000) with the specification's energy "
                    << interpolate_free_energy(own_samples, 1000.0) << "; steps " << stats.n_steps);
  // Measured: 70.40 (+0.07 %) and 41.08 (+0.67 %).
  for (const auto& ref : benchmark1_prisms_pf_published)
    CHECK(voidsim::testing::close(interpolate_free_energy(samples, ref.time), ref.total_free_energy,
                                  benchmark1_prisms_pf_relative_tolerance));
  // The cross term is what separates the published value from the specification's energy of the
  // same field (measured 73.57, 4.6 % above 70.35).
  CHECK(interpolate_free_energy(own_samples, 1000.0) >
        1.03 * benchmark1_prisms_pf_published[0].total_free_energy);
  // Initial energy: 319.0337 from an explicit nodal implementation of the same expression.
  CHECK(samples.front().free_energy == doctest::Approx(319.0337).epsilon(1e-4));
  CHECK(stats.mass_drift <= voidsim::testing::round_off);
}

TEST_CASE("PRISMS-PF's postprocessed energy: its elements tile the square and its cross term") {
  const std::size_t n = 128;
  const double dx = 200.0 / static_cast<double>(n);
  // A uniform field: only f_chem, over exactly 200 x 200 on either boundary kind (the no-flux
  // elements straddling the walls count half): 5 (0.2 * 0.2)^2 * 40000 = 320.
  const std::vector<double> uniform(n * n, 0.5);
  CHECK(prisms_pf_postprocessed_free_energy(uniform.data(), n, dx, Benchmark1Variant::no_flux_1b) ==
        doctest::Approx(320.0).epsilon(1e-12));
  CHECK(prisms_pf_postprocessed_free_energy(uniform.data(), n, dx, Benchmark1Variant::periodic_1a) ==
        doctest::Approx(320.0).epsilon(1e-12));
  // Periodic waves along the diagonals, c = 0.5 + a sin(k (x +- y)): the same f_chem, while
  // kappa/2 (c_x + c_y)^2 is twice the specification's kappa/2 |grad c|^2 along x + y and zero
  // along x - y. So F(+) - F(-) = kappa a^2 k^2 A, up to the O((k dx)^2) of the element differences.
  const double a = 0.1, k = 2.0 * std::numbers::pi / 200.0, kappa = 2.0;
  std::vector<double> plus(n * n), minus(n * n);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t i = 0; i < n; ++i) {
      const double x = (static_cast<double>(i) + 0.5) * dx, y = (static_cast<double>(j) + 0.5) * dx;
      plus[j * n + i] = 0.5 + a * std::sin(k * (x + y));
      minus[j * n + i] = 0.5 + a * std::sin(k * (x - y));
    }
  }
  const double difference =
      prisms_pf_postprocessed_free_energy(plus.data(), n, dx, Benchmark1Variant::periodic_1a) -
      prisms_pf_postprocessed_free_energy(minus.data(), n, dx, Benchmark1Variant::periodic_1a);
  CHECK(difference == doctest::Approx(kappa * a * a * k * k * 40000.0).epsilon(0.005));
}
