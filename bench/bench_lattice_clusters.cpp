// Cost of the KMC cluster analysis (solvers/lattice_clusters.hpp) per output step: wall time per
// lattice site for 2D and 3D lattices of 1e4 .. 1e7 sites and random vacancy fillings below and
// above percolation. Serial (the analysis has no OpenMP). Plain wall-clock timing; never in ctest.
//   usage: bench_lattice_clusters [max_sites=1e7]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/random.hpp"
#include "solvers/lattice_clusters.hpp"

namespace {

// A grid whose lattice has about `sites` sites (a = 0.285 nm, square 2D or cubic 3D box).
voidsim::Grid grid_for(int dimension, double sites, double a) {
  voidsim::Grid g;
  g.dimension = dimension;
  const double measure = dimension == 2 ? a * a * std::sqrt(3.0) / 2.0 : a * a * a / std::sqrt(2.0);
  const double side = std::pow(sites * measure, 1.0 / dimension);
  g.dx = g.dy = g.dz = 1e-9;
  g.nx = g.nz = static_cast<std::size_t>(std::max(1.0, std::round(side / 1e-9)));
  g.ny = dimension == 3 ? g.nx : 1;
  return g;
}

}  // namespace

int main(int argc, char** argv) {
  const double max_sites = argc > 1 ? std::atof(argv[1]) : 1e7;
  const double a = 0.285e-9;
  std::printf("lattice cluster analysis, min_void_sites = 10, serial\n");
  std::printf("%4s %12s %8s %10s %10s %12s %10s\n", "dim", "sites", "filling", "clusters", "voids",
              "ms/analyse", "ns/site");
  for (const int dimension : {2, 3}) {
    for (double target = 1e4; target <= max_sites * 1.0001; target *= 10.0) {
      const voidsim::OxygenLattice lattice(grid_for(dimension, target, a), a, true);
      voidsim::LatticeClusters clusters(lattice, 10);
      std::vector<std::uint8_t> occupancy(lattice.size());
      const voidsim::CounterRandom random(1, voidsim::RandomStream::test);
      for (const double filling : {0.01, 0.1, 0.3}) {
        for (std::size_t s = 0; s < lattice.size(); ++s)
          occupancy[s] = random.uniform(s, 0) < filling ? 1 : 0;
        clusters.analyse(occupancy.data());  // warm-up (first touch of the buffers)
        const int repeats = std::max(1, static_cast<int>(1e7 / static_cast<double>(lattice.size())));
        const auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < repeats; ++r) clusters.analyse(occupancy.data());
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats;
        const auto& s = clusters.statistics();
        std::printf("%4d %12zu %8.2f %10zu %10zu %12.3f %10.2f\n", dimension, lattice.size(), filling,
                    s.n_clusters, s.n_voids, wall * 1e3, wall / static_cast<double>(lattice.size()) * 1e9);
      }
    }
  }
  return 0;
}
