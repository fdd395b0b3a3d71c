// Compile-time checks of the constants; the translation unit also anchors the model library.
#include "model/physical_constants.hpp"

namespace voidsim::constants {
static_assert(faraday > 96485.33 && faraday < 96485.34, "Faraday constant (CODATA 2018)");
static_assert(thermal_voltage(298.15) > 0.02569 && thermal_voltage(298.15) < 0.02570, "kT/e at 25 C");
}  // namespace voidsim::constants
