// Cost of the nucleation seeder's candidate checks (solvers/nucleation_seeder.hpp) per candidate,
// with the per-row prefix sums (default) and cell by cell, on the in situ scenarios' settings: a
// 2D section (collection 20 nm) and a 3D block (collection 6 nm), 1 nm cells, a patchy
// supersaturation under which almost every candidate fails the supply check, as in the runs
// (fields fixed between steps; nuclei planted in one step stay).
// Plain wall-clock timing on the threads OpenMP gives (the checks themselves are serial); never
// in ctest.
//   usage: bench_nucleation_seeder [candidates per step = 4000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/random.hpp"
#include "solvers/nucleation_seeder.hpp"

namespace {

using voidsim::CounterRandom;
using voidsim::Grid;
using voidsim::NucleationSeeder;
using voidsim::NucleationSeederSettings;
using voidsim::RandomStream;

struct Result {
  double seconds_per_step = 0.0;
  std::size_t candidates = 0, planted = 0, rejected_supply = 0, from_rows = 0;
};

Result run(const Grid& g, NucleationSeederSettings settings, double candidates_per_step, int steps) {
  NucleationSeeder seeder(settings);
  std::vector<double> eta(g.size(), 0.0), c_v(g.size()), rate(g.size());
  const CounterRandom field(3, RandomStream::nucleation);
  for (std::size_t i = 0; i < g.size(); ++i) {
    // 8 nm patches of 0 .. 1.4 % excess over c_v_eq: a shell of 1.2 % mean excess feeds a 2 nm
    // nucleus, so only the richest patches can (in the runs: 25 planted of 2.8 million checked).
    const std::size_t x = i % g.nx, y = (i / g.nx) % g.ny, z = i / (g.nx * g.ny);
    const double patch = field.uniform(x / 8 + 64 * (y / 8) + 4096 * (z / 8), 0, 9);
    c_v[i] =
        settings.rate.equilibrium_fraction + 0.012 * patch * patch * (0.8 + 0.4 * field.uniform(i, 1, 9));
  }
  const double mean = candidates_per_step / static_cast<double>(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) rate[i] = mean / seeder.cell_volume(g);
  Result r;
  const auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < steps; ++step) {
    seeder.seed_nuclei(g, eta.data(), c_v.data(), rate.data(), 1.0, step,
                       CounterRandom(11, RandomStream::nucleation));
    r.candidates += seeder.statistics().candidates;
    r.planted += seeder.statistics().planted;
    r.rejected_supply += seeder.statistics().rejected_supply;
    r.from_rows += seeder.statistics().supply_row_rejections;
  }
  r.seconds_per_step =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / steps;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const double per_step = argc > 1 ? std::atof(argv[1]) : 4000.0;
  std::printf("nucleation seeder: ~%.0f candidates per step, 1 nm cells\n", per_step);
  std::printf("%-22s %-8s %12s %12s %10s %10s %10s\n", "case", "checks", "ms/step", "us/candidate",
              "candidates", "planted", "from rows");
  for (const int dimension : {2, 3}) {
    Grid g;
    g.dimension = dimension;
    g.nx = dimension == 2 ? 512 : 128;
    g.ny = dimension == 2 ? 1 : 64;
    g.nz = dimension == 2 ? 512 : 64;
    NucleationSeederSettings s = NucleationSeederSettings::from({}, {}, dimension);
    s.interface_width = 1e-9;
    s.exclusion_distance = 5e-9;
    s.collection_distance = dimension == 2 ? 20e-9 : 6e-9;  // scenarios/insitu_biasing(_3d).yaml
    for (const bool rows : {true, false}) {
      s.row_sums = rows;
      const Result r = run(g, s, per_step, 3);
      char name[64];
      std::snprintf(name, sizeof name, "%dD %zux%zux%zu", dimension, g.nx, g.ny, g.nz);
      std::printf("%-22s %-8s %12.2f %12.3f %10zu %10zu %10zu\n", name, rows ? "rows" : "cells",
                  1e3 * r.seconds_per_step, 1e6 * r.seconds_per_step * 3 / static_cast<double>(r.candidates),
                  r.candidates, r.planted, r.from_rows);
    }
  }
  return 0;
}
