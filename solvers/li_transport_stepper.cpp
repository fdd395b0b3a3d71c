#include "solvers/li_transport_stepper.hpp"

#include <omp.h>

#include <algorithm>

namespace voidsim {

namespace {
constexpr std::size_t n_work_arrays = 7;  // sub, diag, super, rhs, solution, 2 x scratch
}

LiTransportStepper::LiTransportStepper(const Grid& grid, bool lateral_periodic)
    : grid_(grid), periodic_(lateral_periodic) {
  const std::size_t longest = std::max({grid.nx, grid.ny, grid.nz});
  const std::size_t size = std::max(n_work_arrays * longest, 4 * z_block * grid.nz) + 8;
  scratch_.assign(static_cast<std::size_t>(std::max(1, omp_get_max_threads())), std::vector<double>(size));
}

double* LiTransportStepper::thread_scratch() {
  const auto t = static_cast<std::size_t>(omp_get_thread_num());
  // More threads than at construction (omp_set_num_threads raised later) is a caller bug.
  return scratch_.at(t).data();
}

void LiTransportStepper::assemble_z_lines(const double* x, const double* diffusivity, std::size_t first,
                                          std::size_t width, double dt, double* work) const {
  constexpr std::size_t B = z_block;
  const std::size_t nz = grid_.nz;
  const std::size_t stride = grid_.nx * grid_.ny;
  double* sub = work;
  double* diag = work + nz * B;
  double* sup = work + 2 * nz * B;
  double* rhs = work + 3 * nz * B;
  const double factor = dt / (grid_.dz * grid_.dz);
  for (std::size_t k = 0; k < nz; ++k) {
    const std::size_t row = k * stride + first;
    for (std::size_t b = 0; b < B; ++b) {
      const std::size_t e = k * B + b;
      if (b >= width) {
        // Unused lanes of the last block: an identity row keeps the elimination finite.
        sub[e] = sup[e] = rhs[e] = 0.0;
        diag[e] = 1.0;
        continue;
      }
      const std::size_t idx = row + b;
      // Face coefficients: arithmetic mean of the two cells, as in the finite-volume stencil.
      const double lower = k > 0 ? factor * 0.5 * (diffusivity[idx] + diffusivity[idx - stride]) : 0.0;
      const double upper = k + 1 < nz ? factor * 0.5 * (diffusivity[idx] + diffusivity[idx + stride]) : 0.0;
      sub[e] = -lower;
      sup[e] = -upper;
      diag[e] = 1.0 + lower + upper;
      rhs[e] = x[idx];
    }
  }
}

void LiTransportStepper::lateral_sweeps(double* x, const double* diffusivity, double dt) {
  const std::size_t nx = grid_.nx, ny = grid_.ny, nz = grid_.nz;
  // Sweep along one lateral axis: lines of length n with stride s, starting at `first(line)`.
  auto sweep = [&](std::size_t n, std::size_t stride, double d, std::size_t n_lines, auto first) {
    if (n < 2) return;
    const double factor = dt / (d * d);
    const auto lines = static_cast<std::ptrdiff_t>(n_lines);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t line = 0; line < lines; ++line) {
      const std::size_t start = first(static_cast<std::size_t>(line));
      double* work = thread_scratch();
      double *sub = work, *diag = work + n, *sup = work + 2 * n, *sol = work + 3 * n;
      double *s1 = work + 4 * n, *s2 = work + 5 * n, *s3 = work + 6 * n;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t idx = start + i * stride;
        const std::size_t lo = i > 0 ? idx - stride : start + (n - 1) * stride;
        const std::size_t hi = i + 1 < n ? idx + stride : start;
        const bool has_lo = i > 0 || periodic_;
        const bool has_hi = i + 1 < n || periodic_;
        const double a_lo = has_lo ? factor * 0.5 * (diffusivity[idx] + diffusivity[lo]) : 0.0;
        const double a_hi = has_hi ? factor * 0.5 * (diffusivity[idx] + diffusivity[hi]) : 0.0;
        sub[i] = -a_lo;
        sup[i] = -a_hi;
        diag[i] = 1.0 + a_lo + a_hi;
        sol[i] = x[idx];
      }
      if (periodic_) {
        tridiagonal::solve_cyclic(n, sub, diag, sup, sol, s1, s2, s3);
      } else {
        tridiagonal::solve(n, sub, diag, sup, sol, s1);
      }
      for (std::size_t i = 0; i < n; ++i) x[start + i * stride] = sol[i];
    }
  };
  // Lines along x: one per (k, j).
  sweep(nx, 1, grid_.dx, nz * ny, [&](std::size_t line) { return line * nx; });
  // Lines along y (3D): one per (k, i).
  if (grid_.dimension == 3) {
    sweep(ny, nx, grid_.dy, nz * nx, [&](std::size_t line) { return (line / nx) * nx * ny + line % nx; });
  }
}

}  // namespace voidsim
