#include "core/exponential_ziggurat.hpp"

namespace voidsim {

ExponentialZiggurat::ExponentialZiggurat() {
  const double f_r = std::exp(-r);
  v_ = r * f_r + f_r;  // the base box: rectangle [0, r] x [0, e^-r] plus the tail's area e^-r
  x_[0] = v_ / f_r;
  x_[1] = r;
  for (int i = 1; i < layers - 1; ++i) {
    const auto k = static_cast<std::size_t>(i);
    x_[k + 1] = -std::log(v_ / x_[k] + std::exp(-x_[k]));
  }
  x_[layers] = 0.0;
  for (std::size_t i = 0; i <= layers; ++i) f_[i] = std::exp(-x_[i]);
  for (std::size_t i = 0; i < layers; ++i) ratio_[i] = x_[i + 1] / x_[i];
}

}  // namespace voidsim
