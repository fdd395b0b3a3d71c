#include "postprocess/detector_noise.hpp"

#include <cmath>
#include <numbers>

namespace voidsim {

std::uint64_t poisson_deviate(const CounterRandom& random, double mean, std::uint64_t site,
                              std::uint64_t step) {
  if (!(mean > 0.0)) return 0;
  if (mean < 10.0) {
    // Inversion of the cumulative distribution.
    const double u = random.uniform(site, step, 0);
    double p = std::exp(-mean), cumulative = p;
    std::uint64_t k = 0;
    while (u > cumulative && k < 200) {
      ++k;
      p *= mean / static_cast<double>(k);
      cumulative += p;
    }
    return k;
  }
  // PTRS (Hormann 1993), the constants of the paper.
  const double slam = std::sqrt(mean), loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (std::uint32_t slot = 0;; slot += 2) {
    const double u = random.uniform(site, step, slot) - 0.5;
    const double v = random.uniform(site, step, slot + 1);
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - std::lgamma(k + 1.0))
      return static_cast<std::uint64_t>(k);
  }
}

double normal_deviate(const CounterRandom& random, std::uint64_t site, std::uint64_t step,
                      std::uint32_t slot) {
  const double u1 = random.uniform(site, step, slot);
  const double u2 = random.uniform(site, step, slot + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void apply_shot_noise(Image& image, std::uint64_t seed, std::uint64_t image_key) {
  const CounterRandom random(seed, RandomStream::image_noise);
  const auto n = static_cast<std::ptrdiff_t>(image.pixels.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t p = 0; p < n; ++p) {
    auto& value = image.pixels[static_cast<std::size_t>(p)];
    value = static_cast<float>(poisson_deviate(random, value, static_cast<std::uint64_t>(p), image_key));
  }
}

void apply_scan_line_noise(Image& image, double relative_rms, std::uint64_t seed, std::uint64_t image_key) {
  if (relative_rms <= 0.0) return;
  const CounterRandom random(seed, RandomStream::image_noise);
  for (std::size_t r = 0; r < image.height; ++r) {
    // Rows are keyed past the pixel range so row and pixel draws never coincide.
    const double gain = 1.0 + relative_rms * normal_deviate(random, (1ULL << 40) + r, image_key, 100);
    for (std::size_t c = 0; c < image.width; ++c) image.at(r, c) = static_cast<float>(image.at(r, c) * gain);
  }
}

void add_gaussian_noise(Image& image, double rms, std::uint64_t seed, std::uint64_t image_key) {
  if (rms <= 0.0) return;
  const CounterRandom random(seed, RandomStream::image_noise);
  const auto n = static_cast<std::ptrdiff_t>(image.pixels.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t p = 0; p < n; ++p) {
    auto& value = image.pixels[static_cast<std::size_t>(p)];
    value = static_cast<float>(value +
                               rms * normal_deviate(random, static_cast<std::uint64_t>(p), image_key, 200));
  }
}

}  // namespace voidsim
