#include "postprocess/micrograph_background.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace voidsim {

namespace {

struct TileEstimate {
  double level = 0.0;
  double noise = 0.0;
};

double median_of(std::vector<float>& values) {
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

// Sigma-clipped median and MAD of one tile's values (the vector is reordered and shrunk).
TileEstimate clipped_statistics(std::vector<float>& values, std::vector<float>& scratch) {
  TileEstimate estimate;
  for (int pass = 0; pass < 8 && !values.empty(); ++pass) {
    const double median = median_of(values);
    scratch.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
      scratch[i] = static_cast<float>(std::abs(values[i] - median));
    const double sigma = 1.4826 * median_of(scratch);
    estimate = {median, sigma};
    const std::size_t before = values.size();
    std::erase_if(values, [&](float v) { return v < median - 2.5 * sigma || v > median + 3.0 * sigma; });
    if (values.size() == before || sigma == 0.0) break;
  }
  return estimate;
}

// Linear interpolation weight between tile centres along one axis: position p (pixel centre),
// centres c_i = (i + 0.5) * extent / n. Returns the lower index and the weight of the upper one,
// which leaves [0, 1] beyond the outer centres (linear extrapolation).
void axis_weights(double p, std::size_t n, double extent, std::size_t& i0, double& t) {
  if (n == 1) {
    i0 = 0;
    t = 0.0;
    return;
  }
  const double spacing = extent / double(n);
  const double u = p / spacing - 0.5;  // tile-centre coordinate
  const auto lower = static_cast<std::ptrdiff_t>(std::floor(u));
  i0 = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(lower, 0, std::ptrdiff_t(n) - 2));
  t = u - double(i0);
}

// Bilinear interpolation of one tile quantity to every pixel (linear extrapolation at the edges).
void interpolate_tiles(const std::vector<TileEstimate>& tiles, std::size_t nx, std::size_t ny,
                       double TileEstimate::*member, Image& out) {
  const std::size_t width = out.width, height = out.height;
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < std::ptrdiff_t(height); ++r) {
    std::size_t iy = 0;
    double ty = 0.0;
    axis_weights(double(r) + 0.5, ny, double(height), iy, ty);
    const std::size_t iy1 = std::min(iy + 1, ny - 1);
    for (std::size_t c = 0; c < width; ++c) {
      std::size_t ix = 0;
      double tx = 0.0;
      axis_weights(double(c) + 0.5, nx, double(width), ix, tx);
      const std::size_t ix1 = std::min(ix + 1, nx - 1);
      const double top = (1 - tx) * tiles[iy * nx + ix].*member + tx * tiles[iy * nx + ix1].*member;
      const double bottom = (1 - tx) * tiles[iy1 * nx + ix].*member + tx * tiles[iy1 * nx + ix1].*member;
      out.at(std::size_t(r), c) = static_cast<float>((1 - ty) * top + ty * bottom);
    }
  }
}

// Clipped statistics of (image - reference) in every tile; reference may be empty (zero).
std::vector<TileEstimate> tile_statistics(const Image& image, const Image* reference, std::size_t nx,
                                          std::size_t ny) {
  const std::size_t width = image.width, height = image.height;
  std::vector<TileEstimate> tiles(nx * ny);
  // One tile per iteration: a few dozen to a few hundred tiles, each sorting its own pixels.
#pragma omp parallel
  {
    std::vector<float> values, scratch;
#pragma omp for schedule(dynamic)
    for (std::ptrdiff_t t = 0; t < std::ptrdiff_t(nx * ny); ++t) {
      const std::size_t tx = std::size_t(t) % nx, ty = std::size_t(t) / nx;
      const std::size_t c0 = tx * width / nx, c1 = (tx + 1) * width / nx;
      const std::size_t r0 = ty * height / ny, r1 = (ty + 1) * height / ny;
      // At most ~4096 samples per tile: neighbours in a smoothed image are strongly correlated,
      // so a regular sub-grid loses little precision and saves most of the sorting.
      const auto stride = static_cast<std::size_t>(
          std::max(1.0, std::floor(std::sqrt(double((r1 - r0) * (c1 - c0)) / 4096.0))));
      values.clear();
      for (std::size_t r = r0; r < r1; r += stride) {
        for (std::size_t c = c0; c < c1; c += stride) {
          const float v = image.at(r, c) - (reference != nullptr ? reference->at(r, c) : 0.0f);
          if (std::isfinite(v)) values.push_back(v);
        }
      }
      tiles[std::size_t(t)] = clipped_statistics(values, scratch);
    }
  }
  return tiles;
}

}  // namespace

BackgroundMaps estimate_background(const Image& image, double tile_px) {
  BackgroundMaps maps;
  const std::size_t width = image.width, height = image.height;
  const double tile = std::max(tile_px, 1.0);
  maps.n_tiles_x = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(double(width) / tile)));
  maps.n_tiles_y = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(double(height) / tile)));
  const std::size_t nx = maps.n_tiles_x, ny = maps.n_tiles_y;
  maps.background = Image(width, height, image.pixel_size);
  maps.noise = Image(width, height, image.pixel_size);

  // Pass 1 on the raw values. A gradient inside a tile widens its spread, which both inflates
  // the noise and weakens the clipping of voids; passes 2-3 repeat the statistics on the
  // residual about the interpolated background, where only noise and voids remain.
  std::vector<TileEstimate> tiles = tile_statistics(image, nullptr, nx, ny);
  interpolate_tiles(tiles, nx, ny, &TileEstimate::level, maps.background);
  for (int pass = 0; pass < 2; ++pass) {
    const std::vector<TileEstimate> residual = tile_statistics(image, &maps.background, nx, ny);
    for (std::size_t t = 0; t < tiles.size(); ++t) {
      tiles[t].level += residual[t].level;
      tiles[t].noise = residual[t].noise;
    }
    interpolate_tiles(tiles, nx, ny, &TileEstimate::level, maps.background);
  }
  interpolate_tiles(tiles, nx, ny, &TileEstimate::noise, maps.noise);
  for (float& s : maps.noise.pixels) s = std::max(s, 0.0f);
  return maps;
}

std::vector<double> robust_row_levels(const Image& image) {
  std::vector<double> levels(image.height, 0.0);
#pragma omp parallel
  {
    std::vector<float> values, scratch;
#pragma omp for schedule(static)
    for (std::ptrdiff_t r = 0; r < std::ptrdiff_t(image.height); ++r) {
      values.clear();
      for (std::size_t c = 0; c < image.width; ++c)
        if (std::isfinite(image.at(std::size_t(r), c))) values.push_back(image.at(std::size_t(r), c));
      levels[std::size_t(r)] = clipped_statistics(values, scratch).level;
    }
  }
  return levels;
}

}  // namespace voidsim
