// Tests of solvers/spectral_transform.cpp: round trips, exact Laplacian symbols, Parseval.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "solvers/spectral_transform.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;

namespace {

Grid make_grid(int dim, std::size_t nx, std::size_t ny, std::size_t nz, double d = 0.5) {
  Grid g;
  g.dimension = dim;
  g.nx = nx, g.ny = dim == 3 ? ny : 1, g.nz = nz;
  g.dx = d, g.dy = 0.75 * d, g.dz = 1.25 * d;
  return g;
}

double max_abs(const AlignedBuffer& a) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i]));
  return m;
}

// Round trip of a pseudo-random field: backward(forward(u)) == u to round-off.
void check_round_trip(const Grid& g, AxisBoundaries b) {
  const SpectralTransform t(g, b);
  AlignedBuffer u(g.size()), hat(t.spectral_size()), back(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) u[i] = std::sin(0.37 * static_cast<double>(i * i % 101)) + 0.1;
  t.forward(u.data(), hat.data());
  t.backward(hat.data(), back.data());
  double err = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i) err = std::max(err, std::abs(back[i] - u[i]));
  // Round-off of O(log N) butterfly levels on O(1) values.
  CHECK(err <= voidsim::testing::round_off * max_abs(u));
}

}  // namespace

TEST_CASE("round trip 2D periodic, no-flux and mixed") {
  check_round_trip(make_grid(2, 24, 1, 18), {Boundary::periodic, Boundary::periodic, Boundary::periodic});
  check_round_trip(make_grid(2, 24, 1, 18), {Boundary::no_flux, Boundary::periodic, Boundary::no_flux});
  check_round_trip(make_grid(2, 25, 1, 17), {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
}

TEST_CASE("round trip 3D periodic, no-flux and mixed") {
  check_round_trip(make_grid(3, 12, 10, 8), {Boundary::periodic, Boundary::periodic, Boundary::periodic});
  check_round_trip(make_grid(3, 12, 10, 8), {Boundary::no_flux, Boundary::no_flux, Boundary::no_flux});
  check_round_trip(make_grid(3, 11, 10, 9), {Boundary::periodic, Boundary::no_flux, Boundary::no_flux});
}

TEST_CASE("padded spectral layout: rows of 512 bytes get one cache line more") {
  // 64 doubles per row (2D) and 16 x 4 per plane (3D) are multiples of 512 bytes: the spectral
  // array is padded, and round trips, Parseval sums and gradient norms must not see the padding.
  const Grid g2 = make_grid(2, 64, 1, 12);
  const SpectralTransform t2(g2, {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
  CHECK(t2.spectral_size() == 12 * 72);
  check_round_trip(g2, {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
  const Grid g3 = make_grid(3, 16, 4, 6);
  const SpectralTransform t3(g3, {Boundary::periodic, Boundary::no_flux, Boundary::no_flux});
  CHECK(t3.spectral_size() == 6 * (16 * 4 + 8));
  check_round_trip(g3, {Boundary::periodic, Boundary::no_flux, Boundary::no_flux});
  check_round_trip(make_grid(3, 64, 8, 4), {Boundary::no_flux, Boundary::periodic, Boundary::no_flux});
  // Parseval over the padded array: the padding slots have weight 0 whatever they hold.
  AlignedBuffer u(g2.size()), hat(t2.spectral_size());
  for (std::size_t i = 0; i < hat.size(); ++i) hat[i] = 1e3;  // stale values in the padding
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < g2.size(); ++i) {
    u[i] = std::cos(0.21 * static_cast<double>(i % 97)) + 0.05 * static_cast<double>(i % 7);
    sum_sq += u[i] * u[i];
  }
  t2.forward(u.data(), hat.data());
  double parseval = 0.0;
  for (std::size_t m = 0; m < t2.spectral_size(); ++m) parseval += t2.parseval_weight()[m] * hat[m] * hat[m];
  CHECK(parseval == doctest::Approx(sum_sq).epsilon(1e-13));
}

TEST_CASE("spectral Laplacian of a cosine/sine mode is exact") {
  // u = sin(2 pi 3 x / Lx) cos(2 pi 2 y / Ly) cos(pi 5 z / Lz): x, y periodic, z no-flux (cell
  // centres). -k^2 from the transform's table must reproduce lap u = -(kx^2+ky^2+kz^2) u.
  const Grid g = make_grid(3, 16, 12, 10);
  const SpectralTransform t(g, {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
  const double pi = std::numbers::pi;
  const double kx = 2 * pi * 3 / (16 * g.dx), ky = 2 * pi * 2 / (12 * g.dy), kz = pi * 5 / (10 * g.dz);
  AlignedBuffer u(g.size()), hat(t.spectral_size()), lap(g.size());
  for (std::size_t k = 0; k < g.nz; ++k)
    for (std::size_t j = 0; j < g.ny; ++j)
      for (std::size_t i = 0; i < g.nx; ++i)
        u[g.index(i, j, k)] =
            std::sin(kx * i * g.dx) * std::cos(ky * j * g.dy) * std::cos(kz * (k + 0.5) * g.dz);
  t.forward(u.data(), hat.data());
  for (std::size_t m = 0; m < t.spectral_size(); ++m) hat[m] *= -t.k_squared()[m];
  t.backward(hat.data(), lap.data());
  const double k2 = kx * kx + ky * ky + kz * kz;
  double err = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i) err = std::max(err, std::abs(lap[i] + k2 * u[i]));
  CHECK(err <= 1e-12 * k2);  // round-off relative to the largest value of lap u

  // The finite-volume symbol of the same mode: sum (4/d^2) sin^2(theta/2), theta = k d.
  const double k2fd = 4 / (g.dx * g.dx) * std::pow(std::sin(kx * g.dx / 2), 2) +
                      4 / (g.dy * g.dy) * std::pow(std::sin(ky * g.dy / 2), 2) +
                      4 / (g.dz * g.dz) * std::pow(std::sin(kz * g.dz / 2), 2);
  t.forward(u.data(), hat.data());
  double found = -1.0, found_fd = -1.0;
  for (std::size_t m = 0; m < t.spectral_size(); ++m)
    if (std::abs(hat[m]) > 1e-6 * max_abs(hat)) found = t.k_squared()[m], found_fd = t.k_squared_fd()[m];
  CHECK(found == doctest::Approx(k2).epsilon(1e-13));
  CHECK(found_fd == doctest::Approx(k2fd).epsilon(1e-13));
}

TEST_CASE("Parseval weights and spectral gradient norm") {
  const Grid g = make_grid(2, 32, 1, 20);
  const SpectralTransform t(g, {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
  const double pi = std::numbers::pi;
  const double lx = 32 * g.dx, lz = 20 * g.dz;
  const double kx = 2 * pi * 2 / lx, kz = pi * 3 / lz;
  AlignedBuffer u(g.size()), hat(t.spectral_size());
  double sum_sq = 0.0;
  for (std::size_t k = 0; k < g.nz; ++k)
    for (std::size_t i = 0; i < g.nx; ++i) {
      const double v = 0.3 + std::cos(kx * i * g.dx) * std::cos(kz * (k + 0.5) * g.dz);
      u[g.index(i, 0, k)] = v;
      sum_sq += v * v;
    }
  t.forward(u.data(), hat.data());
  double parseval = 0.0;
  for (std::size_t m = 0; m < t.spectral_size(); ++m) parseval += t.parseval_weight()[m] * hat[m] * hat[m];
  CHECK(parseval == doctest::Approx(sum_sq).epsilon(1e-13));
  // int |grad u|^2 = (kx^2 + kz^2) * lx * lz / 4 for the product mode (the constant has no gradient).
  CHECK(t.gradient_norm_squared(hat.data()) ==
        doctest::Approx((kx * kx + kz * kz) * lx * lz / 4).epsilon(1e-12));
}

TEST_CASE("finite-volume gradient norm is the sum of squared face differences") {
  // Mixed axes (periodic x: the wrap-around face counts; no-flux z: wall faces carry nothing), a
  // pseudo-random field, anisotropic spacing.
  const Grid g = make_grid(2, 12, 1, 10);
  const SpectralTransform t(g, {Boundary::periodic, Boundary::periodic, Boundary::no_flux});
  AlignedBuffer u(g.size()), hat(t.spectral_size());
  for (std::size_t i = 0; i < g.size(); ++i) u[i] = std::sin(0.37 * static_cast<double>(i * i % 101));
  double faces = 0.0;
  for (std::size_t k = 0; k < g.nz; ++k) {
    for (std::size_t i = 0; i < g.nx; ++i) {
      const double gx = (u[g.index((i + 1) % g.nx, 0, k)] - u[g.index(i, 0, k)]) / g.dx;
      faces += gx * gx;
      if (k + 1 < g.nz) {
        const double gz = (u[g.index(i, 0, k + 1)] - u[g.index(i, 0, k)]) / g.dz;
        faces += gz * gz;
      }
    }
  }
  t.forward(u.data(), hat.data());
  CHECK(t.gradient_norm_squared_fd(hat.data()) == doctest::Approx(faces * g.cell_volume()).epsilon(1e-12));
}

TEST_CASE("misaligned arrays are refused") {
  const Grid g = make_grid(2, 8, 1, 8);
  const SpectralTransform t(g, {});
  AlignedBuffer u(g.size() + 1), hat(t.spectral_size());
  CHECK_THROWS_AS(t.forward(u.data() + 1, hat.data()), std::invalid_argument);
}
