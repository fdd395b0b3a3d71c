#include "solvers/spectral_transform.hpp"

#include <fftw3.h>
#include <omp.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/ordered_sum.hpp"

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

/// Stride (in doubles) of the next slower axis of the spectral array for `extent` doubles of the
/// faster ones. A stride of a multiple of 512 bytes maps a column walk onto a few cache sets
/// (the L1 has 64 sets of 64 bytes); one extra cache line per row spreads it over all of them.
/// Measured on 512^2: the strided cosine transforms ran 3.2x slower without the pad.
std::size_t padded_stride(std::size_t extent) {
  constexpr std::size_t doubles_per_line = 8;
  return (extent * sizeof(double)) % 512 == 0 ? extent + doubles_per_line : extent;
}

int as_int(std::size_t v, const char* what) {
  if (v > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::invalid_argument(std::string("SpectralTransform: ") + what + " exceeds FFTW's int range");
  return static_cast<int>(v);
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
  const std::size_t rank = n.size();

  // Strides of the real (contiguous) and spectral (padded) arrays, per axis.
  std::vector<std::size_t> real_stride(rank), spectral_stride(rank);
  real_stride[rank - 1] = spectral_stride[rank - 1] = 1;
  for (std::size_t a = rank - 1; a > 0; --a) {
    real_stride[a - 1] = real_stride[a] * n[a];
    spectral_stride[a - 1] = padded_stride(spectral_stride[a] * n[a]);
  }
  spectral_size_ = spectral_stride[0] * n[0];

  std::vector<AxisTables> tables;
  normalisation_ = 1.0;
  for (std::size_t a = 0; a < rank; ++a) {
    if (n[a] == 0) throw std::invalid_argument("SpectralTransform: empty grid axis");
    normalisation_ /= static_cast<double>(kind[a] == Boundary::periodic ? n[a] : 2 * n[a]);
    tables.push_back(axis_tables(n[a], d[a], kind[a]));
  }

  // Per-mode tables: sums (k^2) and products (weights) over axes, at spectral positions. Padding
  // slots keep k^2 = 0 and weight 0, so sums over the whole spectral array ignore them.
  k_squared_.assign(spectral_size_, 0.0);
  k_squared_fd_.assign(spectral_size_, 0.0);
  parseval_weight_.assign(spectral_size_, 0.0);
  for (std::size_t idx = 0; idx < grid_.size(); ++idx) {
    std::size_t rest = idx, at = 0;
    double k2 = 0.0, k2_fd = 0.0, weight = 1.0;
    for (std::size_t a = rank; a-- > 0;) {
      const std::size_t m = rest % n[a];
      rest /= n[a];
      at += m * spectral_stride[a];
      k2 += tables[a].k2[m];
      k2_fd += tables[a].k2_fd[m];
      weight *= tables[a].weight[m];
    }
    k_squared_[at] = k2;
    k_squared_fd_[at] = k2_fd;
    parseval_weight_[at] = weight;
  }

  // One batched 1D transform per axis (guru interface), not FFTW's multi-dimensional r2r plan:
  // with FFTW_ESTIMATE the latter picks strided-buffered algorithms that ran 2.4x slower on
  // 512^2 and 2x on 128^3 (bench/bench_spectral). The x axis goes first, out of place, from the
  // contiguous real array into the padded spectral one; the other axes follow in place.
  const auto iodim = [](std::size_t extent, std::size_t in_stride, std::size_t out_stride) {
    return fftw_iodim{as_int(extent, "grid axis"), as_int(in_stride, "stride"), as_int(out_stride, "stride")};
  };
  initialise_fftw_threads_once();
  AlignedBuffer real(grid_.size()), spectral(spectral_size_);
  std::lock_guard lock(planner_mutex());
  fftw_plan_with_nthreads(omp_get_max_threads());
  const auto plan_axis = [&](std::size_t axis, bool forward, bool from_real, bool to_real) {
    const bool periodic = kind[axis] == Boundary::periodic;
    const fftw_r2r_kind k =
        forward ? (periodic ? FFTW_R2HC : FFTW_REDFT10) : (periodic ? FFTW_HC2R : FFTW_REDFT01);
    const std::vector<std::size_t>& in_stride = from_real ? real_stride : spectral_stride;
    const std::vector<std::size_t>& out_stride = to_real ? real_stride : spectral_stride;
    const fftw_iodim dim = iodim(n[axis], in_stride[axis], out_stride[axis]);
    std::vector<fftw_iodim> loops;
    for (std::size_t b = 0; b < rank; ++b)
      if (b != axis) loops.push_back(iodim(n[b], in_stride[b], out_stride[b]));
    double* in = from_real ? real.data() : spectral.data();
    double* out = to_real ? real.data() : spectral.data();
    const unsigned flags =
        FFTW_ESTIMATE | (from_real ? FFTW_PRESERVE_INPUT : (to_real ? FFTW_DESTROY_INPUT : 0U));
    const fftw_plan p =
        fftw_plan_guru_r2r(1, &dim, static_cast<int>(loops.size()), loops.data(), in, out, &k, flags);
    if (p == nullptr) throw std::runtime_error("SpectralTransform: FFTW could not plan the transform");
    return p;
  };
  const std::size_t x_axis = rank - 1;
  // Reserved first, so a push_back cannot throw and drop a plan just made. A throw on a later
  // axis must still free the plans made so far: a constructor that throws runs no destructor.
  forward_plans_.reserve(rank);
  backward_plans_.reserve(rank);
  try {
    forward_plans_.push_back(plan_axis(x_axis, true, true, false));
    for (std::size_t a = x_axis; a-- > 0;) forward_plans_.push_back(plan_axis(a, true, false, false));
    for (std::size_t a = 0; a < x_axis; ++a) backward_plans_.push_back(plan_axis(a, false, false, false));
    backward_plans_.push_back(plan_axis(x_axis, false, false, true));
  } catch (...) {
    destroy_plans();
    throw;
  }
}

void SpectralTransform::destroy_plans() noexcept {
  for (const fftw_plan p : forward_plans_) fftw_destroy_plan(p);
  for (const fftw_plan p : backward_plans_) fftw_destroy_plan(p);
  forward_plans_.clear();
  backward_plans_.clear();
}

SpectralTransform::~SpectralTransform() {
  std::lock_guard lock(planner_mutex());
  destroy_plans();
}

void SpectralTransform::forward(const double* in, double* out) const {
  require_aligned(in, "forward input");
  require_aligned(out, "forward output");
  fftw_execute_r2r(forward_plans_.front(), const_cast<double*>(in), out);
  for (std::size_t p = 1; p < forward_plans_.size(); ++p) fftw_execute_r2r(forward_plans_[p], out, out);
}

void SpectralTransform::backward_unnormalised(double* in, double* out) const {
  require_aligned(in, "backward input");
  require_aligned(out, "backward output");
  for (std::size_t p = 0; p + 1 < backward_plans_.size(); ++p) fftw_execute_r2r(backward_plans_[p], in, in);
  fftw_execute_r2r(backward_plans_.back(), in, out);
}

void SpectralTransform::backward(double* in, double* out) const {
  backward_unnormalised(in, out);
  const double s = normalisation_;
  const std::size_t total = size();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < total; ++i) out[i] *= s;
}

namespace {

// Parseval: sum_cells |grad u|^2 = sum_modes w k^2 |u_hat|^2 (each basis function's gradient
// components are orthogonal with the same weights scaled by k^2; with k_fd^2 it is the sum of the
// squared face differences, by summation by parts). Padding has w = 0.
double weighted_symbol_sum(const double* w, const double* k2, const double* u_hat, std::size_t total) {
  return ordered_sum(total, [=](std::size_t i) { return w[i] * k2[i] * u_hat[i] * u_hat[i]; });
}

}  // namespace

double SpectralTransform::gradient_norm_squared(const double* u_hat) const {
  return weighted_symbol_sum(parseval_weight_.data(), k_squared_.data(), u_hat, spectral_size_) *
         grid_.cell_volume();
}

double SpectralTransform::gradient_norm_squared_fd(const double* u_hat) const {
  return weighted_symbol_sum(parseval_weight_.data(), k_squared_fd_.data(), u_hat, spectral_size_) *
         grid_.cell_volume();
}

}  // namespace voidsim
