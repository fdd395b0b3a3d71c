#pragma once
// A stand-in Engine for postprocess tests: the test paints the void order parameter between
// outputs (balls in 3D, discs in 2D) and sets the clock; nothing else is simulated.
#include <cmath>
#include <string>
#include <vector>

#include "solvers/engine.hpp"

namespace voidsim::testing {

/// An engine whose void field the test paints between outputs; 2D (ny = 1) or 3D.
class PaintedEngine final : public Engine {
 public:
  PaintedEngine(std::size_t nx, std::size_t ny, std::size_t nz) {
    grid_.dimension = ny > 1 ? 3 : 2;
    grid_.nx = nx;
    grid_.ny = ny;
    grid_.nz = nz;
    eta_.assign(grid_.size(), 0.0);
  }
  /// Ball (disc in 2D) of cells whose centres lie within `radius` of the point, in cell units, set
  /// to `value` (1: void; below the detection threshold: a faded object).
  void paint(double cx, double cy, double cz, double radius, double value = 1.0) {
    for (std::size_t k = 0; k < grid_.nz; ++k)
      for (std::size_t j = 0; j < grid_.ny; ++j)
        for (std::size_t i = 0; i < grid_.nx; ++i) {
          const double ddx = static_cast<double>(i) + 0.5 - cx, ddz = static_cast<double>(k) + 0.5 - cz;
          const double ddy = grid_.dimension == 3 ? static_cast<double>(j) + 0.5 - cy : 0.0;
          if (std::sqrt(ddx * ddx + ddy * ddy + ddz * ddz) <= radius) eta_[grid_.index(i, j, k)] = value;
        }
  }
  void set_time(double t) { time_ = t; }
  const double* eta() const { return eta_.data(); }

  std::string_view name() const override { return "painted"; }
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

}  // namespace voidsim::testing
