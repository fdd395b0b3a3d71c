#pragma once
// Sweep files (YAML): a base scenario, fixed overrides, swept parameters, how they combine,
// replicates and a master seed, and optional SLURM settings. The format is documented in
// docs/sweeps.md; in short:
//
//   sweep:
//     scenario: insitu_biasing.yaml       # relative to this file; omitted: the built-in default
//     set: {domain.nx: 32, run.duration: "600 s"}      # every task
//     parameters:
//       electrochemistry.bias: {linspace: ["4.5 V", "4.9 V", 3]}
//       vacancy_sources.f_loss: [0.01, 0.03]
//     combine: product                    # product | zip | latin_hypercube | sobol (+ samples: N)
//     replicates: 2
//     master_seed: 7
//     slurm: {time: "00:20:00", max_concurrent: 8}
//
// Reading collects every problem as a located Diagnostic (file:line:column and key) and throws
// them together as one InputError, like scenario files. Nothing is written.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/schema.hpp"
#include "sweep/sweep_plan.hpp"

namespace voidsim::sweep {

/// The `slurm:` block of a sweep file (all optional); `voidsim sweep --emit-slurm` writes them
/// as #SBATCH lines of the array job script (sweep/slurm_script.hpp).
struct SlurmSettings {
  std::string job_name;   // default: the sweep file's stem
  std::string partition;  // empty: the cluster's default
  std::string account;
  std::string qos;
  std::string time = "01:00:00";    // wall time of one array task
  std::string memory;               // per array task, e.g. "2G"; empty: the cluster's default
  int cpus_per_task = 1;            // also the OpenMP threads of each run
  std::size_t max_concurrent = 0;   // K in --array=0-(N-1)%K; 0: all tasks at once (K = N)
  std::vector<std::string> sbatch;  // extra sbatch options, one per line ("--constraint=cpu")
  std::vector<std::string> setup;   // shell lines run before the task ("module load hdf5")
};

/// Checks the reader runs beyond the sweep file's own syntax (the app passes the scenario
/// schema and its whole-scenario validation; the library does not depend on the app).
struct SweepFileChecks {
  /// Keys under set: and parameters: must be declared here (with "did you mean" hints); integer
  /// keys get whole numbers from ranges and samplers. nullptr: keys are not checked.
  const Schema* schema = nullptr;
  /// Validates the scenario of one parameter point: (base scenario, its overrides in order).
  /// Throws InputError; diagnostics about "--set" number i are reported at the place in the
  /// sweep file that produced override i. Empty: no scenario validation.
  std::function<void(const std::filesystem::path& base_scenario, const std::vector<std::string>& overrides)>
      validate_point;
};

/// A sweep file read and expanded.
struct SweepDefinition {
  SweepPlan plan;
  SlurmSettings slurm;
  std::string description;
};

/// Reads, expands and checks a sweep file. Throws IoError if the file cannot be read and
/// InputError with every located problem otherwise (unknown keys, bad values, ranges, swept keys
/// the scenario does not have, points whose scenario does not validate).
[[nodiscard]] SweepDefinition read_sweep_file(const std::filesystem::path& file,
                                              const SweepFileChecks& checks = {});

/// read_sweep_file(file, checks).plan.
[[nodiscard]] SweepPlan load_sweep_file(const std::filesystem::path& file,
                                        const SweepFileChecks& checks = {});

/// At most this many tasks per sweep (a typo in a count should not plan a billion runs).
inline constexpr std::size_t max_sweep_tasks = 1000000;

}  // namespace voidsim::sweep
