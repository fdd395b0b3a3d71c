#pragma once
// `voidsim collect DIR`: merges a sweep directory (issue 7) into DIR/summary.csv, DIR/summary.h5
// and DIR/plots/<quantity>_vs_<parameter>.png: one row per task (point x replicate), failed and
// missing tasks included with their status. Reads DIR/sweep.json and runs/*; writes atomically.
#include <string>

namespace CLI {
class App;
}

namespace voidsim::app {

struct CollectOptions {
  std::string sweep_dir;
  bool no_plots = false;
};

CLI::App* add_collect_command(CLI::App& cli, CollectOptions& options);

/// Exit code 0 when the files were written (failed or missing tasks are rows, not errors).
/// Throws IoError (no DIR/sweep.json, unwritable outputs) / InputError (sweep.json is not a plan).
int run_collect(const CollectOptions& options);

}  // namespace voidsim::app
