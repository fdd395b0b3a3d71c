// RunObserver milestones on scripted void fields: the onset is the first output with a void of
// at least the detection diameter, whatever the simulated area; coalescence is the first output
// where one void covers two voids of the previous output.
#include <doctest/doctest.h>

#include <cmath>

#include "postprocess/run_observer.hpp"
#include "tests/postprocess/painted_engine.hpp"

namespace {

using namespace voidsim;
using voidsim::testing::PaintedEngine;

ObserverSettings settings() {
  ObserverSettings s;
  s.voids.min_cells = 1;
  s.onset_diameter = 3e-9;
  return s;
}

}  // namespace

TEST_CASE("the onset is the first output with a void of at least the detection diameter") {
  for (std::size_t n : {64u, 256u}) {  // independent of the simulated area
    CAPTURE(n);
    PaintedEngine engine(n, 1, n);
    RunObserver observer(settings(), {});
    engine.set_time(10.0);
    engine.paint(20.0, 0.0, 5.0, 1.0);  // 4 cells: 2.3 nm equivalent diameter, a nanopore
    observer.observe(engine);
    CHECK_FALSE(observer.onset_time().has_value());
    REQUIRE(observer.latest().voids.size() == 1);
    CHECK(observer.latest().voids[0].equivalent_diameter < 3e-9);
    engine.set_time(20.0);
    engine.paint(40.0, 0.0, 10.0, 2.0);  // 12-13 cells: ~4 nm
    observer.observe(engine);
    REQUIRE(observer.onset_time().has_value());
    CHECK(*observer.onset_time() == 20.0);
    CHECK_FALSE(observer.coalescence_time().has_value());
  }
}

TEST_CASE("coalescence is the first output where one void covers two of the previous output") {
  PaintedEngine engine(64, 1, 64);
  RunObserver observer(settings(), {});
  engine.set_time(10.0);
  engine.paint(20.0, 0.0, 20.0, 3.0);
  engine.paint(30.0, 0.0, 20.0, 3.0);  // two voids 4 cells apart
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 2);
  engine.set_time(20.0);
  engine.paint(20.0, 0.0, 20.0, 4.0);  // both grow; still apart
  observer.observe(engine);
  CHECK_FALSE(observer.coalescence_time().has_value());
  engine.set_time(30.0);
  engine.paint(25.0, 0.0, 20.0, 4.0);  // a bridge joins them
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 1);
  REQUIRE(observer.coalescence_time().has_value());
  CHECK(*observer.coalescence_time() == 30.0);
}
