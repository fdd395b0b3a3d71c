#pragma once
// A kmc-only observation for the validation tests: at least one stacking fault at 300 s (the form
// of the paper's Figure 5 checks), applicable only to runs of engine kmc.
#include "validation/measured_dataset.hpp"

namespace voidsim::testing {

inline Observation kmc_fault_observation() {
  Observation faults;
  faults.id = "fault_by_300s";
  faults.experiment = "insitu";
  faults.engine = "kmc";
  faults.quantity = ObservedQuantity::stacking_fault_count;
  faults.at = 300.0;
  faults.min = 1.0;
  return faults;
}

}  // namespace voidsim::testing
