#pragma once
// Distances between two one-dimensional distributions (issue 6: measured vs simulated void sizes):
// the Kolmogorov-Smirnov statistic D = sup |F1 - F2| with its asymptotic p-value, and the
// Wasserstein-1 (earth mover's) distance W1 = integral |F1 - F2| dx, in the unit of x.
//
// A distribution is a list of samples (a step CDF) or a binned histogram. A histogram's counts are
// spread uniformly over their bins (a piecewise-linear CDF), which is what a histogram says about
// where its values lie; both distances are then exact for the two CDFs as given: between
// consecutive breakpoints (samples and bin edges of either) each CDF is constant or linear, so
// |F1 - F2| peaks at a breakpoint and its integral is that of a linear function.
#include <cstddef>
#include <optional>
#include <vector>

namespace voidsim {

class SizeDistribution {
 public:
  /// Samples (any order); each carries equal weight.
  [[nodiscard]] static SizeDistribution from_samples(std::vector<double> samples);
  /// Bins [low_i, high_i) with counts_i >= 0; bins must not overlap (any order).
  /// std::invalid_argument for overlapping or empty bins or mismatched lengths.
  [[nodiscard]] static SizeDistribution from_histogram(const std::vector<double>& low,
                                                       const std::vector<double>& high,
                                                       const std::vector<double>& counts);

  /// The part at or above `lower` (a detection limit applied to both sides of a comparison): samples
  /// below it dropped, a bin straddling it cut with its count in proportion.
  [[nodiscard]] SizeDistribution truncated_below(double lower) const;

  /// Number of values: the samples, or the total count of a histogram (what the KS p-value uses).
  [[nodiscard]] double size() const noexcept { return total_; }
  [[nodiscard]] bool empty() const noexcept { return !(total_ > 0.0); }
  [[nodiscard]] double mean() const;
  /// F(x) = P(X <= x), and its left limit P(X < x) when `left` is set.
  [[nodiscard]] double cdf(double x, bool left = false) const;
  /// The x where the CDF changes slope or jumps, ascending.
  [[nodiscard]] std::vector<double> breakpoints() const;

 private:
  struct Bin {
    double low, high, count;
  };
  std::vector<double> samples_;     // ascending
  std::vector<Bin> bins_;           // ascending, disjoint
  std::vector<double> bins_below_;  // count in bins before bin i
  double total_ = 0.0;
};

struct DistributionDistance {
  double ks_statistic = 0.0;    // D, 0..1
  double ks_p_value = 1.0;      // asymptotic, for sample sizes n1 and n2
  double wasserstein = 0.0;     // W1, in the unit of x
  double effective_size = 0.0;  // n1 n2 / (n1 + n2)
};

/// Both distances; nullopt when either distribution is empty.
[[nodiscard]] std::optional<DistributionDistance> distribution_distance(const SizeDistribution& a,
                                                                        const SizeDistribution& b);

/// Kolmogorov's limiting distribution: P(D > d) for the two-sample statistic with effective size
/// n_e, with Stephens' finite-size correction lambda = (sqrt(n_e) + 0.12 + 0.11 / sqrt(n_e)) d
/// (Numerical Recipes, 3rd ed., section 14.3.3).
[[nodiscard]] double kolmogorov_p_value(double d, double effective_size);

}  // namespace voidsim
