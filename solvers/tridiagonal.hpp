#pragma once
// Tridiagonal solvers for the implicit line sweeps: Thomas algorithm, and its cyclic variant for
// periodic lines (Sherman-Morrison correction). In place, no allocation: the caller passes the
// scratch. a: sub-diagonal, b: diagonal, c: super-diagonal, d: right-hand side -> solution.
#include <cstddef>

namespace voidsim::tridiagonal {

/// Solves the n x n system (a[0] and c[n-1] unused). `cp` is scratch of size n. Requires a
/// diagonally dominant matrix (true for the backward-Euler diffusion operator).
inline void solve(std::size_t n, const double* a, const double* b, const double* c, double* d, double* cp) {
  double beta = b[0];
  d[0] /= beta;
  for (std::size_t i = 1; i < n; ++i) {
    cp[i - 1] = c[i - 1] / beta;
    beta = b[i] - a[i] * cp[i - 1];
    d[i] = (d[i] - a[i] * d[i - 1]) / beta;
  }
  for (std::size_t i = n - 1; i-- > 0;) d[i] -= cp[i] * d[i + 1];
}

/// Periodic line: a[0] couples to x[n-1] and c[n-1] to x[0]. Scratch: bb, u, cp of size n each.
/// Sherman-Morrison with the standard choice gamma = -b[0] (Numerical Recipes, cyclic).
inline void solve_cyclic(std::size_t n, const double* a, const double* b, const double* c, double* d,
                         double* bb, double* u, double* cp) {
  if (n == 1) {
    d[0] /= b[0] + a[0] + c[0];
    return;
  }
  const double alpha = c[n - 1];  // bottom-left
  const double beta = a[0];       // top-right
  const double gamma = -b[0];
  for (std::size_t i = 0; i < n; ++i) bb[i] = b[i];
  bb[0] = b[0] - gamma;
  bb[n - 1] = b[n - 1] - alpha * beta / gamma;
  solve(n, a, bb, c, d, cp);
  for (std::size_t i = 0; i < n; ++i) u[i] = 0.0;
  u[0] = gamma;
  u[n - 1] = alpha;
  solve(n, a, bb, c, u, cp);
  const double fact = (d[0] + beta * d[n - 1] / gamma) / (1.0 + u[0] + beta * u[n - 1] / gamma);
  for (std::size_t i = 0; i < n; ++i) d[i] -= fact * u[i];
}

}  // namespace voidsim::tridiagonal
