#pragma once
// Observables of the pristine surface reconstruction layer (MODEL.md section 4; docs/
// surface-layer.md): depth profiles of O content, Mn valence and phase fractions, and the
// nanopore size and depth distribution. Pure functions of an engine's fields and grid.
#include <string>
#include <vector>

#include "postprocess/void_statistics.hpp"
#include "solvers/engine.hpp"

namespace voidsim {

/// A table with named columns and SI-unit texts (units "nm" where the name ends in _nm), one row
/// per entry; the run pipeline writes it with io::write_csv(path, io::SeriesTable{columns, units,
/// rows}).
struct SurfaceLayerTable {
  std::vector<std::string> columns;
  std::vector<std::string> units;
  std::vector<std::vector<double>> rows;
};

/// Depth profile, one row per z row of the grid, averaged laterally over the solid cells
/// (eta <= void_threshold): depth_nm (cell centre), oxygen_content (2 - d, O per formula unit),
/// oxygen_deficiency, manganese_valence, spinel_fraction, rock_salt_fraction, layered_fraction,
/// cation_mixing, and porosity (void cells of the row / all cells of the row). Fields the engine
/// does not have count as pristine (d = 0, Mn4+, layered); a row without solid cells gives NaN.
[[nodiscard]] SurfaceLayerTable surface_layer_profiles(const Engine& engine, double void_threshold = 0.5);

/// One row per nanopore (objects of `nanopores`, e.g. RunObserver::latest_nanopores() or
/// compute_void_statistics of an initial state): equivalent_diameter_nm, centroid_depth_nm,
/// min_depth_nm, max_depth_nm.
[[nodiscard]] SurfaceLayerTable nanopore_table(const VoidStatistics& nanopores);

/// Mean over the solid cells with depth in [depth_from, depth_to) of a field (nullptr: `absent`).
[[nodiscard]] double solid_mean(const Grid& grid, const double* field, const double* eta, double depth_from,
                                double depth_to, double absent = 0.0, double void_threshold = 0.5);

}  // namespace voidsim
