#pragma once
// The standard plots of a run (issue 5, "Plots"): porosity curve, current vs time, porosity depth
// profile and void size histogram, rendered from plain numbers so this layer needs no file
// format; app/run_plots.cpp reads a run directory and writes them as plots/<name>.png.
#include <map>
#include <string>
#include <vector>

#include "core/image.hpp"

namespace voidsim {

struct RunPlotData {
  // The porosity curve (porosity.csv columns of the same names), one entry per output time.
  std::vector<double> time_s, void_area_fraction, current_A, front_depth_nm;
  // Void fraction of the cathode per depth bin at the last output: bin centres (equal widths) and
  // values (0..1).
  std::vector<double> profile_depth_nm, profile_area_fraction;
  // Equivalent diameters of the voids at the last output.
  std::vector<double> void_diameters_nm;
  std::string title;  // e.g. the run directory's name; prefixes every plot title
};

/// Renders the four plots, keyed by file stem: "porosity_curve", "current", "porosity_profile",
/// "size_histogram". Empty data gives empty axes with a "no voids" / "no data" note.
[[nodiscard]] std::map<std::string, RgbImage> render_run_plots(const RunPlotData& data);

/// Chooses a unit for currents of magnitude up to `max_abs_A`: the SI prefix that puts it in
/// [1, 1000). Returns the unit text ("pA", "nA", ...) and the factor from A to it.
struct ScaledUnit {
  std::string unit;
  double factor_from_si = 1.0;
};
[[nodiscard]] ScaledUnit current_unit(double max_abs_A);

}  // namespace voidsim
