#pragma once
// Counter-based random numbers (Random123 Philox4x32-10). A draw is a pure function of
// (seed, stream, site or cell, step, slot), so results do not depend on thread count, process
// count or the order in which cells are visited, and a restarted run draws the same numbers.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace voidsim {

/// Identifies what the random numbers are for, so independent processes never share draws.
enum class RandomStream : std::uint32_t {
  nucleation = 1,
  kmc_selection = 2,
  kmc_time = 3,
  defects = 4,
  initial_state = 5,
  image_noise = 6,
  test = 99,
};

/// Uniform in the open interval (0, 1) from two 32-bit words (53 bits: hi's 32 and lo's top 21):
/// safe for -log(u) and for Poisson inversion. Callers holding a Philox block use it to make two
/// uniforms of one block.
[[nodiscard]] inline double open_uniform(std::uint32_t hi, std::uint32_t lo) noexcept {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ static_cast<std::uint64_t>(lo >> 11);
  return (static_cast<double>(bits & ((1ULL << 53) - 1)) + 0.5) * 0x1.0p-53;
}

class CounterRandom {
 public:
  CounterRandom(std::uint64_t seed, RandomStream stream) {
    key_[0] = static_cast<std::uint32_t>(seed);
    key_[1] = static_cast<std::uint32_t>(seed >> 32) ^ (static_cast<std::uint32_t>(stream) * 0x9E3779B9u);
  }

  /// Four independent 32-bit words for (site, step); `slot` selects further blocks if needed.
  [[nodiscard]] r123::Philox4x32::ctr_type words(std::uint64_t site, std::uint64_t step,
                                                 std::uint32_t slot = 0) const {
    r123::Philox4x32::ctr_type ctr = {
        {static_cast<std::uint32_t>(site), static_cast<std::uint32_t>(site >> 32),
         static_cast<std::uint32_t>(step), static_cast<std::uint32_t>(step >> 32) ^ (slot << 16)}};
    return philox_(ctr, key_);
  }

  /// Uniform in the open interval (0, 1): safe for -log(u) and for Poisson inversion.
  [[nodiscard]] double uniform(std::uint64_t site, std::uint64_t step, std::uint32_t slot = 0) const {
    const auto w = words(site, step, slot);
    return open_uniform(w[0], w[1]);
  }

  /// Poisson-distributed count with mean `lambda` (inversion; lambda is small per cell and step).
  [[nodiscard]] std::uint32_t poisson(double lambda, std::uint64_t site, std::uint64_t step) const {
    if (lambda <= 0.0) return 0;
    const double u = uniform(site, step, 1);
    double p = std::exp(-lambda);
    double cumulative = p;
    std::uint32_t k = 0;
    while (u > cumulative && k < 1000) {
      ++k;
      p *= lambda / k;
      cumulative += p;
    }
    return k;
  }

 private:
  r123::Philox4x32::key_type key_{};
  r123::Philox4x32 philox_;
};

}  // namespace voidsim
