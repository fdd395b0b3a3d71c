#pragma once
// Composition-dependent Li chemical diffusivity D_Li(x) in Li_x Ni0.2 Mn0.6 O2 (MODEL.md
// section 2, process 1, and section 3: 1e-14 .. 1e-16 cm^2/s, minimum on the 4.5 V plateau).
// Simplification (documented in docs/li-transport.md): a log-linear blend between the
// Ni-redox value and a Gaussian dip centred on the O-redox plateau, which reproduces the
// GITT-like shape (high D in the sloping region, a minimum on the plateau) with three numbers.
// Li does not move through a void: the engine multiplies D_Li by (1 - h(eta)).
#include <cmath>
#include <vector>

#include "core/scenario.hpp"

namespace voidsim {

struct LiTransportParameters {
  bool enabled = true;
  double diffusivity_high = 1e-18;     // m^2/s, sloping Ni-redox region (1e-14 cm^2/s)
  double diffusivity_plateau = 1e-20;  // m^2/s, minimum on the O-redox plateau (1e-16 cm^2/s)
  double plateau_centre = 0.5;         // x at the minimum
  double plateau_width = 0.25;         // Gaussian width in x
  double initial_li_fraction = 1.2;    // pristine x

  /// ln(D_plateau / D_high).
  [[nodiscard]] double log_ratio() const noexcept { return std::log(diffusivity_plateau / diffusivity_high); }

  static void declare(Schema& schema);
  [[nodiscard]] static LiTransportParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

/// D_Li(x) in m^2/s: log D = log D_high + (log D_plateau - log D_high) exp(-((x - x_c)/w)^2 / 2).
/// `log_ratio` = p.log_ratio(), hoisted by callers that evaluate this per cell: exp(dip ln ratio)
/// replaced pow(ratio, dip), which was the largest single cost of the coupled step (26 % of
/// instructions, callgrind).
/// A flat D (plateau = high, the calibrated default) returns D_high without the two exponentials,
/// which were 15 % of a 512^2 in situ run (perf); the value is the same bit for bit (exp(0) = 1).
[[nodiscard]] inline double li_diffusivity(const LiTransportParameters& p, double x, double log_ratio) {
  if (log_ratio == 0.0) return p.diffusivity_high;
  const double s = (x - p.plateau_centre) / p.plateau_width;
  const double dip = std::exp(-0.5 * s * s);
  return p.diffusivity_high * std::exp(dip * log_ratio);
}
[[nodiscard]] inline double li_diffusivity(const LiTransportParameters& p, double x) {
  return li_diffusivity(p, x, p.log_ratio());
}

}  // namespace voidsim
