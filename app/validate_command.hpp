#pragma once
// `voidsim validate RUN_DIR... --against DATASET`: holds one run, or an ensemble of seeds of one
// scenario, against a measured dataset (issue 6; validation/dataset_comparison.hpp), prints each
// check with measured and simulated values side by side and writes the report when asked.
// Exit code 0 only when every required check passes, 1 when one fails (the table names it).
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace voidsim::app {

struct ValidateOptions {
  std::vector<std::string> runs;  // run directories (porosity.csv, summary.json)
  std::string dataset;            // dataset.yaml or its directory
  std::string experiment;         // empty: the dataset's default_experiment
  std::string report_dir;         // empty: no files written
};

CLI::App* add_validate_command(CLI::App& cli, ValidateOptions& options);

/// Exit code (0 pass, 1 a required check failed); InputError for a bad dataset or experiment,
/// IoError for an unreadable run directory or a failed write.
int run_validate(const ValidateOptions& options);

}  // namespace voidsim::app
