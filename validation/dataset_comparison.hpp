#pragma once
// Holding runs against a measured dataset (issue 6, `voidsim validate`): every observation of the
// chosen experiment checked against its window, every measured curve compared point by point
// (normalised RMSE and chi-square). How each check decides is in docs/validation-datasets.md.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "validation/measured_dataset.hpp"
#include "validation/run_record.hpp"

namespace voidsim {

struct CheckResult {
  std::string id;
  std::string kind;  // "observation" or "time_series"
  std::string quantity;
  std::string statement;  // the paper's words, or the curve's source
  std::string source;
  bool required = true;
  bool passed = false;
  std::string expected;   // the window or criterion, with units
  std::string measured;   // the measured value, if the dataset gives one
  std::string simulated;  // what the run(s) gave, with units
  std::string detail;     // why it failed, or how it was evaluated
  // Curves only: the comparison at the measured times.
  std::size_t points = 0;
  std::optional<double> normalised_rmse, chi_square;
  std::vector<double> times, measured_values, measured_uncertainty, simulated_values, simulated_spread;  // SI
};

struct ValidationOutcome {
  std::string experiment;
  std::vector<CheckResult> checks;

  /// Every required check passed (and there was at least one check).
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
