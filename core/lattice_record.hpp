#pragma once
// The state of a KMC oxygen lattice as written per output frame (docs/output-format.md, "Lattice
// records"): the vacant O sites by index plus the geometry that places them. Shared by the KMC
// engine (which fills it), io/ (which writes and reads it) and postprocess/atomic_haadf (which
// renders it), so it lives in core/ and holds plain data only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace voidsim {

/// What model/oxygen_lattice.hpp needs to rebuild a lattice exactly (site indices, positions).
struct LatticeGeometry {
  int dimension = 2;             // 2: triangular rows in the x-z section; 3: ABC-stacked layers
  double spacing = 0.0;          // O-O nearest-neighbour distance a, m
  std::size_t mx = 0;            // sites per row (along x)
  std::size_t ny = 1;            // rows per layer (along y; 1 in 2D)
  std::size_t nz = 0;            // rows (2D) or layers (3D) along z, 0 at the interface
  bool periodic_lateral = true;  // x (and y in 3D) periodic

  [[nodiscard]] std::size_t size() const noexcept { return mx * ny * nz; }
};

/// One integer record of a frame: /data/<iteration>/lattice/<name>.
struct LatticeRecord {
  std::string name = "vacant_sites";
  std::string description;
  LatticeGeometry geometry;
  /// Vacancy clusters of at least this many sites are voids (solvers/lattice_clusters.hpp).
  std::size_t min_void_sites = 1;
  /// Site indices (model/oxygen_lattice.hpp numbering), strictly increasing.
  std::vector<std::int64_t> sites;
};

}  // namespace voidsim
