#pragma once
// Reading a run's result.h5 (layout: docs/output-format.md, written by io/result_file.cpp): the
// frames (iteration, time), the run's provenance, the grid of a frame, its fields in SI units and
// the scalar series. What synthetic microscopy (`voidsim image`) and other post-run tools read.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "io/result_file.hpp"

namespace voidsim::io {

/// One output step of the run.
struct ResultFrame {
  std::int64_t iteration = 0;
  double time_s = 0.0;
};

/// Opens result.h5 once to read its root metadata and frame list; each field read reopens it
/// (a run folder may be read while nothing else holds the file). Throws IoError naming the file.
class ResultReader {
 public:
  explicit ResultReader(std::filesystem::path result_file);

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// Root attributes: software, version, git commit, date, resolved scenario YAML, argv, engine, seed.
  [[nodiscard]] const RunMetadata& metadata() const noexcept { return metadata_; }
  [[nodiscard]] const std::string& engine() const noexcept { return metadata_.engine; }
  [[nodiscard]] const std::string& scenario_yaml() const noexcept { return metadata_.scenario_yaml; }

  /// Frames sorted by time (ties by iteration).
  [[nodiscard]] const std::vector<ResultFrame>& frames() const noexcept { return frames_; }
  /// The frame whose time is nearest `time_s` (the earlier one on a tie). IoError if no frames.
  [[nodiscard]] const ResultFrame& nearest_frame(double time_s) const;

  /// Names of the fields (mesh records) of a frame, in HDF5 name order.
  [[nodiscard]] std::vector<std::string> field_names(const ResultFrame& frame) const;
  [[nodiscard]] bool has_field(const ResultFrame& frame, const std::string& name) const;
  /// Grid of a field from its shape, gridSpacing and gridGlobalOffset (z0 = offset of the z axis).
  [[nodiscard]] Grid field_grid(const ResultFrame& frame, const std::string& name) const;
  /// Grid of the frame: that of its first field. IoError if the frame has no fields.
  [[nodiscard]] Grid grid(const ResultFrame& frame) const;
  /// Values of a field in SI (stored values times unitSI), storage order of Grid::index.
  [[nodiscard]] std::vector<double> read_field(const ResultFrame& frame, const std::string& name) const;

  /// The scalar series (/series): columns with time_s first, units and rows. Empty if absent.
  [[nodiscard]] SeriesTable series() const;

 private:
  std::filesystem::path path_;
  RunMetadata metadata_;
  std::vector<ResultFrame> frames_;
};

}  // namespace voidsim::io
