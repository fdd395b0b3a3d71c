#pragma once
// The lamella the microscope sees: the run's cathode cross-section projected along the beam (y)
// through the lamella thickness t, with the layers above the interface (LiPON, Au, Pt, vacuum)
// added as image rows above z = 0. A 2D run is extruded through t, each void with a stated depth
// along the beam (default: its in-plane equivalent diameter, capped at t); a 3D run is summed over
// the central t of its y extent. Result: per image column (x, z) the projected quantities every
// synthetic micrograph (HAADF, EELS, HRTEM) is computed from, on the cell grid.
#include <cstddef>
#include <vector>

#include "core/grid.hpp"
#include "postprocess/malis_mean_free_path.hpp"
#include "postprocess/specimen_composition.hpp"

namespace voidsim {

struct LamellaOptions {
  double thickness = 60e-9;     // t, m (run.lamella_thickness or the CLI; paper: 50-100 nm FIB lamella)
  double void_depth = 0.0;      // 2D: depth of every void along the beam, m; 0: its equivalent diameter
  double void_threshold = 0.5;  // eta above which a cell belongs to a void (the observer's threshold)
  // Layers above the cathode (distances from the interface upward).
  double electrolyte_thickness = 250e-9;  // LiPON (the paper's RF-sputtered film)
  double gold_thickness = 20e-9;          // Au top electrode, estimate (not stated in the paper)
  double platinum_thickness = 100e-9;     // Pt (FIB protection / contact), estimate
  double shown_above = 40e-9;             // height of the image above the interface, m
  double haadf_exponent = 1.7;            // n of Z^n (MODEL.md section 3: 1.7-2)
  EelsConditions eels;
};

enum class SpecimenRegion : unsigned char {
  cathode = 0,
  electrolyte = 1,
  gold = 2,
  platinum = 3,
  vacuum = 4
};

/// Projected maps on the image grid: `width` columns of dx (x) by `height` rows of dz, row 0 at
/// the top, `top` the depth of the top edge (negative: above the interface). Row-major vectors.
struct ProjectedSpecimen {
  std::size_t width = 0, height = 0;
  double dx = 0.0, dz = 0.0;
  double top = 0.0;                       // m, depth of the upper edge of row 0
  double interface = 0.0;                 // m, depth of the LiPON/cathode interface (z0 of the run)
  double thickness = 0.0;                 // t, m
  std::size_t rows_above = 0;             // rows above the interface
  std::vector<double> z_power;            // sum_i N_i Z_i^n along the beam, m^-2 (HAADF)
  std::vector<double> t_over_lambda;      // integral of ds / lambda(s) (EELS low loss)
  std::vector<double> oxygen;             // O atoms per m^2 (cathode and LiPON)
  std::vector<double> manganese;          // Mn atoms per m^2
  std::vector<double> solid_path;         // m of cathode solid along the beam (0 outside the cathode)
  std::vector<double> layered_path;       // m of layered cathode (solid x (1 - spinel - rock salt))
  std::vector<double> spinel_path;        // m
  std::vector<double> rock_salt_path;     // m
  std::vector<double> manganese_valence;  // Mn-weighted mean along the beam (4 where no Mn)
  std::vector<double> holes_per_oxygen;   // O-weighted mean of hybridisation_holes_per_oxygen
  std::vector<double> cation_mixing;      // solid-path-weighted mean
  std::vector<SpecimenRegion> region;
  double pristine_z_power = 0.0;  // z_power of dense pristine LNMO through t (detector scale)

  [[nodiscard]] std::size_t index(std::size_t row, std::size_t col) const noexcept {
    return row * width + col;
  }
  /// Depth of the centre of a row, m (negative above the interface).
  [[nodiscard]] double row_depth(std::size_t row) const noexcept {
    return top + (static_cast<double>(row) + 0.5) * dz;
  }
};

/// Equivalent depth along the beam of the void that cell c (2D) belongs to, as the extrusion uses
/// it: voids are labelled (eta > threshold, faces, periodic in x) and get min(depth option or
/// their equivalent diameter, t); cells of the diffuse rim take the depth of the nearest void core
/// within 3 cells, embryos without a core min(t, 2 dx).
[[nodiscard]] std::vector<double> extruded_void_depths(const Grid& grid, const double* eta,
                                                       const LamellaOptions& options);

/// Projects the specimen. `cells` from specimen_composition, `eta` the void order parameter.
[[nodiscard]] ProjectedSpecimen project_lamella(const Grid& grid, const std::vector<CellComposition>& cells,
                                                const double* eta, const LamellaOptions& options);

}  // namespace voidsim
