#pragma once
// Void statistics of one state: voids are connected regions where the void order parameter
// exceeds a threshold (eta > 0.5 by default). This is the porosity output of MODEL.md section 4:
// volume fraction, areal fraction as seen in a projected image, count, equivalent diameters,
// depth of the deepest void, and a porosity profile vs depth.
#include <cstddef>
#include <vector>

#include "core/grid.hpp"

namespace voidsim {

struct VoidObject {
  std::size_t n_cells = 0;
  double volume = 0.0;               // m^3 in 3D, m^2 (area in the cross-section) in 2D
  double equivalent_diameter = 0.0;  // m: circle of equal area (2D) or sphere of equal volume (3D)
  double min_depth = 0.0;            // m, shallowest point below the interface
  double max_depth = 0.0;            // m, deepest point below the interface
  double centroid_depth = 0.0;       // m
};

struct VoidStatistics {
  std::vector<VoidObject> voids;         // sorted by decreasing size
  double volume_fraction = 0.0;          // void cells / cathode cells
  double area_fraction = 0.0;            // projected along the beam (y): void columns / cathode columns
  double mean_diameter = 0.0;            // m, mean equivalent diameter (0 if no void)
  double front_depth = 0.0;              // m, depth of the deepest void cell (0 if no void)
  std::vector<double> porosity_profile;  // void fraction per z row (depth bin = one cell)
};

struct VoidStatisticsOptions {
  double threshold = 0.5;                // eta above this is void
  std::size_t min_cells = 1;             // smaller objects are noise, not voids
  bool periodic_x = true;                // voids wrap around the lateral boundary
  const double* cathode_mask = nullptr;  // optional: 1 inside the cathode, 0 elsewhere; null: all cathode
};

/// Labels voids with face connectivity (4 in 2D, 6 in 3D), union-find, O(N).
[[nodiscard]] VoidStatistics compute_void_statistics(const Grid& grid, const double* eta,
                                                     const VoidStatisticsOptions& options = {});

/// Labels of the last call's objects are not kept; this returns them for counting merges:
/// label per cell (0 = solid, 1..n = void index + 1 in discovery order).
[[nodiscard]] std::vector<int> label_voids(const Grid& grid, const double* eta,
                                           const VoidStatisticsOptions& options);

/// The reconstructed layer's nanopores are not voids (postprocess/run_observer.hpp): sets eta to 0
/// in the cells of a frame's nanopore_mask field (1 in pore cells), as the run's own statistics
/// count them, so a reader of result.h5 measures what porosity.csv measured.
void clear_nanopore_cells(std::vector<double>& eta, const std::vector<double>& nanopore_mask);

}  // namespace voidsim
