#pragma once
// Slowly varying background and noise level of a micrograph, estimated robustly in tiles so that
// dark objects (voids) do not pull the estimate down: the approach of SExtractor (Bertin &
// Arnouts 1996, A&AS 117, 393) used for sky backgrounds under stars. Each tile gives a
// sigma-clipped median (background) and MAD-based standard deviation (noise); the maps are the
// bilinear interpolation between tile centres, extrapolated linearly beyond the outer centres so
// a linear thickness gradient is reproduced exactly up to the image edges.
#include <cstddef>
#include <vector>

#include "core/image.hpp"

namespace voidsim {

struct BackgroundMaps {
  Image background;  // same size as the input
  Image noise;       // standard deviation of the input about the background, same units
  std::size_t n_tiles_x = 0, n_tiles_y = 0;
};

/// Tiles of about `tile_px` pixels (at least one per direction), each sampled on a regular
/// sub-grid of at most ~4096 pixels. Clipping per tile, repeated to
/// convergence (at most 8 passes): keep values within [median - 2.5 s, median + 3 s], s = 1.4826
/// MAD. The lower cut is tighter because the objects to reject are darker than the background.
[[nodiscard]] BackgroundMaps estimate_background(const Image& image, double tile_px);

/// Sigma-clipped median of every row (same clipping as the tiles): the depth-dependent level
/// left after the tile background, such as the blurred edge of the electrolyte band or a
/// surface layer of different contrast, which varies faster with depth than tiles resolve.
[[nodiscard]] std::vector<double> robust_row_levels(const Image& image);

}  // namespace voidsim
