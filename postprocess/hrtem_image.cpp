#include "postprocess/hrtem_image.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "postprocess/detector_noise.hpp"
#include "postprocess/image_resampling.hpp"
#include "postprocess/probe_blur.hpp"

namespace voidsim {

namespace {
constexpr double two_pi = 2.0 * std::numbers::pi;

// Mean of cos(2 pi s / d) over one pixel of width p centred at s: cos(2 pi s / d) sinc(pi p / d).
// Pixel averaging instead of point sampling keeps fringes finer than the pixel from aliasing.
inline double pixel_fringe(double s, double spacing, double pixel) {
  const double u = std::numbers::pi * pixel / spacing;
  return std::cos(two_pi * s / spacing) * (u > 1e-9 ? std::sin(u) / u : 1.0);
}
}  // namespace

double layered_fringe_spacing() {
  // MODEL.md section 3: Li2MnO3 C2/m, c = 5.025 A, beta = 109.4 deg; d(001) = c sin(beta).
  return 5.025e-10 * std::sin(109.4 * std::numbers::pi / 180.0);
}

Image render_hrtem(const ProjectedSpecimen& specimen, const HrtemOptions& options) {
  const PixelGrid pixels = pixel_grid(specimen, options.pixel_size);
  const Image layered = resample_bilinear(specimen, specimen.layered_path, pixels);
  const Image spinel = resample_bilinear(specimen, specimen.spinel_path, pixels);
  const Image rock_salt = resample_bilinear(specimen, specimen.rock_salt_path, pixels);
  const Image mixing = resample_bilinear(specimen, specimen.cation_mixing, pixels);
  const Image z_power = resample_bilinear(specimen, specimen.z_power, pixels);
  const std::vector<SpecimenRegion> regions = resample_regions(specimen, pixels);
  const double t = specimen.thickness, p = pixels.pixel_size;
  const double d_layered = layered_fringe_spacing();

  // The fringe profiles depend on z (rows) or x (columns) only: tabulated once, not per pixel.
  std::vector<double> layered_z(pixels.height), rock_salt_z(pixels.height), spinel_z(pixels.height);
  for (std::size_t r = 0; r < pixels.height; ++r) {
    const double z = pixels.row_depth(r) - specimen.interface;
    layered_z[r] = pixel_fringe(z, d_layered, p);
    rock_salt_z[r] = pixel_fringe(z, options.rock_salt_spacing, p);
    spinel_z[r] = pixel_fringe(z, options.spinel_spacing, p);
  }
  std::vector<double> spinel_cross_x(pixels.width);
  for (std::size_t c = 0; c < pixels.width; ++c)
    spinel_cross_x[c] = pixel_fringe((static_cast<double>(c) + 0.5) * p, options.spinel_cross_spacing, p);

  // Background: mass thickness relative to the pristine cathode (LiPON lighter, Au/Pt darker).
  Image background(pixels.width, pixels.height, p);
  Image fringes(pixels.width, pixels.height, p, 0.0f);
  const auto n_rows = static_cast<std::ptrdiff_t>(pixels.height);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t rr = 0; rr < n_rows; ++rr) {
    const auto r = static_cast<std::size_t>(rr);
    for (std::size_t c = 0; c < pixels.width; ++c) {
      const double mass = z_power.at(r, c) / specimen.pristine_z_power;
      background.at(r, c) = static_cast<float>(std::max(0.05, 1.0 - options.absorption_contrast * mass));
      if (regions[r * pixels.width + c] != SpecimenRegion::cathode) continue;
      // Cation mixing puts TM into the Li layer and weakens the layered (001) contrast.
      const double a_layered = layered.at(r, c) / t * (1.0 - mixing.at(r, c));
      const double a_rock_salt = rock_salt.at(r, c) / t;
      const double a_spinel = spinel.at(r, c) / t;
      const double f = a_layered * layered_z[r] + a_rock_salt * rock_salt_z[r] +
                       0.5 * a_spinel * (spinel_z[r] + spinel_cross_x[c]);
      fringes.at(r, c) = static_cast<float>(options.fringe_contrast * f);
    }
  }
  add_gaussian_noise(fringes, options.noise, options.seed, options.image_key);
  fringes = blur_with_probe(fringes, ProbeOptions{ProbeShape::gaussian, options.point_resolution});
  for (std::size_t q = 0; q < fringes.pixels.size(); ++q) fringes.pixels[q] += background.pixels[q];
  return fringes;
}

}  // namespace voidsim
