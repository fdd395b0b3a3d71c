#include "postprocess/image_resampling.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace voidsim {

namespace {
// Continuous cell coordinate of a pixel centre: cell i has its centre at u = i.
inline double cell_coordinate(double position, double cell) { return position / cell - 0.5; }

inline double bilinear(const ProjectedSpecimen& s, const std::vector<double>& map, double u, double v) {
  const double uc = std::clamp(u, 0.0, static_cast<double>(s.width - 1));
  const double vc = std::clamp(v, 0.0, static_cast<double>(s.height - 1));
  const auto i0 = static_cast<std::size_t>(uc), j0 = static_cast<std::size_t>(vc);
  const std::size_t i1 = std::min(i0 + 1, s.width - 1), j1 = std::min(j0 + 1, s.height - 1);
  const double fu = uc - static_cast<double>(i0), fv = vc - static_cast<double>(j0);
  return (1 - fv) * ((1 - fu) * map[s.index(j0, i0)] + fu * map[s.index(j0, i1)]) +
         fv * ((1 - fu) * map[s.index(j1, i0)] + fu * map[s.index(j1, i1)]);
}
}  // namespace

PixelGrid pixel_grid(const ProjectedSpecimen& specimen, double pixel_size) {
  PixelGrid g;
  g.pixel_size = pixel_size > 0.0 ? pixel_size : specimen.dx;
  g.top = specimen.top;
  g.width =
      static_cast<std::size_t>(std::lround(static_cast<double>(specimen.width) * specimen.dx / g.pixel_size));
  g.height = static_cast<std::size_t>(
      std::lround(static_cast<double>(specimen.height) * specimen.dz / g.pixel_size));
  if (g.width == 0 || g.height == 0) {
    Diagnostic d;
    d.key = "pixel_size";
    d.message = "pixel size larger than the specimen";
    throw InputError(d);
  }
  return g;
}

Image resample_bilinear(const ProjectedSpecimen& specimen, const std::vector<double>& map,
                        const PixelGrid& pixels) {
  Image image(pixels.width, pixels.height, pixels.pixel_size);
  const auto n_rows = static_cast<std::ptrdiff_t>(pixels.height);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t rr = 0; rr < n_rows; ++rr) {
    const auto r = static_cast<std::size_t>(rr);
    const double v = cell_coordinate(pixels.row_depth(r) - specimen.top, specimen.dz);
    for (std::size_t c = 0; c < pixels.width; ++c) {
      const double u = cell_coordinate((static_cast<double>(c) + 0.5) * pixels.pixel_size, specimen.dx);
      image.at(r, c) = static_cast<float>(bilinear(specimen, map, u, v));
    }
  }
  return image;
}

std::vector<SpecimenRegion> resample_regions(const ProjectedSpecimen& specimen, const PixelGrid& pixels) {
  std::vector<SpecimenRegion> regions(pixels.width * pixels.height);
  for (std::size_t r = 0; r < pixels.height; ++r) {
    const double v = (pixels.row_depth(r) - specimen.top) / specimen.dz;
    const auto j = std::min(static_cast<std::size_t>(std::max(0.0, v)), specimen.height - 1);
    for (std::size_t c = 0; c < pixels.width; ++c) {
      const double u = (static_cast<double>(c) + 0.5) * pixels.pixel_size / specimen.dx;
      const auto i = std::min(static_cast<std::size_t>(std::max(0.0, u)), specimen.width - 1);
      regions[r * pixels.width + c] = specimen.region[specimen.index(j, i)];
    }
  }
  return regions;
}

}  // namespace voidsim
