#include "model/open_circuit_voltage.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>

namespace voidsim {

namespace {

// Default OCV of Li_x Ni0.2 Mn0.6 O2 vs Li/Li+ (estimate). Shaped after typical first-charge
// curves of Li-rich NMC: a sloping Ni2+/Ni4+ region from about 3.7 V at x = 1.2 to about 4.4 V at
// x = 0.8 (MODEL.md section 2: Ni redox between x = 1.2 and 0.8), then the oxygen-redox plateau
// at about 4.5 V (MODEL.md section 3), rising steeply as the last Li is removed (x -> 0).
// The plateau keeps a small slope (about 0.1 V over 0.7 Li) so U(x) stays strictly decreasing.
// Function-local statics (below) rather than namespace-scope vectors: parameter structs that
// copy these defaults may be constructed during static initialisation of other files.
constexpr double default_x[] = {0.00, 0.05, 0.10, 0.20, 0.40, 0.60, 0.70, 0.80, 0.90, 1.00, 1.10, 1.15, 1.20};
constexpr double default_voltage[] = {4.90, 4.65, 4.58, 4.54, 4.51, 4.49, 4.47,
                                      4.40, 4.16, 4.00, 3.88, 3.80, 3.70};

int sign(double v) { return (v > 0.0) - (v < 0.0); }

// Fritsch-Carlson monotone slopes in the Fritsch-Butland form (weighted harmonic mean of the
// neighbouring secants, zero at local extrema) and the shape-preserving three-point end
// condition; this is the algorithm of MATLAB pchip / SciPy PchipInterpolator.
// F. N. Fritsch, R. E. Carlson, SIAM J. Numer. Anal. 17, 238 (1980);
// F. N. Fritsch, J. Butland, SIAM J. Sci. Stat. Comput. 5, 300 (1984).
std::vector<double> pchip_slopes(const std::vector<double>& x, const std::vector<double>& u) {
  const std::size_t n = x.size();
  std::vector<double> h(n - 1), delta(n - 1), d(n, 0.0);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    h[k] = x[k + 1] - x[k];
    delta[k] = (u[k + 1] - u[k]) / h[k];
  }
  if (n == 2) {
    d[0] = d[1] = delta[0];
    return d;
  }
  for (std::size_t k = 1; k + 1 < n; ++k) {
    if (sign(delta[k - 1]) * sign(delta[k]) <= 0) continue;  // extremum or flat piece: d = 0
    const double w1 = 2.0 * h[k] + h[k - 1];
    const double w2 = h[k] + 2.0 * h[k - 1];
    d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
  }
  const auto end_slope = [](double h0, double h1, double del0, double del1) {
    double s = ((2.0 * h0 + h1) * del0 - h0 * del1) / (h0 + h1);
    if (sign(s) != sign(del0)) {
      s = 0.0;
    } else if (sign(del0) != sign(del1) && std::abs(s) > 3.0 * std::abs(del0)) {
      s = 3.0 * del0;
    }
    return s;
  };
  d[0] = end_slope(h[0], h[1], delta[0], delta[1]);
  d[n - 1] = end_slope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  return d;
}

}  // namespace

OcvInterpolation ocv_interpolation_from_string(const std::string& name) {
  if (name == "pchip") return OcvInterpolation::pchip;
  if (name == "linear") return OcvInterpolation::linear;
  throw std::invalid_argument("unknown OCV interpolation '" + name + "' (expected pchip or linear)");
}

std::string ocv_table_problem(const std::vector<double>& x, const std::vector<double>& voltage) {
  if (x.size() != voltage.size()) {
    return "OCV table has " + std::to_string(x.size()) + " compositions but " +
           std::to_string(voltage.size()) + " voltages";
  }
  if (x.size() < 2) return "OCV table needs at least two nodes";
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (!std::isfinite(x[k]) || !std::isfinite(voltage[k])) {
      return "OCV table node " + std::to_string(k) + " is not finite";
    }
    if (k > 0 && !(x[k] > x[k - 1])) {
      return "OCV compositions must be strictly increasing (node " + std::to_string(k) + ")";
    }
    if (k > 0 && voltage[k] > voltage[k - 1]) {
      return "OCV must not increase with Li content (node " + std::to_string(k) +
             "): dU/dx > 0 is a thermodynamically unstable composition";
    }
  }
  return {};
}

OpenCircuitVoltage::OpenCircuitVoltage(std::vector<double> x, std::vector<double> voltage,
                                       OcvInterpolation interpolation)
    : x_(std::move(x)), u_(std::move(voltage)), interpolation_(interpolation) {
  if (const auto problem = ocv_table_problem(x_, u_); !problem.empty()) throw std::invalid_argument(problem);
  if (interpolation_ == OcvInterpolation::pchip) {
    slope_ = pchip_slopes(x_, u_);
  } else {
    const std::size_t n = x_.size();
    slope_.assign(n, 0.0);
    slope_.front() = (u_[1] - u_[0]) / (x_[1] - x_[0]);
    slope_.back() = (u_[n - 1] - u_[n - 2]) / (x_[n - 1] - x_[n - 2]);
  }
}

OpenCircuitVoltage OpenCircuitVoltage::default_table(OcvInterpolation interpolation) {
  return {default_ocv_x(), default_ocv_voltage(), interpolation};
}

std::size_t OpenCircuitVoltage::interval(double x) const {
  // Index k of the interval [x_k, x_{k+1}] containing x (clamped to the first/last interval).
  const auto it = std::upper_bound(x_.begin(), x_.end(), x);
  const auto k = static_cast<std::ptrdiff_t>(it - x_.begin()) - 1;
  return static_cast<std::size_t>(
      std::clamp<std::ptrdiff_t>(k, 0, static_cast<std::ptrdiff_t>(x_.size()) - 2));
}

double OpenCircuitVoltage::operator()(double x) const {
  if (x <= x_.front()) return u_.front() + slope_.front() * (x - x_.front());
  if (x >= x_.back()) return u_.back() + slope_.back() * (x - x_.back());
  const std::size_t k = interval(x);
  const double h = x_[k + 1] - x_[k];
  const double t = (x - x_[k]) / h;
  if (interpolation_ == OcvInterpolation::linear) return u_[k] + t * (u_[k + 1] - u_[k]);
  // Cubic Hermite basis on [x_k, x_k+1].
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
  const double h10 = t3 - 2.0 * t2 + t;
  const double h01 = -2.0 * t3 + 3.0 * t2;
  const double h11 = t3 - t2;
  return h00 * u_[k] + h10 * h * slope_[k] + h01 * u_[k + 1] + h11 * h * slope_[k + 1];
}

double OpenCircuitVoltage::derivative(double x) const {
  if (x <= x_.front()) return slope_.front();
  if (x >= x_.back()) return slope_.back();
  const std::size_t k = interval(x);
  const double h = x_[k + 1] - x_[k];
  if (interpolation_ == OcvInterpolation::linear) return (u_[k + 1] - u_[k]) / h;
  const double t = (x - x_[k]) / h;
  const double t2 = t * t;
  const double dh00 = 6.0 * t2 - 6.0 * t;
  const double dh10 = 3.0 * t2 - 4.0 * t + 1.0;
  const double dh01 = -6.0 * t2 + 6.0 * t;
  const double dh11 = 3.0 * t2 - 2.0 * t;
  return (dh00 * u_[k] + dh01 * u_[k + 1]) / h + dh10 * slope_[k] + dh11 * slope_[k + 1];
}

const std::vector<double>& default_ocv_x() {
  static const std::vector<double> table(std::begin(default_x), std::end(default_x));
  return table;
}
const std::vector<double>& default_ocv_voltage() {
  static const std::vector<double> table(std::begin(default_voltage), std::end(default_voltage));
  return table;
}

}  // namespace voidsim
