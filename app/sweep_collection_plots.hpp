#pragma once
// Plots of `voidsim collect`: each numeric summary quantity against each numeric swept
// parameter, DIR/plots/<quantity>_vs_<parameter>.png. Replicates are drawn as points, the mean
// over the replicates of each parameter point as a line; with several swept parameters, one line
// per combination of the other parameters (when there are few enough to tell apart).
#include <filesystem>
#include <string>
#include <vector>

#include "postprocess/plot_rendering.hpp"
#include "sweep/sweep_collection.hpp"

namespace voidsim::app {

struct SweepPlot {
  std::string name;  // file stem: "<quantity>_vs_<parameter>", characters outside [A-Za-z0-9_-] -> '_'
  PlotSpec spec;
};

/// Most lines (combinations of the other swept parameters) one plot draws; beyond, the means are
/// drawn as unconnected markers.
inline constexpr std::size_t max_sweep_plot_lines = 6;

/// Summary columns not plotted: bookkeeping rather than results.
[[nodiscard]] bool is_plotted_quantity(const sweep::SummaryColumn& column);

/// One plot per (numeric summary quantity with at least one finite value, numeric swept
/// parameter). Rows without a finite value (failed, missing, null) are left out of the points.
[[nodiscard]] std::vector<SweepPlot> sweep_plots(const sweep::SweepSummary& summary);

/// Renders sweep_plots(summary) into `plots_dir` as PNG (atomically each) and removes
/// "*_vs_*.png" files there that this collection no longer produces. Returns the files written.
std::vector<std::filesystem::path> write_sweep_plots(const sweep::SweepSummary& summary,
                                                     const std::filesystem::path& plots_dir);

}  // namespace voidsim::app
