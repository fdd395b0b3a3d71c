#pragma once
// The point-by-point misfit of an ensemble of runs against measured values with uncertainties,
// shared by curves (vs time) and depth profiles (vs depth): at each point the ensemble mean is
// compared with the measurement, the ensemble's standard error added to the measured sigma in
// quadrature, z = (mean - measured) / sigma; normalised RMSE = sqrt(mean z^2), chi-square = sum z^2.
#include <cmath>
#include <cstddef>
#include <vector>

#include "validation/dataset_comparison.hpp"

namespace voidsim {

/// Adds one point (abscissa x: a time or a depth) with every run's value to `r`'s vectors and
/// returns its z^2.
inline double add_ensemble_point(CheckResult& r, double x, double measured, double sigma_measured,
                                 const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  double mean = 0.0;
  for (double v : values) mean += v / n;
  double var = 0.0;
  for (double v : values) var += (v - mean) * (v - mean);
  var = values.size() > 1 ? var / (n - 1.0) : 0.0;
  const double sigma = std::sqrt(sigma_measured * sigma_measured + var / n);
  const double z = (mean - measured) / sigma;
  r.abscissa.push_back(x);
  r.measured_values.push_back(measured);
  r.measured_uncertainty.push_back(sigma_measured);
  r.simulated_values.push_back(mean);
  r.simulated_spread.push_back(std::sqrt(var));
  return z * z;
}

/// Sets points, chi_square and normalised_rmse of `r` from the sum of z^2 over its points.
inline void finish_misfit(CheckResult& r, double sum_sq) {
  r.points = r.abscissa.size();
  if (r.points == 0) return;
  r.chi_square = sum_sq;
  r.normalised_rmse = std::sqrt(sum_sq / static_cast<double>(r.points));
}

}  // namespace voidsim
