// The pieces of the micrograph round trip (simulator frame -> `voidsim image` HAADF -> `voidsim
// analyze`) that decide whether the analysis recovers the simulator's eta > 0.5 voids: the
// periodic lateral boundary, and the area of diffuse (tanh) voids imaged through the lamella
// projection, probe and pixel grid. The full round trip on a run is
// validation/micrograph_roundtrip/roundtrip.py (ctest: validation/micrograph_roundtrip).
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "core/grid.hpp"
#include "postprocess/haadf_image.hpp"
#include "postprocess/lamella_projection.hpp"
#include "postprocess/micrograph_analysis.hpp"
#include "postprocess/specimen_composition.hpp"

using namespace voidsim;

namespace {

constexpr double nm = 1e-9;

Grid cell_grid(std::size_t nx, std::size_t nz) {
  Grid g;
  g.dimension = 2;
  g.nx = nx;
  g.ny = 1;
  g.nz = nz;
  g.dx = g.dy = g.dz = 1 * nm;
  return g;
}

// eta of a 2D void: eta_max (1 - tanh((r - R) / w)) / 2 around (x0, z0), x periodic.
void paint_void(const Grid& g, std::vector<double>& eta, double x0, double z0, double radius, double width,
                double eta_max) {
  const double lx = static_cast<double>(g.nx) * g.dx;
  for (std::size_t k = 0; k < g.nz; ++k)
    for (std::size_t i = 0; i < g.nx; ++i) {
      double dx = (static_cast<double>(i) + 0.5) * g.dx - x0;
      dx -= lx * std::round(dx / lx);
      const double dz = (static_cast<double>(k) + 0.5) * g.dz - z0;
      const double r = std::hypot(dx, dz);
      double& e = eta[g.index(i, 0, k)];
      e = std::max(e, eta_max * 0.5 * (1.0 - std::tanh((r - radius) / width)));
    }
}

struct Imaged {
  MicrographStats stats;
  double truth_area = 0.0;  // m^2 of eta > 0.5 cells
  std::size_t truth_cells = 0;
};

// The `voidsim image` HAADF path without noise (60 nm lamella, 1 nm Gaussian probe) and the
// analysis with the interface row given.
Imaged image_and_analyze(const Grid& g, const std::vector<double>& eta, double pixel, bool periodic_x) {
  SpecimenFields fields;
  fields.void_order_parameter = eta.data();
  LamellaOptions lamella;
  lamella.shown_above = 20 * nm;
  const ProjectedSpecimen specimen = project_lamella(g, specimen_composition(g, fields), eta.data(), lamella);
  HaadfOptions haadf;
  haadf.pixel_size = pixel;
  haadf.shot_noise = false;
  const Image image = render_haadf(specimen, haadf);
  MicrographAnalysisOptions options;
  options.interface_row = static_cast<std::size_t>(std::lround(20 * nm / pixel));
  options.periodic_x = periodic_x;
  options.min_diameter = 1 * nm;
  Imaged out;
  out.stats = analyze_micrograph(image, options);
  for (double e : eta) out.truth_cells += e > 0.5 ? 1 : 0;
  out.truth_area = static_cast<double>(out.truth_cells) * g.dx * g.dz;
  return out;
}

double measured_area(const MicrographStats& s) {
  return s.void_area_fraction * static_cast<double>(s.width * (s.height - s.interface_row)) * s.pixel_size *
         s.pixel_size;
}

}  // namespace

TEST_CASE("periodic_x: a void cut by the left/right image edges is one void of the full area") {
  const Grid g = cell_grid(64, 48);
  std::vector<double> eta(g.size(), 0.0);
  paint_void(g, eta, 0.0, 20 * nm, 5 * nm, 1 * nm, 1.0);  // centred on the x = 0 boundary
  paint_void(g, eta, 32 * nm, 25 * nm, 4 * nm, 1 * nm, 1.0);
  const Imaged wrapped = image_and_analyze(g, eta, 1 * nm, true);
  const Imaged cut = image_and_analyze(g, eta, 1 * nm, false);
  // Two voids in the specimen; without wrapping the edge void is counted twice, as two halves.
  CHECK(wrapped.stats.void_count == 2);
  CHECK(cut.stats.void_count == 3);
  // Wrapping changes labels and the smoothing at the edges, not the amount of void: the same
  // area within 2 pixels (edge pixels of the half voids see the mirrored, not the wrapped, side).
  CHECK(std::abs(measured_area(wrapped.stats) - measured_area(cut.stats)) <= 2.0 * nm * nm);
  // The two recovered diameters are those of the painted voids (eta > 0.5 areas): 10 and 8 nm
  // within half a pixel of radius.
  REQUIRE(wrapped.stats.diameters.size() == 2);
  CHECK(wrapped.stats.diameters[0] == doctest::Approx(8 * nm).epsilon(0.125));
  CHECK(wrapped.stats.diameters[1] == doctest::Approx(10 * nm).epsilon(0.1));
}

// One image of 16 painted voids at sub-cell offsets (0, 1/4, 1/2, 3/4 cell in x and z, so
// pixelation averages out), noise-free, 1 nm pixels: measured area / eta > 0.5 area.
double diffuse_area_ratio(double radius, double eta_max) {
  const Grid g = cell_grid(96, 96);
  std::vector<double> eta(g.size(), 0.0);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      paint_void(g, eta, (12.0 + 24.0 * i + 0.25 * i) * nm, (12.0 + 24.0 * j + 0.25 * j) * nm, radius, 1 * nm,
                 eta_max);
  const Imaged m = image_and_analyze(g, eta, 1 * nm, true);
  const double ratio = measured_area(m.stats) / m.truth_area;
  MESSAGE("eta_max " << eta_max << ", R " << radius / nm << " nm: eta>0.5 area "
                     << m.truth_area / (16 * nm * nm) << " nm^2/void, measured "
                     << measured_area(m.stats) / (16 * nm * nm) << " (ratio " << ratio << "), count "
                     << m.stats.void_count);
  CHECK(m.stats.void_count == 16);
  return ratio;
}

TEST_CASE("diffuse voids: measured area against the eta > 0.5 area (probe 1 nm, w = 1 nm)") {
  // docs/micrograph-analysis.md "Area of diffuse voids"; the size limit of
  // validation/micrograph_roundtrip/roundtrip.py (5.4 nm) rests on these numbers.
  // Grown voids (peak eta 1): a 4 nm void has no flat bottom in the image and comes out larger
  // (+21 %; +43 % when its depth was the median of the whole hysteresis region), a 6 nm one within
  // the 10 % tolerance, 8 and 12 nm ones within 5 %.
  const double r2 = diffuse_area_ratio(2 * nm, 1.0);
  CHECK(r2 > 1.10);
  CHECK(r2 < 1.30);
  CHECK(diffuse_area_ratio(3 * nm, 1.0) == doctest::Approx(1.0).epsilon(0.10));
  CHECK(diffuse_area_ratio(4 * nm, 1.0) == doctest::Approx(1.0).epsilon(0.05));
  CHECK(diffuse_area_ratio(6 * nm, 1.0) == doctest::Approx(1.0).epsilon(0.05));
  // A diffuse nucleus (peak eta 0.7): the image edge is at half its own depth, h(eta) = 0.42,
  // eta = 0.46, outside eta = 0.5, so the image overstates it even at 12 nm (+7 %), and a 4 nm
  // nucleus by ~90 %: a definition difference (relative vs absolute), not an analysis error.
  CHECK(diffuse_area_ratio(2 * nm, 0.7) > 1.5);
  CHECK(diffuse_area_ratio(6 * nm, 0.7) > 1.0);
}

TEST_CASE("min_contrast drops faint dark features and keeps voids") {
  // A sub-critical embryo (peak eta 0.45: no eta > 0.5 core, extruded 2 cells deep, ~1.5 %
  // contrast) next to a 6 nm void (~10 % contrast): both are dark in a clean image; only the void
  // is deeper than the 2.5 % floor.
  const Grid g = cell_grid(64, 48);
  std::vector<double> eta(g.size(), 0.0);
  paint_void(g, eta, 16 * nm, 20 * nm, 3 * nm, 1 * nm, 1.0);
  paint_void(g, eta, 44 * nm, 20 * nm, 3 * nm, 1 * nm, 0.45);
  SpecimenFields fields;
  fields.void_order_parameter = eta.data();
  LamellaOptions lamella;
  lamella.shown_above = 20 * nm;
  const ProjectedSpecimen specimen = project_lamella(g, specimen_composition(g, fields), eta.data(), lamella);
  HaadfOptions haadf;
  haadf.shot_noise = false;
  const Image image = render_haadf(specimen, haadf);
  MicrographAnalysisOptions options;
  options.interface_row = 20;
  options.min_diameter = 1 * nm;
  CHECK(analyze_micrograph(image, options).void_count == 2);
  options.min_contrast = 0.025;
  const MicrographStats stats = analyze_micrograph(image, options);
  REQUIRE(stats.void_count == 1);
  CHECK(stats.diameters[0] == doctest::Approx(6 * nm).epsilon(0.1));
}
