#include "app/collect_command.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>

#include "app/sweep_collection_plots.hpp"
#include "core/error.hpp"
#include "sweep/sweep_collection.hpp"
#include "sweep/sweep_plan_json.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

CLI::App* add_collect_command(CLI::App& cli, CollectOptions& o) {
  auto* sub = cli.add_subcommand(
      "collect", "merge a sweep directory into summary.csv, summary.h5 and plots (one row per task)");
  sub->add_option("dir", o.sweep_dir, "sweep directory written by voidsim sweep")->required();
  sub->add_flag("--no-plots", o.no_plots, "write the tables only");
  return sub;
}

int run_collect(const CollectOptions& options) {
  // 1. The plan says which tasks exist; the run directories say what became of them.
  const fs::path dir = options.sweep_dir;
  const fs::path plan_file = dir / sweep::sweep_files::plan_json;
  if (!fs::exists(plan_file))
    throw IoError("'" + plan_file.string() + "' not found: " + dir.string() +
                  " is not a sweep directory (voidsim sweep writes sweep.json first)");
  const sweep::SweepPlan plan = sweep::read_plan_file(plan_file);
  const sweep::SweepSummary summary = sweep::collect_sweep(plan, dir);

  // 2. Tables, then plots; each file atomic, so a reader never sees half a table.
  sweep::write_summary_csv(summary, dir / sweep::sweep_files::summary_csv);
  sweep::write_summary_h5(summary, plan, dir / sweep::sweep_files::summary_h5);
  std::size_t n_plots = 0;
  if (!options.no_plots) n_plots = write_sweep_plots(summary, dir / sweep::sweep_files::plots_dir).size();

  spdlog::info("{}: {} tasks ({} complete, {} failed, {} missing) -> {}, {}, {} plots", dir.string(),
               summary.n_rows, summary.n_complete, summary.n_failed, summary.n_missing,
               sweep::sweep_files::summary_csv, sweep::sweep_files::summary_h5, n_plots);
  if (summary.n_failed > 0 || summary.n_missing > 0)
    spdlog::warn("{} failed and {} missing tasks are rows with NaN values (status column)", summary.n_failed,
                 summary.n_missing);
  return 0;
}

}  // namespace voidsim::app
