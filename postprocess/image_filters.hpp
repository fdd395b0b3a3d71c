#pragma once
// Small image-processing building blocks for micrograph analysis: Gaussian smoothing and Otsu's
// threshold. Pixel units throughout; physical sizes are converted by the caller.
#include <cstddef>
#include <vector>

#include "core/image.hpp"

namespace voidsim {

/// Separable Gaussian blur with standard deviation `sigma_px` pixels (kernel truncated at 3.5
/// sigma, mirrored at the borders so the mean level is kept up to the edge). sigma_px <= 0
/// returns a copy.
[[nodiscard]] Image gaussian_blur(const Image& image, double sigma_px);

/// Otsu's threshold (maximum between-class variance) of `values` over a 1024-bin histogram
/// spanning their range. Returns the bin edge separating the two classes; the value itself if
/// all values are equal.
[[nodiscard]] double otsu_threshold(const std::vector<float>& values);

}  // namespace voidsim
