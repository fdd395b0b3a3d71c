#pragma once
// The surface reconstruction layer as pure functions of the local O deficiency d (MODEL.md
// sections 1 and 2, process 6; docs/surface-layer.md):
// - the Mn valence from charge balance (model/charge_balance.hpp),
// - the spinel-like and rock-salt fractions from that valence (thresholds in Mn valence),
// - the cation mixing implied by the phases,
// - the painted-mode O-deficiency profile d(z) and nanopore placement.
#include <cstdint>
#include <vector>

#include "core/grid.hpp"
#include "model/surface_layer_parameters.hpp"

namespace voidsim {

/// The local state of the reconstructed lattice.
struct ReconstructionState {
  double manganese_valence = 4.0;
  double spinel_fraction = 0.0;     // spinel-like
  double rock_salt_fraction = 0.0;  // layered = 1 - spinel - rock salt
  double cation_mixing = 0.0;       // fraction of TM on Li-layer sites
};

/// Phases and mixing for a Mn valence: with r(v; a, b) = clamp((a - v)/(a - b), 0, 1),
///   rock_salt = r(v; rock_salt_onset, rock_salt_full),
///   spinel    = max(0, r(v; spinel_onset, spinel_full) - rock_salt)   (rock salt grows from spinel),
///   mixing    = m_spinel spinel + m_rock_salt rock_salt.
/// spinel + rock_salt = max of the two ramps <= 1. manganese_valence is passed through.
[[nodiscard]] ReconstructionState reconstruction_from_valence(double manganese_valence,
                                                              const ReconstructionThresholds& t) noexcept;

/// The state of a lattice that lost d O per formula unit at the pristine Li content x = 1.2 (the
/// reaction happens before any Li leaves): v_Mn from charge balance, then the phases. The phases
/// record that history and do not revert when Li leaves later (paper: no phase change in bulk).
[[nodiscard]] ReconstructionState reconstruction_from_deficiency(double oxygen_deficiency,
                                                                 const ReconstructionThresholds& t);

/// Bias-stage multiplier of the O-vacancy diffusivity in lattice of state `s`:
/// transport.factor^(spinel + rock salt), 1 in layered lattice or with the term disabled.
[[nodiscard]] double layer_vacancy_transport(const ReconstructionState& s,
                                             const LayerVacancyTransport& transport) noexcept;

/// Painted profile d(z) = d0 [1 - tanh((z - L)/l)] / [1 + tanh(L/l)]: d0 at z = 0, about d0/2 at
/// z = L, decaying as exp(-2 (z - L)/l) beyond (within 1e-6 d0 of 0 by z = L + 7 l).
[[nodiscard]] double painted_oxygen_deficiency(double depth, const PaintedLayer& layer) noexcept;

/// painted_oxygen_deficiency at every cell centre of `grid` (depth (k + 1/2) dz), in grid order
/// into `deficiency` (grid.size() values): the painted start of both engines.
void paint_oxygen_deficiency(const Grid& grid, const PaintedLayer& layer, double* deficiency) noexcept;

/// A nanopore of the painted mode: centre (x, y, z in m; y = 0 in 2D) and diameter.
struct Nanopore {
  double x = 0.0, y = 0.0, z = 0.0;
  double diameter = 0.0;
};

/// Places painted nanopores in the layer: diameters ~ N(D, (s D)^2) clipped to [D/2, 3D/2], centre
/// depths with probability proportional to the rock-salt fraction of d(z) (the process mode puts
/// them where the lattice is saturated, next to rock salt; paper: rock salt near the nanopores),
/// or to d(z) / d0 when the phases are switched off, lateral
/// positions uniform, no two pores closer than 2 nm surface to surface (the process run's nucleation
/// exclusion distance) (lateral axes periodic), the top of each pore at least 0.5 nm below the interface,
/// until the pore area (2D) or volume (3D) reaches porosity x (domain width x L). Draws from the
/// counter-based generator keyed by (seed, candidate index): the same pores for any thread count.
[[nodiscard]] std::vector<Nanopore> place_nanopores(const Grid& grid, const PaintedLayer& layer,
                                                    const ReconstructionThresholds& thresholds,
                                                    std::uint64_t seed);

/// Signed distance from a cell centre (x, y, z) to a pore's surface (negative inside), with
/// lateral periodicity over the grid's width when `periodic`.
[[nodiscard]] double distance_to_pore(const Grid& grid, const Nanopore& pore, double x, double y, double z,
                                      bool periodic) noexcept;

}  // namespace voidsim
