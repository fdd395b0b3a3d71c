#pragma once
// `voidsim collect DIR`: one table of a sweep directory, one row per task (point x replicate):
// the task's identity and status, its swept parameters in SI units, and every scalar of its
// summary.json. Failed and missing tasks are rows too, with NaN where a complete task has
// numbers, so a table always has plan.tasks.size() rows in index order. Written as summary.csv
// and summary.h5 (layout in docs/sweeps.md, "Collecting results"); plots are
// app/sweep_collection_plots.hpp.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/sweep_plan.hpp"

namespace voidsim::sweep {

/// Where a column comes from: the task record, a swept parameter, or the run's summary.json.
enum class ColumnRole { task, parameter, summary };
/// Storage of a column: exact non-negative integers (index, seeds: 64 bits, beyond a double's
/// 53), numbers (NaN where absent), or text ("" where absent).
enum class ColumnType { unsigned_integer, number, text };

struct SummaryColumn {
  std::string name;  // CSV header: "index", "electrochemistry.bias [V]", "void_onset_s"
  std::string key;   // HDF5 dataset name and source key: "index", "electrochemistry.bias", "a.b"
  std::string unit;  // "V", "s", "nm", "1"; empty for text and where unknown
  ColumnRole role = ColumnRole::task;
  ColumnType type = ColumnType::number;
  std::vector<std::uint64_t> integers;  // unsigned_integer: one per row
  std::vector<double> numbers;          // number: one per row
  std::vector<std::string> texts;       // text: one per row
};

/// Task states in the status column.
namespace task_status {
inline constexpr const char* complete = "complete";  // runs/<task>/summary.json exists
inline constexpr const char* failed = "failed";      // runs/<task>.failed.json (or unreadable summary)
inline constexpr const char* missing = "missing";    // neither: not run yet, or interrupted
}  // namespace task_status

struct SweepSummary {
  // index, point, replicate, seed, status, exit_code; parameters (plan order); summary scalars
  // (key order; a key that is also a task or parameter column becomes "summary.<key>"); error.
  std::vector<SummaryColumn> columns;
  std::size_t n_rows = 0;
  std::size_t n_complete = 0, n_failed = 0, n_missing = 0;

  /// The column with this CSV name or key; nullptr if none.
  [[nodiscard]] const SummaryColumn* find(std::string_view name_or_key) const;
};

/// SI unit text of a dimension: a named coherent SI unit where one exists ("V", "ohm", "Pa"),
/// else base units ("m^2 s^-1"); "1" for dimensionless.
[[nodiscard]] std::string si_unit_text(std::string_view override_text);

/// Unit of a summary.json key from the naming convention of its last '_' part ("void_onset_s" ->
/// "s", "max_void_depth_nm" -> "nm", "*_fraction" and counts -> "1"); empty when the name does
/// not say.
[[nodiscard]] std::string summary_key_unit(std::string_view key);

/// Builds the table of `plan`'s tasks from the files in `sweep_dir` (runs/<task>/summary.json,
/// runs/<task>.failed.json). Reads only; an unreadable summary.json makes its row "failed" with
/// the parse error, it never stops the collection.
[[nodiscard]] SweepSummary collect_sweep(const SweepPlan& plan, const std::filesystem::path& sweep_dir);

/// summary.csv: RFC 4180 (text quoted when it holds a comma, quote or line break), numbers in
/// shortest round-trip form, "nan" for NaN. Atomic.
void write_summary_csv(const SweepSummary& summary, const std::filesystem::path& path);

/// summary.h5: one 1-D dataset per column, all along the dimension scale "task" (the index
/// column, stored as /task), so h5py reads plain arrays and xarray (h5netcdf engine) opens it as a
/// Dataset with dimension "task". Attributes per dataset: units, key, name (the CSV header),
/// role; on the file: software, version, git_commit, sweep_file, n_complete/failed/missing. Atomic.
void write_summary_h5(const SweepSummary& summary, const SweepPlan& plan, const std::filesystem::path& path);

}  // namespace voidsim::sweep
