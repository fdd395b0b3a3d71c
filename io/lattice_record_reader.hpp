#pragma once
// Reading the lattice records of a frame (/data/<iteration>/lattice/<name>, written by
// io::write_iteration_file for KMC runs; docs/output-format.md "Lattice records") from result.h5
// or from an iteration file of the run's .work/ folder (same layout).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/lattice_record.hpp"

namespace voidsim::io {

/// Names of the lattice records of `iteration`: empty for phase-field runs and for files written
/// before lattice records existed. IoError if the file or the iteration is missing.
[[nodiscard]] std::vector<std::string> lattice_record_names(const std::filesystem::path& file,
                                                            std::int64_t iteration);

/// One record with its geometry. IoError if it is missing, an attribute is missing or the
/// indices are out of range or not increasing.
[[nodiscard]] LatticeRecord read_lattice_record(const std::filesystem::path& file, std::int64_t iteration,
                                                const std::string& name = "vacant_sites");

}  // namespace voidsim::io
