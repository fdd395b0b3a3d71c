#pragma once
// Turns an engine's state at each output time into the observables of MODEL.md section 4: one
// row of the porosity curve (porosity.csv, /series in result.h5) and the run's milestones --
// void onset (first output with a void of at least the detection diameter) and the first
// coalescence (a void at this output overlaps two or more voids of the previous output). The same
// rule applied to the blobs of the projected image (postprocess/projected_voids.hpp), from the
// onset on, gives the projected coalescence: what the paper's in situ TEM video shows as merging.
//
// Nanopores of the pristine surface layer (docs/surface-layer.md) are not voids. The paper defines
// them by origin ("holes formed by the interfacial reaction with LiPON", nanovoids "induced by in
// situ biasing"): objects present at the first output (t = 0, before any bias) and smaller than
// the onset diameter are nanopores, and an object later is one while it overlaps a cell where a
// nanopore has been (a pore that fades below the detection threshold between two outputs and
// comes back is the same pore) and no void of the previous output (a void merging with a pore is
// a void) and is smaller than nanopore_max_diameter (a pore grown to twice the ~2 nm size is what
// the paper saw as a nanovoid). They are left out of every void statistic and milestone and
// reported separately (latest_nanopores()).

#include <optional>
#include <string>
#include <vector>

#include "core/state_archive.hpp"
#include "model/surface_layer_parameters.hpp"
#include "postprocess/projected_voids.hpp"
#include "postprocess/void_statistics.hpp"
#include "solvers/engine.hpp"

namespace voidsim {

struct ObserverSettings {
  VoidStatisticsOptions voids;
  double onset_diameter = 3e-9;  // m: equivalent diameter of the first void that counts as seen
  ProjectionOptions projection;  // lamella thickness and visibility thresholds of the projected image
  /// m: a nanopore that grows to this equivalent diameter counts as a void from then on. Paper:
  /// nanopores ~2 nm, nanovoids "much bigger"; twice the nanopore diameter is the line here.
  double nanopore_max_diameter = voidsim::nanopore_max_diameter;
};

class RunObserver {
 public:
  RunObserver(ObserverSettings settings, std::vector<std::string> engine_scalar_names);

  /// Column names and SI unit texts of a row, fixed for the whole run. The contract columns
  /// (time_s, void_area_fraction, void_volume_fraction, void_count, mean_diameter_nm,
  /// front_depth_nm, current_A, li_extracted_fraction) come first, then the projected-image columns
  /// (projected_area_fraction, projected_blob_count, projected_mean_diameter_nm), then the
  /// engine's other scalars.
  [[nodiscard]] const std::vector<std::string>& columns() const noexcept { return columns_; }
  [[nodiscard]] const std::vector<std::string>& units() const noexcept { return units_; }

  /// Observes the engine now, appends a row and updates the milestones.
  void observe(const Engine& engine);

  [[nodiscard]] const std::vector<std::vector<double>>& rows() const noexcept { return rows_; }
  [[nodiscard]] const VoidStatistics& latest() const noexcept { return latest_; }
  [[nodiscard]] const ProjectedVoids& latest_projected() const noexcept { return latest_projected_; }
  /// The nanopores at the latest output (objects excluded from the void statistics).
  [[nodiscard]] const VoidStatistics& latest_nanopores() const noexcept { return latest_nanopores_; }
  /// 1 for the cells of those nanopores, 0 elsewhere (grid order; empty until a pore was seen).
  [[nodiscard]] const std::vector<unsigned char>& nanopore_cells() const noexcept { return nanopore_cells_; }
  [[nodiscard]] std::optional<double> onset_time() const noexcept { return onset_time_; }
  [[nodiscard]] std::optional<double> coalescence_time() const noexcept { return coalescence_time_; }
  /// First output, at or after the onset, where one blob of the projected image covers two blobs
  /// of the previous output.
  [[nodiscard]] std::optional<double> projected_coalescence_time() const noexcept {
    return projected_coalescence_time_;
  }
  [[nodiscard]] double max_void_depth() const noexcept { return max_void_depth_; }

  /// Observer state for checkpoints (rows, milestones, previous void and blob labels).
  void save_state(StateArchive& archive) const;
  void load_state(const StateArchive& archive);

 private:
  ObserverSettings settings_;
  std::vector<std::string> engine_scalars_;
  std::vector<std::string> columns_, units_;
  std::vector<std::vector<double>> rows_;
  VoidStatistics latest_;
  ProjectedVoids latest_projected_;
  VoidStatistics latest_nanopores_;
  std::vector<unsigned char> nanopore_cells_;  // cells of the nanopores of the previous output
  std::vector<unsigned char> pore_footprint_;  // cells that have belonged to a nanopore at any output
  bool first_output_seen_ = false;
  std::vector<int> previous_labels_, previous_blob_labels_;
  std::optional<double> onset_time_, coalescence_time_, projected_coalescence_time_;
  double max_void_depth_ = 0.0;
};

}  // namespace voidsim
