#pragma once
// `voidsim calibrate CALIBRATION.yaml -o DIR`: fits scenario parameters to a measured dataset by
// minimising the validation misfit (issue 6). Each evaluation runs the scenario for every seed of
// the file (in this process one after another; with -j N as N child processes at a time; under
// mpirun over the ranks, rank 0 driving: the initial grid, the seeds of an evaluation and the
// profiles are batches), compares the runs with the dataset
// (validation/dataset_comparison.hpp) and returns the misfit: the mean over the dataset's curves
// of the squared normalised RMSE (1 = as far off as the error bars). NLopt's derivative-free local
// optimisers search the box of bounds (log-scaled where asked), evaluated points are cached in
// DIR/evaluations.json so an interrupted calibration resumes, and the report holds the best
// parameters, the misfit history, a misfit profile along each parameter and the validation
// report of the best point (DIR/best/). Format and method: docs/calibration-runs.md.
#include <string>

namespace CLI {
class App;
}

namespace voidsim::app {

struct CalibrateOptions {
  std::string file;                    // calibration YAML
  std::string output = "calibration";  // DIR
  int threads = 0;                     // OpenMP threads of each run (0: default; 1 per child with -j)
  int jobs = 1;                        // > 1: runs as that many child processes at a time
};

CLI::App* add_calibrate_command(CLI::App& cli, CalibrateOptions& options);

/// Exit code 0; InputError for a bad calibration file or dataset, IoError for I/O failures.
int run_calibrate(const CalibrateOptions& options);

}  // namespace voidsim::app
