// RunObserver and the pristine nanopores (postprocess/run_observer.hpp, docs/surface-layer.md):
// objects present at t = 0 and smaller than the onset diameter are nanopores, not voids, and stay
// so while they keep their identity (overlap with a cell that was a pore's, none with a void);
// they stay out of void_count, the onset and the area fraction.
#include <doctest/doctest.h>

#include "postprocess/run_observer.hpp"
#include "postprocess/surface_layer_profiles.hpp"
#include "tests/postprocess/painted_engine.hpp"

namespace {

using namespace voidsim;
using voidsim::testing::PaintedEngine;

ObserverSettings settings() {
  ObserverSettings s;
  s.voids.min_cells = 1;
  s.onset_diameter = 3e-9;  // run.onset_diameter of the in situ scenario
  return s;
}

}  // namespace

TEST_CASE("nanopores of the initial state are not voids: no void at 82 s, onset at the first real void") {
  PaintedEngine engine(64, 1, 64);  // 1 nm cells
  // Three ~2 nm nanopores in the top 10 nm (radius 1.2 cells: 5 cells, 2.5 nm equivalent diameter).
  engine.paint(10.5, 0, 3.5, 1.2);
  engine.paint(30.5, 0, 6.5, 1.2);
  engine.paint(50.5, 0, 9.5, 1.2);
  RunObserver observer(settings(), {});
  engine.set_time(0.0);
  observer.observe(engine);
  CHECK(observer.latest().voids.empty());
  CHECK(observer.latest().area_fraction == 0.0);
  CHECK(observer.latest_nanopores().voids.size() == 3);
  CHECK(observer.latest_nanopores().mean_diameter == doctest::Approx(2.0 * std::sqrt(5.0 / M_PI) * 1e-9));
  engine.set_time(82.0);
  observer.observe(engine);
  CHECK(observer.latest().voids.empty());
  CHECK(observer.rows().back()[3] == 0.0);  // void_count column, what check_paper_observations.py reads
  CHECK_FALSE(observer.onset_time());

  // A bias-induced void of 4 nm elsewhere: a void, the onset.
  engine.paint(40.5, 0, 20.5, 2.0);
  engine.set_time(263.0);
  observer.observe(engine);
  CHECK(observer.latest().voids.size() == 1);
  REQUIRE(observer.onset_time());
  CHECK(*observer.onset_time() == 263.0);
  CHECK(observer.latest_nanopores().voids.size() == 3);

  // A nanopore that grows a little (e.g. fed by the beam; 3.5 nm here) stays a nanopore: the
  // definition is by origin, below nanopore_max_diameter (4 nm).
  engine.paint(30.5, 0, 6.5, 1.9);
  engine.set_time(290.0);
  observer.observe(engine);
  CHECK(observer.latest().voids.size() == 1);
  CHECK(observer.latest_nanopores().voids.size() == 3);

  // A void that grows into a nanopore takes it over: the merged object is a void.
  engine.paint(45.5, 0, 14.5, 7.0);  // from the void at (40.5, 20.5) to the pore at (50.5, 9.5)
  engine.set_time(300.0);
  observer.observe(engine);
  CHECK(observer.latest().voids.size() == 1);
  CHECK(observer.latest_nanopores().voids.size() == 2);

  // A nanopore grown past nanopore_max_diameter is a nanovoid.
  engine.paint(30.5, 0, 6.5, 2.6);
  engine.set_time(330.0);
  observer.observe(engine);
  CHECK(observer.latest().voids.size() == 2);
  CHECK(observer.latest_nanopores().voids.size() == 1);

  // The nanopore table lists the remaining ones with their depths.
  const SurfaceLayerTable table = nanopore_table(observer.latest_nanopores());
  REQUIRE(table.rows.size() == 1);
  CHECK(table.columns[1] == "centroid_depth_nm");
}

TEST_CASE("without an initial-state output nothing is a nanopore (behaviour of runs without a layer)") {
  PaintedEngine engine(64, 1, 64);
  engine.paint(10.5, 0, 3.5, 1.2);
  RunObserver observer(settings(), {});
  engine.set_time(30.0);  // first output after t = 0: not the initial state
  observer.observe(engine);
  CHECK(observer.latest().voids.size() == 1);
  CHECK(observer.latest_nanopores().voids.empty());
}

TEST_CASE("the nanopore mask survives a checkpoint") {
  PaintedEngine engine(64, 1, 64);
  engine.paint(10.5, 0, 3.5, 1.2);
  RunObserver observer(settings(), {});
  observer.observe(engine);
  StateArchive archive;
  observer.save_state(archive);
  RunObserver resumed(settings(), {});
  resumed.load_state(archive);
  engine.set_time(82.0);
  resumed.observe(engine);
  CHECK(resumed.latest().voids.empty());
  CHECK(resumed.latest_nanopores().voids.size() == 1);
}

TEST_CASE(
    "a nanopore that fades below the threshold and grows back is still a nanopore, across a checkpoint") {
  PaintedEngine engine(64, 1, 64);
  engine.paint(10.5, 0, 1.5, 1.2);  // a 2.5 nm pore at the contact
  RunObserver observer(settings(), {});
  observer.observe(engine);
  REQUIRE(observer.latest_nanopores().voids.size() == 1);
  // On 1 nm cells a pore of a few cells can drop below eta 0.5 for a while.
  engine.paint(10.5, 0, 1.5, 1.2, 0.45);
  engine.set_time(82.0);
  observer.observe(engine);
  CHECK(observer.latest_nanopores().voids.empty());
  CHECK(observer.latest().voids.empty());
  StateArchive archive;
  observer.save_state(archive);
  RunObserver resumed(settings(), {});
  resumed.load_state(archive);
  // It comes back larger (3.4 nm, above the onset diameter, below nanopore_max_diameter): the same
  // pore by origin, no void and no onset. A new object of the same size elsewhere is a void.
  engine.paint(10.5, 0, 1.5, 1.7);
  engine.paint(40.5, 0, 1.5, 1.7);
  engine.set_time(263.0);
  resumed.observe(engine);
  CHECK(resumed.latest_nanopores().voids.size() == 1);
  CHECK(resumed.latest().voids.size() == 1);  // without the footprint: two voids, no pore
  REQUIRE(resumed.onset_time());
  CHECK(*resumed.onset_time() == 263.0);
}

TEST_CASE("a reader of result.h5 clears the nanopore_mask cells and measures what the observer measured") {
  PaintedEngine engine(64, 1, 64);
  engine.paint(10.5, 0, 1.5, 1.2);  // a pore of the initial state
  RunObserver observer(settings(), {});
  observer.observe(engine);
  engine.paint(40.5, 0, 20.5, 2.0);  // a void
  engine.set_time(263.0);
  observer.observe(engine);
  const std::vector<unsigned char>& cells = observer.nanopore_cells();
  std::vector<double> eta(engine.eta(), engine.eta() + cells.size());
  const std::vector<double> mask(cells.begin(), cells.end());  // as written into result.h5
  clear_nanopore_cells(eta, mask);
  const VoidStatistics read_back = compute_void_statistics(engine.grid(), eta.data(), settings().voids);
  REQUIRE(read_back.voids.size() == 1);
  CHECK(read_back.volume_fraction == observer.latest().volume_fraction);
  CHECK(read_back.voids[0].n_cells == observer.latest().voids[0].n_cells);
  CHECK_THROWS_AS(clear_nanopore_cells(eta, std::vector<double>(3, 0.0)), std::invalid_argument);
}
