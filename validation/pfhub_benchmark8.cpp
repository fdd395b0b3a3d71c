#include "validation/pfhub_benchmark8.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/grid.hpp"
#include "core/ordered_sum.hpp"
#include "core/random.hpp"
#include "io/atomic_file.hpp"
#include "solvers/semi_implicit_steppers.hpp"
#include "solvers/spectral_transform.hpp"

namespace voidsim::pfhub {

namespace {

/// Point kernel of the benchmark's local free energy f = w g(phi) - Delta_f p(phi) (Wu et al. eq. 1):
/// f' = w g' - Delta_f p', g' = 2 phi (1 - phi)(1 - 2 phi), p' = 30 phi^2 (1 - phi)^2.
struct NucleationWell {
  double w, delta_f;
  [[nodiscard]] double dfdc(std::size_t, double phi) const {
    const double q = phi * (1.0 - phi);
    return 2.0 * w * q * (1.0 - 2.0 * phi) - 30.0 * delta_f * q * q;
  }
};

/// Equilibrium profile of a seed of radius r0 (the spec's initial condition, width sqrt(2 kappa/w)):
/// phi = (1 - tanh((r - r0) / sqrt(2 kappa / w))) / 2.
double seed_profile(double r, double r0, double width) { return 0.5 * (1.0 - std::tanh((r - r0) / width)); }

struct Domain {
  Grid grid;
  double side;
};

Domain make_domain(std::size_t n, double side) {
  if (n < 8) throw std::invalid_argument("PFHub benchmark 8: need at least 8 cells per side");
  if (!(side > 0.0)) throw std::invalid_argument("PFHub benchmark 8: domain side must be positive");
  Domain d;
  // 2D grid: the benchmark's y is the grid's z axis (storage row index); both periodic.
  d.grid.dimension = 2;
  d.grid.nx = d.grid.nz = n;
  d.grid.dx = d.grid.dz = side / static_cast<double>(n);
  d.side = side;
  return d;
}

/// Adds a seed centred at (x0, y0) with phi = min(phi + seed, 1) (as the reference
/// implementations do), using minimum-image distances on the periodic square.
void embed_seed(const Domain& d, double x0, double y0, double r0, double width, double* phi) {
  const std::size_t n = d.grid.nx;
  const double h = d.grid.dx, half = 0.5 * d.side;
  auto wrap = [&](double s) { return s - d.side * std::floor((s + half) / d.side); };
#pragma omp parallel for schedule(static)
  for (std::size_t k = 0; k < n; ++k) {
    const double dy = wrap((static_cast<double>(k) + 0.5) * h - y0);
    for (std::size_t i = 0; i < n; ++i) {
      const double dx = wrap((static_cast<double>(i) + 0.5) * h - x0);
      double& v = phi[k * n + i];
      v = std::min(v + seed_profile(std::hypot(dx, dy), r0, width), 1.0);
    }
  }
}

double mean(const double* phi, std::size_t size) {
  return ordered_sum(size, [phi](std::size_t i) { return phi[i]; }) / static_cast<double>(size);
}

double overshoot(const double* phi, std::size_t size) {
  double m = 0.0;
#pragma omp parallel for schedule(static) reduction(max : m)
  for (std::size_t i = 0; i < size; ++i) m = std::max(m, std::max(phi[i] - 1.0, -phi[i]));
  return m;
}

/// The time loop shared by the three parts. `nucleate(step, phi)` is called after every step
/// (8c) and returns the number of seeds it placed.
std::vector<Benchmark8Sample> run(const Domain& d, double delta_f, double t_end, std::size_t n_initial_seeds,
                                  const Benchmark8Options& options, const Benchmark8Spec& spec,
                                  AlignedBuffer& phi,
                                  const std::function<std::size_t(long, double*)>& nucleate,
                                  Benchmark8Statistics* statistics) {
  if (!(options.dt > 0.0) || !(options.output_interval > 0.0) || !(t_end >= 0.0))
    throw std::invalid_argument("PFHub benchmark 8: dt > 0, output_interval > 0 and t_end >= 0 required");
  const auto start = std::chrono::steady_clock::now();
  const SpectralTransform transform(
      d.grid, AxisBoundaries{Boundary::periodic, Boundary::periodic, Boundary::periodic});
  AllenCahnStepper stepper(transform, AllenCahnParameters{.kinetic_coefficient = spec.mobility,
                                                          .kappa = spec.kappa,
                                                          .stabilisation = options.stabilisation});
  const NucleationWell well{spec.w, delta_f};
  const std::size_t size = d.grid.size();
  const double area = d.side * d.side;
  // Fixed steps; outputs land on multiples of the step (t_end and the interval rounded to it).
  const long n_steps = std::lround(t_end / options.dt);
  const long per_output = std::max(1L, std::lround(options.output_interval / options.dt));
  std::size_t n_seeds = n_initial_seeds;
  double max_overshoot = overshoot(phi.data(), size);
  std::vector<Benchmark8Sample> samples;
  auto sample = [&](long s) {
    const double y = mean(phi.data(), size);
    if (!std::isfinite(y))
      throw NumericalError("PFHub benchmark 8: solid fraction is not finite at step " + std::to_string(s));
    samples.push_back(
        {static_cast<double>(s) * options.dt, y, std::sqrt(y * area / std::numbers::pi), n_seeds});
    max_overshoot = std::max(max_overshoot, overshoot(phi.data(), size));
  };
  sample(0);
  for (long s = 0; s < n_steps; ++s) {
    stepper.step(phi.data(), options.dt, well);
    if (nucleate) n_seeds += nucleate(s, phi.data());
    if ((s + 1) % per_output == 0 || s + 1 == n_steps) sample(s + 1);
  }
  if (statistics != nullptr) {
    statistics->n_steps = n_steps;
    statistics->side = d.side;
    statistics->critical_radius = critical_radius(spec, delta_f);
    statistics->front_velocity = interface_velocity(spec, delta_f);
    statistics->max_phi_overshoot = max_overshoot;
    statistics->wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return samples;
}

double profile_width(const Benchmark8Spec& spec) { return std::sqrt(2.0 * spec.kappa / spec.w); }

}  // namespace

double interfacial_energy(const Benchmark8Spec& spec) {
  return std::sqrt(spec.kappa * spec.w) / (3.0 * std::numbers::sqrt2);
}

double critical_radius(const Benchmark8Spec& spec, double delta_f) {
  return interfacial_energy(spec) / delta_f;
}

double interface_velocity(const Benchmark8Spec& spec, double delta_f) {
  return spec.mobility * spec.kappa * delta_f / interfacial_energy(spec);
}

double benchmark8c_rate(const Benchmark8Spec& spec) {
  return static_cast<double>(spec.n_seeds_8c) / (spec.side_8c * spec.side_8c * spec.t_end_8c);
}

double isolated_radius(double r0, double r_star, double velocity, double t) {
  if (!(r0 > r_star) || !(velocity > 0.0) || !(t >= 0.0))
    throw std::invalid_argument("isolated_radius: need r0 > r*, V > 0, t >= 0");
  // h(R) = R - r0 + r* ln((R - r*)/(r0 - r*)) - V t is increasing and concave, so Newton from R = r0
  // (h <= 0) increases monotonically to the root.
  double r = r0;
  for (int it = 0; it < 100; ++it) {
    const double h = r - r0 + r_star * std::log((r - r_star) / (r0 - r_star)) - velocity * t;
    const double step = -h * (r - r_star) / r;
    r += step;
    if (std::abs(step) <= 1e-13 * r) break;
  }
  return r;
}

std::vector<Benchmark8Sample> run_benchmark8a(double radius_factor, std::size_t n, double t_end,
                                              const Benchmark8Options& options,
                                              Benchmark8Statistics* statistics, const Benchmark8Spec& spec) {
  if (!(radius_factor > 0.0)) throw std::invalid_argument("run_benchmark8a: radius_factor must be positive");
  const Domain d = make_domain(n, options.side.value_or(spec.side_single));
  const double r0 = radius_factor * critical_radius(spec, spec.delta_f_single);
  AlignedBuffer phi(d.grid.size());
  std::fill(phi.data(), phi.data() + phi.size(), 0.0);
  embed_seed(d, 0.5 * d.side, 0.5 * d.side, r0, profile_width(spec), phi.data());
  auto samples = run(d, spec.delta_f_single, t_end, 1, options, spec, phi, {}, statistics);
  if (statistics != nullptr) statistics->seed_radius = r0;
  return samples;
}

std::vector<Benchmark8Sample> run_benchmark8b(std::size_t n_seeds, std::size_t n, double t_end,
                                              const Benchmark8Options& options,
                                              Benchmark8Statistics* statistics, const Benchmark8Spec& spec) {
  const Domain d = make_domain(n, options.side.value_or(spec.side_8b));
  const double r0 = spec.seed_radius_factor * critical_radius(spec, spec.delta_f_multi);
  const CounterRandom random(options.seed, RandomStream::nucleation);
  AlignedBuffer phi(d.grid.size());
  std::fill(phi.data(), phi.data() + phi.size(), 0.0);
  for (std::size_t m = 0; m < n_seeds; ++m)
    embed_seed(d, random.uniform(m, 0, 2) * d.side, random.uniform(m, 0, 3) * d.side, r0, profile_width(spec),
               phi.data());
  auto samples = run(d, spec.delta_f_multi, t_end, n_seeds, options, spec, phi, {}, statistics);
  if (statistics != nullptr) {
    statistics->seed_radius = r0;
    statistics->seed_density = static_cast<double>(n_seeds) / (d.side * d.side);
  }
  return samples;
}

std::vector<Benchmark8Sample> run_benchmark8c(double rate, std::size_t n, double t_end,
                                              const Benchmark8Options& options,
                                              Benchmark8Statistics* statistics, const Benchmark8Spec& spec) {
  if (!(rate >= 0.0)) throw std::invalid_argument("run_benchmark8c: rate must be >= 0");
  const Domain d = make_domain(n, options.side.value_or(spec.side_8c));
  const double r0 = spec.seed_radius_factor * critical_radius(spec, spec.delta_f_multi);
  const double width = profile_width(spec);
  const CounterRandom random(options.seed, RandomStream::nucleation);
  const double expected_per_step = rate * d.side * d.side * options.dt;
  AlignedBuffer phi(d.grid.size());
  std::fill(phi.data(), phi.data() + phi.size(), 0.0);
  auto nucleate = [&](long step, double* field) -> std::size_t {
    const auto s = static_cast<std::uint64_t>(step);
    const std::uint32_t count = random.poisson(expected_per_step, 0, s);
    for (std::uint32_t m = 0; m < count; ++m)
      embed_seed(d, random.uniform(m, s, 2) * d.side, random.uniform(m, s, 3) * d.side, r0, width, field);
    return count;
  };
  auto samples = run(d, spec.delta_f_multi, t_end, 0, options, spec, phi, nucleate, statistics);
  if (statistics != nullptr) {
    statistics->seed_radius = r0;
    statistics->nucleation_rate = rate;
  }
  return samples;
}

void write_benchmark8_csv(const std::filesystem::path& path, const std::vector<Benchmark8Sample>& samples) {
  std::string text = "time,solid_fraction,radius,n_seeds\n";
  char line[96];
  for (const Benchmark8Sample& s : samples) {
    std::snprintf(line, sizeof line, "%.10g,%.10g,%.10g,%zu\n", s.time, s.solid_fraction, s.radius,
                  s.n_seeds);
    text += line;
  }
  io::write_text_atomic(path, text);
}

namespace {

/// Linear least squares of ln(-ln(1 - Y)) on ln(t - t0) for one t0 (n fixed if given).
AvramiFit fit_avrami_at(const std::vector<Benchmark8Sample>& samples, double y_min, double y_max, double t0,
                        const std::optional<double>& exponent) {
  std::vector<double> xs, ys;
  for (const Benchmark8Sample& s : samples) {
    if (!(s.time - t0 > 0.0) || s.solid_fraction < y_min || s.solid_fraction > y_max ||
        !(s.solid_fraction < 1.0))
      continue;
    xs.push_back(std::log(s.time - t0));
    ys.push_back(std::log(-std::log(1.0 - s.solid_fraction)));
  }
  const std::size_t m = xs.size();
  if (m < 3) throw std::invalid_argument("fit_avrami: fewer than 3 samples in the fitting window");
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    sx += xs[i];
    sy += ys[i];
    sxx += xs[i] * xs[i];
    sxy += xs[i] * ys[i];
  }
  const double mm = static_cast<double>(m);
  const double n = exponent ? *exponent : (mm * sxy - sx * sy) / (mm * sxx - sx * sx);
  const double ln_k = (sy - n * sx) / mm;
  double r2 = 0.0;
  for (std::size_t i = 0; i < m; ++i) r2 += std::pow(ys[i] - ln_k - n * xs[i], 2);
  return AvramiFit{n, std::exp(ln_k), t0, std::sqrt(r2 / mm), m};
}

}  // namespace

AvramiFit fit_avrami(const std::vector<Benchmark8Sample>& samples, double y_min, double y_max,
                     const AvramiFitOptions& options) {
  if (!options.fit_time_origin) return fit_avrami_at(samples, y_min, y_max, 0.0, options.exponent);
  // t0 ranges over (-t_last, t_first) with t_first the first time in the window: a coarse scan
  // then golden-section refinement of the residual (smooth and unimodal in practice).
  double t_first = 0.0, t_last = 0.0;
  bool any = false;
  for (const Benchmark8Sample& s : samples)
    if (s.solid_fraction >= y_min && s.solid_fraction <= y_max && s.solid_fraction < 1.0) {
      if (!any) t_first = s.time;
      t_last = s.time;
      any = true;
    }
  if (!any) throw std::invalid_argument("fit_avrami: no samples in the fitting window");
  auto residual = [&](double t0) {
    return fit_avrami_at(samples, y_min, y_max, t0, options.exponent).rms_residual;
  };
  const double lo0 = -t_last, hi0 = t_first - 1e-6 * std::max(1.0, t_last);
  const int n_scan = 200;
  double best = lo0, best_r = residual(lo0);
  for (int i = 1; i <= n_scan; ++i) {
    const double t0 = lo0 + (hi0 - lo0) * i / n_scan;
    const double r = residual(t0);
    if (r < best_r) best_r = r, best = t0;
  }
  const double cell = (hi0 - lo0) / n_scan;
  double a = std::max(lo0, best - cell), b = std::min(hi0, best + cell);
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  for (int it = 0; it < 60; ++it) {
    const double c = b - g * (b - a), d = a + g * (b - a);
    if (residual(c) < residual(d))
      b = d;
    else
      a = c;
  }
  return fit_avrami_at(samples, y_min, y_max, 0.5 * (a + b), options.exponent);
}

double jmak_site_saturation(double seed_density, double r0, double r_star, double velocity, double t) {
  const double r = isolated_radius(r0, r_star, velocity, t);
  return 1.0 - std::exp(-seed_density * std::numbers::pi * r * r);
}

double jmak_constant_rate(double rate, double r0, double r_star, double velocity, double t) {
  // X(t) = J pi int_0^t R(tau)^2 dtau (a nucleus born at t' has age tau = t - t'), composite Simpson.
  if (t <= 0.0) return 0.0;
  const int n = 400;
  const double h = t / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double r = isolated_radius(r0, r_star, velocity, i * h);
    const double weight = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
    sum += weight * r * r;
  }
  return 1.0 - std::exp(-rate * std::numbers::pi * sum * h / 3.0);
}

}  // namespace voidsim::pfhub
