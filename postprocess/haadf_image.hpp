#pragma once
// Synthetic HAADF-STEM image (MODEL.md sections 3 and 4): the fraction of beam electrons the
// annular detector collects grows with the projected sum of N_i Z_i^n over the lamella thickness;
// the probe blurs it, the electron count per pixel gives its Poisson noise, and the fast scan can
// add row-to-row gain noise. Pixel values: detected electrons per pixel.
#include <cstdint>

#include "core/image.hpp"
#include "postprocess/lamella_projection.hpp"
#include "postprocess/probe_blur.hpp"

namespace voidsim {

struct HaadfOptions {
  double pixel_size = 0.0;  // m; 0: the cell size
  ProbeOptions probe;
  double electrons_per_pixel = 3121.0;  // dose per pixel: 50 pA x 10 us / e (estimate of a STEM scan)
  // Fraction of the beam scattered onto the detector by 100 nm of pristine LNMO (estimate: a few %
  // for an oxide at typical 50-200 mrad detector angles). Scales every material by its z_power.
  double detector_fraction_reference = 0.05;
  bool shot_noise = true;
  double scan_noise = 0.0;  // relative rms of the row gain, 0: off
  std::uint64_t seed = 0;
  std::uint64_t image_key = 0;  // separates the noise of different frames and kinds
};

/// Detected fraction for a projected z_power S: 1 - exp(-sigma S), sigma fixed by the reference
/// (linear in S for thin specimens, MODEL.md's "proportional to thickness times Z^n").
[[nodiscard]] double haadf_detected_fraction(double z_power, double pristine_z_power_100nm,
                                             double detector_fraction_reference);

/// Expected (noise-free, blurred) image when options.shot_noise is false.
[[nodiscard]] Image render_haadf(const ProjectedSpecimen& specimen, const HaadfOptions& options);

}  // namespace voidsim
