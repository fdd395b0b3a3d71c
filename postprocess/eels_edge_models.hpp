#pragma once
// How the EELS near-edge features the paper reports follow the local chemistry (MODEL.md section
// 1: lower O K pre-edge, Mn L2,3 shifted to lower energy loss with a higher L3/L2 ratio in the
// reduced surface layer). Empirical calibrations, not spectrum simulations; see
// docs/synthetic-microscopy.md for the sources and what is simplified.
#include "postprocess/specimen_composition.hpp"

namespace voidsim {

/// Unoccupied O 2p - TM 3d hybridised states per O, the final states of the O K pre-edge (~530 eV):
/// H = [0.2 (v_Ni - 2) + 0.6 (v_Mn - 2) + h] / (2 - d), i.e. the TM d holes above the d-count of
/// the divalent (rock-salt) ions plus the O 2p holes of O redox, shared over the O present. Model:
/// the pre-edge of an M2+ oxide is taken as zero (MnO/NiO pre-edges are weak), and its intensity
/// per O proportional to H (the hole-count proportionality of the O K pre-edge in TM oxides,
/// de Groot et al., Phys. Rev. B 40, 5715 (1989)).
[[nodiscard]] double hybridisation_holes_per_oxygen(const CellComposition& cell) noexcept;

/// H of pristine Li1.2Ni0.2Mn0.6O2 (Ni2+, Mn4+): 0.6 per O.
[[nodiscard]] double pristine_hybridisation_holes_per_oxygen() noexcept;

/// O K pre-edge intensity per O relative to the pristine bulk: H / H_pristine.
[[nodiscard]] double oxygen_k_preedge_relative(double holes_per_oxygen) noexcept;

/// Mn L3/L2 white-line intensity ratio for a mean Mn valence 2..4 (clamped): piecewise linear
/// through 4.2 (Mn2+), 2.6 (Mn3+), 1.9 (Mn4+), approximate values of the Mn oxide calibration
/// curves (MnO, Mn2O3, MnO2) of H. Tan et al., Ultramicroscopy 116, 24 (2012) and M. Varela et al.,
/// Phys. Rev. B 79, 085117 (2009) (both: L3/L2 rises steeply from Mn4+ to Mn2+).
[[nodiscard]] double manganese_l3_l2_ratio(double manganese_valence) noexcept;

/// Mn L3 edge position relative to Mn4+, eV: 1.3 eV per valence unit (the chemical shift of the
/// Mn L3 onset between MnO and MnO2 is ~2.5 eV, Tan et al. 2012), negative for reduced Mn.
[[nodiscard]] double manganese_l3_edge_shift(double manganese_valence) noexcept;

}  // namespace voidsim
