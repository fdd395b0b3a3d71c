#include "solvers/engine.hpp"

#include "model/defect_density.hpp"

namespace voidsim {

const double* Engine::field_data(std::string_view field_name) const {
  for (const auto& f : fields()) {
    if (f.name == field_name) return f.data;
  }
  return nullptr;
}

void add_defect_density_scalars(EngineScalars& scalars, const Grid& grid, const double* rho) {
  const DefectDensityMeans means = defect_density_means(grid, rho);
  scalars["defect_density_mean_per_m2"] = means.section;
  scalars["defect_density_interface_band_per_m2"] = means.interface_band;
}

}  // namespace voidsim
