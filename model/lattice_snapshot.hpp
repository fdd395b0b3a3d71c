#pragma once
// Conversions between a live OxygenLattice with its occupancy bytes and the plain LatticeRecord
// written per output frame (core/lattice_record.hpp): the KMC engine makes records, readers of a
// result file rebuild the lattice and its occupancy from them.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/lattice_record.hpp"
#include "model/oxygen_lattice.hpp"

namespace voidsim {

[[nodiscard]] LatticeGeometry geometry_of(const OxygenLattice& lattice);

/// The lattice described by `geometry`, identical (site count, indices, positions, neighbours) to
/// the one it was taken from. Throws std::invalid_argument for an empty or malformed geometry.
[[nodiscard]] OxygenLattice lattice_of(const LatticeGeometry& geometry);

/// Record "vacant_sites" of `occupancy` (lattice.size() bytes, 1 = vacancy), indices ascending.
[[nodiscard]] LatticeRecord vacant_site_record(const OxygenLattice& lattice, const std::uint8_t* occupancy,
                                               std::size_t min_void_sites);

/// Occupancy bytes (1 = vacancy) of record.geometry.size() sites. Throws std::invalid_argument if
/// an index is out of range or the indices are not strictly increasing.
[[nodiscard]] std::vector<std::uint8_t> occupancy_of(const LatticeRecord& record);

}  // namespace voidsim
