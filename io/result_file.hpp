#pragma once
// Result files: openPMD 1.1 (groupBased) HDF5. Layout documented in docs/output-format.md.
//
// During a run every output step goes to its own small file DIR/.work/iteration_<%08d>.h5 (written
// atomically); at the end `assemble_result_file` copies their /data/<it> groups into
// DIR/result.h5 (H5Ocopy: compressed chunks are copied, not recompressed), adds the root
// metadata and the scalar series, and commits the file atomically. A run directory therefore
// never holds a half-written result.h5.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/lattice_record.hpp"

namespace voidsim::io {

/// One field of one iteration (an openPMD scalar mesh record).
struct MeshRecord {
  std::string name, description;
  std::vector<std::size_t> shape;          // storage order, slowest first ({nz,nx} or {nz,ny,nx})
  std::vector<std::string> axis_labels;    // {"z","x"} / {"z","y","x"}
  std::vector<double> grid_spacing;        // same order, in m (gridUnitSI = 1)
  std::vector<double> grid_global_offset;  // m
  std::array<double, 7> unit_dimension{};  // openPMD unitDimension (L, M, T, I, theta, N, J)
  double unit_si = 1.0;
  const double* data = nullptr;  // product(shape) doubles, C order
};

/// Provenance written as root attributes of result.h5.
struct RunMetadata {
  std::string software, version, git_commit, date_iso8601, scenario_yaml, argv, engine;
  std::uint64_t seed = 0;
};

/// Scalar time series (porosity curve, current, ...): one row per recorded time.
struct SeriesTable {
  std::vector<std::string> columns;  // first column is "time_s"
  std::vector<std::string> units;    // SI unit text per column ("s", "A", "1", "m")
  std::vector<std::vector<double>> rows;
};

/// Writes `path` (atomically) holding only /data/<iteration>/ with its meshes and, if any, the
/// lattice records under /data/<iteration>/lattice/<name> (compressed int64 site indices with the
/// geometry as attributes; docs/output-format.md). Throws IoError on I/O failure or on an
/// inconsistent record (shape/labels/spacing of different rank, null data, duplicate names).
void write_iteration_file(const std::filesystem::path& path, std::int64_t iteration, double time_s,
                          double dt_s, const std::vector<MeshRecord>& meshes,
                          const std::vector<LatticeRecord>& lattices = {});

/// Assembles `target` (atomically) from iteration files written by write_iteration_file, in the
/// given order, plus root metadata and /series. Two files holding the same iteration: IoError.
void assemble_result_file(const std::filesystem::path& target, const RunMetadata& meta,
                          const std::vector<std::filesystem::path>& iteration_files,
                          const SeriesTable& series);

/// Checks a series table before it is written: same number of columns, units and row entries,
/// first column `key_column` ("time_s" for time series), names usable as HDF5 link names. Throws
/// IoError naming `context`.
void validate_series(const SeriesTable& series, const std::string& context,
                     std::string_view key_column = "time_s");

/// "iteration_00000042.h5": the file name of an iteration in the run's work folder.
[[nodiscard]] std::string iteration_file_name(std::int64_t iteration);

/// Iteration files (named by iteration_file_name) in `work_dir`, sorted by iteration number;
/// other files (temporaries of an interrupted write, anything else) are ignored. Empty if the
/// folder does not exist.
[[nodiscard]] std::vector<std::filesystem::path> list_iteration_files(const std::filesystem::path& work_dir);

/// On resume: deletes the iteration files in `work_dir` with an iteration number greater than
/// `last_kept` (written after the checkpoint the run resumes from). Returns how many were removed.
std::size_t remove_iteration_files_after(const std::filesystem::path& work_dir, std::int64_t last_kept);

}  // namespace voidsim::io
