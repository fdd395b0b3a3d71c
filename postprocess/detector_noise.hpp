#pragma once
// Counting noise of a scanned image: Poisson shot noise of the detected electrons and scan-line
// (row gain) noise of the fast scan. Every draw comes from the counter-based generator
// (core/random.hpp) keyed by (seed, pixel or row, image key), so an image does not depend on the
// number of threads or the order pixels are visited.
#include <cstdint>

#include "core/image.hpp"
#include "core/random.hpp"

namespace voidsim {

/// Poisson deviate of mean `mean` (>= 0): inversion below 10, Hormann's PTRS transformed
/// rejection above (W. Hormann, Insurance Math. Econom. 12, 39 (1993)), uniforms drawn from
/// `random` at (site, step) with successive slots.
[[nodiscard]] std::uint64_t poisson_deviate(const CounterRandom& random, double mean, std::uint64_t site,
                                            std::uint64_t step);

/// Standard normal deviate (Box-Muller) at (site, step, slot pair).
[[nodiscard]] double normal_deviate(const CounterRandom& random, std::uint64_t site, std::uint64_t step,
                                    std::uint32_t slot = 0);

/// Replaces each pixel (expected counts) by a Poisson count. `image_key` separates images.
void apply_shot_noise(Image& image, std::uint64_t seed, std::uint64_t image_key);

/// Multiplies each row by (1 + relative_rms * N(0, 1)): the row-to-row gain flicker of a scan.
void apply_scan_line_noise(Image& image, double relative_rms, std::uint64_t seed, std::uint64_t image_key);

/// Adds relative_rms * N(0, 1) to each pixel (HRTEM phase-contrast-like noise).
void add_gaussian_noise(Image& image, double rms, std::uint64_t seed, std::uint64_t image_key);

}  // namespace voidsim
