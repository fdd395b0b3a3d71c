#pragma once
// HRTEM-like lattice-fringe image, an approximation without multislice or a contrast transfer
// function: each phase contributes cosine fringes of its lattice spacing (layered C2/m (001),
// rock-salt {111}, spinel {111} with a cross fringe), with an amplitude proportional to the path
// of that crystalline phase through the lamella (zero where a void takes the whole path), on a
// mass-thickness background, plus correlated phase-contrast-like noise. Layers stack along z, so
// the fringes run parallel to the interface. See docs/synthetic-microscopy.md.
#include <cstdint>

#include "core/image.hpp"
#include "postprocess/lamella_projection.hpp"

namespace voidsim {

/// d(001) of the C2/m cell: c sin(beta) (MODEL.md section 3: c 5.025 A, beta 109.4 deg) = 0.474 nm.
[[nodiscard]] double layered_fringe_spacing();

struct HrtemOptions {
  double pixel_size = 0.1e-9;              // m: fine enough for the 0.47 nm fringes (Nyquist 0.2 nm)
  double fringe_contrast = 0.3;            // fringe amplitude for a crystalline path equal to t
  double absorption_contrast = 0.2;        // background drop for a full path of dense LNMO
  double rock_salt_spacing = 0.241e-9;     // rock-salt (Ni,Mn)O {111}, a ~ 4.17 A (estimate, NiO/MnO-like)
  double spinel_spacing = 0.472e-9;        // spinel {111}, a ~ 8.17 A (LiMn1.5Ni0.5O4-like)
  double spinel_cross_spacing = 0.289e-9;  // spinel {220} across the {111} fringes
  double point_resolution = 0.12e-9;       // m, Gaussian FWHM applied to fringes and noise
  double noise = 0.03;                     // rms of the phase-contrast-like noise (before the blur)
  std::uint64_t seed = 0;
  std::uint64_t image_key = 0;
};

[[nodiscard]] Image render_hrtem(const ProjectedSpecimen& specimen, const HrtemOptions& options);

}  // namespace voidsim
