#pragma once
// Holding runs against a measured dataset (issue 6, `voidsim validate`): every observation of the
// chosen experiment checked against its window, every measured curve compared point by point
// (normalised RMSE and chi-square). How each check decides is in docs/validation-datasets.md.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "validation/measured_dataset.hpp"
#include "validation/run_record.hpp"

namespace voidsim {

struct CheckResult {
  std::string id;
  std::string kind;  // "observation", "time_series", "size_distribution" or "depth_profile"
  std::string quantity;
  std::string statement;  // the paper's words (observations; empty for measured tables)
  std::string source;
  bool required = true;
  bool applicable = true;  // false: about another engine's runs; neither passed nor failed
  bool passed = false;
  std::string expected;   // the window or criterion, with units
  std::string measured;   // the measured value, if the dataset gives one
  std::string simulated;  // what the run(s) gave, with units
  std::string detail;     // why it failed, or how it was evaluated
  std::size_t points = 0;
  std::optional<double> normalised_rmse, chi_square;
  // Curves and depth profiles: the comparison point by point. abscissa: times (s) of a curve, bin
  // centre depths (m) of a profile; values SI.
  std::vector<double> abscissa, measured_values, measured_uncertainty, simulated_values, simulated_spread;
  // Size distributions: the distances and the simulated diameters pooled over the runs (m).
  std::optional<double> ks_statistic, ks_p_value, wasserstein;
  std::vector<double> simulated_sample;
  // Micrographs: the measured and simulated images with their detected voids, for the report.
  struct Panel {
    std::string caption;
    RgbImage image;
  };
  std::vector<Panel> panels;
};

struct ValidationOutcome {
  std::string experiment;
  std::vector<CheckResult> checks;

  /// Every applicable required check passed (and at least one check applied).
  [[nodiscard]] bool passed() const;
  [[nodiscard]] std::vector<const CheckResult*> failed_required() const;
};

/// Checks `runs` (one run, or an ensemble of seeds of one scenario) against the entries of
/// `dataset` about `experiment`. An observation passes when it holds in every run; a curve is
/// compared with the ensemble mean, the ensemble's standard error added to the measurement's
/// uncertainty in quadrature. InputError (naming the dataset file) when the dataset has nothing
/// about `experiment`.
[[nodiscard]] ValidationOutcome compare_with_dataset(const MeasuredDataset& dataset,
                                                     const std::vector<RunRecord>& runs,
                                                     const std::string& experiment);

/// One observation against one run: passed and the simulated value or reason (for tests and the
/// report).
struct ObservationVerdict {
  bool passed = false;
  std::string simulated;
  std::string detail;
};
[[nodiscard]] ObservationVerdict check_observation(const Observation& observation, const RunRecord& run);

/// A value in the quantity's display unit, 4 significant digits: "263 s", "3.38 nm", "0.00974".
[[nodiscard]] std::string format_observed(ObservedQuantity quantity, double si_value);

/// Linear interpolation of (t, v) at time `at` (t increasing); nullopt outside [t.front(), t.back()].
[[nodiscard]] std::optional<double> interpolate_series(const std::vector<double>& t,
                                                       const std::vector<double>& v, double at);

}  // namespace voidsim
