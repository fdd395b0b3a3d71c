#include "solvers/spectral_transform.hpp"

#include <fftw3.h>
#include <omp.h>

#include <cmath>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace voidsim {

AlignedBuffer::AlignedBuffer(std::size_t n)
    : data_(static_cast<double*>(fftw_malloc(sizeof(double) * (n == 0 ? 1 : n)))), size_(n) {
  if (data_ == nullptr) throw std::bad_alloc();
  for (std::size_t i = 0; i < n; ++i) data_[i] = 0.0;
}
AlignedBuffer::~AlignedBuffer() {
  if (data_ != nullptr) fftw_free(data_);
}
AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) fftw_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

namespace {

// The FFTW planner is not thread-safe; everything that plans or destroys plans holds this lock.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

void initialise_fftw_threads_once() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    if (fftw_init_threads() == 0) throw std::runtime_error("fftw_init_threads failed");
  });
}

/// Per-axis tables of one transform axis of length n, spacing d.
struct AxisTables {
  std::vector<double> k2, k2_fd, weight;
};

AxisTables axis_tables(std::size_t n, double d, Boundary kind) {
  AxisTables t{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
  const double pi = std::numbers::pi;
  for (std::size_t m = 0; m < n; ++m) {
    double theta = 0.0;  // phase change per cell of the mode
    if (kind == Boundary::periodic) {
      // Halfcomplex layout: index m <= n/2 holds the cosine part of frequency m, index n - m the
      // sine part of the same frequency; both have the same k.
      const std::size_t freq = m <= n / 2 ? m : n - m;
      theta = 2.0 * pi * static_cast<double>(freq) / static_cast<double>(n);
      const bool self_paired = freq == 0 || 2 * freq == n;
      t.weight[m] = (self_paired ? 1.0 : 2.0) / static_cast<double>(n);
    } else {
      // REDFT10 coefficient m multiplies cos(pi m (i + 1/2) / n).
      theta = pi * static_cast<double>(m) / static_cast<double>(n);
      t.weight[m] = (m == 0 ? 1.0 : 2.0) / (4.0 * static_cast<double>(n));
    }
    const double k = theta / d;
    t.k2[m] = k * k;
    const double s = std::sin(0.5 * theta);
    t.k2_fd[m] = 4.0 * s * s / (d * d);
  }
  return t;
}

void require_aligned(const double* p, const char* what) {
  // fftw_malloc aligns to at least 16 bytes; plans were made on such buffers, and new-array
  // execution requires the same alignment. A misaligned array would be undefined behaviour.
  if (fftw_alignment_of(const_cast<double*>(p)) != 0)
    throw std::invalid_argument(std::string("SpectralTransform: ") + what +
                                " is not fftw_malloc-aligned (use AlignedBuffer)");
}

}  // namespace

SpectralTransform::SpectralTransform(const Grid& grid, AxisBoundaries boundaries)
    : grid_(grid), boundaries_(boundaries) {
  if (grid.dimension != 2 && grid.dimension != 3)
    throw std::invalid_argument("SpectralTransform: grid dimension must be 2 or 3");
  if (grid.dimension == 2) grid_.ny = 1;

  // Axes in storage order, slowest first (z, [y], x).
  std::vector<std::size_t> n;
  std::vector<double> d;
  std::vector<Boundary> kind;
  n.push_back(grid_.nz), d.push_back(grid_.dz), kind.push_back(boundaries.z);
  if (grid_.dimension == 3) n.push_back(grid_.ny), d.push_back(grid_.dy), kind.push_back(boundaries.y);
  n.push_back(grid_.nx), d.push_back(grid_.dx), kind.push_back(boundaries.x);
  const int rank = static_cast<int>(n.size());

  std::vector<int> n_int(n.size());
  std::vector<fftw_r2r_kind> kind_forward(n.size()), kind_backward(n.size());
  std::vector<AxisTables> tables;
  normalisation_ = 1.0;
  for (std::size_t a = 0; a < n.size(); ++a) {
    if (n[a] == 0) throw std::invalid_argument("SpectralTransform: empty grid axis");
    n_int[a] = static_cast<int>(n[a]);
    const bool periodic = kind[a] == Boundary::periodic;
    kind_forward[a] = periodic ? FFTW_R2HC : FFTW_REDFT10;
    kind_backward[a] = periodic ? FFTW_HC2R : FFTW_REDFT01;
    normalisation_ /= static_cast<double>(periodic ? n[a] : 2 * n[a]);
    tables.push_back(axis_tables(n[a], d[a], kind[a]));
  }

  // Per-mode tables: sums (k^2) and products (weights) over axes, in storage order.
  const std::size_t total = grid_.size();
  k_squared_.assign(total, 0.0);
  k_squared_fd_.assign(total, 0.0);
  parseval_weight_.assign(total, 1.0);
  for (std::size_t idx = 0; idx < total; ++idx) {
    std::size_t rest = idx;
    for (int a = rank - 1; a >= 0; --a) {
      const std::size_t m = rest % n[a];
      rest /= n[a];
      k_squared_[idx] += tables[a].k2[m];
      k_squared_fd_[idx] += tables[a].k2_fd[m];
      parseval_weight_[idx] *= tables[a].weight[m];
    }
  }

  initialise_fftw_threads_once();
  AlignedBuffer a(total), b(total);
  std::lock_guard lock(planner_mutex());
  fftw_plan_with_nthreads(omp_get_max_threads());
  forward_plan_ = fftw_plan_r2r(rank, n_int.data(), a.data(), b.data(), kind_forward.data(),
                                FFTW_ESTIMATE | FFTW_PRESERVE_INPUT);
  backward_plan_ = fftw_plan_r2r(rank, n_int.data(), b.data(), a.data(), kind_backward.data(),
                                 FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
  if (forward_plan_ == nullptr || backward_plan_ == nullptr)
    throw std::runtime_error("SpectralTransform: FFTW could not plan the transform");
}

SpectralTransform::~SpectralTransform() {
  std::lock_guard lock(planner_mutex());
  if (forward_plan_ != nullptr) fftw_destroy_plan(forward_plan_);
  if (backward_plan_ != nullptr) fftw_destroy_plan(backward_plan_);
}

void SpectralTransform::forward(const double* in, double* out) const {
  require_aligned(in, "forward input");
  require_aligned(out, "forward output");
  fftw_execute_r2r(forward_plan_, const_cast<double*>(in), out);
}

void SpectralTransform::backward_unnormalised(double* in, double* out) const {
  require_aligned(in, "backward input");
  require_aligned(out, "backward output");
  fftw_execute_r2r(backward_plan_, in, out);
}

void SpectralTransform::backward(double* in, double* out) const {
  backward_unnormalised(in, out);
  const double s = normalisation_;
  const std::size_t total = size();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < total; ++i) out[i] *= s;
}

double SpectralTransform::gradient_norm_squared(const double* u_hat) const {
  // Parseval: sum_cells |grad u|^2 = sum_modes w k^2 |u_hat|^2 (each basis function's gradient
  // components are orthogonal with the same weights scaled by k^2).
  const double* w = parseval_weight_.data();
  const double* k2 = k_squared_.data();
  const std::size_t total = size();
  double sum = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : sum)
  for (std::size_t i = 0; i < total; ++i) sum += w[i] * k2[i] * u_hat[i] * u_hat[i];
  return sum * grid_.cell_volume();
}

}  // namespace voidsim
