#pragma once
// Li extraction through the LiPON interface (MODEL.md section 2, process 1):
//   dx/dt = div(D(r) grad x),  with the Faradaic flux leaving the z = 0 face, r(x_0) = dx/dt of the
//   interface cell, a steep nonlinear function of the surface composition x_0.
//
// Why not the spectral stepper: under bias the interface cell holds ~5 C/m^2 of Li per unit x at
// dz = 1 nm while the current starts near 1e2 A/m^2, so the surface balance relaxes in
// milliseconds while the interior evolves over seconds. Any explicit treatment of the boundary
// flux limits dt to milliseconds (measured: sign-alternating currents at dt ~ 0.1 s). Here the
// boundary condition is implicit: a backward-Euler line solve along z per column (tridiagonal,
// Thomas algorithm) with the boundary rate Newton-linearised about the iterate, then backward-
// Euler line solves along x (and y in 3D), periodic (Sherman-Morrison) or no-flux: a Lie-split
// (locally one-dimensional) implicit scheme, unconditionally stable, first order in time,
// conservative to round-off (every face flux is shared by its two cells).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/grid.hpp"
#include "solvers/tridiagonal.hpp"

namespace voidsim {

class LiTransportStepper {
 public:
  LiTransportStepper(const Grid& grid, bool lateral_periodic);

  /// One backward-Euler step of size dt in place on x. `diffusivity` holds D at cells (m^2/s,
  /// frozen over the step); boundary(column, x0, &rate, &rate_derivative) gives dx/dt of the
  /// interface cell due to the Faradaic flux and its derivative with respect to x0. Returns the
  /// boundary rates of the accepted solution per column in `boundary_rate` (size nx*ny), from
  /// which the caller books the charge passed.
  template <class Boundary>
  void step(double* x, const double* diffusivity, double dt, const Boundary& boundary, double* boundary_rate);

  /// Lower bound of x kept by the Newton iteration of the interface cell (no negative Li).
  static constexpr double x_floor = 0.0;

 private:
  /// Columns solved together along z. A z line has a stride of nx doubles (4 KiB at nx = 512,
  /// which maps every row of a lone column onto the same few cache sets); eight neighbouring
  /// columns fill each cache line they load, and the elimination vectorises across them. The
  /// arithmetic of each column is unchanged, so results are bitwise those of one column at a time.
  static constexpr std::size_t z_block = 8;

  /// Backward-Euler tridiagonal systems of the z lines through columns first .. first + width - 1
  /// (without the boundary term), interleaved by column: entry (k, b) at k * z_block + b of sub,
  /// diag, super in work[0..3 m), rhs in work[3 m..4 m), m = nz * z_block.
  void assemble_z_lines(const double* x, const double* diffusivity, std::size_t first, std::size_t width,
                        double dt, double* work) const;
  void lateral_sweeps(double* x, const double* diffusivity, double dt);
  [[nodiscard]] double* thread_scratch();

  Grid grid_;
  bool periodic_;
  std::vector<std::vector<double>> scratch_;  // per thread
};

// ---- template definition ------------------------------------------------------------------

template <class Boundary>
void LiTransportStepper::step(double* x, const double* diffusivity, double dt, const Boundary& boundary,
                              double* boundary_rate) {
  const std::size_t n_columns = grid_.nx * grid_.ny;
  const std::size_t nz = grid_.nz;
  constexpr std::size_t B = z_block;
  const auto n_blocks = static_cast<std::ptrdiff_t>((n_columns + B - 1) / B);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t block = 0; block < n_blocks; ++block) {
    const std::size_t first = static_cast<std::size_t>(block) * B;
    const std::size_t width = std::min(B, n_columns - first);
    double* work = thread_scratch();
    double* sub = work;
    double* diag = work + nz * B;
    double* sup = work + 2 * nz * B;
    double* rhs = work + 3 * nz * B;
    assemble_z_lines(x, diffusivity, first, width, dt, work);
    // Each line is linear but for the boundary rate r(x0) of the interface cell, so eliminate the
    // interior upwards once (diag and rhs become the Schur complements: row k then reads
    // diag[k] x[k] + sub[k] x[k-1] = rhs[k]), solve the scalar equation of row 0,
    //   diag[0] x0 = rhs[0] + dt r(x0),
    // by Newton, and substitute downwards. One elimination instead of one per Newton iterate
    // (the earlier full line solve per iterate was the largest cost of Li transport).
    for (std::size_t k = nz - 1; k-- > 0;) {
      for (std::size_t b = 0; b < B; ++b) {
        const double m = sup[k * B + b] / diag[(k + 1) * B + b];
        diag[k * B + b] -= m * sub[(k + 1) * B + b];
        rhs[k * B + b] -= m * rhs[(k + 1) * B + b];
      }
    }
    for (std::size_t b = 0; b < width; ++b) {
      const std::size_t column = first + b;
      double x0 = x[column];
      double booked = 0.0;
      for (int iteration = 0; iteration < 30; ++iteration) {
        double r = 0.0, dr = 0.0;
        boundary(column, std::max(x0, x_floor), r, dr);
        dr = std::min(dr, 0.0);  // r decreases with x0 (more Li, more current); keeps diagonal dominance
        const double next = (rhs[b] + dt * (r - dr * x0)) / (diag[b] - dt * dr);
        // The rate this linearised solve removed: exact bookkeeping whatever the iterate.
        booked = r + dr * (next - x0);
        const double change = std::abs(next - x0);
        x0 = next;
        if (change <= 1e-13) break;
      }
      x[column] = x0;
      boundary_rate[column] = booked;
    }
    for (std::size_t k = 1; k < nz; ++k) {
      double* row = x + k * n_columns + first;
      const double* above = row - n_columns;
      for (std::size_t b = 0; b < width; ++b)
        row[b] = (rhs[k * B + b] - sub[k * B + b] * above[b]) / diag[k * B + b];
    }
  }
  lateral_sweeps(x, diffusivity, dt);
}

}  // namespace voidsim
