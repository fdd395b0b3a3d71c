#pragma once
// One output frame of a run as the microscope sees it: its composition fields read from result.h5
// and projected through the lamella (postprocess/lamella_projection). Shared by `voidsim image`
// and the end-state checks of `voidsim validate` (app/run_end_state).
#include <map>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "io/result_reader.hpp"
#include "postprocess/lamella_projection.hpp"

namespace voidsim::app {

/// The specimen fields of `frame` that exist (void order parameter, Li, vacancies, O deficiency,
/// Mn valence, spinel and rock-salt fractions, cation mixing, the run observer's nanopore mask),
/// by name; `grid` is set to the frame's. IoError when a field has another grid or the void
/// order parameter is missing.
[[nodiscard]] std::map<std::string, std::vector<double>> read_frame_fields(const io::ResultReader& reader,
                                                                           const io::ResultFrame& frame,
                                                                           Grid& grid);

/// Fields read by read_frame_fields projected through `lamella`.
[[nodiscard]] ProjectedSpecimen project_fields(const Grid& grid,
                                               const std::map<std::string, std::vector<double>>& fields,
                                               const LamellaOptions& lamella);

/// A field of `fields` by name, null when the frame does not have it.
[[nodiscard]] const double* field_or_null(const std::map<std::string, std::vector<double>>& fields,
                                          const std::string& name);

/// The frame projected through `lamella` (sets `grid`).
[[nodiscard]] ProjectedSpecimen project_frame(const io::ResultReader& reader, const io::ResultFrame& frame,
                                              const LamellaOptions& lamella, Grid& grid);

/// The lamella thickness a run is imaged through when no option says: run.lamella_thickness of
/// its scenario, else 60 nm in 2D (the paper's 50-100 nm FIB lamellae) or the y extent in 3D.
[[nodiscard]] double run_lamella_thickness(const io::ResultReader& reader, const Grid& grid);

}  // namespace voidsim::app
