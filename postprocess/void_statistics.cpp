#include "postprocess/void_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "postprocess/connected_components.hpp"

namespace voidsim {

namespace {

bool in_cathode(const VoidStatisticsOptions& options, std::size_t c) {
  return options.cathode_mask == nullptr || options.cathode_mask[c] > 0.5;
}

}  // namespace

std::vector<int> label_voids(const Grid& grid, const double* eta, const VoidStatisticsOptions& options) {
  std::vector<unsigned char> void_cell(grid.size(), 0);
  for (std::size_t c = 0; c < grid.size(); ++c)
    void_cell[c] = eta[c] > options.threshold && in_cathode(options, c) ? 1 : 0;
  return label_components(grid, void_cell, options.periodic_x, Connectivity::faces);
}

VoidStatistics compute_void_statistics(const Grid& grid, const double* eta,
                                       const VoidStatisticsOptions& options) {
  const std::vector<int> label = label_voids(grid, eta, options);
  const int n_labels = label.empty() ? 0 : *std::max_element(label.begin(), label.end());
  std::vector<VoidObject> objects(static_cast<std::size_t>(n_labels));
  std::vector<double> depth_sum(objects.size(), 0.0);
  for (auto& o : objects) o.min_depth = 1e300;

  VoidStatistics stats;
  stats.porosity_profile.assign(grid.nz, 0.0);
  std::vector<std::size_t> cathode_per_row(grid.nz, 0);
  std::size_t n_cathode = 0, n_void = 0, n_columns = 0, n_void_columns = 0;
  for (std::size_t k = 0; k < grid.nz; ++k) {
    const double depth = grid.z0 + (static_cast<double>(k) + 0.5) * grid.dz;
    for (std::size_t i = 0; i < grid.nx; ++i) {
      bool column_cathode = false, column_void = false;
      for (std::size_t j = 0; j < grid.ny; ++j) {
        const std::size_t c = grid.index(i, j, k);
        if (!in_cathode(options, c)) continue;
        column_cathode = true;
        ++n_cathode;
        ++cathode_per_row[k];
        if (label[c] == 0) continue;
        column_void = true;
        ++n_void;
        stats.porosity_profile[k] += 1.0;
        auto& o = objects[static_cast<std::size_t>(label[c] - 1)];
        ++o.n_cells;
        o.min_depth = std::min(o.min_depth, depth);
        o.max_depth = std::max(o.max_depth, depth);
        depth_sum[static_cast<std::size_t>(label[c] - 1)] += depth;
      }
      n_columns += column_cathode ? 1 : 0;
      n_void_columns += column_void ? 1 : 0;
    }
    if (cathode_per_row[k] > 0) stats.porosity_profile[k] /= static_cast<double>(cathode_per_row[k]);
  }
  stats.volume_fraction = n_cathode > 0 ? static_cast<double>(n_void) / static_cast<double>(n_cathode) : 0.0;
  stats.area_fraction =
      n_columns > 0 ? static_cast<double>(n_void_columns) / static_cast<double>(n_columns) : 0.0;

  const double cell = grid.cell_volume();
  for (std::size_t v = 0; v < objects.size(); ++v) {
    auto& o = objects[v];
    o.volume = static_cast<double>(o.n_cells) * cell;
    o.centroid_depth = o.n_cells > 0 ? depth_sum[v] / static_cast<double>(o.n_cells) : 0.0;
    o.equivalent_diameter = grid.dimension == 2 ? 2.0 * std::sqrt(o.volume / std::numbers::pi)
                                                : std::cbrt(6.0 * o.volume / std::numbers::pi);
  }
  std::erase_if(objects, [&](const VoidObject& o) { return o.n_cells < options.min_cells; });
  std::sort(objects.begin(), objects.end(),
            [](const VoidObject& a, const VoidObject& b) { return a.n_cells > b.n_cells; });
  double diameter_sum = 0.0;
  for (const auto& o : objects) {
    diameter_sum += o.equivalent_diameter;
    stats.front_depth = std::max(stats.front_depth, o.max_depth);
  }
  stats.mean_diameter = objects.empty() ? 0.0 : diameter_sum / static_cast<double>(objects.size());
  stats.voids = std::move(objects);
  return stats;
}

void clear_nanopore_cells(std::vector<double>& eta, const std::vector<double>& nanopore_mask) {
  if (nanopore_mask.size() != eta.size())
    throw std::invalid_argument("clear_nanopore_cells: the mask and the field differ in size");
  for (std::size_t c = 0; c < eta.size(); ++c)
    if (nanopore_mask[c] > 0.5) eta[c] = 0.0;
}

}  // namespace voidsim
