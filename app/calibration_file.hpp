#pragma once
// Calibration files (YAML) for `voidsim calibrate` (issue 6): which scenario, which dataset, which
// parameters within which bounds, how many seeds per evaluation and which optimiser. Format in
// docs/calibration-runs.md; in short:
//
//   calibration:
//     scenario: ../scenarios/insitu_biasing.yaml   # relative to this file
//     set: {domain.nx: 96, run.duration: "1200 s"}  # fixed overrides of every evaluation
//     dataset: ../validation/datasets/li2022_nanolett
//     experiment: insitu_biasing                    # default: the dataset's default_experiment
//     parameters:
//       vacancy_source.oxygen_redox.loss_fraction: {min: 0.2, max: 1, start: 0.35}
//       void_model.surface_energy: {min: "0.3 J/m^2", max: "1 J/m^2", start: "0.65 J/m^2", scale: log}
//     seeds: [1, 2]
//     optimizer: {algorithm: LN_SBPLX, max_evaluations: 40, xtol_rel: 0.01, initial_grid: 4}
//     profile_points: 5
//
// Every problem is reported located (file:line:column, key) in one InputError; nothing is written.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/schema.hpp"

namespace voidsim::app {

struct CalibratedParameter {
  std::string key;                           // scenario key
  double min = 0.0, max = 0.0, start = 0.0;  // SI
  bool log_scale = false;                    // optimise log(value) (positive bounds)
  std::string unit;                          // the schema's display unit ("" for plain numbers)
};

struct CalibrationDefinition {
  std::filesystem::path file;
  std::filesystem::path scenario;      // empty: the built-in default scenario
  std::vector<std::string> overrides;  // "key=value" for --set, in file order
  std::filesystem::path dataset;
  std::string experiment;  // empty: the dataset's default
  std::vector<CalibratedParameter> parameters;
  std::vector<long long> seeds = {1};
  std::string algorithm =
      "LN_SBPLX";  // NLopt local derivative-free: LN_SBPLX, LN_NELDERMEAD, LN_BOBYQA, LN_COBYLA
  std::size_t max_evaluations = 40;  // of the local search (the initial grid comes on top)
  // Points per parameter of a regular grid over the box evaluated before the local search, which
  // then starts from the grid's best point instead of `start` (0: no grid). The misfit of a
  // stochastic model is rough and its valleys long (parameters that trade off), so a local method
  // started far away can settle in a side valley.
  std::size_t initial_grid = 0;
  double xtol_rel = 1e-2;
  std::size_t profile_points = 5;  // per parameter, around the best point (0: no profiles)
};

/// The NLopt algorithms a calibration file may name.
[[nodiscard]] const std::vector<std::string>& calibration_algorithms();

/// Reads a calibration file; parameter keys must be real or quantity keys of `schema`, bounds in
/// their dimension and within the key's declared range. IoError if the file cannot be read.
[[nodiscard]] CalibrationDefinition read_calibration_file(const std::filesystem::path& file,
                                                          const Schema& schema);

}  // namespace voidsim::app
