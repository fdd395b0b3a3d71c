#include "model/lattice_snapshot.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace voidsim {

LatticeGeometry geometry_of(const OxygenLattice& lattice) {
  LatticeGeometry g;
  g.dimension = lattice.dimension();
  g.spacing = lattice.spacing();
  g.mx = lattice.mx();
  g.ny = lattice.ny();
  g.nz = lattice.nz();
  g.periodic_lateral = lattice.periodic_lateral();
  return g;
}

OxygenLattice lattice_of(const LatticeGeometry& geometry) {
  const bool three_d = geometry.dimension == 3;
  if ((geometry.dimension != 2 && !three_d) || !(geometry.spacing > 0.0) || geometry.mx < 2 ||
      geometry.nz < 2 || (three_d ? (geometry.ny < 2 || geometry.ny % 2 != 0) : geometry.ny != 1)) {
    throw std::invalid_argument(
        "lattice geometry: dimension 2 or 3, spacing > 0, mx and nz >= 2, ny = 1 (2D) "
        "or even >= 2 (3D)");
  }
  // OxygenLattice rounds box lengths to whole rows: a box of exactly mx, ny, nz rows gives them back.
  const double a = geometry.spacing;
  const double h = a * std::sqrt(3.0) / 2.0;
  Grid grid;
  grid.dimension = geometry.dimension;
  grid.nx = geometry.mx;
  grid.dx = a;
  grid.ny = geometry.ny;
  grid.dy = h;
  grid.nz = geometry.nz;
  grid.dz = three_d ? a * std::sqrt(2.0 / 3.0) : h;
  OxygenLattice lattice(grid, a, geometry.periodic_lateral);
  if (lattice.mx() != geometry.mx || lattice.ny() != geometry.ny || lattice.nz() != geometry.nz)
    throw std::logic_error("lattice_of: rebuilt lattice does not have the recorded row counts");
  return lattice;
}

LatticeRecord vacant_site_record(const OxygenLattice& lattice, const std::uint8_t* occupancy,
                                 std::size_t min_void_sites) {
  LatticeRecord record;
  record.name = "vacant_sites";
  record.description = "indices of the vacant O sites of the KMC lattice";
  record.geometry = geometry_of(lattice);
  record.min_void_sites = min_void_sites;
  for (std::size_t s = 0; s < lattice.size(); ++s) {
    if (occupancy[s] != 0) record.sites.push_back(static_cast<std::int64_t>(s));
  }
  return record;
}

std::vector<std::uint8_t> occupancy_of(const LatticeRecord& record) {
  const std::size_t n = record.geometry.size();
  std::vector<std::uint8_t> occupancy(n, 0);
  std::int64_t previous = -1;
  for (const std::int64_t s : record.sites) {
    if (s <= previous || s >= static_cast<std::int64_t>(n)) {
      throw std::invalid_argument("lattice record '" + record.name + "': site index " + std::to_string(s) +
                                  " out of range or not increasing (" + std::to_string(n) + " sites)");
    }
    occupancy[static_cast<std::size_t>(s)] = 1;
    previous = s;
  }
  return occupancy;
}

}  // namespace voidsim
