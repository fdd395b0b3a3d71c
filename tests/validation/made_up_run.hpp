#pragma once
// A hand-made run for the validation tests: outputs every 30 s to 600 s, voids from 240 s (the
// onset), area fraction and front rising linearly, current decaying as 1 / (1 + t / 100 s).
#include "validation/run_record.hpp"

namespace voidsim::testing {

inline RunRecord made_up_run() {
  RunRecord run;
  run.directory = "made_up";
  for (int k = 0; k <= 20; ++k) {
    const double t = 30.0 * k;
    const bool voids = t >= 240.0;
    run.time.push_back(t);
    run.void_count.push_back(voids ? 4.0 : 0.0);
    run.void_area_fraction.push_back(voids ? 1e-3 * (t - 210.0) / 30.0 : 0.0);
    run.mean_void_diameter.push_back(voids ? 4e-9 : 0.0);
    run.front_depth.push_back(voids ? 1e-9 * (t / 30.0) : 0.0);
    run.current.push_back(t > 0.0 ? 1e-12 / (1.0 + t / 100.0) : 0.0);
    run.li_extracted_fraction.push_back(1e-4 * t);
  }
  run.domain_depth = 100e-9;
  run.void_onset_time = 240.0;
  return run;
}

}  // namespace voidsim::testing
