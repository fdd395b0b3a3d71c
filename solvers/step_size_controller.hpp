#pragma once
// Step-size control of the phase-field engine (docs/numerics-spectral.md, "Step-size control").
// A step is measured by r, its largest field change divided by that field's limit
// (phase_field.max_change_*; r <= 1 accepts it). The changes of the engine's first-order steps
// grow in proportion to dt, so dt / r is the step that would have met the limits; the controller
// proposes a safe fraction of it, with bounds on how fast the step may grow or shrink.
// Why not a fixed factor: growing by 1.5x until a limit rejects the step and then cutting it to
// 0.3x makes a sawtooth whenever one limit binds for long (the Li field in the first 200 s of a
// bias step: 152 steps and 32 rejections to reach t = 90 s at 512^2, measured 2026-11-28).
#include <algorithm>
#include <cmath>

namespace voidsim {

struct StepSizeController {
  static constexpr double safety = 0.9;        // aim below the limit: r varies from step to step
  static constexpr double max_growth = 1.5;    // at most this per accepted step
  static constexpr double min_shrink = 0.1;    // a rejected step is cut to at least this fraction
  static constexpr double max_shrink = 0.5;    // and at most this one (a step near its limit)
  static constexpr double blind_shrink = 0.3;  // when r says nothing (bounds, non-convergence)

  /// Factor for the proposal after an accepted step of ratio r (0 <= r <= 1).
  [[nodiscard]] static double after_accept(double r) noexcept {
    return r > safety / max_growth ? safety / r : max_growth;
  }
  /// Factor for the retry after a rejected step: r > 1 from the change limits, or not finite
  /// when the step failed otherwise.
  [[nodiscard]] static double after_reject(double r) noexcept {
    return std::isfinite(r) && r > 1.0 ? std::clamp(safety / r, min_shrink, max_shrink) : blind_shrink;
  }
};

}  // namespace voidsim
