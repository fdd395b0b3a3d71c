#include "solvers/surface_layer_fields.hpp"

#include <algorithm>

#include "model/charge_balance.hpp"
#include "model/surface_reconstruction.hpp"

namespace voidsim {

SurfaceLayerFields::SurfaceLayerFields(const Grid& grid, const SurfaceLayerParameters& parameters)
    : grid_(&grid),
      parameters_(&parameters),
      deficiency_(grid.size()),
      manganese_valence_(grid.size()),
      spinel_(grid.size()),
      rock_salt_(grid.size()),
      cation_mixing_(grid.size()),
      transport_(grid.size()) {
  std::fill(deficiency_.data(), deficiency_.data() + grid.size(), 0.0);
  std::fill(transport_.data(), transport_.data() + grid.size(), 1.0);
}

bool SurfaceLayerFields::active() const noexcept { return parameters_->mode != SurfaceLayerMode::none; }

void SurfaceLayerFields::paint() {
  std::fill(deficiency_.data(), deficiency_.data() + grid_->size(), 0.0);
  if (parameters_->mode == SurfaceLayerMode::painted)
    paint_oxygen_deficiency(*grid_, parameters_->painted, deficiency_.data());
}

void SurfaceLayerFields::update_vacancy_transport() {
  const std::size_t n = grid_->size();
  const bool on = active() && parameters_->transport.enabled;
  for (std::size_t i = 0; i < n; ++i)
    transport_[i] =
        on ? layer_vacancy_transport(reconstruction_from_deficiency(deficiency_[i], parameters_->thresholds),
                                     parameters_->transport)
           : 1.0;
}

void SurfaceLayerFields::layered_fraction(double* out) const {
  const std::size_t n = grid_->size();
  if (!active()) {
    std::fill(out, out + n, 1.0);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const ReconstructionState s = reconstruction_from_deficiency(deficiency_[i], parameters_->thresholds);
    out[i] = std::max(0.0, 1.0 - s.spinel_fraction - s.rock_salt_fraction);
  }
}

void SurfaceLayerFields::update(const double* li_fraction) {
  if (!active()) return;
  const std::size_t n = grid_->size();
  const ReconstructionThresholds& t = parameters_->thresholds;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = deficiency_[i];
    const ReconstructionState s = reconstruction_from_deficiency(d, t);
    spinel_[i] = s.spinel_fraction;
    rock_salt_[i] = s.rock_salt_fraction;
    cation_mixing_[i] = s.cation_mixing;
    manganese_valence_[i] =
        transition_metal_valence(std::clamp(li_fraction[i], 0.0, pristine_li_per_formula_unit), d).manganese;
  }
}

void SurfaceLayerFields::append_fields(std::vector<FieldRef>& f,
                                       const std::string& deficiency_description) const {
  if (!active()) return;
  f.push_back({"oxygen_deficiency", deficiency_description, deficiency_.data(), Dimension::none(), 1.0});
  f.push_back({"manganese_valence", "Mn valence from charge balance of x and d", manganese_valence_.data(),
               Dimension::none(), 1.0});
  f.push_back({"spinel_fraction", "spinel-like phase fraction of the lattice", spinel_.data(),
               Dimension::none(), 1.0});
  f.push_back({"rock_salt_fraction", "rock-salt phase fraction of the lattice", rock_salt_.data(),
               Dimension::none(), 1.0});
  f.push_back({"cation_mixing", "fraction of transition metals on Li-layer sites", cation_mixing_.data(),
               Dimension::none(), 1.0});
}

}  // namespace voidsim
