#pragma once
// The close-packed oxygen sublattice of the layered oxide (MODEL.md "The KMC engine"), with the
// close-packed O layers parallel to the LiPON interface:
//   2D: a triangular lattice in the x-z cross-section (rows along x, 6 neighbours);
//   3D: triangular layers in x-y stacked ABC along z (fcc, 12 neighbours).
// Storage ("checkerboard"): a triangular layer is the set of points (i a/2, j h), h = a sqrt(3)/2,
// with i + j even; row j keeps only its m-th site i = (j mod 2) + 2 m, m = 0 .. mx - 1. Layer k of
// the 3D stack is shifted in-plane by k (a/2, h/3) (ABC stacking); layers are a sqrt(2/3) apart.
// Site index: 2D (row k along z) k * mx + m; 3D ((k * ny + j) * mx + m) with j the row in the layer.
// z (depth below the interface) grows with k; the first row/layer touches the interface (z = 0).
// Lateral directions are periodic or bounded by walls; z is never periodic.
#include <array>
#include <cstddef>
#include <cstdint>

#include "core/grid.hpp"

namespace voidsim {

class OxygenLattice {
 public:
  static constexpr int max_coordination = 12;

  /// A lattice filling the box of `grid` (its nx dx by ny dy by nz dz; 2D ignores y): site counts
  /// are rounded to the nearest whole number of rows, at least 2 per direction.
  OxygenLattice(const Grid& grid, double spacing, bool periodic_lateral);

  [[nodiscard]] int dimension() const noexcept { return dimension_; }
  [[nodiscard]] double spacing() const noexcept { return a_; }  // nearest-neighbour distance, m
  [[nodiscard]] std::size_t size() const noexcept { return n_sites_; }
  [[nodiscard]] int coordination() const noexcept { return dimension_ == 2 ? 6 : 12; }
  [[nodiscard]] bool periodic_lateral() const noexcept { return periodic_; }
  /// Sites per row (mx), rows per layer (ny, 1 in 2D), rows or layers along z (nz).
  [[nodiscard]] std::size_t mx() const noexcept { return mx_; }
  [[nodiscard]] std::size_t ny() const noexcept { return ny_; }
  [[nodiscard]] std::size_t nz() const noexcept { return nz_; }
  /// Lattice box lengths, m (periodic lengths where periodic).
  [[nodiscard]] double length_x() const noexcept;
  [[nodiscard]] double length_y()
      const noexcept;  // row spacing in 2D (a 2D site's depth along the beam is 0)
  [[nodiscard]] double length_z() const noexcept;
  /// Area (2D) or volume (3D) per site, m^2 or m^3.
  [[nodiscard]] double site_measure() const noexcept;

  /// Writes the neighbours of `site` into out[0 .. n-1] and returns n (= coordination() inside,
  /// fewer at a wall or at z = 0 and the bottom). The order is fixed for a given site.
  int neighbours(std::size_t site, std::uint32_t* out) const noexcept;

  /// Position of the site in m: {x, y, z}, z the depth below the interface, within the box.
  [[nodiscard]] std::array<double, 3> position(std::size_t site) const noexcept;
  /// Row (2D) or layer (3D) of the site along z: 0 at the interface.
  [[nodiscard]] std::size_t layer(std::size_t site) const noexcept { return site / (mx_ * ny_); }
  /// Index of the grid cell containing the site (grid as given to the constructor).
  [[nodiscard]] std::size_t cell_of(std::size_t site, const Grid& grid) const noexcept;

 private:
  int dimension_ = 2;
  double a_ = 0.0;
  bool periodic_ = true;
  std::size_t mx_ = 0, ny_ = 1, nz_ = 0, n_sites_ = 0;
};

}  // namespace voidsim
