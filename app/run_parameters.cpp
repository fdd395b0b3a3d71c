#include "app/run_parameters.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace voidsim::app {

void RunParameters::declare(Schema& schema) {
  schema.choice("engine", "phase_field", {"phase_field", "kmc"},
                "simulation engine: continuum phase-field, or kinetic Monte Carlo on the O lattice");
  schema.quantity("run.duration", "2400 s", "s", "simulated time of the run")
      .min(0.0, true)
      .source("bias held for at least 2400 s (SI Video 3 runs to 2345 s)");
  schema.quantity("run.output_interval", "30 s", "s", "simulated time between output frames").min(0.0, true);
  schema
      .quantity_list("run.output_times", "[]", "s",
                     "extra output frames at these times, besides every output_interval (times after the "
                     "end of the run are skipped, so a shortened copy of a scenario keeps working)")
      .source("e.g. the paper's SI Video 1 / 3 frames: 82 s, 263 s, 576 s, 2345 s");
  schema.integer("run.checkpoint_every", 4, "output frames between periodic checkpoints").min(1);
  schema.integer("run.seed", 20220505, "seed of every random stream; same seed, same result").min(0);
  schema.real("run.void_threshold", 0.5, "void order parameter above which a cell counts as void")
      .min(0.0, true)
      .max(1.0);
  schema.integer("run.min_void_cells", 4, "objects with fewer cells are noise, not voids").min(1);
  schema
      .quantity("run.onset_diameter", "3 nm", "nm",
                "void onset = first output with a void of at least this equivalent diameter")
      .min(0.0)
      .source(
          "paper: voids were detected by image contrast and are 'much bigger' than the ~2 nm "
          "nanopores; 1.5 x the nanopore size is the smallest object told apart from them. A size "
          "criterion, unlike an areal fraction, does not depend on the simulated area");
  schema
      .quantity("run.lamella_thickness", "0 nm", "nm",
                "TEM lamella thickness t of the projected image (beam along y); 0: the domain's y extent")
      .min(0.0)
      .source(
          "paper: in situ HRTEM/HAADF of a FIB lamella, typically 50-100 nm thick; 2D runs are "
          "taken as uniform along the beam (docs/projected-voids.md)");
  schema
      .real("run.projected_contrast_threshold", 0.05,
            "a projected column shows a void where its void path d / t is at least this (HAADF contrast)")
      .min(0.0)
      .max(1.0)
      .source("a few % mass-thickness contrast is what HAADF resolves against thickness and noise");
  schema
      .quantity("run.projected_min_path_length", "2 nm", "nm",
                "a projected column shows a void only where its void path along the beam is at least this")
      .min(0.0)
      .source("paper: ~2 nm nanopores are present from the start and are not counted as voids");
}

RunParameters RunParameters::from(const Scenario& scenario) {
  RunParameters p;
  p.engine = scenario.string("engine");
  p.duration = scenario.real("run.duration");
  p.output_interval = scenario.real("run.output_interval");
  p.output_times = scenario.list("run.output_times");
  p.checkpoint_every = scenario.integer("run.checkpoint_every");
  p.seed = static_cast<std::uint64_t>(scenario.integer("run.seed"));
  p.void_threshold = scenario.real("run.void_threshold");
  p.min_void_cells = scenario.integer("run.min_void_cells");
  p.onset_diameter = scenario.real("run.onset_diameter");
  p.lamella_thickness = scenario.real("run.lamella_thickness");
  p.projected_contrast_threshold = scenario.real("run.projected_contrast_threshold");
  p.projected_min_path_length = scenario.real("run.projected_min_path_length");
  return p;
}

std::vector<double> RunParameters::frame_times() const {
  constexpr double merge_window = 1e-3;  // s: frames this close are one frame
  std::vector<double> times;
  const auto n_regular = static_cast<long long>(std::ceil(duration / output_interval - 1e-9));
  for (long long k = 0; k < n_regular; ++k) times.push_back(static_cast<double>(k) * output_interval);
  times.push_back(duration);
  for (double t : output_times) {
    if (t >= 0.0 && t <= duration) times.push_back(t);
  }
  std::sort(times.begin(), times.end());
  std::vector<double> merged;
  for (double t : times) {
    if (merged.empty() || t - merged.back() > merge_window) merged.push_back(t);
  }
  // The run must end at its duration even if an extra time fell just before it.
  merged.back() = duration;
  return merged;
}

std::vector<Diagnostic> RunParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const double n_frames = scenario.real("run.duration") / scenario.real("run.output_interval");
  if (n_frames > 100000.0) {
    problems.push_back(scenario.diagnostic("run.output_interval",
                                           "more than 100000 output frames; choose a longer interval"));
  }
  for (double t : scenario.list("run.output_times")) {
    if (t < 0.0) {
      problems.push_back(
          scenario.diagnostic("run.output_times", fmt::format("output time {:g} s is negative", t)));
    }
  }
  return problems;
}

}  // namespace voidsim::app
