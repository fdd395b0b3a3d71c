#pragma once
// PFHub benchmark 1 (spinodal decomposition, CHiMaD/NIST; Jokisaari et al., Comput. Mater. Sci.
// 126 (2017) 139, https://pages.nist.gov/pfhub/benchmarks/benchmark1.ipynb/), MODEL.md section 5.
// Cahn-Hilliard with f = rho_s (c - c_alpha)^2 (c_beta - c)^2 on a 200 x 200 square, run through
// the same CahnHilliardStepper the continuum engine uses (constant-mobility Chen-Shen path).
#include <cstddef>
#include <filesystem>
#include <vector>

#include "solvers/semi_implicit_steppers.hpp"

namespace voidsim::pfhub {

enum class Benchmark1Variant {
  periodic_1a,  // 1a: square, periodic
  no_flux_1b,   // 1b: square, no-flux
};

/// Which total free energy the samples report.
enum class Benchmark1Energy {
  specification,             // int f + kappa/2 |grad c|^2 dA (CahnHilliardStepper::free_energy)
  prisms_pf_postprocessing,  // PRISMS-PF's expression and quadrature (pfhub_benchmark1_energy.hpp)
};

/// The benchmark's parameters (dimensionless, as in the specification).
struct Benchmark1Spec {
  double rho_s = 5.0;
  double c_alpha = 0.3;
  double c_beta = 0.7;
  double mobility = 5.0;
  double kappa = 2.0;
  double side = 200.0;
  double c0 = 0.5;
  double epsilon = 0.01;
};

/// The specified initial condition c(x, y) (not periodic on [0, 200]; 1a uses it anyway).
[[nodiscard]] double benchmark1_initial_condition(const Benchmark1Spec& spec, double x, double y);

/// The benchmark's chemical free-energy density f(c) = rho_s (c - c_alpha)^2 (c_beta - c)^2.
[[nodiscard]] inline double benchmark1_chemical_density(const Benchmark1Spec& spec, double c) {
  const double p = (c - spec.c_alpha) * (spec.c_beta - c);
  return spec.rho_s * p * p;
}

struct Benchmark1Options {
  bool adaptive = true;
  double dt = 1.0;           // fixed step (adaptive = false)
  double dt_initial = 0.05;  // adaptive controller (AdaptiveStepper)
  double dt_min = 1e-4;
  double dt_max = 50.0;
  // Max-norm local error per step, in c. Measured on 1a at 128^2 (docs/numerics-spectral.md):
  // 5e-4 gives F(1000) = 85.23, F(10000) = 33.54 vs converged 84.92 / 33.16 (<= 1.2 %) in 7.9k
  // steps; 1e-3 gives 86.75 / 34.68 (4.6 % off at t = 10000).
  double tolerance = 5e-4;
  double relative_tolerance = 0.0;  // plus this fraction of the step's max|dc|
  bool extrapolate = true;          // Richardson-extrapolated (second-order) accepted steps
  double output_interval = 100.0;   // free energy sampled every interval, at 0 and at t_end
  // Implicit A2 k^2 stabiliser of the Chen-Shen step (units of f''). |f''| <= 2 rho_s (c_beta -
  // c_alpha)^2 = 1.6 on [c_alpha, c_beta]; Shen & Yang's energy-stability bound A2 >= max|f''|/2
  // = 0.8, so 1.0 keeps large steps energy-decreasing at an O(dt) cost in accuracy.
  double stabilisation_a2 = 1.0;
  // Spectral (the default: the converged answer) or the 5-point finite-volume Laplacian, which is
  // what degree-1 finite elements with Gauss-Lobatto (lumped) quadrature or 5-point finite
  // differences solve on the same spacing (comparison with such codes' published numbers).
  LaplacianSymbol laplacian = LaplacianSymbol::spectral;
  Benchmark1Energy energy = Benchmark1Energy::specification;
};

struct FreeEnergySample {
  double time;
  double free_energy;  // total over the 200 x 200 domain, as Benchmark1Options::energy defines it
};

struct Benchmark1Statistics {
  long n_steps = 0;
  long n_rejected = 0;
  double wall_seconds = 0.0;
  double mass_drift = 0.0;  // |sum c(t_end) - sum c(0)| / sum c(0)
};

/// Runs the benchmark on an n x n cell-centred grid (dx = 200 / n) to t_end.
[[nodiscard]] std::vector<FreeEnergySample> run_benchmark1(Benchmark1Variant variant,
                                                           std::size_t n_cells_per_side, double t_end,
                                                           const Benchmark1Options& options,
                                                           Benchmark1Statistics* statistics = nullptr,
                                                           const Benchmark1Spec& spec = {});

/// Writes the PFHub upload format: header "time,free_energy", one sample per line (atomic write).
void write_benchmark1_csv(const std::filesystem::path& path, const std::vector<FreeEnergySample>& samples);

/// Free energy at time t by linear interpolation between samples (t within the sampled range).
[[nodiscard]] double interpolate_free_energy(const std::vector<FreeEnergySample>& samples, double t);

}  // namespace voidsim::pfhub
