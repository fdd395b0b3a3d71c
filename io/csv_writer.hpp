#pragma once
// Scalar time series as CSV (one header line of column names, then one row per record, values in
// shortest round-trip form so parsing the text gives back the same doubles bit for bit).
#include <filesystem>
#include <string_view>

#include "io/result_file.hpp"

namespace voidsim::io {

/// Writes `series` to `path` atomically. Units are not in the CSV (column names carry them by
/// convention, e.g. time_s); result.h5 /series holds them as attributes. `key_column` is the name
/// the first column must have: "time_s" for time series, e.g. "depth_nm" for a depth profile.
void write_csv(const std::filesystem::path& path, const SeriesTable& series,
               std::string_view key_column = "time_s");

/// Reads a file written by write_csv (units come back empty). IoError on malformed input, naming
/// the line.
[[nodiscard]] SeriesTable read_csv(const std::filesystem::path& path);

}  // namespace voidsim::io
