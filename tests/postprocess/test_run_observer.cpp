// RunObserver milestones on scripted void fields: the onset is the first output with a void of
// at least the detection diameter, whatever the simulated area; coalescence is the first output
// where one void covers two voids of the previous output.
#include <doctest/doctest.h>

#include <cmath>

#include "postprocess/run_observer.hpp"

namespace {

using namespace voidsim;

/// An engine whose void field the test paints between outputs.
class ScriptedEngine final : public Engine {
 public:
  explicit ScriptedEngine(std::size_t n) : eta_(n * n, 0.0) {
    grid_.dimension = 2;
    grid_.nx = grid_.nz = n;
  }
  void paint_disc(double cx, double cz, double radius_cells) {
    for (std::size_t k = 0; k < grid_.nz; ++k)
      for (std::size_t i = 0; i < grid_.nx; ++i) {
        const double r = std::hypot(static_cast<double>(i) + 0.5 - cx, static_cast<double>(k) + 0.5 - cz);
        if (r <= radius_cells) eta_[k * grid_.nx + i] = 1.0;
      }
  }
  void set_time(double t) { time_ = t; }

  std::string_view name() const override { return "scripted"; }
  const Grid& grid() const override { return grid_; }
  double time() const override { return time_; }
  std::int64_t step() const override { return 0; }
  double last_dt() const override { return 0.0; }
  void advance_to(double, const std::function<bool()>&) override {}
  std::vector<FieldRef> fields() const override {
    return {FieldRef{std::string(field_names::void_order_parameter), "eta", eta_.data(), {}, 1.0}};
  }
  EngineScalars scalars() const override { return {}; }
  void save_state(StateArchive&) const override {}
  void load_state(const StateArchive&) override {}

 private:
  Grid grid_;
  std::vector<double> eta_;
  double time_ = 0.0;
};

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
    ScriptedEngine engine(n);
    RunObserver observer(settings(), {});
    engine.set_time(10.0);
    engine.paint_disc(20.0, 5.0, 1.0);  // 4 cells: 2.3 nm equivalent diameter, a nanopore
    observer.observe(engine);
    CHECK_FALSE(observer.onset_time().has_value());
    REQUIRE(observer.latest().voids.size() == 1);
    CHECK(observer.latest().voids[0].equivalent_diameter < 3e-9);
    engine.set_time(20.0);
    engine.paint_disc(40.0, 10.0, 2.0);  // 12-13 cells: ~4 nm
    observer.observe(engine);
    REQUIRE(observer.onset_time().has_value());
    CHECK(*observer.onset_time() == 20.0);
    CHECK_FALSE(observer.coalescence_time().has_value());
  }
}

TEST_CASE("coalescence is the first output where one void covers two of the previous output") {
  ScriptedEngine engine(64);
  RunObserver observer(settings(), {});
  engine.set_time(10.0);
  engine.paint_disc(20.0, 20.0, 3.0);
  engine.paint_disc(30.0, 20.0, 3.0);  // two voids 4 cells apart
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 2);
  engine.set_time(20.0);
  engine.paint_disc(20.0, 20.0, 4.0);  // both grow; still apart
  observer.observe(engine);
  CHECK_FALSE(observer.coalescence_time().has_value());
  engine.set_time(30.0);
  engine.paint_disc(25.0, 20.0, 4.0);  // a bridge joins them
  observer.observe(engine);
  REQUIRE(observer.latest().voids.size() == 1);
  REQUIRE(observer.coalescence_time().has_value());
  CHECK(*observer.coalescence_time() == 30.0);
}
