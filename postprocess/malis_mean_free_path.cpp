#include "postprocess/malis_mean_free_path.hpp"

#include <cmath>

namespace voidsim {

double malis_mean_energy_loss(double effective_atomic_number) {
  return 7.6 * std::pow(effective_atomic_number, 0.36);
}

double malis_mean_free_path(double effective_atomic_number, const EelsConditions& conditions) {
  // Malis et al. (1988), Egerton eq. 5.2: E0 in keV, beta in mrad, lambda in nm.
  const double e0_kev = conditions.beam_energy * 1e-3;
  const double beta_mrad = conditions.collection_semi_angle * 1e3;
  const double e_m = malis_mean_energy_loss(effective_atomic_number);
  const double f = (1.0 + e0_kev / 1022.0) / ((1.0 + e0_kev / 511.0) * (1.0 + e0_kev / 511.0));
  const double lambda_nm = 106.0 * f * e0_kev / (e_m * std::log(2.0 * beta_mrad * e0_kev / e_m));
  return lambda_nm * 1e-9;
}

}  // namespace voidsim
