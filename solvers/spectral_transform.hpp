#pragma once
// Real-to-real spectral transforms on a Grid, one boundary kind per axis, for the semi-implicit
// phase-field steppers (MODEL.md section 2, "Semi-implicit Fourier-spectral time stepping").
//
// Why real-to-real and not r2c: a no-flux axis needs a cosine series, and FFTW only mixes
// transform kinds per axis in its r2r interface. Periodic axes use the halfcomplex DFT (R2HC /
// HC2R): the separable products cos(k x) / sin(k x) of the 1D halfcomplex bases are eigenfunctions
// of d^2/dx^2 with eigenvalue -k^2, exactly like exp(i k x), so every semi-implicit symbol is a
// per-mode real multiplier. No-flux axes use REDFT10 (DCT-II) forward and REDFT01 (DCT-III)
// backward: the basis cos(pi m (i + 1/2) / n) of a cell-centred grid has zero slope on both faces,
// which is the homogeneous Neumann condition of a finite-volume grid.
//
// Plans are FFTW_ESTIMATE (no timing measurements), so the plan and hence the round-off are the
// same on every run for a given thread count: runs are bitwise reproducible. They are made once,
// here; forward()/backward() only execute them (no allocation, thread-parallel through fftw3_omp).
//
// Spectral arrays have their own layout: the same axis order as the grid, but the stride of a
// row (and in 3D of a plane) is padded by one cache line when it would be a multiple of 512
// bytes, so that the strided transforms along z and y do not thrash a few cache sets. They hold
// spectral_size() >= size() doubles; the padding slots carry k^2 = 0 and Parseval weight 0 and are
// never read by backward(). Only this class and the per-mode tables know the layout; steppers
// multiply spectral arrays by the tables index by index over spectral_size().
#include <fftw3.h>

#include <array>
#include <cstddef>
#include <vector>

#include "core/grid.hpp"

namespace voidsim {

enum class Boundary { periodic, no_flux };

/// Boundary kind per axis. z is normal to the LiPON interface (no-flux by default: Li leaves only
/// through the prescribed flux of the z = 0 face, see VariableDiffusionStepper).
struct AxisBoundaries {
  Boundary x = Boundary::periodic;
  Boundary y = Boundary::periodic;
  Boundary z = Boundary::no_flux;
};

/// Owning, 64-byte aligned double buffer from fftw_malloc (FFTW's SIMD codelets need the same
/// alignment in execution as at planning). Move-only.
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(std::size_t n);
  ~AlignedBuffer();
  AlignedBuffer(AlignedBuffer&& other) noexcept;
  AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;

  [[nodiscard]] double* data() noexcept { return data_; }
  [[nodiscard]] const double* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  double& operator[](std::size_t i) noexcept { return data_[i]; }
  double operator[](std::size_t i) const noexcept { return data_[i]; }

 private:
  double* data_ = nullptr;
  std::size_t size_ = 0;
};

class SpectralTransform {
 public:
  /// Plans for grid.shape() (z slowest) with the given boundary kind per axis. In 2D the y entry
  /// is ignored. Uses omp_get_max_threads() FFTW threads. Thread-safe (the planner is locked).
  SpectralTransform(const Grid& grid, AxisBoundaries boundaries);
  ~SpectralTransform();
  SpectralTransform(const SpectralTransform&) = delete;
  SpectralTransform& operator=(const SpectralTransform&) = delete;

  /// Forward transform, unnormalised FFTW convention. `in` (size() doubles, grid layout) and `out`
  /// (spectral_size() doubles) must be distinct buffers with fftw_malloc alignment
  /// (AlignedBuffer); `in` is preserved.
  void forward(const double* in, double* out) const;
  /// Unnormalised backward transform: backward_unnormalised(forward(u)) = u / normalisation().
  /// `in` (spectral_size()) is destroyed: the slower axes are transformed in place in it.
  void backward_unnormalised(double* in, double* out) const;
  /// Normalised backward transform (an extra pass; steppers fold normalisation() into their
  /// symbols and call backward_unnormalised instead).
  void backward(double* in, double* out) const;

  /// 1 / product of per-axis factors (n for a periodic axis, 2 n for a no-flux axis).
  [[nodiscard]] double normalisation() const noexcept { return normalisation_; }
  [[nodiscard]] const Grid& grid() const noexcept { return grid_; }
  [[nodiscard]] const AxisBoundaries& boundaries() const noexcept { return boundaries_; }
  /// Doubles of a real (grid-layout) array.
  [[nodiscard]] std::size_t size() const noexcept { return grid_.size(); }
  /// Doubles of a spectral array (padded layout, see the file comment).
  [[nodiscard]] std::size_t spectral_size() const noexcept { return spectral_size_; }

  /// Per mode (spectral layout, spectral_size() entries): |k|^2 of the continuous eigenfunction,
  /// so -k^2 is the exact (spectral) Laplacian symbol. 1/m^2.
  [[nodiscard]] const double* k_squared() const noexcept { return k_squared_.data(); }
  /// Per mode: symbol of the second-order finite-volume Laplacian (periodic or zero-flux faces),
  /// sum over axes of (4/d^2) sin^2(theta/2). The same basis diagonalises it, so steppers whose
  /// explicit part uses finite-volume fluxes take their implicit part from this symbol.
  [[nodiscard]] const double* k_squared_fd() const noexcept { return k_squared_fd_.data(); }
  /// Parseval weights: sum over cells of a*b = sum over modes of w * A * B (A, B unnormalised).
  [[nodiscard]] const double* parseval_weight() const noexcept { return parseval_weight_.data(); }

  /// sum over cells of |grad u|^2 * cell volume, from the unnormalised transform u_hat (spectral
  /// gradient, exact for the represented function). Used for gradient energies.
  [[nodiscard]] double gradient_norm_squared(const double* u_hat) const;
  /// The same with the finite-volume symbol: sum over faces of (difference / spacing)^2 times the
  /// cell volume, the gradient energy of the second-order finite-volume scheme.
  [[nodiscard]] double gradient_norm_squared_fd(const double* u_hat) const;

 private:
  void destroy_plans() noexcept;  // the caller holds the planner lock

  Grid grid_;
  AxisBoundaries boundaries_;
  double normalisation_ = 1.0;
  std::size_t spectral_size_ = 0;
  std::vector<fftw_plan> forward_plans_;   // x (real -> spectral), then the slower axes in place
  std::vector<fftw_plan> backward_plans_;  // slower axes in place, then x (spectral -> real)
  std::vector<double> k_squared_;
  std::vector<double> k_squared_fd_;
  std::vector<double> parseval_weight_;
};

}  // namespace voidsim
