#include "model/butler_volmer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "model/physical_constants.hpp"

namespace voidsim {

double ButlerVolmer::anodic_factor() const {
  return transfer_coefficient * constants::faraday / (constants::gas_constant * temperature);
}

double ButlerVolmer::cathodic_factor() const {
  return (1.0 - transfer_coefficient) * constants::faraday / (constants::gas_constant * temperature);
}

double ButlerVolmer::exchange_current(double x_surface) const {
  if (model == ExchangeCurrentModel::constant) return exchange_current_density;
  // Doyle, Fuller, Newman, J. Electrochem. Soc. 140, 1526 (1993); Newman and Thomas-Alyea,
  // Electrochemical Systems, 3rd ed. (2004), section 8.3: i0 = F k c_e^alpha_a
  // (c_max - c_s)^alpha_a c_s^alpha_c. The single-ion LiPON has a fixed c_e, folded into i0_ref,
  // which is the value at theta = 1/2. i0 vanishes at theta = 0 and 1; the pristine cathode sits
  // at theta = 1 exactly, where extraction could never start. Clamping theta to
  // [floor, 1 - floor] is the regularisation (a simplification, see docs/electrochemistry.md).
  const double alpha_a = transfer_coefficient;
  const double alpha_c = 1.0 - transfer_coefficient;
  const double theta = std::clamp(x_surface / max_li_fraction, composition_floor, 1.0 - composition_floor);
  // alpha_a + alpha_c = 1, so the theta = 1/2 normalisation 0.5^(alpha_a + alpha_c) is 0.5. The
  // symmetric default takes square roots: the Li boundary calls this per column and Newton
  // iterate, and the three pow() calls were 16 % of a 3D run's CPU samples.
  const double shape = alpha_a == 0.5 ? std::sqrt(theta) * std::sqrt(1.0 - theta)
                                      : std::pow(theta, alpha_c) * std::pow(1.0 - theta, alpha_a);
  return exchange_current_density * shape / 0.5;
}

double ButlerVolmer::current_density(double overpotential, double x_surface) const {
  // MODEL.md section 2, process 1: Butler-Volmer interfacial kinetics.
  // expm1: near equilibrium the two exponentials are both ~1 and their plain difference
  // would cancel to a few digits; expm1(a) - expm1(-c) is the same number without cancellation.
  return exchange_current(x_surface) *
         (std::expm1(anodic_factor() * overpotential) - std::expm1(-cathodic_factor() * overpotential));
}

double ButlerVolmer::conductance(double overpotential, double x_surface) const {
  const double fa = anodic_factor();
  const double fc = cathodic_factor();
  return exchange_current(x_surface) *
         (fa * std::exp(fa * overpotential) + fc * std::exp(-fc * overpotential));
}

double ButlerVolmer::overpotential(double current_density_target, double x_surface) const {
  if (current_density_target == 0.0) return 0.0;
  const double i0 = exchange_current(x_surface);
  if (!(i0 > 0.0)) throw std::domain_error("Butler-Volmer inverse: exchange current density is zero");
  const double fa = anodic_factor();
  const double fc = cathodic_factor();
  const double r = current_density_target / i0;
  // Bracket: for r > 0, e^{fa eta} - 1 <= r -> eta <= ln(1 + r)/fa (the cathodic term is < 1),
  // and eta >= 0; mirror for r < 0. The function is strictly increasing, so the root is unique.
  double lo = r > 0.0 ? 0.0 : -std::log1p(-r) / fc;
  double hi = r > 0.0 ? std::log1p(r) / fa : 0.0;
  const auto residual = [&](double eta) { return std::expm1(fa * eta) - std::expm1(-fc * eta) - r; };
  // Start from the exact inverse of the symmetric case, a good guess for any alpha near 1/2.
  const double f_mean = 0.5 * (fa + fc);
  double eta = std::clamp(std::asinh(0.5 * r) / f_mean, lo, hi);
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double g = residual(eta);
    if (g == 0.0) return eta;
    (g > 0.0 ? hi : lo) = eta;
    const double slope = fa * std::exp(fa * eta) + fc * std::exp(-fc * eta);
    double next = eta - g / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // Newton left the bracket: bisect
    if (std::abs(next - eta) <=
            4.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(eta), 1e-300) ||
        hi - lo <= 4.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(lo), std::abs(hi))) {
      return next;
    }
    eta = next;
  }
  return eta;  // 200 safeguarded steps bisect any double bracket to round-off
}

double tafel_slope(double alpha, double temperature) {
  return std::log(10.0) * constants::gas_constant * temperature / (alpha * constants::faraday);
}

}  // namespace voidsim
