#pragma once
// A parameter sweep expanded into tasks: what `voidsim sweep` runs, `--dry-run` lists and
// `voidsim collect` merges. One task is one (parameter point, replicate) pair and becomes one run
// directory. The plan is pure data; reading the sweep file is sweep/sweep_file.hpp, running tasks
// is app/sweep_command.cpp.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace voidsim::sweep {

/// The value of one swept parameter at one point: the override text handed to the scenario
/// loader exactly as `--set key=text` ("4.7 V", "0.03", "kmc"), and its SI value when numeric
/// (collect tables and plots use it; nullopt for text such as an engine name).
struct ParameterValue {
  std::string key;    // scenario key, e.g. "electrochemistry.bias"
  std::string text;   // override text, units written out
  std::optional<double> si_value;
};

struct SweepTask {
  std::size_t index = 0;      // 0..tasks.size()-1: point * replicates + replicate
  std::size_t point = 0;      // parameter point
  std::size_t replicate = 0;  // 0..replicates-1
  std::uint64_t seed = 0;     // run.seed of this task (derived, see derive_task_seed)
  std::vector<ParameterValue> parameters;  // one per swept key, in plan.parameter_keys order
};

struct SweepPlan {
  std::filesystem::path sweep_file;            // absolute path of SWEEP.yaml
  std::filesystem::path base_scenario;         // absolute; empty = built-in default scenario
  std::vector<std::string> fixed_overrides;    // "key=text" applied to every task before parameters
  std::vector<std::string> parameter_keys;     // swept keys, column order of every table
  std::size_t points = 0;
  std::size_t replicates = 1;
  std::uint64_t master_seed = 0;
  std::vector<SweepTask> tasks;                // tasks[i].index == i
};

/// run.seed of (point, replicate): a Philox hash of (master_seed, point, replicate), so adding
/// points or replicates never changes the seeds of existing ones. Shared by every back end.
[[nodiscard]] std::uint64_t derive_task_seed(std::uint64_t master_seed, std::size_t point,
                                             std::size_t replicate);

/// Every override of a task in application order: fixed overrides, then "key=text" per
/// parameter, then "run.seed=<seed>" (unless run.seed is itself a swept key).
[[nodiscard]] std::vector<std::string> task_overrides(const SweepPlan& plan, const SweepTask& task);

/// Layout of a sweep output directory DIR (the sweep-directory contract; docs/sweeps.md):
///   DIR/sweep.json                 the plan (tasks, parameters, seeds), written atomically first
///   DIR/runs/<task_name>/          the task's run directory (run-directory contract); complete
///                                  exactly when its summary.json exists
///   DIR/runs/<task_name>.failed.json  error record of a failed task (removed when it later succeeds)
///   DIR/logs/<task_name>.log       stdout+stderr of the task's run
///   DIR/summary.csv, DIR/summary.h5, DIR/plots/   written by `voidsim collect`
namespace sweep_files {
inline constexpr const char* plan_json = "sweep.json";
inline constexpr const char* runs_dir = "runs";
inline constexpr const char* logs_dir = "logs";
inline constexpr const char* summary_csv = "summary.csv";
inline constexpr const char* summary_h5 = "summary.h5";
inline constexpr const char* plots_dir = "plots";
}  // namespace sweep_files

/// What happened to one task (every back end reports the same record; failures are also written
/// to DIR/runs/<task_name>.failed.json).
struct TaskOutcome {
  std::size_t index = 0;
  int exit_code = 0;          // the task's `voidsim run` exit code (0 = complete)
  bool skipped = false;       // --resume found it complete; not run again
  double wall_seconds = 0.0;
  std::string error;          // empty on success; otherwise the run's error message (log tail)
};

/// "task-000042": zero-padded to 6 digits so directory listings sort by index.
[[nodiscard]] std::string task_name(std::size_t index);

}  // namespace voidsim::sweep
