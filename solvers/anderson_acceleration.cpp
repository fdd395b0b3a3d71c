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
  // One sweep: the residual f = g - x, the new difference column (df = f - f_prev, dg = g - g_prev,
  // into ring slot `slot`), the kept residual and image, and the dot products the least-squares
  // problem needs: the new column against every stored one (the Gram matrix's new row; the other
  // entries are kept from earlier updates) and every stored column against f.
  const bool add = have_previous_;
  const int slot = next_;
  if (add) {
    next_ = (next_ + 1) % depth_;
    if (stored_ < depth_) ++stored_;
  }
  const int k = stored_;
  double* df = df_.data();
  double* dg = dg_.data();
  double* f_prev = f_prev_.data();
  double* g_prev = g_prev_.data();
  double* df_new = df + static_cast<std::size_t>(slot) * n;
  double* dg_new = dg + static_cast<std::size_t>(slot) * n;
  double dots[2 * max_depth];
  ordered_sums<2 * max_depth>(
      n, 2 * k,
      [&](std::size_t i, double* acc) {
        const double f = g[i] - x[i];
        if (add) {
          df_new[i] = f - f_prev[i];
          dg_new[i] = g[i] - g_prev[i];
        }
        f_prev[i] = f;
        g_prev[i] = g[i];
        for (int a = 0; a < k; ++a) {
          const double column = df[static_cast<std::size_t>(a) * n + i];
          acc[a] += column * df_new[i];
          acc[k + a] += column * f;
        }
      },
      dots);
  have_previous_ = true;
  if (k == 0) {
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) x[i] = g[i];
    return;
  }
  for (int a = 0; a < k; ++a) gram_[slot][a] = gram_[a][slot] = dots[a];
  // Fixed-capacity Eigen types live on the stack: no allocation per update.
  using Small = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, max_depth, max_depth>;
  using SmallVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, max_depth, 1>;
  // Normal equations scaled to unit diagonal (columns of very different lengths would otherwise
  // set the conditioning), with a ridge of 1e-14 (nearly parallel columns, as near convergence,
  // would make them singular; 1e-10 measurably slowed the engine's passes). A column of zero
  // length gets no weight.
  Small gram = Small::Zero(k, k);
  SmallVector rhs = SmallVector::Zero(k), scale = SmallVector::Zero(k);
  for (int a = 0; a < k; ++a) scale(a) = gram_[a][a] > 0.0 ? 1.0 / std::sqrt(gram_[a][a]) : 0.0;
  for (int a = 0; a < k; ++a) {
    rhs(a) = scale(a) * dots[k + a];
    for (int b = 0; b < k; ++b) gram(a, b) = scale(a) * gram_[a][b] * scale(b);
    gram(a, a) += 1e-14 + (scale(a) == 0.0 ? 1.0 : 0.0);
  }
  const SmallVector gamma = scale.cwiseProduct(gram.ldlt().solve(rhs));
  if (!gamma.allFinite()) {
    // Degenerate history: fall back to the plain step and start the history again.
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) x[i] = g[i];
    stored_ = 0;
    next_ = 0;
    return;
  }
  double gm[max_depth];
  for (int a = 0; a < k; ++a) gm[a] = gamma(a);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    double v = g[i];
    for (int a = 0; a < k; ++a) v -= gm[a] * dg[static_cast<std::size_t>(a) * n + i];
    x[i] = v;
  }
  used_ = k;
}

}  // namespace voidsim
