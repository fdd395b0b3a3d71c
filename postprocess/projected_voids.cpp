#include "postprocess/projected_voids.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "postprocess/connected_components.hpp"

namespace voidsim {

Grid projection_image_grid(const Grid& grid) {
  Grid image = grid;
  image.dimension = 2;
  image.ny = 1;
  return image;
}

ProjectedVoids project_voids(const Grid& grid, const double* eta, const VoidStatisticsOptions& voids,
                             const ProjectionOptions& projection) {
  const Grid image = projection_image_grid(grid);
  const std::size_t n_pixels = image.size();
  const bool three_d = grid.dimension == 3;

  // The slab of y rows inside the lamella, and the thickness t of the contrast.
  const double extent = three_d ? static_cast<double>(grid.ny) * grid.dy : 0.0;
  double t = projection.lamella_thickness > 0.0 ? projection.lamella_thickness : extent;
  std::size_t j_begin = 0, j_end = grid.ny;
  if (three_d && t < extent) {
    const auto rows = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(t / grid.dy)), 1, grid.ny);
    j_begin = (grid.ny - rows) / 2;
    j_end = j_begin + rows;
  }

  std::vector<std::size_t> void_count(n_pixels, 0);
  std::vector<unsigned char> cathode(n_pixels, 0);
  for (std::size_t k = 0; k < grid.nz; ++k)
    for (std::size_t j = j_begin; j < j_end; ++j)
      for (std::size_t i = 0; i < grid.nx; ++i) {
        const std::size_t c = grid.index(i, j, k);
        if (voids.cathode_mask != nullptr && !(voids.cathode_mask[c] > 0.5)) continue;
        const std::size_t p = image.index(i, 0, k);
        cathode[p] = 1;
        if (eta[c] > voids.threshold) ++void_count[p];
      }

  ProjectedVoids result;
  result.path_length.assign(n_pixels, 0.0);
  std::vector<unsigned char> visible(n_pixels, 0);
  std::size_t n_cathode = 0, n_visible = 0;
  for (std::size_t p = 0; p < n_pixels; ++p) {
    n_cathode += cathode[p];
    if (void_count[p] == 0) continue;
    if (three_d) {
      const double d = static_cast<double>(void_count[p]) * grid.dy;
      result.path_length[p] = d;
      visible[p] = d >= projection.min_path_length && d >= projection.contrast_threshold * t ? 1 : 0;
    } else {
      // The section is uniform along the beam: d = t, contrast 1, always visible.
      result.path_length[p] = t;
      visible[p] = 1;
    }
    n_visible += visible[p];
  }
  result.lamella_thickness = t;
  result.area_fraction =
      n_cathode > 0 ? static_cast<double>(n_visible) / static_cast<double>(n_cathode) : 0.0;
  result.labels = label_components(image, visible, voids.periodic_x, Connectivity::faces_and_xz_edges);

  const int n_labels =
      result.labels.empty() ? 0 : *std::max_element(result.labels.begin(), result.labels.end());
  std::vector<ProjectedBlob> blobs(static_cast<std::size_t>(n_labels));
  for (auto& b : blobs) b.min_depth = 1e300;
  for (std::size_t k = 0; k < image.nz; ++k) {
    const double depth = image.z0 + (static_cast<double>(k) + 0.5) * image.dz;
    for (std::size_t i = 0; i < image.nx; ++i) {
      const std::size_t p = image.index(i, 0, k);
      if (result.labels[p] == 0) continue;
      auto& b = blobs[static_cast<std::size_t>(result.labels[p] - 1)];
      ++b.n_pixels;
      b.min_depth = std::min(b.min_depth, depth);
      b.max_depth = std::max(b.max_depth, depth);
      b.max_path_length = std::max(b.max_path_length, result.path_length[p]);
    }
  }
  for (auto& b : blobs) {
    b.area = static_cast<double>(b.n_pixels) * image.dx * image.dz;
    b.equivalent_diameter = 2.0 * std::sqrt(b.area / std::numbers::pi);
  }
  std::erase_if(blobs, [&](const ProjectedBlob& b) { return b.n_pixels < voids.min_cells; });
  std::sort(blobs.begin(), blobs.end(),
            [](const ProjectedBlob& a, const ProjectedBlob& b) { return a.n_pixels > b.n_pixels; });
  double diameter_sum = 0.0;
  for (const auto& b : blobs) {
    diameter_sum += b.equivalent_diameter;
    result.front_depth = std::max(result.front_depth, b.max_depth);
  }
  result.mean_diameter = blobs.empty() ? 0.0 : diameter_sum / static_cast<double>(blobs.size());
  result.blobs = std::move(blobs);
  return result;
}

}  // namespace voidsim
