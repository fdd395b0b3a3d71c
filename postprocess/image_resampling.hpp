#pragma once
// From the projected specimen (one value per cell column, cell size dx x dz) to square image
// pixels of a chosen size: bilinear interpolation between cell centres, edges clamped. At a pixel
// size equal to a square cell size the pixels are the cells.
#include <cstddef>
#include <vector>

#include "core/image.hpp"
#include "postprocess/lamella_projection.hpp"

namespace voidsim {

/// The pixel raster covering the specimen: width = round(nx dx / p), height = round(height dz / p),
/// pixel (row, col) centred at x = (col + 0.5) p, depth = top + (row + 0.5) p.
struct PixelGrid {
  std::size_t width = 0, height = 0;
  double pixel_size = 0.0;  // m
  double top = 0.0;         // m, depth of the upper edge of row 0
  [[nodiscard]] double row_depth(std::size_t row) const noexcept {
    return top + (static_cast<double>(row) + 0.5) * pixel_size;
  }
};

/// `pixel_size` 0 means the cell size dx.
[[nodiscard]] PixelGrid pixel_grid(const ProjectedSpecimen& specimen, double pixel_size);

/// Bilinear resampling of a specimen map (row-major, specimen.width x specimen.height).
[[nodiscard]] Image resample_bilinear(const ProjectedSpecimen& specimen, const std::vector<double>& map,
                                      const PixelGrid& pixels);

/// Nearest-cell resampling of the region map (which layer a pixel shows).
[[nodiscard]] std::vector<SpecimenRegion> resample_regions(const ProjectedSpecimen& specimen,
                                                           const PixelGrid& pixels);

}  // namespace voidsim
