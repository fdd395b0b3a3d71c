#pragma once
// What a validation compares from a run directory (the run contract, docs/output-format.md):
// porosity.csv (one row per output) and summary.json (event times, the particle depth), in SI.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "validation/measured_dataset.hpp"

namespace voidsim {

struct RunRecord {
  std::filesystem::path directory;
  std::vector<double> time;  // s, every output
  std::vector<double> void_count, void_area_fraction, mean_void_diameter, front_depth, current,
      li_extracted_fraction;           // SI, per output (front_depth_fraction is derived)
  std::optional<double> domain_depth;  // m, cathode depth along z
  std::optional<double> void_onset_time, coalescence_time, projected_coalescence_time;  // s
  long long seed = 0;

  /// The values of a series quantity at every output (SI). logic_error for an event quantity.
  [[nodiscard]] std::vector<double> series(ObservedQuantity quantity) const;
  /// The time of an event quantity, nullopt when it did not happen. logic_error for a series.
  [[nodiscard]] std::optional<double> event(ObservedQuantity quantity) const;
};

/// Reads porosity.csv and summary.json of `run_dir`. IoError (naming the file) when either is
/// missing or malformed, or porosity.csv lacks a column the comparison needs.
[[nodiscard]] RunRecord read_run_record(const std::filesystem::path& run_dir);

}  // namespace voidsim
