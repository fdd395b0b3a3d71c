#include "postprocess/probe_blur.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "postprocess/image_filters.hpp"

namespace voidsim {

namespace {

constexpr double airy_half_maximum_v = 1.616339948;  // (2 J1(v)/v)^2 = 1/2
constexpr double airy_third_zero_v = 10.17346814;    // third zero of J1

inline std::size_t clamp_index(long i, std::size_t n) {
  return static_cast<std::size_t>(std::clamp<long>(i, 0, static_cast<long>(n) - 1));
}

Image airy_blur(const Image& image, double fwhm_px) {
  const double v_per_px = airy_half_maximum_v / (0.5 * fwhm_px);
  const long radius = static_cast<long>(std::ceil(airy_third_zero_v / v_per_px));
  const std::size_t side = static_cast<std::size_t>(2 * radius + 1);
  std::vector<double> kernel(side * side);
  double sum = 0.0;
  for (long a = -radius; a <= radius; ++a)
    for (long b = -radius; b <= radius; ++b) {
      const double r = std::hypot(static_cast<double>(a), static_cast<double>(b));
      const double w = r <= airy_third_zero_v / v_per_px ? airy_intensity(r, fwhm_px) : 0.0;
      kernel[static_cast<std::size_t>((a + radius) * static_cast<long>(side) + b + radius)] = w;
      sum += w;
    }
  for (double& w : kernel) w /= sum;
  const std::size_t width = image.width, height = image.height;
  Image result(width, height, image.pixel_size);
  const auto n_rows = static_cast<std::ptrdiff_t>(height);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t rr = 0; rr < n_rows; ++rr) {
    const auto r = static_cast<std::size_t>(rr);
    for (std::size_t c = 0; c < width; ++c) {
      double v = 0.0;
      for (long a = -radius; a <= radius; ++a) {
        const std::size_t row = clamp_index(static_cast<long>(r) + a, height);
        const double* k = &kernel[static_cast<std::size_t>((a + radius) * static_cast<long>(side))];
        for (long b = -radius; b <= radius; ++b)
          v += k[b + radius] * image.at(row, clamp_index(static_cast<long>(c) + b, width));
      }
      result.at(r, c) = static_cast<float>(v);
    }
  }
  return result;
}

}  // namespace

double airy_intensity(double radius, double fwhm) {
  const double v = airy_half_maximum_v * radius / (0.5 * fwhm);
  if (v < 1e-8) return 1.0;
  const double a = 2.0 * std::cyl_bessel_j(1.0, v) / v;
  return a * a;
}

Image blur_with_probe(const Image& image, const ProbeOptions& probe) {
  const double fwhm_px = probe.fwhm / image.pixel_size;
  if (!(fwhm_px >= 0.5) || image.empty()) return image;
  if (probe.shape == ProbeShape::airy) return airy_blur(image, fwhm_px);
  return gaussian_blur(image, fwhm_px / (2.0 * std::sqrt(2.0 * std::log(2.0))));
}

}  // namespace voidsim
