#pragma once
// Voids as a projected (S)TEM image shows them (MODEL.md section 4: areal fraction "as seen in a
// projected image"). The beam runs along y through a lamella of thickness t; a column (x, z) holds
// a void path d(x, z) = dy * (void cells along y). HAADF contrast scales with the missing mass,
// d / t, so a column is visible when d / t >= contrast_threshold and d >= min_path_length. Visible
// columns form blobs (8-connected in the x-z image); two voids at different y that overlap in
// projection are one blob. In 2D the run is a cross-section taken as uniform along the beam (the
// 2D model's own assumption), so the image equals the section: every void cell is visible with
// contrast 1 and blob coalescence is the section's coalescence. See docs/projected-voids.md.
#include <cstddef>
#include <vector>

#include "core/grid.hpp"
#include "postprocess/void_statistics.hpp"

namespace voidsim {

struct ProjectionOptions {
  double lamella_thickness = 0.0;    // t, m; 0: the domain's extent along y (3D)
  double contrast_threshold = 0.05;  // a column is visible where d / t >= this ...
  double min_path_length = 2e-9;     // ... and d >= this, m (the ~2 nm nanopores are not voids)
};

struct ProjectedBlob {
  std::size_t n_pixels = 0;
  double area = 0.0;                 // m^2 in the x-z image
  double equivalent_diameter = 0.0;  // m, circle of equal area
  double min_depth = 0.0;            // m below the interface (z), shallowest pixel
  double max_depth = 0.0;            // m, deepest pixel
  double max_path_length = 0.0;      // m, longest void path d along the beam within the blob
};

struct ProjectedVoids {
  std::vector<ProjectedBlob> blobs;  // sorted by decreasing area; blobs under min_cells pixels dropped
  double area_fraction = 0.0;        // visible columns / cathode columns (all visible columns)
  double mean_diameter = 0.0;        // m, mean equivalent diameter of the blobs (0 if none)
  double front_depth = 0.0;          // m, bottom of the deepest blob (0 if none)
  double lamella_thickness = 0.0;    // m, the t used for the contrast
  std::vector<double> path_length;   // d per column, m, image order k * nx + i
  std::vector<int> labels;           // blob label per column (0: not visible), before the size cut
};

/// The x-z image grid of a projection: nx x nz pixels of dx x dz, two-dimensional.
[[nodiscard]] Grid projection_image_grid(const Grid& grid);

/// Projects eta > voids.threshold along y and labels the visible blobs. voids.periodic_x wraps
/// blobs around x, voids.min_cells is the smallest blob in pixels, voids.cathode_mask (if set)
/// restricts both voids and the cathode section. A t below the domain's y extent projects the
/// central t of the domain; a t above it adds void-free material (lower contrast).
[[nodiscard]] ProjectedVoids project_voids(const Grid& grid, const double* eta,
                                           const VoidStatisticsOptions& voids,
                                           const ProjectionOptions& projection);

}  // namespace voidsim
