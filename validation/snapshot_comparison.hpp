#pragma once
// Checks of a dataset's snapshot entries (issue 6): measured void sizes against the runs' voids at
// the same time (Kolmogorov-Smirnov and Wasserstein, validation/distribution_distance.hpp), and a
// measured depth profile of the void fraction against the runs' (normalised RMSE, chi-square), and
// a measured micrograph against the runs imaged and analysed the same way.
// The runs' snapshots (RunRecord::snapshots) must have been taken for the entries' times.
#include <vector>

#include "validation/dataset_comparison.hpp"
#include "validation/distribution_distance.hpp"

namespace voidsim {

/// An output is used for a snapshot time when it lies within this of it: max(1 s, 2 % of the time).
[[nodiscard]] double snapshot_time_tolerance(double time_s) noexcept;

/// The measured sizes of `m` as a distribution, cut at its min_diameter when given.
[[nodiscard]] SizeDistribution measured_distribution(const MeasuredSizeDistribution& m);

/// Pools the runs' diameters at the entry's time (truncated below min_diameter on both sides when
/// given) and passes when every criterion the entry gives holds.
[[nodiscard]] CheckResult compare_size_distribution(const MeasuredSizeDistribution& m,
                                                    const std::vector<RunRecord>& runs);

/// Each measured bin [depth - w/2, depth + w/2) against the ensemble mean of the runs' rows in it.
[[nodiscard]] CheckResult compare_depth_profile(const MeasuredDepthProfile& m,
                                                const std::vector<RunRecord>& runs);

/// Analyses the entry's measured image and compares it with every run's image of the entry
/// (RunRecord::micrographs, imaged by the caller): the runs' mean area fraction against the
/// measured one, the pooled void sizes against the measured sizes. The report's panels hold the
/// measured image and up to two runs' images with their detected voids.
[[nodiscard]] CheckResult compare_micrograph(const MeasuredMicrograph& m, const std::vector<RunRecord>& runs);

}  // namespace voidsim
