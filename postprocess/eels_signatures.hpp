#pragma once
// The EELS signatures the paper reports, measured on a projected specimen so that simulated runs
// can be held against them (validation quantities, docs/validation-datasets.md):
//  - the surface spectrum (Figure 2b): spectra summed from the interface to 40 nm inside, whose
//    O K pre-edge is lower and whose Mn L2,3 edge sits lower with a higher L3/L2 than the bulk's;
//  - the nanovoids (Figure 4b, c): O and Mn maps and the t/lambda map lower inside a void than
//    beside it ("mass loss").
#include <cstddef>
#include <optional>

#include "postprocess/eels_maps.hpp"
#include "postprocess/lamella_projection.hpp"

namespace voidsim {

/// The rows of a line scan between `from` and `to` below the interface summed into one spectrum:
/// spectra add, so the O K pre-edge (per O) is the O-weighted mean of the rows' and the Mn edge
/// features the Mn-weighted mean. Simplification: the L3/L2 ratio of a sum of spectra is taken as
/// the Mn-weighted mean of the rows' ratios (exact when L3 + L2 per Mn does not depend on the
/// valence; the white-line sum changes by ~10 % between Mn2+ and Mn4+).
struct SummedSpectrum {
  double oxygen_k_preedge = 0.0;      // relative to the pristine bulk
  double manganese_l3_l2 = 0.0;       // white-line ratio
  double manganese_edge_shift = 0.0;  // eV relative to Mn4+
  std::size_t rows = 0;
};
[[nodiscard]] std::optional<SummedSpectrum> summed_spectrum(const EelsLineScan& scan, double from, double to);

/// 1 - (map inside voids) / (map beside them) for the O and Mn areal densities and t/lambda.
/// A void pixel is a cathode pixel whose solid path is shorter than the lamella thickness by more
/// than `min_void_path`; it is compared with the void-free cathode pixels of its own row (so depth
/// gradients of composition cancel), rows weighted by their void pixels. Unblurred maps: the
/// quantity is the specimen's mass loss, not a detector's resolution. nullopt when no row holds
/// both void pixels and void-free ones.
struct VoidMapContrast {
  double oxygen = 0.0;
  double manganese = 0.0;
  double thickness = 0.0;  // t/lambda
  std::size_t void_pixels = 0;
};
[[nodiscard]] std::optional<VoidMapContrast> void_map_contrast(const ProjectedSpecimen& specimen,
                                                               double min_void_path);

}  // namespace voidsim
