#pragma once
// HAADF-like cross-section images with KNOWN voids for the micrograph-analysis tests: an
// electrolyte band on top, a cathode below whose intensity follows a linear thickness gradient
// and a slowly varying (uneven) illumination, elliptical voids of given relative contrast, a small
// probe blur and Poisson shot noise. The truth (mask, count, area fraction, diameters, profile)
// is computed from the same pixel grid, with the same definitions as the analysis.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "core/image.hpp"
#include "postprocess/image_filters.hpp"

namespace voidsim::testing {

struct SyntheticMicrographSpec {
  std::size_t width = 512, height = 512;
  double pixel_size = 0.25e-9;     // m
  std::size_t interface_row = 48;  // first cathode row
  std::size_t n_voids = 40;
  double min_diameter = 2e-9, max_diameter = 15e-9;  // equivalent-circle, m
  double max_aspect = 1.6;                           // ellipse a / b
  double min_gap = 2e-9;                             // between voids' bounding circles, m
  double depth_decay = 0.0;  // m; > 0: void density ~ exp(-depth / decay), near-surface voids
  double min_contrast = 0.05, max_contrast = 0.10;  // relative intensity drop in a void
  double thickness_gradient = 0.4;                  // relative change of thickness across the width (linear)
  double depth_gradient = 0.2;                      // relative change of thickness down the height (linear)
  double illumination_ripple = 0.05;                // amplitude of a slow multiplicative modulation
  double electrolyte_level = 0.45;                  // electrolyte intensity relative to the cathode
  double probe_sigma = 0.15e-9;                     // m, Gaussian probe blur
  double counts = 400.0;                            // mean electron counts per pixel in the cathode (Poisson)
  unsigned seed = 1;
};

struct SyntheticMicrograph {
  Image image;
  std::vector<unsigned char> truth_mask;  // full image
  std::size_t void_count = 0;
  double area_fraction = 0.0;     // of the cathode region
  std::vector<double> diameters;  // m, from pixel counts, ascending
  double median_diameter = 0.0;
  std::vector<double> profile;  // area fraction per 10 nm depth bin
};

inline SyntheticMicrograph make_synthetic_micrograph(const SyntheticMicrographSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double px = spec.pixel_size;
  const double cathode_depth = double(spec.height - spec.interface_row);

  struct Ellipse {
    double cx, cy, a, b, angle, contrast;  // pixel units
  };
  std::vector<Ellipse> voids;
  for (int attempt = 0; attempt < 20000 && voids.size() < spec.n_voids; ++attempt) {
    const double d = (spec.min_diameter + uniform(rng) * (spec.max_diameter - spec.min_diameter)) / px;
    const double aspect = 1.0 + uniform(rng) * (spec.max_aspect - 1.0);
    Ellipse e{0,
              0,
              0.5 * d * std::sqrt(aspect),
              0.5 * d / std::sqrt(aspect),
              uniform(rng) * std::numbers::pi,
              spec.min_contrast + uniform(rng) * (spec.max_contrast - spec.min_contrast)};
    const double margin = e.a + 3.0;
    e.cx = margin + uniform(rng) * (double(spec.width) - 2 * margin);
    double depth = 0.0;
    if (spec.depth_decay > 0.0) {  // truncated exponential by inversion
      const double l = spec.depth_decay / px, span = cathode_depth - 2 * margin;
      depth = -l * std::log(1.0 - uniform(rng) * (1.0 - std::exp(-span / l)));
    } else {
      depth = uniform(rng) * (cathode_depth - 2 * margin);
    }
    e.cy = double(spec.interface_row) + margin + depth;
    bool clear = true;
    for (const Ellipse& o : voids)
      clear = clear && std::hypot(e.cx - o.cx, e.cy - o.cy) > e.a + o.a + spec.min_gap / px;
    if (clear) voids.push_back(e);
  }

  SyntheticMicrograph out;
  out.truth_mask.assign(spec.width * spec.height, 0);
  Image clean(spec.width, spec.height, px);
  std::vector<std::size_t> area(voids.size(), 0);
  for (std::size_t r = 0; r < spec.height; ++r) {
    for (std::size_t c = 0; c < spec.width; ++c) {
      const double x = (double(c) + 0.5) / double(spec.width), y = (double(r) + 0.5) / double(spec.height);
      const double thickness = 1.0 + spec.thickness_gradient * (x - 0.5) + spec.depth_gradient * (y - 0.5);
      const double illumination = 1.0 + spec.illumination_ripple *
                                            std::sin(2 * std::numbers::pi * (0.4 * x + 0.1)) *
                                            std::cos(2 * std::numbers::pi * (0.3 * y - 0.2));
      double value = thickness * illumination;
      if (r < spec.interface_row) {
        value *= spec.electrolyte_level;
      } else {
        for (std::size_t v = 0; v < voids.size(); ++v) {
          const Ellipse& e = voids[v];
          const double dx = double(c) + 0.5 - e.cx, dy = double(r) + 0.5 - e.cy;
          const double u = (dx * std::cos(e.angle) + dy * std::sin(e.angle)) / e.a;
          const double w = (-dx * std::sin(e.angle) + dy * std::cos(e.angle)) / e.b;
          if (u * u + w * w <= 1.0) {
            value *= 1.0 - e.contrast;
            out.truth_mask[r * spec.width + c] = 1;
            ++area[v];
          }
        }
      }
      clean.at(r, c) = static_cast<float>(value);
    }
  }
  const Image blurred = gaussian_blur(clean, spec.probe_sigma / px);
  out.image = Image(spec.width, spec.height, px);
  for (std::size_t i = 0; i < blurred.pixels.size(); ++i) {
    std::poisson_distribution<long> shot(spec.counts * blurred.pixels[i]);
    // Scaled to ~0.5 of the 0..1 range a 16-bit file would use.
    out.image.pixels[i] = static_cast<float>(0.5 * double(shot(rng)) / spec.counts);
  }

  out.void_count = voids.size();
  std::size_t void_px = 0;
  for (std::size_t a : area) {
    void_px += a;
    out.diameters.push_back(2.0 * std::sqrt(double(a) / std::numbers::pi) * px);
  }
  std::sort(out.diameters.begin(), out.diameters.end());
  const std::size_t m = out.diameters.size();
  if (m > 0)
    out.median_diameter =
        m % 2 ? out.diameters[m / 2] : 0.5 * (out.diameters[m / 2 - 1] + out.diameters[m / 2]);
  out.area_fraction = double(void_px) / (cathode_depth * double(spec.width));
  std::vector<double> all;
  for (std::size_t r = spec.interface_row; r < spec.height; ++r) {
    const auto bin = static_cast<std::size_t>((double(r - spec.interface_row) + 0.5) * px / 10e-9);
    if (bin >= all.size()) {
      all.resize(bin + 1, 0.0);
      out.profile.resize(bin + 1, 0.0);
    }
    for (std::size_t c = 0; c < spec.width; ++c) out.profile[bin] += out.truth_mask[r * spec.width + c];
    all[bin] += double(spec.width);
  }
  for (std::size_t b = 0; b < all.size(); ++b) out.profile[b] /= all[b];
  return out;
}

}  // namespace voidsim::testing
