#include "postprocess/image_filters.hpp"

#include <algorithm>
#include <cmath>

namespace voidsim {

namespace {

// Mirror index into [0, n): -1 -> 0, n -> n - 1 (half-sample symmetric, like scipy "reflect").
inline std::ptrdiff_t mirror(std::ptrdiff_t i, std::ptrdiff_t n) {
  while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
  return i;
}

std::vector<float> gaussian_kernel(double sigma_px) {
  const auto radius = static_cast<std::ptrdiff_t>(std::ceil(3.5 * sigma_px));
  std::vector<float> weights(static_cast<std::size_t>(2 * radius + 1));
  double sum = 0.0;
  for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
    const double w = std::exp(-0.5 * double(k * k) / (sigma_px * sigma_px));
    weights[static_cast<std::size_t>(k + radius)] = static_cast<float>(w);
    sum += w;
  }
  for (float& w : weights) w = static_cast<float>(w / sum);
  return weights;
}

// Point kernel of the horizontal pass: one output pixel from one input row.
inline float blur_row_at(const float* row, std::ptrdiff_t width, std::ptrdiff_t col,
                         const std::vector<float>& kernel, std::ptrdiff_t radius) {
  float sum = 0.0f;
  if (col >= radius && col + radius < width) {
    for (std::ptrdiff_t k = -radius; k <= radius; ++k) sum += kernel[std::size_t(k + radius)] * row[col + k];
  } else {
    for (std::ptrdiff_t k = -radius; k <= radius; ++k)
      sum += kernel[std::size_t(k + radius)] * row[mirror(col + k, width)];
  }
  return sum;
}

}  // namespace

Image gaussian_blur(const Image& image, double sigma_px) {
  if (sigma_px <= 0.0 || image.empty()) return image;
  const std::vector<float> kernel = gaussian_kernel(sigma_px);
  const auto radius = static_cast<std::ptrdiff_t>(kernel.size() / 2);
  const auto width = static_cast<std::ptrdiff_t>(image.width);
  const auto height = static_cast<std::ptrdiff_t>(image.height);

  Image horizontal(image.width, image.height, image.pixel_size);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < height; ++r) {
    const float* in = image.pixels.data() + r * width;
    float* out = horizontal.pixels.data() + r * width;
    for (std::ptrdiff_t c = 0; c < width; ++c) out[c] = blur_row_at(in, width, c, kernel, radius);
  }

  // Vertical pass row by row: the inner loop runs along contiguous columns and vectorises.
  Image result(image.width, image.height, image.pixel_size, 0.0f);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t r = 0; r < height; ++r) {
    float* out = result.pixels.data() + r * width;
    for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
      const float w = kernel[std::size_t(k + radius)];
      const float* in = horizontal.pixels.data() + mirror(r + k, height) * width;
      for (std::ptrdiff_t c = 0; c < width; ++c) out[c] += w * in[c];
    }
  }
  return result;
}

double otsu_threshold(const std::vector<float>& values) {
  if (values.empty()) return 0.0;
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const double low = *min_it, high = *max_it;
  if (!(high > low)) return low;
  constexpr std::size_t n_bins = 1024;
  std::vector<double> histogram(n_bins, 0.0);
  const double scale = double(n_bins) / (high - low);
  for (float v : values) histogram[std::min(n_bins - 1, static_cast<std::size_t>((v - low) * scale))] += 1.0;
  double total_sum = 0.0;
  for (std::size_t b = 0; b < n_bins; ++b) total_sum += double(b) * histogram[b];
  const double total = double(values.size());
  // Between-class variance w0 w1 (mu0 - mu1)^2 for a split after bin b; keep the best.
  double weight0 = 0.0, sum0 = 0.0, best = -1.0;
  std::size_t best_bin = 0;
  for (std::size_t b = 0; b + 1 < n_bins; ++b) {
    weight0 += histogram[b];
    sum0 += double(b) * histogram[b];
    const double weight1 = total - weight0;
    if (weight0 == 0.0 || weight1 == 0.0) continue;
    const double mean0 = sum0 / weight0, mean1 = (total_sum - sum0) / weight1;
    const double between = weight0 * weight1 * (mean0 - mean1) * (mean0 - mean1);
    if (between > best) {
      best = between;
      best_bin = b;
    }
  }
  return low + double(best_bin + 1) / scale;
}

}  // namespace voidsim
