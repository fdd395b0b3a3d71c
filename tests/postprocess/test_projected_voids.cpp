// Projected-image blobs (postprocess/projected_voids.hpp) and their milestone in the RunObserver:
// voids at different depths along the beam that overlap in projection are one blob, voids too
// thin for the HAADF contrast are invisible, and the observer's merge rule applied to blobs gives
// the projected coalescence. 1 nm cells throughout; sphere centres sit on cell centres so the
// cell counts below are exact.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "postprocess/connected_components.hpp"
#include "postprocess/projected_voids.hpp"
#include "postprocess/run_observer.hpp"
#include "tests/postprocess/painted_engine.hpp"

namespace {

using namespace voidsim;
using voidsim::testing::PaintedEngine;

constexpr double nm = 1e-9;

VoidStatisticsOptions void_options() {
  VoidStatisticsOptions o;
  o.min_cells = 1;
  return o;
}

ObserverSettings observer_settings() {
  ObserverSettings s;
  s.voids = void_options();
  return s;
}

std::size_t column_index(const std::vector<std::string>& columns, const std::string& name) {
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return c;
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("two voids at different depths along the beam that overlap in projection are one blob") {
  PaintedEngine engine(32, 32, 32);  // t = 32 nm: visible where d >= max(2 nm, 1.6 nm)
  engine.paint(12.5, 8.5, 16.5, 4.0);
  engine.paint(18.5, 24.5, 16.5, 4.0);  // 6 nm apart in x, 16 nm apart along the beam
  const VoidStatistics voids3d = compute_void_statistics(engine.grid(), engine.eta(), void_options());
  const ProjectedVoids image =
      project_voids(engine.grid(), engine.eta(), void_options(), ProjectionOptions{});
  CHECK(voids3d.voids.size() == 2);  // two voids in the volume ...
  REQUIRE(image.blobs.size() == 1);  // ... one blob in the image
  CHECK(image.lamella_thickness == doctest::Approx(32 * nm));
  // Through a sphere's centre the path is 9 cells (centres at offsets -4..4 from the centre).
  CHECK(image.blobs[0].max_path_length == doctest::Approx(9 * nm));
  // Visible where the chord is >= 2 cells, i.e. within ~sqrt(4^2 - 1^2) = 3.87 nm of an axis: two
  // discs of that radius 6 nm apart cover 2 pi r^2 - lens = 94.2 - 5.8 = 88.4 nm^2. 15 %: the
  // staircase of a 4 nm sphere on 1 nm cells.
  CHECK(image.blobs[0].area / (nm * nm) == doctest::Approx(88.4).epsilon(0.15));
  CHECK(image.area_fraction == doctest::Approx(image.blobs[0].area / (32 * 32 * nm * nm)));
  // Rim columns with a single void cell (d = 1 nm) are in the section's projection but not visible.
  CHECK(image.area_fraction < voids3d.area_fraction);
  CHECK(image.front_depth == doctest::Approx(20.5 * nm));  // deepest pixel row k = 20, centre 20.5
}

TEST_CASE("a void thinner than the contrast threshold is invisible") {
  PaintedEngine engine(32, 64, 32);
  engine.paint(16.5, 32.5, 16.5, 1.2);  // path 3 cells at the centre
  REQUIRE(compute_void_statistics(engine.grid(), engine.eta(), void_options()).voids.size() == 1);
  ProjectionOptions projection;  // t = domain extent 64 nm: needs d >= 0.05 * 64 = 3.2 nm
  CHECK(project_voids(engine.grid(), engine.eta(), void_options(), projection).blobs.empty());
  projection.lamella_thickness = 32 * nm;  // central 32 nm: needs d >= 1.6 nm and >= 2 nm
  const ProjectedVoids thinner = project_voids(engine.grid(), engine.eta(), void_options(), projection);
  CHECK(thinner.blobs.size() == 1);
  CHECK(thinner.blobs[0].max_path_length == doctest::Approx(3 * nm));
  projection.lamella_thickness = 20 * nm;  // the central 20 nm slab holds the void whole
  CHECK(project_voids(engine.grid(), engine.eta(), void_options(), projection).blobs.size() == 1);
  projection.min_path_length = 3.5 * nm;  // the minimum path applies on its own
  CHECK(project_voids(engine.grid(), engine.eta(), void_options(), projection).blobs.empty());
  projection.lamella_thickness = 128 * nm;  // beyond the domain: void-free material, lower contrast
  projection.min_path_length = 0.0;
  CHECK(project_voids(engine.grid(), engine.eta(), void_options(), projection).blobs.empty());
  projection.contrast_threshold = 0.02;  // 3 nm / 128 nm = 0.023
  CHECK(project_voids(engine.grid(), engine.eta(), void_options(), projection).blobs.size() == 1);
}

TEST_CASE("blobs are 8-connected in the image and wrap around a periodic x") {
  Grid image;
  image.nx = 8;
  image.nz = 4;
  std::vector<unsigned char> pixel(image.size(), 0);
  pixel[image.index(2, 0, 1)] = pixel[image.index(3, 0, 2)] = 1;  // diagonal neighbours
  pixel[image.index(7, 0, 0)] = pixel[image.index(0, 0, 1)] = 1;  // diagonal across x = 0
  const auto faces = label_components(image, pixel, true, Connectivity::faces);
  const auto eight = label_components(image, pixel, true, Connectivity::faces_and_xz_edges);
  const auto open = label_components(image, pixel, false, Connectivity::faces_and_xz_edges);
  CHECK(*std::max_element(faces.begin(), faces.end()) == 4);
  CHECK(*std::max_element(eight.begin(), eight.end()) == 2);
  CHECK(*std::max_element(open.begin(), open.end()) == 3);
}

TEST_CASE("projected coalescence: one blob covers two blobs of the previous output") {
  PaintedEngine engine(48, 32, 32);
  RunObserver observer(observer_settings(), {});
  engine.set_time(10.0);
  engine.paint(14.5, 16.5, 16.5, 4.0);
  engine.paint(30.5, 16.5, 16.5, 4.0);  // two voids 16 nm apart in x, same y
  observer.observe(engine);
  REQUIRE(observer.latest_projected().blobs.size() == 2);
  engine.set_time(20.0);
  engine.paint(14.5, 16.5, 16.5, 5.0);  // one grows; the blobs stay apart
  observer.observe(engine);
  CHECK_FALSE(observer.projected_coalescence_time().has_value());
  engine.set_time(30.0);
  engine.paint(22.5, 4.5, 16.5, 4.0);  // a third void in front of the gap, 12 nm nearer the beam source
  observer.observe(engine);
  CHECK(observer.latest().voids.size() == 3);  // no void touches another in the volume
  CHECK_FALSE(observer.coalescence_time().has_value());
  REQUIRE(observer.latest_projected().blobs.size() == 1);
  REQUIRE(observer.projected_coalescence_time().has_value());
  CHECK(*observer.projected_coalescence_time() == 30.0);
  const auto& row = observer.rows().back();
  CHECK(row[column_index(observer.columns(), "projected_blob_count")] == 1.0);
  CHECK(row[column_index(observer.columns(), "projected_area_fraction")] ==
        observer.latest_projected().area_fraction);
}

TEST_CASE("a 2D run's projected image is its section") {
  PaintedEngine engine(64, 1, 64);
  ObserverSettings settings = observer_settings();
  settings.projection.contrast_threshold = 0.9;  // ignored in 2D: the section has contrast 1
  settings.projection.min_path_length = 50 * nm;
  RunObserver observer(settings, {});
  const auto& columns = observer.columns();
  auto check_equal_statistics = [&] {
    const auto& row = observer.rows().back();
    CHECK(row[column_index(columns, "projected_area_fraction")] ==
          row[column_index(columns, "void_area_fraction")]);
    CHECK(row[column_index(columns, "projected_blob_count")] == row[column_index(columns, "void_count")]);
    CHECK(row[column_index(columns, "projected_mean_diameter_nm")] ==
          doctest::Approx(row[column_index(columns, "mean_diameter_nm")]));
  };
  engine.set_time(10.0);
  engine.paint(20.0, 0.0, 20.0, 3.0);
  engine.paint(30.0, 0.0, 20.0, 3.0);
  engine.paint(50.0, 0.0, 40.0, 2.0);
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 3);
  check_equal_statistics();
  engine.set_time(20.0);
  engine.paint(25.0, 0.0, 20.0, 4.0);  // a bridge joins the first two
  observer.observe(engine);
  check_equal_statistics();
  REQUIRE(observer.coalescence_time().has_value());
  REQUIRE(observer.projected_coalescence_time().has_value());
  CHECK(*observer.projected_coalescence_time() == *observer.coalescence_time());
}

TEST_CASE("projected coalescence counts from the void onset on, the section milestone does not wait") {
  // A 2D section (its own projection): two 1-cell voids merge into a 3-cell one, all below the
  // 3 nm onset diameter, then two 6 nm voids appear and merge.
  PaintedEngine engine(64, 1, 64);
  RunObserver observer(observer_settings(), {});
  engine.set_time(10.0);
  engine.paint(20.5, 0.0, 20.5, 0.4);
  engine.paint(22.5, 0.0, 20.5, 0.4);
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 2);
  engine.set_time(20.0);
  engine.paint(21.5, 0.0, 20.5, 0.4);  // the cell between them
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 1);
  CHECK(observer.latest().voids[0].equivalent_diameter < 3 * nm);
  REQUIRE(observer.coalescence_time().has_value());
  CHECK(*observer.coalescence_time() == 20.0);
  CHECK_FALSE(observer.onset_time().has_value());
  CHECK_FALSE(observer.projected_coalescence_time().has_value());  // nothing seen yet
  engine.set_time(30.0);
  engine.paint(40.0, 0.0, 40.0, 3.0);
  engine.paint(48.0, 0.0, 40.0, 3.0);
  observer.observe(engine);
  REQUIRE(observer.onset_time().has_value());
  CHECK(*observer.onset_time() == 30.0);
  CHECK_FALSE(observer.projected_coalescence_time().has_value());
  engine.set_time(40.0);
  engine.paint(44.0, 0.0, 40.0, 3.0);  // a bridge joins them
  observer.observe(engine);
  REQUIRE(observer.projected_coalescence_time().has_value());
  CHECK(*observer.projected_coalescence_time() == 40.0);
  CHECK(*observer.coalescence_time() == 20.0);
}

TEST_CASE("the projected coalescence milestone survives a checkpoint") {
  PaintedEngine engine(48, 32, 32);
  RunObserver before(observer_settings(), {});
  engine.set_time(10.0);
  engine.paint(14.5, 16.5, 16.5, 4.0);
  engine.paint(30.5, 16.5, 16.5, 4.0);
  before.observe(engine);
  StateArchive archive;
  before.save_state(archive);

  // Resumed before the merge: the previous frame's blobs come from the checkpoint.
  RunObserver resumed(observer_settings(), {});
  resumed.load_state(archive);
  engine.set_time(20.0);
  engine.paint(22.5, 4.5, 16.5, 4.0);
  resumed.observe(engine);
  REQUIRE(resumed.projected_coalescence_time().has_value());
  CHECK(*resumed.projected_coalescence_time() == 20.0);

  // Resumed after it: the milestone itself is kept.
  StateArchive after;
  resumed.save_state(after);
  RunObserver again(observer_settings(), {});
  again.load_state(after);
  REQUIRE(again.projected_coalescence_time().has_value());
  CHECK(*again.projected_coalescence_time() == 20.0);
  CHECK_FALSE(again.coalescence_time().has_value());
  // The rows came back (current_A is NaN here: the painted engine has no scalars, so compare counts).
  REQUIRE(again.rows().size() == 2);
  const std::size_t blobs = column_index(again.columns(), "projected_blob_count");
  CHECK(again.rows()[0][blobs] == 2.0);
  CHECK(again.rows()[1][blobs] == 1.0);
}
