#pragma once
// Synthetic EELS results (MODEL.md section 4): the low-loss relative thickness t/lambda map, O and
// Mn elemental maps (projected areal densities, what a background-subtracted edge integral
// measures up to a cross-section), and line scans vs depth across the LiPON/cathode interface of
// the O K pre-edge, Mn L3/L2 ratio and Mn L3 edge shift (postprocess/eels_edge_models.hpp).
#include <vector>

#include "core/image.hpp"
#include "postprocess/lamella_projection.hpp"
#include "postprocess/probe_blur.hpp"

namespace voidsim {

struct EelsMaps {
  Image t_over_lambda;  // dimensionless
  Image oxygen;         // O atoms per nm^2
  Image manganese;      // Mn atoms per nm^2
};

/// Maps at `pixel_size` (0: cell size), blurred by the probe.
[[nodiscard]] EelsMaps render_eels_maps(const ProjectedSpecimen& specimen, double pixel_size,
                                        const ProbeOptions& probe);

/// One sample per cathode row (depth step dz), integrated across the whole width (a box line
/// scan): spectra add up, so the valence is Mn-weighted and the pre-edge O-weighted. Rows without
/// Mn (a void through the whole width) are left out.
struct EelsLineScan {
  std::vector<double> depth;                 // m below the interface, row centre
  std::vector<double> oxygen_k_preedge;      // relative to the pristine bulk
  std::vector<double> manganese_l3_l2;       // white-line ratio
  std::vector<double> manganese_edge_shift;  // eV relative to Mn4+
  std::vector<double> manganese_valence;     // mean along the scan row
  std::vector<double> oxygen_areal;          // mean O atoms per m^2
  std::vector<double> manganese_areal;       // mean Mn atoms per m^2
  std::vector<double> t_over_lambda;         // mean
};

[[nodiscard]] EelsLineScan eels_line_scan(const ProjectedSpecimen& specimen);

}  // namespace voidsim
