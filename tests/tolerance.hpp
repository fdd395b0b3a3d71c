#pragma once
// Named tolerances: every numeric assertion in the suite says which one it uses and why.
#include <cmath>

namespace voidsim::testing {

/// Round-off of a sum of O(N) double operations on O(1) values.
inline constexpr double round_off = 1e-12;

/// |a - b| <= rel * max(|a|, |b|) + abs_tol.
[[nodiscard]] inline bool close(double a, double b, double rel, double abs_tol = 0.0) {
  return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + abs_tol;
}

}  // namespace voidsim::testing
