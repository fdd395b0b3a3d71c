#include "postprocess/eels_signatures.hpp"

namespace voidsim {

std::optional<SummedSpectrum> summed_spectrum(const EelsLineScan& scan, double from, double to) {
  double o_weight = 0.0, preedge = 0.0, mn_weight = 0.0, ratio = 0.0, shift = 0.0;
  SummedSpectrum s;
  for (std::size_t r = 0; r < scan.depth.size(); ++r) {
    if (scan.depth[r] < from || scan.depth[r] > to) continue;
    ++s.rows;
    o_weight += scan.oxygen_areal[r];
    preedge += scan.oxygen_areal[r] * scan.oxygen_k_preedge[r];
    mn_weight += scan.manganese_areal[r];
    ratio += scan.manganese_areal[r] * scan.manganese_l3_l2[r];
    shift += scan.manganese_areal[r] * scan.manganese_edge_shift[r];
  }
  if (s.rows == 0 || !(o_weight > 0.0) || !(mn_weight > 0.0)) return std::nullopt;
  s.oxygen_k_preedge = preedge / o_weight;
  s.manganese_l3_l2 = ratio / mn_weight;
  s.manganese_edge_shift = shift / mn_weight;
  return s;
}

std::optional<VoidMapContrast> void_map_contrast(const ProjectedSpecimen& specimen, double min_void_path) {
  const double t = specimen.thickness;
  // A column without any void: its solid path is the whole thickness up to round-off.
  const double full = t * (1.0 - 1e-9);
  double weight = 0.0, oxygen = 0.0, manganese = 0.0, thickness = 0.0;
  VoidMapContrast c;
  for (std::size_t row = specimen.rows_above; row < specimen.height; ++row) {
    double sum_void[3] = {0.0, 0.0, 0.0}, sum_solid[3] = {0.0, 0.0, 0.0};
    std::size_t n_void = 0, n_solid = 0;
    for (std::size_t col = 0; col < specimen.width; ++col) {
      const std::size_t p = specimen.index(row, col);
      if (specimen.region[p] != SpecimenRegion::cathode) continue;
      const double values[3] = {specimen.oxygen[p], specimen.manganese[p], specimen.t_over_lambda[p]};
      double* sums = nullptr;
      if (specimen.solid_path[p] < t - min_void_path) {
        sums = sum_void;
        ++n_void;
      } else if (specimen.solid_path[p] >= full) {
        sums = sum_solid;
        ++n_solid;
      }
      if (sums == nullptr) continue;
      for (int q = 0; q < 3; ++q) sums[q] += values[q];
    }
    if (n_void == 0 || n_solid == 0 || !(sum_solid[0] > 0.0) || !(sum_solid[1] > 0.0) ||
        !(sum_solid[2] > 0.0))
      continue;
    const auto w = static_cast<double>(n_void);
    const double ratio = static_cast<double>(n_solid) / w;  // mean void / mean solid = sums x this
    weight += w;
    oxygen += w * sum_void[0] / sum_solid[0] * ratio;
    manganese += w * sum_void[1] / sum_solid[1] * ratio;
    thickness += w * sum_void[2] / sum_solid[2] * ratio;
    c.void_pixels += n_void;
  }
  if (c.void_pixels == 0) return std::nullopt;
  c.oxygen = 1.0 - oxygen / weight;
  c.manganese = 1.0 - manganese / weight;
  c.thickness = 1.0 - thickness / weight;
  return c;
}

}  // namespace voidsim
