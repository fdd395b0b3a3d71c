// Tests of validation/pfhub_benchmark8.cpp: reduced PFHub benchmark 8 (homogeneous nucleation) runs
// through the project's AllenCahnStepper. Reductions against the full benchmark (docs/pfhub-benchmark8.md):
// 8a on a 40 x 40 periodic square (full: 100 x 100; the seed's tanh tail at its periodic image is
// ~e^-40, and R(150) of the 1.01 r* seed is identical to 6 digits on 100 x 100) with dx = 1 (full
// reference codes: dx = 0.4); 8b/8c on 256 x 256 with dx = 1 and a higher seed density / rate so
// that the transformation completes by t = 60 (full: 500^2 to t = 200 and 1000^2 to t = 600).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "validation/pfhub_benchmark8.hpp"

using namespace voidsim::pfhub;

namespace {

Benchmark8Options reduced(double side) {
  Benchmark8Options o;
  o.dt = 0.1;
  o.side = side;
  return o;
}

// Largest |Y - Y_JMAK| over the samples.
template <class Jmak>
double max_jmak_deviation(const std::vector<Benchmark8Sample>& samples, const Jmak& jmak) {
  double dev = 0.0;
  for (const Benchmark8Sample& s : samples) dev = std::max(dev, std::abs(s.solid_fraction - jmak(s.time)));
  return dev;
}

}  // namespace

TEST_CASE("critical radius, interfacial energy and front velocity of the published parameters") {
  const Benchmark8Spec spec;
  CHECK(interfacial_energy(spec) == doctest::Approx(std::numbers::sqrt2 / 6.0).epsilon(1e-14));
  CHECK(critical_radius(spec, spec.delta_f_single) == doctest::Approx(5.0).epsilon(1e-14));
  CHECK(critical_radius(spec, spec.delta_f_multi) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(interface_velocity(spec, spec.delta_f_multi) == doctest::Approx(1.0).epsilon(1e-14));
  // The isolated-seed growth law satisfies its implicit solution (Newton to 1e-13).
  const double r = isolated_radius(2.2, 1.0, 1.0, 10.0);
  CHECK(r - 2.2 + std::log((r - 1.0) / 1.2) == doctest::Approx(10.0).epsilon(1e-10));
}

TEST_CASE("8a: a 0.99 r* seed vanishes and a 1.01 r* seed grows (dx = 1)") {
  // Why these criteria: r* is an unstable equilibrium; |r0 - r*| = 0.05 grows like e^{t V r*/r*^2}
  // (e-folding 25 time units), so by the spec's t = 100 the sub-critical seed must have collapsed
  // (measured: solid fraction 4e-13) and the super-critical one grown by > 1 (measured R 5.21 -> 6.53).
  // Resolution: dx = 1 and 1.25 discriminate; dx = 1.5 grows both seeds, dx = 2 shrinks both and
  // dx >= 1.67 pins both (docs/pfhub-benchmark8.md), so this test fails if the interface is under-resolved.
  Benchmark8Statistics stats;
  const auto sub = run_benchmark8a(0.99, 40, 100.0, reduced(40.0), &stats);
  const auto super = run_benchmark8a(1.01, 40, 100.0, reduced(40.0));
  MESSAGE("8a: R(0) " << sub.front().radius << " -> " << sub.back().radius << " (0.99 r*), "
                      << super.front().radius << " -> " << super.back().radius << " (1.01 r*), wall "
                      << stats.wall_seconds << " s");
  CHECK(sub.back().solid_fraction < 1e-6);
  CHECK(super.back().radius > super.front().radius + 1.0);
  // Monotonic after the first 10 time units: the tanh seed first relaxes towards the diffuse
  // critical-nucleus profile (both solid fractions drop by ~1 % while it does).
  for (std::size_t i = 11; i < sub.size(); ++i) {
    CHECK(sub[i].solid_fraction <= sub[i - 1].solid_fraction);
    CHECK(super[i].solid_fraction >= super[i - 1].solid_fraction);
  }
  CHECK(stats.max_phi_overshoot < 1e-3);  // the semi-implicit step keeps phi in [0, 1] to 1e-3
}

TEST_CASE("8b: site saturation follows JMAK with n = 2 in 2D") {
  // 65 seeds on 256^2 (density 1e-3, JMAK impingement radius 1/sqrt(pi rho) = 18 >> r0 = 2.2).
  Benchmark8Statistics stats;
  const auto samples = run_benchmark8b(65, 256, 60.0, reduced(256.0), &stats);
  // Modified Avrami plot (fitted time origin) on Y in [0.3, 0.95]: seeds start at r0 with the slow
  // curvature-limited growth V (1 - r*/R), which an origin-free fit would read as n ~ 1.7 (measured).
  const AvramiFit fit = fit_avrami(samples, 0.3, 0.95, {.fit_time_origin = true, .exponent = std::nullopt});
  const AvramiFit fixed = fit_avrami(samples, 0.3, 0.95, {.fit_time_origin = true, .exponent = 2.0});
  // Site saturation: K = pi rho V^2, so the fitted K gives the front velocity.
  const double v_fit = std::sqrt(fixed.rate_constant / (std::numbers::pi * stats.seed_density));
  const double dev = max_jmak_deviation(samples, [&](double t) {
    return jmak_site_saturation(stats.seed_density, stats.seed_radius, stats.critical_radius,
                                stats.front_velocity, t);
  });
  MESSAGE("8b: n " << fit.exponent << " (t0 " << fit.time_origin << "), V from K " << v_fit
                   << " (sharp-interface " << stats.front_velocity << "), max|Y - JMAK| " << dev << ", wall "
                   << stats.wall_seconds << " s");
  // Tolerance 0.3: measured 2.17; the residual excess comes from the curvature-limited early growth
  // and 65 seeds' spatial noise. A 2D constant-rate process (n = 3) or 1D growth (n = 1) fails it.
  CHECK(std::abs(fit.exponent - 2.0) < 0.3);
  // 15 %: measured 0.90 V. The diffuse front at Delta_f/w = 0.24 is slower than the small-Delta_f
  // sharp-interface V (an isolated seed: 0.88 V at dt = 0.1, 0.92 V at dt = 0.025; docs).
  CHECK(std::abs(v_fit / stats.front_velocity - 1.0) < 0.15);
  CHECK(dev < 0.1);  // measured 0.070 against the parameter-free JMAK curve
  CHECK(samples.back().solid_fraction > 0.999);
}

TEST_CASE("8c: constant-rate nucleation follows JMAK with n = 3 in 2D") {
  // J = 1.4e-5 per area and time on 256^2: ~55 nuclei by t = 60 (Poisson, stream nucleation).
  const double rate = 1.4e-5;
  Benchmark8Statistics stats;
  const auto samples = run_benchmark8c(rate, 256, 60.0, reduced(256.0), &stats);
  // Classical Avrami plot: here the nuclei are born throughout, so the late ones dominate the early
  // curve less than the initial seeds of 8b and the origin-free fit is already near n = d + 1 = 3.
  const AvramiFit fit = fit_avrami(samples, 0.05, 0.95);
  const AvramiFit fixed = fit_avrami(samples, 0.3, 0.95, {.fit_time_origin = true, .exponent = 3.0});
  const double v_fit = std::sqrt(3.0 * fixed.rate_constant / (std::numbers::pi * rate));  // K = pi J V^2 / 3
  const double dev = max_jmak_deviation(samples, [&](double t) {
    return jmak_constant_rate(rate, stats.seed_radius, stats.critical_radius, stats.front_velocity, t);
  });
  MESSAGE("8c: n " << fit.exponent << ", V from K " << v_fit << ", nuclei " << samples.back().n_seeds
                   << ", max|Y - JMAK| " << dev << ", wall " << stats.wall_seconds << " s");
  CHECK(std::abs(fit.exponent - 3.0) < 0.35);  // measured 2.83; site saturation (n = 2) fails it
  CHECK(std::abs(v_fit / stats.front_velocity - 1.0) < 0.15);  // measured 0.90 V (see 8b)
  CHECK(dev < 0.1);                                            // measured 0.073
  CHECK(samples.back().n_seeds > 30);                          // J A t = 55 expected
}
