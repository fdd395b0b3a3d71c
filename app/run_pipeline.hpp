#pragma once
// `voidsim run`: the scenario is data, the run is a pipeline (STYLE.md):
//   1. load and validate everything (nothing touches the disk before this succeeds);
//   2. prepare the run directory (or reopen it to resume from its checkpoint);
//   3. build the engine and the observer;
//   4. advance frame by frame: observe, write the frame, checkpoint periodically;
//   5. assemble the outputs of the run-directory contract atomically.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace voidsim::app {

struct RunOptions {
  std::filesystem::path scenario_file;  // empty: the built-in default scenario
  std::vector<std::string> overrides;   // --set a.b=value
  std::filesystem::path output_dir = "voidsim-run";
  bool resume = false;
  bool force = false;             // overwrite a finished or unfinished run in output_dir
  int threads = 0;                // 0: OpenMP default
  std::optional<long long> seed;  // --seed, same as --set run.seed=N
  std::string command_line;       // recorded in the output files
  bool quiet = false;
  std::optional<double> stop_at_time;  // testing aid: behave as if SIGTERM arrived at this simulated time
};

/// Runs the pipeline. Returns ExitCode::ok, or ExitCode::interrupted after a clean checkpoint.
/// Errors propagate as InputError / IoError / NumericalError to main's single handler.
ExitCode run_simulation(const RunOptions& options);

/// Names inside a run directory (the contract of issue 2; users and later tools rely on it).
namespace run_files {
inline constexpr const char* result_h5 = "result.h5";
inline constexpr const char* result_xdmf = "result.xdmf";
inline constexpr const char* porosity_csv = "porosity.csv";
inline constexpr const char* summary_json = "summary.json";
inline constexpr const char* resolved_scenario = "scenario.resolved.yaml";
inline constexpr const char* surface_layer_csv = "surface_layer_profiles.csv";  // runs with a surface layer
inline constexpr const char* nanopores_csv = "nanopores.csv";                   // runs with a surface layer
inline constexpr const char* plots_dir = "plots";
inline constexpr const char* checkpoint = "checkpoint.h5";
inline constexpr const char* work_dir = ".work";
}  // namespace run_files

}  // namespace voidsim::app
