#include "postprocess/surface_layer_profiles.hpp"

#include <cmath>

namespace voidsim {

namespace {
constexpr double nm = 1e-9;
}  // namespace

double solid_mean(const Grid& grid, const double* field, const double* eta, double depth_from,
                  double depth_to, double absent, double void_threshold) {
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t k = 0; k < grid.nz; ++k) {
    const double depth = grid.z0 + (static_cast<double>(k) + 0.5) * grid.dz;
    if (depth < depth_from || depth >= depth_to) continue;
    for (std::size_t j = 0; j < grid.ny; ++j)
      for (std::size_t i = 0; i < grid.nx; ++i) {
        const std::size_t c = grid.index(i, j, k);
        if (eta != nullptr && eta[c] > void_threshold) continue;
        sum += field != nullptr ? field[c] : absent;
        ++n;
      }
  }
  return n > 0 ? sum / static_cast<double>(n) : std::nan("");
}

SurfaceLayerTable surface_layer_profiles(const Engine& engine, double void_threshold) {
  const Grid& g = engine.grid();
  const double* eta = engine.field_data(field_names::void_order_parameter);
  const double* d = engine.field_data("oxygen_deficiency");
  const double* mn = engine.field_data("manganese_valence");
  const double* spinel = engine.field_data("spinel_fraction");
  const double* rock_salt = engine.field_data("rock_salt_fraction");
  const double* mixing = engine.field_data("cation_mixing");
  SurfaceLayerTable t;
  t.columns = {"depth_nm",          "oxygen_content",  "oxygen_deficiency",
               "manganese_valence", "spinel_fraction", "rock_salt_fraction",
               "layered_fraction",  "cation_mixing",   "porosity"};
  t.units = {"nm", "1", "1", "1", "1", "1", "1", "1", "1"};
  for (std::size_t k = 0; k < g.nz; ++k) {
    const double lo = g.z0 + static_cast<double>(k) * g.dz, hi = lo + g.dz;
    const double mean_d = solid_mean(g, d, eta, lo, hi, 0.0, void_threshold);
    const double mean_spinel = solid_mean(g, spinel, eta, lo, hi, 0.0, void_threshold);
    const double mean_rock_salt = solid_mean(g, rock_salt, eta, lo, hi, 0.0, void_threshold);
    std::size_t n_void = 0;
    for (std::size_t j = 0; j < g.ny; ++j)
      for (std::size_t i = 0; i < g.nx; ++i)
        if (eta != nullptr && eta[g.index(i, j, k)] > void_threshold) ++n_void;
    t.rows.push_back({(lo + 0.5 * g.dz) / nm, 2.0 - mean_d, mean_d,
                      solid_mean(g, mn, eta, lo, hi, 4.0, void_threshold), mean_spinel, mean_rock_salt,
                      1.0 - mean_spinel - mean_rock_salt,
                      solid_mean(g, mixing, eta, lo, hi, 0.0, void_threshold),
                      static_cast<double>(n_void) / static_cast<double>(g.nx * g.ny)});
  }
  return t;
}

SurfaceLayerTable nanopore_table(const VoidStatistics& nanopores) {
  SurfaceLayerTable t;
  t.columns = {"equivalent_diameter_nm", "centroid_depth_nm", "min_depth_nm", "max_depth_nm"};
  t.units = {"nm", "nm", "nm", "nm"};
  for (const VoidObject& o : nanopores.voids)
    t.rows.push_back({o.equivalent_diameter / nm, o.centroid_depth / nm, o.min_depth / nm, o.max_depth / nm});
  return t;
}

}  // namespace voidsim
