#pragma once
// The fields of the pristine surface reconstruction layer that both engines carry (docs/
// surface-layer.md): the lattice's O deficiency d, and for output what follows from it by the
// model in model/surface_reconstruction.hpp: spinel-like and rock-salt fractions, cation mixing,
// and the Mn valence from charge balance of d and the local Li content x.
#include <string>
#include <vector>

#include "model/surface_layer_parameters.hpp"
#include "solvers/engine.hpp"
#include "solvers/spectral_transform.hpp"

namespace voidsim {

class SurfaceLayerFields {
 public:
  SurfaceLayerFields(const Grid& grid, const SurfaceLayerParameters& parameters);

  /// False for surface_layer.mode = none: no fields are output and update() does nothing.
  [[nodiscard]] bool active() const noexcept;

  [[nodiscard]] double* oxygen_deficiency() noexcept { return deficiency_.data(); }
  [[nodiscard]] const double* oxygen_deficiency() const noexcept { return deficiency_.data(); }

  /// d = 0 everywhere, then for the painted mode the profile of surface_layer.painted.
  void paint();

  /// Bias-stage O-vacancy diffusivity multiplier per cell (model/surface_reconstruction.hpp,
  /// layer_vacancy_transport of the lattice's d): 1 everywhere until update_vacancy_transport().
  [[nodiscard]] const double* vacancy_transport() const noexcept { return transport_.data(); }

  /// Recomputes the multiplier from d; call whenever d has changed (after the contact stage, on
  /// restart). d is constant during the bias stage, so the hot loops only read the table.
  void update_vacancy_transport();

  /// Layered fraction 1 - spinel - rock salt of each cell from d alone (grid order, grid.size()
  /// values in out): 1 everywhere when inactive.
  void layered_fraction(double* out) const;

  /// Recomputes phases, cation mixing and Mn valence from d and the Li content x (grid order).
  void update(const double* li_fraction);

  /// The five output fields (when active), `deficiency_description` saying where d comes from.
  void append_fields(std::vector<FieldRef>& fields, const std::string& deficiency_description) const;

 private:
  const Grid* grid_;
  const SurfaceLayerParameters* parameters_;
  AlignedBuffer deficiency_, manganese_valence_, spinel_, rock_salt_, cation_mixing_;
  AlignedBuffer transport_;
};

}  // namespace voidsim
