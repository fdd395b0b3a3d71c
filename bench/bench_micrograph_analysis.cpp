// Cost of `voidsim analyze` (postprocess/micrograph_analysis.hpp) against image size and threads:
// synthetic 0.25 nm/pixel HAADF-like images (thickness gradient, 5 % void contrast, 5 % Poisson-
// like noise, ~3 % void area fraction) of 512^2 .. 4096^2 pixels. Plain wall-clock timing; never
// in ctest.   usage: bench_micrograph_analysis [max_side=4096]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "postprocess/micrograph_analysis.hpp"

namespace {

voidsim::Image synthetic(std::size_t side, unsigned seed) {
  voidsim::Image image(side, side, 0.25e-9);
  const std::size_t interface = side / 16;
  for (std::size_t r = 0; r < side; ++r)
    for (std::size_t c = 0; c < side; ++c)
      image.at(r, c) =
          static_cast<float>((r < interface ? 0.45 : 1.0) * (1.0 + 0.4 * (double(c) / side - 0.5)));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const std::size_t n_voids = side * side / 16000;  // ~3 % area with 2-15 nm voids
  for (std::size_t v = 0; v < n_voids; ++v) {
    const double radius = (1.0 + 6.5 * uniform(rng)) / 0.25;
    const double cx = radius + uniform(rng) * (double(side) - 2 * radius);
    const double cy = double(interface) + radius + uniform(rng) * (double(side - interface) - 2 * radius);
    for (auto r = std::size_t(std::max(0.0, cy - radius)); r < std::min(double(side), cy + radius + 1); ++r)
      for (auto c = std::size_t(std::max(0.0, cx - radius)); c < std::min(double(side), cx + radius + 1); ++c)
        if (std::hypot(double(c) + 0.5 - cx, double(r) + 0.5 - cy) <= radius) image.at(r, c) *= 0.95f;
  }
  std::normal_distribution<float> noise(0.0f, 1.0f);
  for (float& p : image.pixels) p *= 1.0f + 0.05f * noise(rng);
  return image;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t max_side = argc > 1 ? std::size_t(std::atol(argv[1])) : 4096;
  const int max_threads = omp_get_max_threads();
  std::printf("%8s %8s %10s %10s %8s\n", "side", "threads", "seconds", "ns/pixel", "voids");
  for (std::size_t side = 512; side <= max_side; side *= 2) {
    const voidsim::Image image = synthetic(side, 1);
    voidsim::MicrographAnalysisOptions options;
    for (int threads = 1; threads <= max_threads; threads *= 2) {
      omp_set_num_threads(threads);
      const auto start = std::chrono::steady_clock::now();
      const voidsim::MicrographStats stats = voidsim::analyze_micrograph(image, options);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%8zu %8d %10.3f %10.1f %8zu\n", side, threads, wall, wall / double(side * side) * 1e9,
                  stats.void_count);
    }
  }
  return 0;
}
