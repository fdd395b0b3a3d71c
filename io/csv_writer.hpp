#pragma once
// Scalar time series as CSV (one header line of column names, then one row per record, values in
// shortest round-trip form so parsing the text gives back the same doubles bit for bit).
#include <filesystem>

#include "io/result_file.hpp"

namespace voidsim::io {

/// Writes `series` to `path` atomically. Units are not in the CSV (column names carry them by
/// convention, e.g. time_s); result.h5 /series holds them as attributes.
void write_csv(const std::filesystem::path& path, const SeriesTable& series);

/// Reads a file written by write_csv (units come back empty). IoError on malformed input, naming
/// the line.
[[nodiscard]] SeriesTable read_csv(const std::filesystem::path& path);

}  // namespace voidsim::io
