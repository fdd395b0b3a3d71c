#pragma once
// PFHub benchmark 8 (homogeneous nucleation, CHiMaD/NIST; Wu et al., "Phase field benchmark problems
// for nucleation", Comput. Mater. Sci. 193 (2021) 110371, with the later changes of Mancias et al.,
// Integr. Mater. Manuf. Innov. 11 (2022) 610; https://pages.nist.gov/pfhub/benchmarks/benchmark8.ipynb/),
// MODEL.md section 5. Dimensionless Allen-Cahn model of a pure substance, liquid phi = 0, solid 1:
//   F = int [ kappa/2 |grad phi|^2 + w g(phi) - Delta_f p(phi) ] dA,
//   g = phi^2 (1 - phi)^2,  p = phi^3 (10 - 15 phi + 6 phi^2),
//   dphi/dt = -M dF/dphi = M [ kappa lap phi - w g'(phi) + Delta_f p'(phi) ],
// in 2D, run through the same AllenCahnStepper the continuum engine uses. Parts (the brief's names):
//   8a  one seed at t = 0 of radius r0 = {0.99, 1.01} r* (also 1.0, 1.1, 2.2 r* in the spec),
//   8b  site saturation: N seeds of radius 2.2 r* at random positions at t = 0,
//   8c  continuous nucleation: seeds of radius 2.2 r* appear at random places and times.
// Parts 8b and 8c are compared with the Kolmogorov-Johnson-Mehl-Avrami (JMAK) theory.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <optional>
#include <vector>

namespace voidsim::pfhub {

/// The benchmark's parameters (dimensionless, as published). Values from the PFHub page and the two
/// public reference implementations (T. Keller's MMSP code and J. Mancias's Julia code, which give
/// the same numbers for part I and the revised numbers below for parts II/III).
struct Benchmark8Spec {
  double w = 1.0;         // double-well height
  double kappa = 1.0;     // gradient coefficient (epsilon^2 in the paper)
  double mobility = 1.0;  // M
  // Part I (8a): Delta_f = sqrt(2)/30 gives r* = 5; 100 x 100 domain, to t = 100.
  double delta_f_single = std::numbers::sqrt2 / 30.0;
  double side_single = 100.0;
  double t_end_single = 100.0;
  // Parts II/III (8b, 8c): Delta_f = sqrt(2)/6 gives r* = 1; seeds of radius 2.2 r*.
  double delta_f_multi = std::numbers::sqrt2 / 6.0;
  double seed_radius_factor = 2.2;
  // 8b: 25 seeds in a 500 x 500 domain at t = 0, to t = 200.
  std::size_t n_seeds_8b = 25;
  double side_8b = 500.0;
  double t_end_8b = 200.0;
  // 8c: 100 seeds at uniformly random times in [0, 600] in a 1000 x 1000 domain, to t = 600, i.e.
  // a constant rate J = 100 / (1000^2 * 600) per unit area and time (see benchmark8c_rate()).
  std::size_t n_seeds_8c = 100;
  double side_8c = 1000.0;
  double t_end_8c = 600.0;
};

// ---- analytic properties of the model ----------------------------------------------------------

/// Interfacial energy of the flat equilibrium interface, gamma = int kappa phi'^2 dx
/// = sqrt(2 kappa w) int_0^1 phi (1 - phi) dphi = sqrt(kappa w) / (3 sqrt 2).
[[nodiscard]] double interfacial_energy(const Benchmark8Spec& spec);
/// 2D critical radius r* = gamma / Delta_f (dDeltaG/dr = 0 for DeltaG = 2 pi r gamma - pi r^2 Delta_f).
[[nodiscard]] double critical_radius(const Benchmark8Spec& spec, double delta_f);
/// Sharp-interface velocity of a flat front, V = M kappa Delta_f / gamma (the driving force
/// Delta_f [p(1) - p(0)] balanced by the dissipation M^-1 int phi'^2 dx = gamma / (M kappa)).
/// A circle of radius R moves at V (1 - r*/R).
[[nodiscard]] double interface_velocity(const Benchmark8Spec& spec, double delta_f);
/// The rate of 8c: spec.n_seeds_8c / (side_8c^2 t_end_8c) per unit area and time.
[[nodiscard]] double benchmark8c_rate(const Benchmark8Spec& spec);
/// Radius at time t of an isolated circle that starts at r0 and obeys dR/dt = V (1 - r*/R)
/// (implicit solution t = [R - r0 + r* ln((R - r*)/(r0 - r*))] / V, inverted by Newton); r0 > r*.
[[nodiscard]] double isolated_radius(double r0, double r_star, double velocity, double t);

// ---- runs --------------------------------------------------------------------------------------

struct Benchmark8Options {
  double dt = 0.05;              // fixed step (see docs/pfhub-benchmark8.md for the dt study)
  double output_interval = 1.0;  // samples at 0, every interval and at t_end
  // Implicit Allen-Cahn stabiliser S (units of f''). 0 keeps the interface kinetics undamped: the
  // stabilised step slows every mode by 1 / (1 + dt M S), i.e. the front velocity by that factor.
  // dt M max|f''| = dt * 2.4 < 2 keeps the explicit f' stable without it.
  double stabilisation = 0.0;
  std::optional<double> side;  // domain side; default: the spec's value for the part
  std::uint64_t seed = 1;      // CounterRandom seed (stream RandomStream::nucleation)
};

struct Benchmark8Sample {
  double time;
  double solid_fraction;  // domain mean of phi (as in the reference implementations)
  double radius;          // sqrt(solid area / pi): the seed radius in 8a
  std::size_t n_seeds;    // seeds placed so far (8b, 8c)
};

struct Benchmark8Statistics {
  long n_steps = 0;
  double wall_seconds = 0.0;
  double side = 0.0;               // the domain side used
  double seed_density = 0.0;       // 8b: seeds per unit area
  double nucleation_rate = 0.0;    // 8c: J per unit area and time
  double seed_radius = 0.0;        // r0
  double critical_radius = 0.0;    // r*
  double front_velocity = 0.0;     // V
  double max_phi_overshoot = 0.0;  // max(phi - 1, -phi) seen at the samples
};

/// 8a: one seed of radius radius_factor * r* in the centre of an n x n periodic grid.
[[nodiscard]] std::vector<Benchmark8Sample> run_benchmark8a(double radius_factor,
                                                            std::size_t n_cells_per_side, double t_end,
                                                            const Benchmark8Options& options = {},
                                                            Benchmark8Statistics* statistics = nullptr,
                                                            const Benchmark8Spec& spec = {});

/// 8b: n_seeds seeds of radius 2.2 r* at t = 0 at uniform random positions. Keying of the draws:
/// CounterRandom(options.seed, RandomStream::nucleation).uniform(site = seed number, step = 0,
/// slot = 2 for x, 3 for y).
[[nodiscard]] std::vector<Benchmark8Sample> run_benchmark8b(std::size_t n_seeds, std::size_t n_cells_per_side,
                                                            double t_end,
                                                            const Benchmark8Options& options = {},
                                                            Benchmark8Statistics* statistics = nullptr,
                                                            const Benchmark8Spec& spec = {});

/// 8c: seeds of radius 2.2 r* appear as a Poisson process of `rate` per unit area and time: in step
/// s (time s dt .. (s+1) dt) poisson(rate * area * dt, site = 0, step = s) seeds are placed at the
/// end of the step, seed m at (uniform(site = m, step = s, slot = 2), uniform(m, s, 3)) * side.
/// Seeds falling into solid are kept as JMAK's phantom nuclei (phi = min(phi + seed, 1) changes
/// nothing there).
[[nodiscard]] std::vector<Benchmark8Sample> run_benchmark8c(double rate, std::size_t n_cells_per_side,
                                                            double t_end,
                                                            const Benchmark8Options& options = {},
                                                            Benchmark8Statistics* statistics = nullptr,
                                                            const Benchmark8Spec& spec = {});

/// Writes "time,solid_fraction,radius,n_seeds", one sample per line (atomic write).
void write_benchmark8_csv(const std::filesystem::path& path, const std::vector<Benchmark8Sample>& samples);

// ---- JMAK --------------------------------------------------------------------------------------

/// JMAK (Avrami) fit Y = 1 - exp(-K (t - t0)^n): least squares of ln(-ln(1 - Y)) on ln(t - t0)
/// over the samples with y_min <= Y <= y_max. t0 = 0 (the classical Avrami plot) or fitted (the
/// "modified Avrami plot" with a time origin: seeds that start at a finite radius r0 grow like
/// V (t - t0) with t0 < 0, which biases the classical fit's n low). exponent fixes n (then only K
/// and t0 are fitted).
struct AvramiFitOptions {
  bool fit_time_origin = false;
  std::optional<double> exponent;
};
struct AvramiFit {
  double exponent = 0.0;       // n
  double rate_constant = 0.0;  // K
  double time_origin = 0.0;    // t0
  double rms_residual = 0.0;   // of ln(-ln(1 - Y))
  std::size_t n_points = 0;
};
[[nodiscard]] AvramiFit fit_avrami(const std::vector<Benchmark8Sample>& samples, double y_min, double y_max,
                                   const AvramiFitOptions& options = {});

/// JMAK prediction with the isolated-particle growth law (isolated_radius): extended area fraction
///   site saturation (8b):  X(t) = rho pi R(t)^2,
///   constant rate J (8c):  X(t) = J pi int_0^t R(t - t')^2 dt'   (-> pi J V^2 t^3 / 3, n = 3),
/// and Y = 1 - exp(-X). In 2D with constant V: n = 2 (site saturation) and n = d + 1 = 3 (constant J).
[[nodiscard]] double jmak_site_saturation(double seed_density, double r0, double r_star, double velocity,
                                          double t);
[[nodiscard]] double jmak_constant_rate(double rate, double r0, double r_star, double velocity, double t);

}  // namespace voidsim::pfhub
