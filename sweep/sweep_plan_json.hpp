#pragma once
// DIR/sweep.json: the plan of a sweep directory, written before any task runs. `voidsim sweep`
// compares it with the plan of the sweep file (a directory never mixes two plans), SLURM array
// tasks and MPI ranks check it, and `voidsim collect` reads the parameters of every task from it.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sweep/sweep_plan.hpp"

namespace voidsim::sweep {

/// The plan as JSON: format tag and version, paths, fixed overrides, parameter keys, counts,
/// master seed and every task (index, name, point, replicate, seed, parameters in key order with
/// their text and SI value or null). Holds no time stamp, so the same plan gives the same bytes.
[[nodiscard]] nlohmann::json plan_to_json(const SweepPlan& plan);

/// Reads a plan written by plan_to_json. Throws InputError naming `source` and the offending
/// key if a member is missing, has the wrong type, or the tasks are inconsistent (index order,
/// point * replicates + replicate, one value per parameter key).
[[nodiscard]] SweepPlan plan_from_json(const nlohmann::json& json, const std::filesystem::path& source);

/// Reads DIR/sweep.json (IoError if unreadable, InputError if not a plan).
[[nodiscard]] SweepPlan read_plan_file(const std::filesystem::path& file);

/// Writes the plan atomically (io/atomic_file.hpp).
void write_plan_file(const std::filesystem::path& file, const SweepPlan& plan);

/// The first difference between a stored plan and the current one, said for a user ("master
/// seed: 42 in the directory, 43 now"), or nullopt if they describe the same tasks. The sweep
/// file's path is not compared (a moved sweep file with the same content is the same sweep).
[[nodiscard]] std::optional<std::string> plan_difference(const SweepPlan& stored, const SweepPlan& current);

}  // namespace voidsim::sweep
