#pragma once
// Plots of `voidsim validate` (issue 6): for every quantity the dataset checks, the run(s) against
// time with what was measured drawn over them: measured curves as points with one-sigma bars,
// observation windows as bounds over their time span, event windows as vertical lines.
#include <string>
#include <vector>

#include "postprocess/plot_rendering.hpp"
#include "validation/dataset_comparison.hpp"

namespace voidsim {

struct ValidationPlot {
  std::string name;  // file stem: the quantity ("void_area_fraction")
  std::string caption;
  PlotSpec spec;
};

/// One plot per series quantity named by the experiment's checks, plus one of the void count with
/// the event windows (onset, coalescence) when the experiment has event observations.
[[nodiscard]] std::vector<ValidationPlot> validation_plots(const MeasuredDataset& dataset,
                                                           const std::vector<RunRecord>& runs,
                                                           const ValidationOutcome& outcome);

}  // namespace voidsim
