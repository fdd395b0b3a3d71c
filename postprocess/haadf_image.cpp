#include "postprocess/haadf_image.hpp"

#include <cmath>

#include "postprocess/detector_noise.hpp"
#include "postprocess/image_resampling.hpp"

namespace voidsim {

double haadf_detected_fraction(double z_power, double pristine_z_power_100nm,
                               double detector_fraction_reference) {
  const double sigma = -std::log1p(-detector_fraction_reference) / pristine_z_power_100nm;
  return -std::expm1(-sigma * z_power);
}

Image render_haadf(const ProjectedSpecimen& specimen, const HaadfOptions& options) {
  const PixelGrid pixels = pixel_grid(specimen, options.pixel_size);
  Image image = resample_bilinear(specimen, specimen.z_power, pixels);
  const double reference = specimen.pristine_z_power * (100e-9 / specimen.thickness);
  for (float& v : image.pixels) {
    v = static_cast<float>(options.electrons_per_pixel *
                           haadf_detected_fraction(v, reference, options.detector_fraction_reference));
  }
  image = blur_with_probe(image, options.probe);
  if (options.shot_noise) apply_shot_noise(image, options.seed, options.image_key);
  apply_scan_line_noise(image, options.scan_noise, options.seed, options.image_key);
  return image;
}

}  // namespace voidsim
