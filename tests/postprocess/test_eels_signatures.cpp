// Tests of postprocess/eels_signatures.cpp with line scans and projections made by hand: the summed
// surface spectrum weights rows by their O and Mn, and the void contrast of the maps is the
// missing path over the thickness.
#include <doctest/doctest.h>

#include "postprocess/eels_signatures.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;

TEST_CASE("the surface spectrum sums the rows in its window, O- and Mn-weighted") {
  EelsLineScan scan;
  scan.depth = {1e-9, 2e-9, 3e-9, 50e-9};
  scan.oxygen_areal = {1.0, 3.0, 2.0, 5.0};
  scan.oxygen_k_preedge = {0.5, 0.9, 1.0, 1.0};
  scan.manganese_areal = {1.0, 1.0, 2.0, 4.0};
  scan.manganese_l3_l2 = {3.0, 2.0, 1.9, 1.9};
  scan.manganese_edge_shift = {-2.0, -1.0, 0.0, 0.0};
  const auto s = summed_spectrum(scan, 0.0, 40e-9);
  REQUIRE(s.has_value());
  CHECK(s->rows == 3);
  CHECK(testing::close(s->oxygen_k_preedge, (0.5 + 2.7 + 2.0) / 6.0, testing::round_off));
  CHECK(testing::close(s->manganese_l3_l2, (3.0 + 2.0 + 3.8) / 4.0, testing::round_off));
  CHECK(testing::close(s->manganese_edge_shift, -3.0 / 4.0, testing::round_off));
  const auto bulk = summed_spectrum(scan, 40e-9, 100e-9);
  REQUIRE(bulk.has_value());
  CHECK(bulk->oxygen_k_preedge == 1.0);
  CHECK_FALSE(summed_spectrum(scan, 60e-9, 100e-9).has_value());
}

TEST_CASE("a void lowers the O, Mn and t/lambda maps by its path over the thickness") {
  ProjectedSpecimen s;
  s.width = 4;
  s.height = 3;
  s.rows_above = 1;
  s.thickness = 60e-9;
  const std::size_t n = s.width * s.height;
  s.region.assign(n, SpecimenRegion::cathode);
  for (std::size_t c = 0; c < s.width; ++c) s.region[c] = SpecimenRegion::electrolyte;
  s.solid_path.assign(n, 60e-9);
  s.oxygen.assign(n, 2.0);
  s.manganese.assign(n, 0.5);
  s.t_over_lambda.assign(n, 0.4);
  CHECK_FALSE(void_map_contrast(s, 0.6e-9).has_value());  // no void

  // Row 1: a 6 nm void in column 0 (the maps scale with the solid path), a 0.1 nm rim in column 1
  // (below the 0.6 nm threshold, and not void-free either: left out of both sides).
  const std::size_t v = s.index(1, 0), rim = s.index(1, 1);
  s.solid_path[v] = 54e-9;
  s.oxygen[v] = 1.8;
  s.manganese[v] = 0.45;
  s.t_over_lambda[v] = 0.36;
  s.solid_path[rim] = 59.9e-9;
  s.oxygen[rim] = 0.0;
  const auto c = void_map_contrast(s, 0.6e-9);
  REQUIRE(c.has_value());
  CHECK(c->void_pixels == 1);
  CHECK(testing::close(c->oxygen, 0.1, testing::round_off));
  CHECK(testing::close(c->manganese, 0.1, testing::round_off));
  CHECK(testing::close(c->thickness, 0.1, testing::round_off));
}
