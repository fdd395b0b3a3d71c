#pragma once
// Measured nanovoid statistics (issue 6): a YAML file (dataset.yaml) with CSV tables beside it,
// every number with its unit, uncertainty and provenance. The format and its meaning are in
// docs/validation-datasets.md; in short:
//
//   dataset:
//     name: li2022_nanolett
//     citation: "S. Li et al., Nano Lett. 22, 4905 (2022)"
//     default_experiment: insitu_biasing
//   observations:
//     - id: no_void_at_82s
//       experiment: insitu_biasing
//       statement: "uniform, well crystallised at 82 s"
//       source: "SI Video 1; Figure 3d"
//       quantity: void_count
//       at: 82 s
//       max: 0
//     - id: void_onset
//       quantity: void_onset_time
//       measured: 263 s
//       min: 200 s
//       max: 330 s
//   time_series:
//     - id: areal_fraction
//       quantity: void_area_fraction
//       file: areal_fraction.csv
//       columns: {time: time_s, value: area_fraction, uncertainty: sigma}
//       units: {time: s, value: "1"}
//       max_normalised_rmse: 2
//
// Reading collects every problem as a located Diagnostic (file:line:column and key; a CSV table
// by file and line) and throws them together as one InputError. Nothing is written.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/units.hpp"

namespace voidsim {

/// What an observation or a curve is about. Series quantities have a value at every output of a
/// run (porosity.csv); event quantities are one time per run (summary.json), absent when the
/// event never happened.
enum class ObservedQuantity {
  void_count,                  // series, 1
  void_area_fraction,          // series, 1 (of the section or projected image)
  mean_void_diameter,          // series, m (equivalent diameter)
  front_depth,                 // series, m (deepest void below the interface)
  front_depth_fraction,        // series, 1 (front depth / depth of the simulated particle)
  current,                     // series, A (terminal current)
  li_extracted_fraction,       // series, 1
  void_onset_time,             // event, s (first void at least run.onset_diameter across)
  coalescence_time,            // event, s (first merger of simulated voids)
  projected_coalescence_time,  // event, s (first merger in the projected image)
};

[[nodiscard]] const char* quantity_name(ObservedQuantity quantity) noexcept;
[[nodiscard]] bool is_event_quantity(ObservedQuantity quantity) noexcept;
/// SI dimension of the quantity's values (bounds and tables are parsed against it).
[[nodiscard]] Dimension quantity_dimension(ObservedQuantity quantity) noexcept;
/// Unit the reports print the quantity in ("s", "nm", "A", "" for plain numbers).
[[nodiscard]] const char* quantity_display_unit(ObservedQuantity quantity) noexcept;

enum class Trend { none, increasing, decreasing };

/// One stated observation with the window the model must fall in. Exactly one of the forms:
///  - event quantity: its time within [min, max] (absent fails, unless max is absent too);
///  - series quantity at one time (`at`, or the run's last output when at_end) within [min, max];
///  - series quantity during [from, to] (every output in it) within [min, max];
///  - series quantity with a trend from `from` (or the void onset) to the end: never moving
///    against the trend by more than slack + relative_slack x value, and last / first at least
///    min_ratio (increasing) or at most 1 / min_ratio (decreasing).
struct Observation {
  std::string id;
  std::string experiment;  // which run it is about (insitu_biasing, beam_control, ...)
  std::string statement;   // the paper's words
  std::string source;      // figure, video, table
  ObservedQuantity quantity = ObservedQuantity::void_count;
  std::optional<double> measured;  // SI: the measured value, for the report
  std::optional<double> min, max;  // SI bounds
  std::optional<double> at;        // s
  bool at_end = false;
  std::optional<double> from, to;  // s; a trend without `from` starts at the void onset
  Trend trend = Trend::none;
  double slack = 0.0;                // SI, a trend's absolute tolerance per output
  double relative_slack = 0.0;       // a trend's tolerance relative to the value
  double min_ratio = 1.0;            // a trend's required net change, last / first (increasing)
  std::size_t smoothing_frames = 1;  // a trend is judged on the centred running mean
  bool required = true;              // false: reported, never fails the validation
  int line = 0;                      // where it is written in dataset.yaml
};

/// A measured curve of a series quantity vs time, from a CSV table beside dataset.yaml.
struct MeasuredTimeSeries {
  std::string id;
  std::string experiment;
  std::string source;
  std::string instrument;
  std::optional<double> pixel_size;  // m, of the micrographs the values were measured on
  ObservedQuantity quantity = ObservedQuantity::void_area_fraction;
  std::filesystem::path file;
  std::vector<double> time;          // s
  std::vector<double> value;         // SI
  std::vector<double> uncertainty;   // SI, one standard deviation, > 0
  double max_normalised_rmse = 2.0;  // pass: sqrt(mean(((sim - meas) / sigma)^2)) at most this
  bool required = true;
  int line = 0;
};

struct MeasuredDataset {
  std::filesystem::path file;  // dataset.yaml
  std::string name, title, citation;
  std::string default_experiment;
  std::vector<Observation> observations;
  std::vector<MeasuredTimeSeries> time_series;

  /// Experiments named anywhere in the dataset, in order of first appearance.
  [[nodiscard]] std::vector<std::string> experiments() const;
};

/// Limits checked before anything is allocated from a table (a typo or a hostile file must not
/// exhaust memory): rows per table and characters per file.
inline constexpr std::size_t max_table_rows = 1000000;
inline constexpr std::size_t max_dataset_file_bytes = 64u << 20;

/// Reads `path` (a dataset.yaml, or a directory holding one) and the tables it names. Throws
/// IoError if a file cannot be read and InputError with every located problem otherwise.
[[nodiscard]] MeasuredDataset read_measured_dataset(const std::filesystem::path& path);

}  // namespace voidsim
