#pragma once
// Checkpoints: a StateArchive stored bit for bit in HDF5 with a checksum over the whole payload,
// so a resumed run either continues from exactly the saved state or refuses to start.
//
// Layout: groups /arrays (1-D float64), /int_arrays (1-D int64), /reals (scalar float64),
// /integers (scalar int64), /strings (scalar UTF-8); one dataset per entry, contiguous, no
// filters. Root attributes: format = "voidsim-checkpoint", format_version, checksum_algorithm =
// "FNV-1a-64", checksum (uint64). Entry names are stored with '%' -> "%25", '/' -> "%2F" (and a
// name "." as "%2E") so any std::string key survives. Format 2 appends a 24-byte trailer after
// the HDF5 bytes (magic "VSCKPT02", FNV-1a-64 of every byte before it, their count), checked
// before libhdf5 opens the file: a corrupt file is refused without ever being parsed.
#include <cstdint>
#include <filesystem>

#include "core/state_archive.hpp"

namespace voidsim::io {

inline constexpr std::int64_t checkpoint_format_version = 2;  // 2: file checksum trailer

/// Writes `path` atomically. An existing checkpoint at `path` is first kept as `<path>.prev`
/// (hard link, or copy where links are unsupported), so at every instant both names hold a
/// complete checkpoint.
void write_checkpoint(const std::filesystem::path& path, const StateArchive& state);

/// Reads and verifies (format, version, checksum) a checkpoint. IoError if missing, truncated,
/// corrupt or of another format version.
[[nodiscard]] StateArchive read_checkpoint(const std::filesystem::path& path);

/// `path` if it is valid, else `<path>.prev` (logging a warning that names the reason), else
/// IoError naming both failures.
[[nodiscard]] StateArchive read_latest_valid_checkpoint(const std::filesystem::path& path);

/// `<path>.prev`
[[nodiscard]] std::filesystem::path previous_checkpoint_path(const std::filesystem::path& path);

/// FNV-1a 64 over the archive's payload in the documented order (sections arrays, int_arrays,
/// reals, integers, strings; entries by name; per entry: section tag, name length and bytes,
/// payload byte count and little-endian bytes). Exposed for tests and tools.
[[nodiscard]] std::uint64_t checkpoint_checksum(const StateArchive& state);

}  // namespace voidsim::io
