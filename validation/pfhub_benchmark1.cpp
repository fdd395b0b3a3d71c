#include "validation/pfhub_benchmark1.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/grid.hpp"
#include "io/atomic_file.hpp"
#include "solvers/semi_implicit_steppers.hpp"
#include "solvers/spectral_transform.hpp"
#include "validation/pfhub_benchmark1_energy.hpp"

namespace voidsim::pfhub {

namespace {

/// Point kernel of the benchmark's chemical free energy, f = rho_s (c - c_a)^2 (c_b - c)^2
/// (benchmark1_chemical_density): its derivative for the stepper.
struct DoubleWell {
  double rho_s, c_a, c_b;
  [[nodiscard]] double dfdc(std::size_t, double c) const {
    return 2.0 * rho_s * (c - c_a) * (c_b - c) * (c_a + c_b - 2.0 * c);
  }
};

}  // namespace

double benchmark1_initial_condition(const Benchmark1Spec& s, double x, double y) {
  const double a = std::cos(0.13 * x) * std::cos(0.087 * y);
  return s.c0 + s.epsilon * (std::cos(0.105 * x) * std::cos(0.11 * y) + a * a +
                             std::cos(0.025 * x - 0.15 * y) * std::cos(0.07 * x - 0.02 * y));
}

std::vector<FreeEnergySample> run_benchmark1(Benchmark1Variant variant, std::size_t n, double t_end,
                                             const Benchmark1Options& options,
                                             Benchmark1Statistics* statistics, const Benchmark1Spec& spec) {
  if (n < 2) throw std::invalid_argument("run_benchmark1: need at least 2 cells per side");
  if (!(t_end >= 0.0) || !(options.output_interval > 0.0))
    throw std::invalid_argument("run_benchmark1: t_end >= 0 and output_interval > 0 required");
  const auto start = std::chrono::steady_clock::now();

  // 2D grid: the benchmark's y is the grid's z axis (storage row index).
  Grid grid;
  grid.dimension = 2;
  grid.nx = grid.nz = n;
  grid.dx = grid.dz = spec.side / static_cast<double>(n);
  const Boundary kind = variant == Benchmark1Variant::periodic_1a ? Boundary::periodic : Boundary::no_flux;
  const SpectralTransform transform(grid, AxisBoundaries{kind, kind, kind});
  CahnHilliardStepper stepper(transform, CahnHilliardParameters{.kappa = spec.kappa,
                                                                .mobility = spec.mobility,
                                                                .stabilisation_a = 1.0,
                                                                .stabilisation_a2 = options.stabilisation_a2,
                                                                .laplacian = options.laplacian});
  const DoubleWell well{spec.rho_s, spec.c_alpha, spec.c_beta};
  auto energy = [&](const double* field) {
    if (options.energy == Benchmark1Energy::prisms_pf_postprocessing)
      return prisms_pf_postprocessed_free_energy(field, n, grid.dx, variant, spec);
    return stepper.free_energy(
        field, [&spec](std::size_t, double v) { return benchmark1_chemical_density(spec, v); });
  };

  // Sampled at cell centres.
  std::vector<double> c(grid.size());
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      c[grid.index(i, 0, k)] = benchmark1_initial_condition(spec, (static_cast<double>(i) + 0.5) * grid.dx,
                                                            (static_cast<double>(k) + 0.5) * grid.dz);
  double mass0 = 0.0;
  for (double v : c) mass0 += v;

  std::vector<FreeEnergySample> samples;
  samples.push_back({0.0, energy(c.data())});
  AdaptiveStepper adaptive(stepper,
                           AdaptiveOptions{.dt_initial = std::min(options.dt_initial, options.dt_max),
                                           .dt_min = std::min(options.dt_min, options.dt_initial),
                                           .dt_max = options.dt_max,
                                           .tolerance = options.tolerance,
                                           .relative_tolerance = options.relative_tolerance,
                                           .extrapolate = options.extrapolate});
  double t = 0.0;
  long n_steps = 0;
  long k_out = 1;
  while (t < t_end) {
    const double t_out = std::min(t_end, static_cast<double>(k_out) * options.output_interval);
    if (options.adaptive) {
      adaptive.advance(c.data(), t, t_out, well);
    } else {
      while (t < t_out) {
        const double dt = std::min(options.dt, t_out - t);
        stepper.step(c.data(), dt, well);
        t = (dt >= t_out - t) ? t_out : t + dt;
        ++n_steps;
      }
    }
    samples.push_back({t, energy(c.data())});
    if (!std::isfinite(samples.back().free_energy))
      throw NumericalError("PFHub benchmark 1: free energy is not finite at t = " + std::to_string(t));
    ++k_out;
  }

  if (statistics != nullptr) {
    double mass = 0.0;
    for (double v : c) mass += v;
    statistics->n_steps = options.adaptive ? adaptive.n_accepted() : n_steps;
    statistics->n_rejected = adaptive.n_rejected();
    statistics->mass_drift = std::abs(mass - mass0) / mass0;
    statistics->wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return samples;
}

void write_benchmark1_csv(const std::filesystem::path& path, const std::vector<FreeEnergySample>& samples) {
  std::string text = "time,free_energy\n";
  char line[64];
  for (const FreeEnergySample& s : samples) {
    std::snprintf(line, sizeof line, "%.10g,%.10g\n", s.time, s.free_energy);
    text += line;
  }
  io::write_text_atomic(path, text);
}

double interpolate_free_energy(const std::vector<FreeEnergySample>& samples, double t) {
  if (samples.empty() || t < samples.front().time || t > samples.back().time)
    throw std::out_of_range("interpolate_free_energy: time outside the sampled range");
  for (std::size_t i = 1; i < samples.size(); ++i) {
    if (t <= samples[i].time) {
      const FreeEnergySample& a = samples[i - 1];
      const FreeEnergySample& b = samples[i];
      if (b.time == a.time) return b.free_energy;
      const double w = (t - a.time) / (b.time - a.time);
      return (1.0 - w) * a.free_energy + w * b.free_energy;
    }
  }
  return samples.back().free_energy;
}

}  // namespace voidsim::pfhub
