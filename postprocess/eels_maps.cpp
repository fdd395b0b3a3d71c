#include "postprocess/eels_maps.hpp"

#include "postprocess/eels_edge_models.hpp"
#include "postprocess/image_resampling.hpp"

namespace voidsim {

EelsMaps render_eels_maps(const ProjectedSpecimen& specimen, double pixel_size, const ProbeOptions& probe) {
  const PixelGrid pixels = pixel_grid(specimen, pixel_size);
  EelsMaps maps;
  maps.t_over_lambda = blur_with_probe(resample_bilinear(specimen, specimen.t_over_lambda, pixels), probe);
  maps.oxygen = blur_with_probe(resample_bilinear(specimen, specimen.oxygen, pixels), probe);
  maps.manganese = blur_with_probe(resample_bilinear(specimen, specimen.manganese, pixels), probe);
  constexpr float per_nm2 = 1e-18f;  // atoms/m^2 -> atoms/nm^2
  for (Image* image : {&maps.oxygen, &maps.manganese})
    for (float& v : image->pixels) v *= per_nm2;
  return maps;
}

EelsLineScan eels_line_scan(const ProjectedSpecimen& specimen) {
  EelsLineScan scan;
  for (std::size_t r = specimen.rows_above; r < specimen.height; ++r) {
    double mn = 0.0, mn_valence = 0.0, oxygen = 0.0, holes = 0.0, t_lambda = 0.0;
    for (std::size_t i = 0; i < specimen.width; ++i) {
      const std::size_t p = specimen.index(r, i);
      mn += specimen.manganese[p];
      mn_valence += specimen.manganese[p] * specimen.manganese_valence[p];
      oxygen += specimen.oxygen[p];
      holes += specimen.oxygen[p] * specimen.holes_per_oxygen[p];
      t_lambda += specimen.t_over_lambda[p];
    }
    if (!(mn > 0.0) || !(oxygen > 0.0)) continue;
    const double width = static_cast<double>(specimen.width);
    const double v = mn_valence / mn;
    scan.depth.push_back(specimen.row_depth(r) - specimen.interface);
    scan.oxygen_k_preedge.push_back(oxygen_k_preedge_relative(holes / oxygen));
    scan.manganese_l3_l2.push_back(manganese_l3_l2_ratio(v));
    scan.manganese_edge_shift.push_back(manganese_l3_edge_shift(v));
    scan.manganese_valence.push_back(v);
    scan.oxygen_areal.push_back(oxygen / width);
    scan.manganese_areal.push_back(mn / width);
    scan.t_over_lambda.push_back(t_lambda / width);
  }
  return scan;
}

}  // namespace voidsim
