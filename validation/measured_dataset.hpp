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
//   size_distributions:
//     - id: diameters_2345s
//       at: 2345 s
//       file: diameters.csv                 # one row per void, or binned (low, high, count)
//       columns: {diameter: diameter_nm}
//       units: {diameter: nm}
//       uncertainty: 0.5 nm
//       max_ks: 0.3
//   depth_profiles:
//     - id: profile_2345s
//       at: 2345 s
//       file: profile.csv
//       columns: {depth: depth_nm, value: area_fraction, uncertainty: sigma}
//       units: {depth: nm, value: "1"}
//       max_normalised_rmse: 2
//   micrographs:
//     - id: haadf_2345s
//       at: 2345 s
//       file: haadf_2345s.png                # analysed as `voidsim analyze` does
//       analysis: {min_diameter: 3 nm}
//       imaging: {lamella_thickness: 60 nm, probe_size: 1 nm}   # how the runs are imaged
//       max_area_fraction_difference: 0.005
//       max_wasserstein: 2 nm
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
/// event never happened; final quantities are one value of the run's end state (nanopores.csv, or
/// the last frame of result.h5), absent when the run does not write it. The defect series exist
/// only in runs of the kmc engine (explicit faults and dislocations).
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
  nanopore_count,              // final, 1 (nanopores.csv of a run with a pristine surface layer)
  nanopore_median_diameter,    // final, m
  nanopore_max_depth,          // final, m (deepest point of any nanopore below the interface)
  stacking_fault_count,        // series, 1 (kmc: stacking-fault segments present)
  dislocation_count,           // series, 1 (kmc: dislocations present)
  faults_vanished,             // series, 1 (kmc: fault segments that have vanished so far)
  dislocations_annihilated,    // series, 1 (kmc: dislocations annihilated so far)
  layered_void_fraction,       // final, 1 (voids whose surrounding solid is layered, unmixed)
  surface_o_k_preedge,         // final, 1 (O K pre-edge of the 0-40 nm spectrum / pristine bulk)
  surface_mn_l3_l2_ratio,      // final, 1 (Mn L3/L2 of the 0-40 nm spectrum / pristine bulk's)
  surface_mn_edge_shift,       // final, J (Mn L3 edge of the 0-40 nm spectrum vs the bulk's Mn4+)
  void_oxygen_contrast,        // final, 1 (1 - O map inside voids / beside them, same rows)
  void_manganese_contrast,     // final, 1 (the same for the Mn map)
  void_thickness_contrast,     // final, 1 (the same for the t/lambda map)
};

[[nodiscard]] const char* quantity_name(ObservedQuantity quantity) noexcept;
[[nodiscard]] bool is_event_quantity(ObservedQuantity quantity) noexcept;
[[nodiscard]] bool is_final_quantity(ObservedQuantity quantity) noexcept;
/// SI dimension of the quantity's values (bounds and tables are parsed against it).
[[nodiscard]] Dimension quantity_dimension(ObservedQuantity quantity) noexcept;
/// Unit the reports print the quantity in ("s", "nm", "A", "eV", "" for plain numbers).
[[nodiscard]] const char* quantity_display_unit(ObservedQuantity quantity) noexcept;
/// Factor from SI to the display unit (1e9 for nm).
[[nodiscard]] double quantity_display_scale(ObservedQuantity quantity);

enum class Trend { none, increasing, decreasing };

/// One stated observation with the window the model must fall in. Exactly one of the forms:
///  - event quantity: its time within [min, max] (absent fails, unless max is absent too);
///  - final quantity: its value within [min, max] (absent fails);
///  - series quantity at one time (`at`, or the run's last output when at_end) within [min, max];
///  - series quantity during [from, to] (every output in it) within [min, max];
///  - series quantity with a trend from `from` (or the void onset) to the end, or at the listed
///    `times` only: never moving against the trend by more than slack + relative_slack x value,
///    and last / first at least min_ratio (increasing) or at most 1 / min_ratio (decreasing).
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
  std::vector<double> times;       // s; a trend judged at these times only (e.g. the ends of bias steps)
  Trend trend = Trend::none;
  double slack = 0.0;                // SI, a trend's absolute tolerance per output
  double relative_slack = 0.0;       // a trend's tolerance relative to the value
  double min_ratio = 1.0;            // a trend's required net change, last / first (increasing)
  std::size_t smoothing_frames = 1;  // a trend is judged on the centred running mean
  bool required = true;              // false: reported, never fails the validation
  std::string engine;                // only runs of this engine are checked ("": every run)
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

/// Where a snapshot entry (size distribution, depth profile) sits in time: one time, or the end.
struct SnapshotTime {
  std::optional<double> at;  // s
  bool at_end = false;
};

/// What every entry about one time of a run has: its id, experiment, provenance and file.
struct SnapshotEntry {
  std::string id;
  std::string experiment;
  std::string source;
  std::string instrument;
  std::optional<double> pixel_size;  // m, of the micrographs (of the image itself: micrographs)
  SnapshotTime when;
  std::filesystem::path file;  // the table, or the image
  bool required = true;
  int line = 0;  // where it is written in dataset.yaml
};

/// Measured void sizes at one time (equivalent diameters), as a list of voids or a histogram.
/// Passing needs every bound given (at least one): KS statistic, KS p-value, Wasserstein distance.
struct MeasuredSizeDistribution : SnapshotEntry {
  std::vector<double> diameters;                               // m: the list form
  std::vector<double> bin_low, bin_high, counts;               // m, m, voids: the binned form
  double uncertainty = 0.0;                                    // m, one standard deviation of a diameter
  std::optional<double> min_diameter;                          // m, detection limit applied to both sides
  std::optional<double> max_ks, min_p_value, max_wasserstein;  // -, -, m

  [[nodiscard]] bool binned() const noexcept { return !counts.empty(); }
};

/// Measured void area fraction vs depth below the interface at one time (bins of equal width).
struct MeasuredDepthProfile : SnapshotEntry {
  std::vector<double> depth;        // m, bin centres, increasing
  std::vector<double> value;        // area fraction of the bin
  std::vector<double> uncertainty;  // one standard deviation, > 0
  double bin_width = 0.0;           // m; default: the spacing of the depths (10 nm for one row)
  double max_normalised_rmse = 2.0;
};

/// A measured micrograph, analysed by the pipeline of `voidsim analyze`; each run is imaged the
/// same way (`voidsim image`, HAADF) at the same time and analysed the same way, and the two
/// analyses are compared: area fraction, and the void sizes (KS, Wasserstein). Passing needs every
/// criterion given (at least one).
/// The file is an 8/16-bit grayscale PNG or TIFF; without pixel_size, its metadata gives it.
struct MeasuredMicrograph : SnapshotEntry {
  // Analysis (both images): the options of `voidsim analyze`.
  std::optional<std::size_t> interface_row;  // measured image only; the simulated one is detected
  bool invert = false;                       // measured image only (bright-field)
  std::optional<bool> periodic_x;            // measured image; absent: its metadata, else false
  double min_diameter = 1e-9;                // m
  double min_contrast = 0.0;
  std::optional<double> background_tile;  // m
  // Imaging of the runs (`voidsim image` options); absent: its defaults, the pixel size of the
  // measured image.
  std::optional<double> imaging_pixel_size, lamella_thickness, void_depth, probe_size;  // m
  std::optional<double> dose;                                                           // electrons per A^2
  // Criteria.
  std::optional<double> max_area_fraction_difference;          // |simulated - measured|, absolute
  std::optional<double> max_ks, min_p_value, max_wasserstein;  // -, -, m
};

struct MeasuredDataset {
  std::filesystem::path file;  // dataset.yaml
  std::string name, title, citation;
  std::string default_experiment;
  std::vector<Observation> observations;
  std::vector<MeasuredTimeSeries> time_series;
  std::vector<MeasuredSizeDistribution> size_distributions;
  std::vector<MeasuredDepthProfile> depth_profiles;
  std::vector<MeasuredMicrograph> micrographs;

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
