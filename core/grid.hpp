#pragma once
// Regular Cartesian grid of the simulation domain. 2D runs are cross-sections with x along the
// LiPON interface and z into the cathode (z = 0 at the interface); 3D adds y along the beam.
// Storage order is C (row-major) with z slowest: index = (k * ny + j) * nx + i.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace voidsim {

struct Grid {
  int dimension = 2;  // 2 or 3
  std::size_t nx = 1, ny = 1, nz = 1;
  double dx = 1e-9, dy = 1e-9, dz = 1e-9;  // cell size, m
  double z0 = 0.0;                         // depth of the first cell's lower face, m

  [[nodiscard]] std::size_t size() const noexcept { return nx * ny * nz; }
  [[nodiscard]] std::size_t index(std::size_t i, std::size_t j, std::size_t k) const noexcept {
    return (k * ny + j) * nx + i;
  }
  /// Array shape in storage order, slowest first: {nz, nx} in 2D, {nz, ny, nx} in 3D.
  [[nodiscard]] std::vector<std::size_t> shape() const {
    return dimension == 2 ? std::vector<std::size_t>{nz, nx} : std::vector<std::size_t>{nz, ny, nx};
  }
  /// openPMD axisLabels in the same order as shape().
  [[nodiscard]] std::vector<std::string> axis_labels() const {
    return dimension == 2 ? std::vector<std::string>{"z", "x"} : std::vector<std::string>{"z", "y", "x"};
  }
  [[nodiscard]] std::vector<double> spacing() const {
    return dimension == 2 ? std::vector<double>{dz, dx} : std::vector<double>{dz, dy, dx};
  }
  [[nodiscard]] std::vector<double> offset() const {
    return dimension == 2 ? std::vector<double>{z0, 0.0} : std::vector<double>{z0, 0.0, 0.0};
  }
  [[nodiscard]] double cell_volume() const noexcept { return dx * dz * (dimension == 3 ? dy : 1.0); }
};

}  // namespace voidsim
