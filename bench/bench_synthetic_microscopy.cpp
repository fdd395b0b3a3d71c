// Cost of `voidsim image` (postprocess/ synthetic microscopy) against frame size and threads: a
// 2D frame of N x N cells of 1 nm with ~1 % void area (6 nm voids), projected through a 60 nm
// lamella, rendered as HAADF (1 nm probe, Poisson noise) and EELS maps at the cell size, and as
// HRTEM-like fringes at 0.1 nm pixels. Plain wall-clock timing; never in ctest.
//   usage: bench_synthetic_microscopy [max_side=1024]
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "postprocess/eels_maps.hpp"
#include "postprocess/haadf_image.hpp"
#include "postprocess/hrtem_image.hpp"
#include "postprocess/lamella_projection.hpp"
#include "postprocess/specimen_composition.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// eta = 1 in disks of radius 3 nm on a 60 nm lattice below the interface (~1 % area).
std::vector<double> painted_voids(const voidsim::Grid& g) {
  std::vector<double> eta(g.size(), 0.0);
  for (std::size_t k = 0; k < g.nz; ++k)
    for (std::size_t i = 0; i < g.nx; ++i) {
      const double x = std::fmod(double(i) + 0.5, 60.0) - 30.0, z = std::fmod(double(k) + 0.5, 60.0) - 30.0;
      if (x * x + z * z < 9.0) eta[g.index(i, 0, k)] = 1.0;
    }
  return eta;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t max_side = argc > 1 ? std::size_t(std::atol(argv[1])) : 1024;
  const int max_threads = omp_get_max_threads();
  std::printf("%6s %7s %12s %12s %12s %12s %14s\n", "cells", "threads", "project_s", "haadf_s", "eels_s",
              "hrtem_s", "hrtem_ns/px");
  for (std::size_t side = 256; side <= max_side; side *= 2) {
    voidsim::Grid grid;
    grid.nx = grid.nz = side;
    const std::vector<double> eta = painted_voids(grid);
    voidsim::SpecimenFields fields;
    fields.void_order_parameter = eta.data();
    for (int threads = 1; threads <= max_threads; threads *= 2) {
      omp_set_num_threads(threads);
      auto start = Clock::now();
      const voidsim::ProjectedSpecimen specimen = voidsim::project_lamella(
          grid, voidsim::specimen_composition(grid, fields), eta.data(), voidsim::LamellaOptions{});
      const double project_s = seconds_since(start);
      start = Clock::now();
      const voidsim::Image haadf = voidsim::render_haadf(specimen, voidsim::HaadfOptions{});
      const double haadf_s = seconds_since(start);
      start = Clock::now();
      const voidsim::EelsMaps eels = voidsim::render_eels_maps(specimen, 0.0, voidsim::ProbeOptions{});
      const double eels_s = seconds_since(start);
      start = Clock::now();
      const voidsim::Image hrtem = voidsim::render_hrtem(specimen, voidsim::HrtemOptions{});
      const double hrtem_s = seconds_since(start);
      std::printf("%6zu %7d %12.4f %12.4f %12.4f %12.4f %14.1f\n", side, threads, project_s, haadf_s, eels_s,
                  hrtem_s, hrtem_s / double(hrtem.pixels.size()) * 1e9);
      if (haadf.empty() || eels.t_over_lambda.empty()) return 1;
    }
  }
  return 0;
}
