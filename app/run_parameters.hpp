#pragma once
// Run control keys of a scenario (engine choice, duration, output cadence, seed, detection
// thresholds): what the pipeline in run_pipeline.cpp needs, declared once like every other block.
#include <cstdint>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace voidsim::app {

struct RunParameters {
  std::string engine;                // "phase_field" (and "kmc" once that engine lands)
  double duration = 0.0;             // s of simulated time
  double output_interval = 0.0;      // s between output frames
  std::vector<double> output_times;  // s, extra frames (e.g. the paper's video frames)
  long long checkpoint_every = 1;    // outputs between periodic checkpoints
  std::uint64_t seed = 0;
  double void_threshold = 0.5;                 // eta above which a cell is void
  long long min_void_cells = 1;                // smaller objects are not counted as voids
  double onset_diameter = 0.0;                 // m: the first void this large marks the onset
  double lamella_thickness = 0.0;              // m, projected image; 0: the domain's y extent
  double projected_contrast_threshold = 0.05;  // visible where void path / t >= this
  double projected_min_path_length = 2e-9;     // m, and void path >= this

  /// Times of all output frames, ascending: 0, every output_interval, the extra output_times and
  /// the duration, with times closer than 1 ms merged (the earlier one kept).
  [[nodiscard]] std::vector<double> frame_times() const;

  static void declare(Schema& schema);
  [[nodiscard]] static RunParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

}  // namespace voidsim::app
