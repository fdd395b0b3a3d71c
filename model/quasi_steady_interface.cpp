#include "model/quasi_steady_interface.hpp"

#include <algorithm>

namespace voidsim {

QuasiSteadyInterface::QuasiSteadyInterface(const ElectrochemistryParameters& parameters)
    : kinetics_(parameters.kinetics),
      ocv_(parameters.open_circuit_voltage()),
      area_resistance_(parameters.electrode_area * parameters.resistances.series_resistance(
                                                       parameters.temperature, parameters.electrode_area)) {
  kinetics_.temperature = parameters.temperature;
}

double QuasiSteadyInterface::current_density(double applied_voltage, double x_surface) const {
  const double u = ocv_(x_surface);
  // h(eta) = V_app - U - eta - R_s A i(eta) is strictly decreasing; its root lies between 0 and
  // V_app - U (the overpotential takes at most the whole driving voltage).
  const auto h = [&](double eta) {
    return applied_voltage - u - eta - area_resistance_ * kinetics_.current_density(eta, x_surface);
  };
  double lo = std::min(0.0, applied_voltage - u);
  double hi = std::max(0.0, applied_voltage - u);
  double eta = 0.5 * (lo + hi);
  for (int iteration = 0; iteration < 300 && hi - lo > 0.0; ++iteration) {
    const double value = h(eta);
    if (value == 0.0) break;
    (value > 0.0 ? lo : hi) = eta;
    double next = eta + value / (1.0 + area_resistance_ * kinetics_.conductance(eta, x_surface));
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == eta) break;
    eta = next;
  }
  return kinetics_.current_density(eta, x_surface);
}

}  // namespace voidsim
