#pragma once
// Second-order finite-volume flux divergence div(a grad u) on a cell-centred Grid, with periodic
// or zero-flux faces per axis: the explicit half of the stabilised semi-implicit steppers.
//
// Why finite volumes in real space for the variable-coefficient terms, and not spectral
// derivatives: on a no-flux axis the gradient of a cosine series is a sine series, so a spectral
// div(a grad u) costs 2 d + 2 transforms (RODFT/REDFT pairs per axis) instead of one, and its
// product a * grad u aliases. A face flux a_f (u_+ - u_-) / d telescopes: the total of every
// conserved field changes only by what crosses the domain boundary, to round-off, whatever a is;
// zero-flux faces are imposed exactly at the face; and a prescribed boundary flux is simply the
// face flux of the first cell row. The price is second-order spatial accuracy in those terms; the
// implicit stabiliser then uses the same finite-volume symbol (SpectralTransform::k_squared_fd) so
// the two halves are consistent and a constant coefficient reduces to backward Euler exactly.
#include <cstddef>

#include "core/grid.hpp"
#include "solvers/spectral_transform.hpp"

namespace voidsim::fv {

/// Grid sizes, strides and boundary kinds in the form the point kernels read.
struct StencilGeometry {
  std::size_t n[3];       // cells per axis: x, y, z
  std::size_t stride[3];  // index stride per axis
  double inv_d2[3];       // 1 / d^2 per axis
  bool periodic[3];
  std::size_t n_rows;  // nz * ny (rows of contiguous x)

  StencilGeometry(const Grid& grid, const AxisBoundaries& b)
      : n{grid.nx, grid.dimension == 3 ? grid.ny : 1, grid.nz},
        stride{1, grid.nx, grid.nx * (grid.dimension == 3 ? grid.ny : 1)},
        inv_d2{1.0 / (grid.dx * grid.dx), 1.0 / (grid.dy * grid.dy), 1.0 / (grid.dz * grid.dz)},
        periodic{b.x == Boundary::periodic, b.y == Boundary::periodic, b.z == Boundary::periodic},
        n_rows(grid.nz * (grid.dimension == 3 ? grid.ny : 1)) {}
};

/// Point kernel: div(a grad u) at cell `idx` with per-axis position pos[axis]. Face coefficient:
/// arithmetic mean of the two cells (kUnitCoefficient: a = 1, the plain Laplacian).
template <bool kUnitCoefficient>
inline double flux_divergence_at(const StencilGeometry& g, const double* a, const double* u, std::size_t idx,
                                 const std::size_t pos[3]) {
  const double uc = u[idx];
  const double ac = kUnitCoefficient ? 1.0 : a[idx];
  double sum = 0.0;
  for (int axis = 0; axis < 3; ++axis) {
    const std::size_t n = g.n[axis];
    if (n == 1) continue;
    const std::size_t s = g.stride[axis];
    const std::size_t p = pos[axis];
    double term = 0.0;
    // Upper face.
    if (p + 1 < n || g.periodic[axis]) {
      const std::size_t nb = p + 1 < n ? idx + s : idx - (n - 1) * s;
      const double af = kUnitCoefficient ? 1.0 : 0.5 * (ac + a[nb]);
      term += af * (u[nb] - uc);
    }
    // Lower face.
    if (p > 0 || g.periodic[axis]) {
      const std::size_t nb = p > 0 ? idx - s : idx + (n - 1) * s;
      const double af = kUnitCoefficient ? 1.0 : 0.5 * (ac + a[nb]);
      term -= af * (uc - u[nb]);
    }
    sum += term * g.inv_d2[axis];
  }
  return sum;
}

/// Row-wise loop driver: calls kernel(idx, pos) for every cell, rows in parallel.
template <class Kernel>
inline void for_each_cell(const StencilGeometry& g, const Kernel& kernel) {
  const std::size_t nx = g.n[0], ny = g.n[1], n_rows = g.n_rows;
#pragma omp parallel for schedule(static)
  for (std::size_t row = 0; row < n_rows; ++row) {
    std::size_t pos[3] = {0, row % ny, row / ny};
    const std::size_t base = row * nx;
    for (std::size_t i = 0; i < nx; ++i) {
      pos[0] = i;
      kernel(base + i, pos);
    }
  }
}

}  // namespace voidsim::fv
