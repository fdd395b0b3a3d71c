#pragma once
// What a validation compares from a run directory (the run contract, docs/output-format.md):
// porosity.csv (one row per output), summary.json (event times, the particle depth) and, where
// the run wrote it, nanopores.csv (the end state's nanopores), in SI.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "validation/analysed_micrograph.hpp"
#include "validation/measured_dataset.hpp"

namespace voidsim {

/// The voids of one output of a run (from its result.h5 fields, read by the caller for the times
/// a dataset asks about): equivalent diameters, and the void fraction of every cell row by depth.
struct VoidSnapshot {
  SnapshotTime requested;            // what the dataset asked for
  double time = 0.0;                 // s, of the output used (the nearest)
  std::vector<double> diameters;     // m, every void the run's own detection rule finds, largest first
  std::vector<double> row_depth;     // m below the interface, cell-row centres, increasing
  std::vector<double> row_fraction;  // void fraction of each row (the section's areal fraction)
  double row_height = 0.0;           // m

  /// Mean void fraction of the rows whose centres lie in [low, high); nullopt if none does.
  [[nodiscard]] std::optional<double> mean_fraction(double low, double high) const;
};

/// A run imaged and analysed for one micrograph entry of a dataset (app/run_void_snapshots).
struct RunMicrograph {
  std::string id;  // the entry's
  AnalysedMicrograph analysed;
};

struct RunRecord {
  std::filesystem::path directory;
  std::vector<double> time;  // s, every output
  std::vector<double> void_count, void_area_fraction, mean_void_diameter, front_depth, current,
      li_extracted_fraction;           // SI, per output (front_depth_fraction is derived)
  std::optional<double> domain_depth;  // m, cathode depth along z
  std::optional<double> void_onset_time, coalescence_time, projected_coalescence_time;  // s
  // The end state's nanopores (nanopores.csv of a run with a pristine surface layer; absent
  // without that file): count, median equivalent diameter (m), deepest point below the interface (m).
  std::optional<double> nanopore_count, nanopore_median_diameter, nanopore_max_depth;
  // Explicit defects per output (porosity.csv of a kmc run: stacking_faults, dislocations,
  // faults_vanished, dislocations_annihilated); empty for an engine without them.
  std::vector<double> stacking_fault_count, dislocation_count, faults_vanished, dislocations_annihilated;
  // The end state's structure and EELS signatures, set by the caller from result.h5 when the
  // dataset asks for them (app/run_end_state); absent otherwise, with the reason in `unavailable`.
  std::optional<double> layered_void_fraction, surface_o_k_preedge, surface_mn_l3_l2_ratio,
      surface_mn_edge_shift, void_oxygen_contrast, void_manganese_contrast, void_thickness_contrast;
  std::map<ObservedQuantity, std::string> unavailable;  // why a final quantity is absent
  std::string engine;                                   // summary.json "engine" ("" when it does not say)
  long long seed = 0;
  std::vector<VoidSnapshot> snapshots;     // filled by the caller (app/run_void_snapshots)
  std::vector<RunMicrograph> micrographs;  // filled by the caller (app/run_void_snapshots)

  /// The snapshot taken for `when`; null if none was taken.
  [[nodiscard]] const VoidSnapshot* snapshot(const SnapshotTime& when) const;
  /// The micrograph imaged for entry `id`; null if none was.
  [[nodiscard]] const RunMicrograph* micrograph(const std::string& id) const;

  /// The values of a series quantity at every output (SI); empty when the run does not track it
  /// (the defect counts of an engine without explicit defects). logic_error for an event quantity.
  [[nodiscard]] std::vector<double> series(ObservedQuantity quantity) const;
  /// The time of an event quantity, nullopt when it did not happen. logic_error for a series.
  [[nodiscard]] std::optional<double> event(ObservedQuantity quantity) const;
  /// The value of a final quantity, nullopt when the run has none. logic_error for another kind.
  [[nodiscard]] std::optional<double> final_value(ObservedQuantity quantity) const;
};

/// Reads porosity.csv and summary.json of `run_dir`. IoError (naming the file) when either is
/// missing or malformed, or porosity.csv lacks a column the comparison needs.
[[nodiscard]] RunRecord read_run_record(const std::filesystem::path& run_dir);

}  // namespace voidsim
