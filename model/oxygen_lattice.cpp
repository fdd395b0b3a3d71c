#include "model/oxygen_lattice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace voidsim {

namespace {

const double sqrt3 = std::sqrt(3.0);

std::size_t rows_in(double length, double row_spacing) {
  return std::max<std::size_t>(2, static_cast<std::size_t>(std::llround(length / row_spacing)));
}

// In-plane neighbours of (m, j) in a checkerboard triangular layer: rows j +- 1 hold the sites at
// i +- 1, which are m - 1 and m for an even row and m and m + 1 for an odd one.
inline std::ptrdiff_t diagonal_shift(std::size_t j) { return (j % 2 == 0) ? -1 : 0; }

}  // namespace

OxygenLattice::OxygenLattice(const Grid& grid, double spacing, bool periodic_lateral)
    : dimension_(grid.dimension), a_(spacing), periodic_(periodic_lateral) {
  if (!(spacing > 0.0)) throw std::invalid_argument("OxygenLattice: spacing must be positive");
  const double h = a_ * sqrt3 / 2.0;  // row spacing within a close-packed plane
  mx_ = rows_in(static_cast<double>(grid.nx) * grid.dx, a_);
  if (dimension_ == 2) {
    ny_ = 1;
    nz_ = rows_in(static_cast<double>(grid.nz) * grid.dz, h);
  } else {
    // Rows per layer even, so the checkerboard is periodic along y.
    ny_ = rows_in(static_cast<double>(grid.ny) * grid.dy, h);
    ny_ += ny_ % 2;
    nz_ = rows_in(static_cast<double>(grid.nz) * grid.dz, a_ * std::sqrt(2.0 / 3.0));
  }
  n_sites_ = mx_ * ny_ * nz_;
  if (n_sites_ >= (std::size_t{1} << 32))
    throw std::invalid_argument("OxygenLattice: more than 2^32 sites (32-bit site indices)");
}

double OxygenLattice::length_x() const noexcept { return static_cast<double>(mx_) * a_; }
double OxygenLattice::length_y() const noexcept {
  const double h = a_ * sqrt3 / 2.0;
  return dimension_ == 2 ? h : static_cast<double>(ny_) * h;
}
double OxygenLattice::length_z() const noexcept {
  const double d = dimension_ == 2 ? a_ * sqrt3 / 2.0 : a_ * std::sqrt(2.0 / 3.0);
  return static_cast<double>(nz_) * d;
}

double OxygenLattice::site_measure() const noexcept {
  const double area = a_ * a_ * sqrt3 / 2.0;  // per site of a triangular layer
  return dimension_ == 2 ? area : area * a_ * std::sqrt(2.0 / 3.0);
}

int OxygenLattice::neighbours(std::size_t site, std::uint32_t* out) const noexcept {
  const auto mx = static_cast<std::ptrdiff_t>(mx_);
  int n = 0;
  // Appends site (m, row) of layer `k` if it exists; m may be -1 or mx (wrapped when periodic).
  auto add = [&](std::ptrdiff_t m, std::size_t row, std::size_t k) {
    if (m < 0 || m >= mx) {
      if (!periodic_) return;
      m = (m + mx) % mx;
    }
    out[n++] = static_cast<std::uint32_t>((k * ny_ + row) * mx_ + static_cast<std::size_t>(m));
  };
  const auto m = static_cast<std::ptrdiff_t>(site % mx_);
  if (dimension_ == 2) {
    // Rows along z: row k's neighbours are m +- 1 in the row and two sites in rows k +- 1.
    const std::size_t k = site / mx_;
    const std::ptrdiff_t s = diagonal_shift(k);
    add(m - 1, 0, k);
    add(m + 1, 0, k);
    if (k > 0) {
      add(m + s, 0, k - 1);
      add(m + s + 1, 0, k - 1);
    }
    if (k + 1 < nz_) {
      add(m + s, 0, k + 1);
      add(m + s + 1, 0, k + 1);
    }
    return n;
  }
  const std::size_t j = (site / mx_) % ny_;
  const std::size_t k = site / (mx_ * ny_);
  const std::size_t j_minus = (j + ny_ - 1) % ny_, j_plus = (j + 1) % ny_;  // ny even: periodic in y
  const std::ptrdiff_t s = diagonal_shift(j);
  // In-plane: six neighbours. Walls in y are not supported (y is the beam direction, periodic).
  add(m - 1, j, k);
  add(m + 1, j, k);
  add(m + s, j_minus, k);
  add(m + s + 1, j_minus, k);
  add(m + s, j_plus, k);
  add(m + s + 1, j_plus, k);
  // Layer k + 1 sits shifted by (a/2, h/3): its sites above this one are (i, j), (i - 2, j) and
  // (i - 1, j - 1) in its own indices; layer k - 1 holds (i, j), (i + 2, j) and (i + 1, j + 1).
  if (k + 1 < nz_) {
    add(m, j, k + 1);
    add(m - 1, j, k + 1);
    add(m + s, j_minus, k + 1);
  }
  if (k > 0) {
    add(m, j, k - 1);
    add(m + 1, j, k - 1);
    add(m + s + 1, j_plus, k - 1);
  }
  return n;
}

std::array<double, 3> OxygenLattice::position(std::size_t site) const noexcept {
  const double h = a_ * sqrt3 / 2.0;
  const auto m = static_cast<double>(site % mx_);
  if (dimension_ == 2) {
    const std::size_t k = site / mx_;
    const double x = (m + 0.5 * static_cast<double>(k % 2) + 0.25) * a_;
    return {x, 0.0, (static_cast<double>(k) + 0.5) * h};
  }
  const std::size_t j = (site / mx_) % ny_;
  const std::size_t k = site / (mx_ * ny_);
  const double lx = length_x(), ly = length_y();
  double x = (m + 0.5 * static_cast<double>(j % 2) + 0.5 * static_cast<double>(k) + 0.25) * a_;
  double y = (static_cast<double>(j) + static_cast<double>(k) / 3.0 + 0.25) * h;
  x = std::fmod(x, lx);
  y = std::fmod(y, ly);
  return {x, y, (static_cast<double>(k) + 0.5) * a_ * std::sqrt(2.0 / 3.0)};
}

std::size_t OxygenLattice::cell_of(std::size_t site, const Grid& grid) const noexcept {
  const auto p = position(site);
  // The lattice box is the grid box up to rounding: scale positions onto the grid.
  auto index = [](double value, double lattice_length, std::size_t n) {
    const auto i = static_cast<std::size_t>(value / lattice_length * static_cast<double>(n));
    return std::min(i, n - 1);
  };
  const std::size_t i = index(p[0], length_x(), grid.nx);
  const std::size_t k = index(p[2], length_z(), grid.nz);
  const std::size_t j = dimension_ == 3 ? index(p[1], length_y(), grid.ny) : 0;
  return grid.index(i, j, k);
}

}  // namespace voidsim
