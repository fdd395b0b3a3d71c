#include "solvers/anderson_acceleration.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <stdexcept>

#include "core/ordered_sum.hpp"

namespace voidsim {

AndersonAcceleration::AndersonAcceleration(std::size_t n, int depth)
    : n_(n),
      depth_(depth),
      df_(n * static_cast<std::size_t>(depth > 0 ? depth : 0)),
      dg_(n * static_cast<std::size_t>(depth > 0 ? depth : 0)),
      f_prev_(depth > 0 ? n : 0),
      g_prev_(depth > 0 ? n : 0) {
  if (depth < 0 || depth > max_depth)
    throw std::invalid_argument("AndersonAcceleration: depth must be in 0 .. 8");
}

void AndersonAcceleration::update(double* x, const double* g) {
  const std::size_t n = n_;
  used_ = 0;
  if (depth_ == 0) {
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) x[i] = g[i];
    return;
  }
  double* f_prev = f_prev_.data();
  double* g_prev = g_prev_.data();
  if (have_previous_) {
    // New difference column: df = f - f_prev, dg = g - g_prev, into the ring slot `next_`.
    double* df = df_.data() + static_cast<std::size_t>(next_) * n;
    double* dg = dg_.data() + static_cast<std::size_t>(next_) * n;
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      df[i] = (g[i] - x[i]) - f_prev[i];
      dg[i] = g[i] - g_prev[i];
    }
    next_ = (next_ + 1) % depth_;
    if (stored_ < depth_) ++stored_;
  }
  const int k = stored_;
  // Keep this iterate's residual and image for the next difference (before x is overwritten).
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    f_prev[i] = g[i] - x[i];
    g_prev[i] = g[i];
  }
  have_previous_ = true;
  if (k == 0) {
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) x[i] = g[i];
    return;
  }
  // Normal equations of the small least-squares problem (k <= depth, a few columns): the Gram
  // matrix of the df columns and their products with f. Ordered sums keep them thread-independent.
  // Fixed-capacity Eigen types live on the stack: no allocation per update.
  using Small = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, max_depth, max_depth>;
  using SmallVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, max_depth, 1>;
  Small gram = Small::Zero(k, k);
  SmallVector rhs = SmallVector::Zero(k);
  const double* df = df_.data();
  for (int a = 0; a < k; ++a) {
    const double* da = df + static_cast<std::size_t>(a) * n;
    rhs(a) = ordered_sum(n, [&](std::size_t i) { return da[i] * f_prev[i]; });
    for (int b = 0; b <= a; ++b) {
      const double* db = df + static_cast<std::size_t>(b) * n;
      gram(a, b) = gram(b, a) = ordered_sum(n, [&](std::size_t i) { return da[i] * db[i]; });
    }
  }
  // A relative ridge of 1e-12 of the largest diagonal: nearly parallel columns (a converged
  // iteration) would otherwise make the normal equations singular.
  const double largest = gram.diagonal().maxCoeff();
  gram.diagonal().array() += 1e-12 * largest;
  const SmallVector gamma = gram.ldlt().solve(rhs);
  if (!gamma.allFinite() || !(largest > 0.0)) {
    // Degenerate history: fall back to the plain step and start the history again.
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) x[i] = g[i];
    stored_ = 0;
    next_ = 0;
    return;
  }
  double gm[max_depth];
  for (int a = 0; a < k; ++a) gm[a] = gamma(a);
  const double* dg = dg_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    double v = g[i];
    for (int a = 0; a < k; ++a) v -= gm[a] * dg[static_cast<std::size_t>(a) * n + i];
    x[i] = v;
  }
  used_ = k;
}

}  // namespace voidsim
