#pragma once
// The finite STEM probe (and, for EELS maps, the delocalisation of the signal): the image is
// convolved with the probe intensity profile, a Gaussian or an Airy disc of a given FWHM.
// The Gaussian is image_filters' separable blur (mirrored edges); the Airy disc a direct 2D
// kernel truncated at its third dark ring, with edges extended by replication.
#include "core/image.hpp"

namespace voidsim {

enum class ProbeShape { gaussian, airy };

struct ProbeOptions {
  ProbeShape shape = ProbeShape::gaussian;
  double fwhm = 1e-9;  // m; an effective size: probe plus beam broadening in a 60 nm lamella (estimate)
};

/// Returns the blurred image; a FWHM below half a pixel leaves the image unchanged.
[[nodiscard]] Image blur_with_probe(const Image& image, const ProbeOptions& probe);

/// Airy intensity (2 J1(v) / v)^2 at radius r for a disc of the given FWHM (half maximum at
/// v = 1.6163). 1 at r = 0.
[[nodiscard]] double airy_intensity(double radius, double fwhm);

}  // namespace voidsim
