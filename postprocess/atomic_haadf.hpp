#pragma once
// Atomic-resolution HAADF-STEM image of a small region of a KMC frame (issue 5, section 2;
// MODEL.md section 3: intensity ~ Z^n). The layered O3 structure is built on the KMC oxygen
// sublattice: the close-packed O rows/layers of the lattice are the O layers, cation layers sit
// halfway between them, alternately transition metal (TM) and Li. By default the beam runs along
// y, perpendicular to the lattice's close-packed rows (along x): the C2/m [100] zone axis, in which
// O and cation columns line up in a rectangular pattern of a/2 by half the O-layer spacing; 2D
// runs can also be viewed along [010] (beam along the rows).
//
// Each projected column is a Gaussian of the probe width weighted by the sum of Z^n over its
// atoms: vacant O sites remove their O, void sites (vacancy clusters of at least the record's
// min_void_sites) also remove the cations around them (MODEL.md section 2 item 5: a void removes
// all species), the Li columns follow the li_fraction field. What is approximated (mean TM
// columns, the image layer spacing, 2D extrusion): docs/atomic-haadf.md.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/grid.hpp"
#include "core/image.hpp"
#include "core/lattice_record.hpp"
#include "model/oxygen_lattice.hpp"

namespace voidsim {

/// O-O layer spacing of Li2MnO3 (C2/m, MODEL.md section 3): c sin(beta) / 2 = 0.23699 nm; TM
/// layers are twice that apart (0.474 nm).
[[nodiscard]] double c2m_oxygen_layer_spacing();

/// Beam direction in the C2/m cell. [100]: perpendicular to the close-packed rows (the beam is y,
/// the lattice's rows run along x; 2D and 3D runs). [010]: along the rows (the paper's Fig. 2c:
/// columns a sqrt(3)/2 apart, each atomic layer shifted by a third of that), 2D runs only, whose
/// section is extruded along the beam whatever its direction.
enum class AtomicZoneAxis : std::uint8_t { c2m_100, c2m_010 };

struct AtomicHaadfParameters {
  // Region of the image, m: x along the interface (as in the run), z the depth in the image
  // (O layer k at (k + 1/2) layer_spacing).
  double x0 = 0.0, z0 = 0.0;
  double width = 10e-9, height = 10e-9;
  double pixel_size = 0.025e-9;  // m
  double probe_fwhm = 0.08e-9;   // m, Gaussian probe
  double z_exponent = 1.7;       // n in Z^n
  /// O-layer spacing in the image, m; 0 takes the KMC lattice's own (2D a sqrt(3)/2, 3D a sqrt(2/3)).
  double layer_spacing = c2m_oxygen_layer_spacing();
  /// Lamella thickness for 2D runs (the 2D state is extruded along the beam), m. A 3D run is
  /// projected through the lattice's own y extent.
  double thickness_2d = 20e-9;
  /// Poisson shot noise: expected electron counts at the peak of a pristine TM column; 0 = none.
  double peak_counts = 0.0;
  std::uint64_t seed = 0;  // noise draws are keyed by (seed, pixel)
  AtomicZoneAxis zone_axis = AtomicZoneAxis::c2m_100;
};

/// The projected columns of one frame on the image's column grid.
struct AtomicColumns {
  std::size_t n_columns = 0;    // columns per atomic layer along x ([100]: 2 mx)
  std::size_t n_layers = 0;     // atomic layers along z: O, cation, O, ..., 2 nz - 1
  double column_spacing = 0.0;  // m along x ([100]: a / 2; [010]: ~a sqrt(3) / 2)
  // Column n of layer L sits at x = (n + 1/2 + offset(L)) column_spacing: [100] no shift,
  // [010] a third of a column more per atomic layer (ABC stacking seen along the rows).
  std::size_t shift_period = 1;
  double shift_per_layer = 0.0;
  double layer_spacing = 0.0;  // m along z between atomic layers; layer L at (L + 1) layer_spacing
  double length_x = 0.0;       // m, the lattice's x length (period when periodic)
  bool periodic = true;
  /// Sum of Z^n over the atoms of column (L, n), index L * n_columns + n.
  std::vector<double> weight;
  /// The weight of a pristine TM column of this lamella (x = 1.2, no vacancy): the noise scale.
  double pristine_tm_weight = 0.0;

  [[nodiscard]] double at(std::size_t layer, std::size_t column) const noexcept {
    return weight[layer * n_columns + column];
  }
  [[nodiscard]] double offset(std::size_t layer) const noexcept {
    return static_cast<double>(layer % shift_period) * shift_per_layer;
  }
  [[nodiscard]] double x(std::size_t layer, std::size_t column) const noexcept {
    return (static_cast<double>(column) + 0.5 + offset(layer)) * column_spacing;
  }
};

/// Kind of atomic layer L: O for even L; the cation layer between O layers g and g + 1 (L = 2g + 1)
/// is TM for even g (the first cation layer below the interface) and Li for odd g.
enum class AtomicLayerKind : std::uint8_t { oxygen, transition_metal, lithium };
[[nodiscard]] AtomicLayerKind atomic_layer_kind(std::size_t layer) noexcept;

/// Columns of `lattice` with `occupancy` (1 = vacancy) and `void_label` (>= 0: the site is in a
/// void; solvers/lattice_clusters.hpp), the Li content from `li_fraction` on `grid` (nullptr:
/// pristine x = 1.2 everywhere; 3D: averaged along y).
[[nodiscard]] AtomicColumns project_atomic_columns(const OxygenLattice& lattice,
                                                   const std::uint8_t* occupancy,
                                                   const std::int32_t* void_label, const Grid& grid,
                                                   const double* li_fraction,
                                                   const AtomicHaadfParameters& parameters);

/// Image of the region: every column a Gaussian of FWHM probe_fwhm with peak value its weight,
/// then optional shot noise. Pixel (row r, column c) is centred at
/// (x0 + (c + 1/2) pixel_size, z0 + (r + 1/2) pixel_size). Throws InputError for a bad region,
/// pixel size or probe.
[[nodiscard]] Image render_atomic_columns(const AtomicColumns& columns,
                                          const AtomicHaadfParameters& parameters);

/// Image extent of a lattice, m: {x length, z length} with the given O-layer spacing (0: native).
[[nodiscard]] std::array<double, 2> atomic_haadf_extent(const LatticeGeometry& geometry,
                                                        double layer_spacing);

/// What `voidsim image --kind atomic_haadf` calls: the frame's "vacant_sites" lattice record
/// (io/lattice_record_reader.hpp) and its li_fraction field on `grid` (empty: pristine).
/// Rebuilds the lattice, finds the voids with the record's min_void_sites, projects and renders.
[[nodiscard]] Image render_atomic_haadf_from_run(const LatticeRecord& record, const Grid& grid,
                                                 const std::vector<double>& li_fraction,
                                                 const AtomicHaadfParameters& parameters);

}  // namespace voidsim
