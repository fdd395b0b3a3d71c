#include "postprocess/lamella_projection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "model/charge_balance.hpp"
#include "model/void_free_energy.hpp"
#include "postprocess/connected_components.hpp"
#include "postprocess/eels_edge_models.hpp"
#include "postprocess/specimen_materials.hpp"

namespace voidsim {

namespace {

// Per-element constants of the cathode for the point kernel (no allocation per cell).
struct CathodeConstants {
  double li_zn, ni_zn, mn_zn, o_zn;      // Z^n of Li, Ni, Mn, O
  double li_z13, ni_z13, mn_z13, o_z13;  // Z^1.3 (Malis Z_eff numerator)
  double li_z03, ni_z03, mn_z03, o_z03;  // Z^0.3 (denominator)
  EelsConditions eels;

  CathodeConstants(double exponent, const EelsConditions& conditions) : eels(conditions) {
    const auto p = [](int z, double e) { return std::pow(static_cast<double>(z), e); };
    li_zn = p(lithium_z, exponent), ni_zn = p(nickel_z, exponent), mn_zn = p(manganese_z, exponent),
    o_zn = p(oxygen_z, exponent);
    li_z13 = p(lithium_z, 1.3), ni_z13 = p(nickel_z, 1.3), mn_z13 = p(manganese_z, 1.3),
    o_z13 = p(oxygen_z, 1.3);
    li_z03 = p(lithium_z, 0.3), ni_z03 = p(nickel_z, 0.3), mn_z03 = p(manganese_z, 0.3),
    o_z03 = p(oxygen_z, 0.3);
  }
};

// Extensive sums along one beam path (one image column).
struct ColumnSums {
  double z_power = 0.0, t_over_lambda = 0.0, oxygen = 0.0, manganese = 0.0;
  double solid = 0.0, layered = 0.0, spinel = 0.0, rock_salt = 0.0;
  double cathode_oxygen = 0.0, manganese_valence = 0.0, oxygen_holes = 0.0, cation_mixing = 0.0;

  void scale(double factor) {
    for (double* v : {&z_power, &t_over_lambda, &oxygen, &manganese, &solid, &layered, &spinel, &rock_salt,
                      &cathode_oxygen, &manganese_valence, &oxygen_holes, &cation_mixing})
      *v *= factor;
  }
};

// Point kernel: `path` m of solid cathode of composition `cell` on the beam path.
inline void add_cathode(ColumnSums& sums, const CellComposition& cell, double path,
                        const CathodeConstants& k) {
  if (path <= 0.0) return;
  const double n = cathode_formula_units_per_m3;
  const double x = cell.li_fraction, o = oxygen_per_formula_unit - cell.oxygen_deficiency;
  const double ni = nickel_per_formula_unit, mn = manganese_per_formula_unit;
  sums.z_power += path * n * (x * k.li_zn + ni * k.ni_zn + mn * k.mn_zn + o * k.o_zn);
  // Malis Z_eff of the local composition (atomic fractions proportional to the f.u. counts).
  const double z_eff = (x * k.li_z13 + ni * k.ni_z13 + mn * k.mn_z13 + o * k.o_z13) /
                       (x * k.li_z03 + ni * k.ni_z03 + mn * k.mn_z03 + o * k.o_z03);
  sums.t_over_lambda += path / malis_mean_free_path(z_eff, k.eels);
  sums.oxygen += path * n * o;
  sums.cathode_oxygen += path * n * o;
  sums.manganese += path * n * mn;
  sums.solid += path;
  const double layered = std::max(0.0, 1.0 - cell.spinel_fraction - cell.rock_salt_fraction);
  sums.layered += path * layered;
  sums.spinel += path * cell.spinel_fraction;
  sums.rock_salt += path * cell.rock_salt_fraction;
  sums.manganese_valence += path * cell.manganese_valence;
  sums.oxygen_holes += path * n * o * hybridisation_holes_per_oxygen(cell);
  sums.cation_mixing += path * cell.cation_mixing;
}

// Constants of a uniform layer above the cathode, per m of beam path.
struct LayerConstants {
  SpecimenRegion region = SpecimenRegion::vacuum;
  double z_power = 0.0, inverse_lambda = 0.0, oxygen = 0.0;
};

LayerConstants layer_constants(SpecimenRegion region, const LamellaOptions& options) {
  LayerConstants layer;
  layer.region = region;
  Material m;
  switch (region) {
    case SpecimenRegion::electrolyte:
      m = lipon_material();
      break;
    case SpecimenRegion::gold:
      m = gold_material();
      break;
    case SpecimenRegion::platinum:
      m = platinum_material();
      break;
    default:
      return layer;
  }
  layer.z_power = z_power_density(m, options.haadf_exponent);
  layer.inverse_lambda = 1.0 / malis_mean_free_path(malis_effective_atomic_number(m), options.eels);
  for (const auto& e : m.elements)
    if (e.atomic_number == oxygen_z) layer.oxygen = e.number_density;
  return layer;
}

void store(ProjectedSpecimen& s, std::size_t p, const ColumnSums& sums) {
  s.z_power[p] = sums.z_power;
  s.t_over_lambda[p] = sums.t_over_lambda;
  s.oxygen[p] = sums.oxygen;
  s.manganese[p] = sums.manganese;
  s.solid_path[p] = sums.solid;
  s.layered_path[p] = sums.layered;
  s.spinel_path[p] = sums.spinel;
  s.rock_salt_path[p] = sums.rock_salt;
  s.manganese_valence[p] = sums.solid > 0.0 ? sums.manganese_valence / sums.solid : 4.0;
  s.holes_per_oxygen[p] = sums.cathode_oxygen > 0.0 ? sums.oxygen_holes / sums.cathode_oxygen : 0.0;
  s.cation_mixing[p] = sums.solid > 0.0 ? sums.cation_mixing / sums.solid : 0.0;
}

}  // namespace

std::vector<double> extruded_void_depths(const Grid& grid, const double* eta, const LamellaOptions& options) {
  const double t = options.thickness;
  std::vector<unsigned char> core(grid.size());
  for (std::size_t c = 0; c < grid.size(); ++c) core[c] = eta[c] > options.void_threshold ? 1 : 0;
  const std::vector<int> labels = label_components(grid, core, true, Connectivity::faces);
  const int n_labels = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end());
  std::vector<double> label_depth(static_cast<std::size_t>(n_labels) + 1, 0.0);
  {
    std::vector<std::size_t> count(label_depth.size(), 0);
    for (const int l : labels) ++count[static_cast<std::size_t>(l)];
    for (std::size_t l = 1; l < label_depth.size(); ++l) {
      // Equivalent diameter of the section: circle of equal area.
      const double area = static_cast<double>(count[l]) * grid.dx * grid.dz;
      const double diameter = std::sqrt(4.0 * area / std::numbers::pi);
      label_depth[l] = std::min(options.void_depth > 0.0 ? options.void_depth : diameter, t);
    }
  }
  const double embryo_depth = std::min(t, options.void_depth > 0.0 ? options.void_depth : 2.0 * grid.dx);
  constexpr long rim_search = 3;  // cells: the tanh interface is ~2 cells wide on either side
  std::vector<double> depth(grid.size(), 0.0);
  for (std::size_t k = 0; k < grid.nz; ++k)
    for (std::size_t i = 0; i < grid.nx; ++i) {
      const std::size_t c = grid.index(i, 0, k);
      if (labels[c] > 0) {
        depth[c] = label_depth[static_cast<std::size_t>(labels[c])];
        continue;
      }
      if (interpolation(std::clamp(eta[c], 0.0, 1.0)) <= 1e-9) continue;
      long best = std::numeric_limits<long>::max();
      double best_depth = embryo_depth;
      for (long dk = -rim_search; dk <= rim_search; ++dk)
        for (long di = -rim_search; di <= rim_search; ++di) {
          const long kk = static_cast<long>(k) + dk;
          if (kk < 0 || kk >= static_cast<long>(grid.nz)) continue;
          const long nx = static_cast<long>(grid.nx);
          const long ii = ((static_cast<long>(i) + di) % nx + nx) % nx;
          const int l = labels[grid.index(static_cast<std::size_t>(ii), 0, static_cast<std::size_t>(kk))];
          if (l > 0 && di * di + dk * dk < best) {
            best = di * di + dk * dk;
            best_depth = label_depth[static_cast<std::size_t>(l)];
          }
        }
      depth[c] = best_depth;
    }
  return depth;
}

ProjectedSpecimen project_lamella(const Grid& grid, const std::vector<CellComposition>& cells,
                                  const double* eta, const LamellaOptions& options) {
  ProjectedSpecimen s;
  const double t = options.thickness;
  s.width = grid.nx;
  s.dx = grid.dx;
  s.dz = grid.dz;
  s.thickness = t;
  s.interface = grid.z0;
  s.rows_above = static_cast<std::size_t>(std::lround(std::max(0.0, options.shown_above) / grid.dz));
  s.height = s.rows_above + grid.nz;
  s.top = grid.z0 - static_cast<double>(s.rows_above) * grid.dz;
  const std::size_t n = s.width * s.height;
  for (auto* v :
       {&s.z_power, &s.t_over_lambda, &s.oxygen, &s.manganese, &s.solid_path, &s.layered_path, &s.spinel_path,
        &s.rock_salt_path, &s.manganese_valence, &s.holes_per_oxygen, &s.cation_mixing})
    v->assign(n, 0.0);
  s.region.assign(n, SpecimenRegion::cathode);

  const CathodeConstants constants(options.haadf_exponent, options.eels);
  {
    ColumnSums pristine;
    add_cathode(pristine, CellComposition{}, t, constants);
    s.pristine_z_power = pristine.z_power;
  }

  // Layers above the interface: distance a above it picks LiPON, Au, Pt or vacuum.
  const LayerConstants layers[] = {
      layer_constants(SpecimenRegion::electrolyte, options), layer_constants(SpecimenRegion::gold, options),
      layer_constants(SpecimenRegion::platinum, options), layer_constants(SpecimenRegion::vacuum, options)};
  for (std::size_t r = 0; r < s.rows_above; ++r) {
    const double a = s.interface - s.row_depth(r);
    const double tops[] = {
        options.electrolyte_thickness, options.electrolyte_thickness + options.gold_thickness,
        options.electrolyte_thickness + options.gold_thickness + options.platinum_thickness};
    const std::size_t which = a < tops[0] ? 0 : a < tops[1] ? 1 : a < tops[2] ? 2 : 3;
    const LayerConstants& layer = layers[which];
    for (std::size_t i = 0; i < s.width; ++i) {
      const std::size_t p = s.index(r, i);
      s.region[p] = layer.region;
      s.z_power[p] = layer.z_power * t;
      s.t_over_lambda[p] = layer.inverse_lambda * t;
      s.oxygen[p] = layer.oxygen * t;
      s.manganese_valence[p] = 4.0;
    }
  }

  // The cathode rows.
  const auto n_rows = static_cast<std::ptrdiff_t>(grid.nz);
  if (grid.dimension == 2) {
    const std::vector<double> depth = extruded_void_depths(grid, eta, options);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t kk = 0; kk < n_rows; ++kk) {
      const auto k = static_cast<std::size_t>(kk);
      for (std::size_t i = 0; i < grid.nx; ++i) {
        const std::size_t c = grid.index(i, 0, k);
        ColumnSums sums;
        // The void occupies (1 - solid fraction) x its depth of the beam path; the rest is solid.
        add_cathode(sums, cells[c], std::max(0.0, t - (1.0 - cells[c].solid_fraction) * depth[c]), constants);
        store(s, s.index(s.rows_above + k, i), sums);
      }
    }
  } else {
    // Central slab of thickness t (as postprocess/projected_voids.cpp); beyond the domain the
    // column continues void-free with its own mean composition.
    const double extent = static_cast<double>(grid.ny) * grid.dy;
    std::size_t j_begin = 0, j_end = grid.ny;
    if (t < extent) {
      const auto rows =
          std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(t / grid.dy)), 1, grid.ny);
      j_begin = (grid.ny - rows) / 2;
      j_end = j_begin + rows;
    }
    const double extra = std::max(0.0, t - static_cast<double>(j_end - j_begin) * grid.dy);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t kk = 0; kk < n_rows; ++kk) {
      const auto k = static_cast<std::size_t>(kk);
      for (std::size_t i = 0; i < grid.nx; ++i) {
        ColumnSums sums;
        for (std::size_t j = j_begin; j < j_end; ++j) {
          const std::size_t c = grid.index(i, j, k);
          add_cathode(sums, cells[c], cells[c].solid_fraction * grid.dy, constants);
        }
        if (extra > 0.0) {
          if (sums.solid > 0.0) {
            sums.scale((sums.solid + extra) / sums.solid);
          } else {
            add_cathode(sums, CellComposition{}, extra, constants);
          }
        }
        store(s, s.index(s.rows_above + k, i), sums);
      }
    }
  }
  return s;
}

}  // namespace voidsim
