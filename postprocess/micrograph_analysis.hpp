#pragma once
// Void analysis of a cross-section micrograph (electrolyte on top, cathode below), the same for
// real images and the simulator's synthetic ones (issue 5, `voidsim analyze`). Voids are dark
// (HAADF: less material along the beam); `invert` handles bright-field images where they are
// bright. The pipeline and the reason for each step are in docs/micrograph-analysis.md:
//   1. interface row (strongest step of the row-mean profile) unless given;
//   2. denoise: Gaussian blur of the cathode region;
//   3. background and noise maps in tiles (postprocess/micrograph_background.hpp), then the
//      relative contrast R = S / B - 1, which removes thickness gradients and uneven illumination;
//   4. hysteresis detection in units of the local noise (seeds below -k_d sigma, grown to -k_g
//      sigma), each object cut at a fixed fraction of its own depth (edge position independent of
//      blur and contrast), holes smaller than the minimum void filled;
//   5. 8-connected labels (wrapping left/right with periodic_x), objects below the minimum
//      diameter dropped, statistics.
#include <cstddef>
#include <optional>
#include <vector>

#include "core/image.hpp"

namespace voidsim {

struct MicrographAnalysisOptions {
  double pixel_size = 0.0;                   // m; 0 = take the image's own pixel_size
  std::optional<std::size_t> interface_row;  // first cathode row; detected when absent
  bool invert = false;                       // bright-field: voids brighter than the matrix
  // The image spans one period of a laterally periodic specimen (a simulation with a periodic
  // x boundary imaged edge to edge): objects cut by the left/right edges are one object, labels
  // wrap, and the left and right columns are not an image border for hole filling.
  bool periodic_x = false;
  double min_diameter = 1e-9;      // m, equivalent-circle; smaller objects are dropped
  double denoise_sigma = 0.0;      // m, detection smoothing; 0 = 1.5 pixels
  double edge_sigma = 0.0;         // m, smoothing where edges are placed; 0 = automatic
  double background_tile = 32e-9;  // m; must exceed about twice the largest void
  // Seed level k_d in local noise sigmas; 0 = automatic: the level at which smoothed white noise
  // of this image's area gives `expected_false_voids` spurious seeds (Gaussian random field
  // theory, see expected_noise_objects).
  double detection_sigmas = 0.0;
  double expected_false_voids = 0.2;
  double growth_sigmas = 2.0;  // hysteresis level k_g, in local noise sigmas
  // Objects shallower than this relative contrast (depth |R| of their core) are not voids: at
  // high dose, composition or thickness fluctuations and sub-critical embryos a percent deep are
  // significant but are not holes. 0 = off. Set it from the contrast of the smallest void that
  // should count (a void of diameter d through a lamella t: about d / t in HAADF).
  double min_contrast = 0.0;
  double edge_fraction = 0.5;     // object edge at this fraction of its depth
  double profile_bin = 10e-9;     // m, depth bins of the profile
  double sensitivity_step = 0.1;  // relative threshold change for the sensitivity
};

struct DepthBin {
  double depth = 0.0;  // m below the interface, bin centre
  double area_fraction = 0.0;
};

struct MicrographStats {
  std::size_t width = 0, height = 0;
  double pixel_size = 0.0;  // m
  std::size_t interface_row = 0;
  bool interface_detected = false;
  double void_area_fraction = 0.0;  // of the cathode region (rows >= interface_row)
  std::size_t void_count = 0;
  std::vector<double> diameters;  // m, equivalent-circle, ascending
  double median_diameter = 0.0;   // m; 0 without voids
  std::vector<DepthBin> profile;
  // Threshold actually used, in the units the method segments on: for the pipeline the median
  // over voids of the edge level in relative contrast (R = I / background - 1, negative: darker);
  // for the global baseline the gray level of the Otsu threshold.
  double threshold = 0.0;
  double noise_sigma = 0.0;       // pipeline: median relative noise of the denoised image
  double detection_sigmas = 0.0;  // pipeline: seed level k_d used
  double edge_sigma_px = 0.0;     // pipeline: smoothing (pixels) of the image the edges are cut on
  // Area fraction with every threshold scaled by (1 -/+ sensitivity_step), and the derivative
  // d(area fraction) / d(threshold / threshold used) from them (central difference).
  double area_fraction_lower_threshold = 0.0;
  double area_fraction_higher_threshold = 0.0;
  double sensitivity = 0.0;
  std::vector<unsigned char> void_mask;  // width * height, 1 = void (never above the interface)
};

/// Row of the electrolyte/cathode interface: the lowest strong step of the row-mean profile (a
/// step at least a quarter of the strongest), measured as the difference of the means of
/// `window` rows below and above. Lowest, because layers above the electrolyte (Pt, vacuum) can
/// step more strongly than the electrolyte/cathode boundary.
[[nodiscard]] std::size_t find_interface_row(const Image& image, std::size_t window);

/// Expected number of separate regions where Gaussian-smoothed white noise (smoothing sigma
/// `smoothing_px`) over `area_px` pixels drops below -u standard deviations: the Euler
/// characteristic of the excursion set of a 2D Gaussian random field (Adler 1981; Worsley et al.
/// 1996, Hum. Brain Mapp. 4, 58), A lambda u exp(-u^2/2) / (2 pi)^(3/2), lambda = 1/(2 s^2).
[[nodiscard]] double expected_noise_objects(double area_px, double smoothing_px, double u);

/// The full pipeline. Throws InputError when there is no pixel size or the image is too small.
[[nodiscard]] MicrographStats analyze_micrograph(const Image& image,
                                                 const MicrographAnalysisOptions& options);

/// The plain pipeline the tests compare against: Otsu's threshold on the raw cathode region, no
/// background correction or denoising, 8-connected labels, same minimum diameter and interface.
[[nodiscard]] MicrographStats global_threshold_baseline(const Image& image,
                                                        const MicrographAnalysisOptions& options);

/// The image in gray (stretched between its 0.5 and 99.5 percentiles) with voids tinted red,
/// their outlines yellow and the last electrolyte row (just above the interface) cyan, so voids
/// touching the interface stay visible.
[[nodiscard]] RgbImage void_overlay(const Image& image, const MicrographStats& stats);

}  // namespace voidsim
