#pragma once
// The plots of a finished run directory (issue 5, "Plots"): porosity curve, current vs time,
// porosity depth profile and void size histogram as DIR/plots/<name>.png.
#include <filesystem>

#include "postprocess/run_plots.hpp"

namespace voidsim::app {

/// Depth bin of the porosity profile plot, nm.
inline constexpr double profile_bin_width_nm = 10.0;

/// Gathers the plot data of `run_dir`: the series from porosity.csv (series.csv in older runs),
/// and from the last iteration of result.h5 the void fraction per 10 nm depth bin and the void
/// diameters (postprocess/void_statistics.hpp with the run's void_threshold and min_void_cells from
/// the scenario stored in result.h5; defaults if it does not load). A missing result.h5 leaves the
/// profile and diameters empty (the plots say "no data"). Throws IoError if no series file exists
/// or a file is malformed.
[[nodiscard]] RunPlotData read_run_plot_data(const std::filesystem::path& run_dir);

/// read_run_plot_data + render_run_plots, written as run_dir/plots/<name>.png (atomically).
void write_run_plots(const std::filesystem::path& run_dir);

}  // namespace voidsim::app
