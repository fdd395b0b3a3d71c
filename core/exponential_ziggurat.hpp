#pragma once
// Exponential variates Exp(1) by the ziggurat method (Marsaglia and Tsang, J. Stat. Softw. 5(8),
// 2000) with 256 layers: 97.8 % of the draws cost one table compare and one multiply, against a
// log for the inversion -ln(u). The serial KMC draws one per event, and the log was ~9 % of the
// samples of an in situ run (docs/kmc.md, "Time: serial exact mode"; docs/performance.md).
//
// The method is exact rejection sampling: the density e^-x is covered by 256 boxes of equal area
// v, the base box holding the tail x > r, which is sampled as r + Exp(1) by inversion (the
// exponential is memoryless). A point uniform in a random box is accepted where it lies under the
// curve. r is the root of the closure condition (the top box has area v too) to double precision,
// 7.69711747013105 by bisection in 40-digit arithmetic (Marsaglia and Tsang print
// 7.697117470131487, which closes only to 1.5e-10 of v); the boxes built from it in double close
// to 1.3e-13 of v (test_exponential_ziggurat), so no probability is off by more than ~1e-13.
#include <array>
#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace voidsim {

class ExponentialZiggurat {
 public:
  static constexpr int layers = 256;
  static constexpr double r = 7.69711747013105;  // right edge of the base box's rectangle

  ExponentialZiggurat();

  /// One Exp(1) variate. `bits` are 64 random bits (the low 8 choose the box, the high 53 the
  /// point in it); `fresh(k)`, k = 1, 2, ..., returns a further block of four random 32-bit words
  /// (operator[] 0-3) for the rare tail and wedge draws (2.2 % of the calls need one).
  template <class Fresh>
  [[nodiscard]] double sample(std::uint64_t bits, Fresh&& fresh) const {
    for (std::uint32_t k = 1;; ++k) {
      const std::size_t i = bits & 0xffu;
      const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // [0, 1)
      if (u < ratio_[i]) return u * x_[i];  // inside the part of box i that lies under the curve
      const auto w = fresh(k);
      const double u2 = open_uniform(w[0], w[1]);
      if (i == 0) return r - std::log(u2);  // the tail beyond r
      // The wedge of box i: accept (z, y) under e^-z, y uniform between the box's bottom and top.
      const double z = u * x_[i];
      if (f_[i] + u2 * (f_[i + 1] - f_[i]) < std::exp(-z)) return z;
      bits = (static_cast<std::uint64_t>(w[2]) << 32) | w[3];
    }
  }

  /// Right edge x_i of box i (x_0: the base box's virtual width v / e^-r; x_256 = 0).
  [[nodiscard]] double edge(int i) const noexcept { return x_[static_cast<std::size_t>(i)]; }
  /// Common area v of the boxes.
  [[nodiscard]] double box_area() const noexcept { return v_; }

 private:
  double v_ = 0.0;
  std::array<double, layers + 1> x_{};  // box edges, decreasing
  std::array<double, layers + 1> f_{};  // e^-x_i
  std::array<double, layers> ratio_{};  // x_{i+1} / x_i: the fast-accept fraction of box i
};

}  // namespace voidsim
