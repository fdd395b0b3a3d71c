#include "app/validate_command.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "app/dataset_run_reader.hpp"
#include "core/error.hpp"
#include "validation/dataset_comparison.hpp"
#include "validation/measured_dataset.hpp"
#include "validation/validation_report.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

CLI::App* add_validate_command(CLI::App& cli, ValidateOptions& options) {
  auto* sub = cli.add_subcommand("validate",
                                 "compare a run (or several seeds of one scenario) with a measured dataset");
  sub->add_option("run_dirs", options.runs, "run directories (one run, or an ensemble of seeds)")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--against", options.dataset, "measured dataset: dataset.yaml or its directory")
      ->required();
  sub->add_option("--experiment", options.experiment,
                  "which experiment of the dataset the runs are (default: the dataset's default_experiment)");
  sub->add_option("--report", options.report_dir,
                  "write report.html (plots, micrographs side by side), report.md and report.json here");
  sub->footer(
      "Exit code 0 when every required check passes, 6 when one fails (named in the table) or no\n"
      "check applies to the runs, 3 for an invalid dataset, 5 for an unreadable run directory.\n"
      "Format: docs/validation-datasets.md");
  return sub;
}

int run_validate(const ValidateOptions& options) {
  // 1. Inputs: the dataset (every problem located), then the runs.
  const MeasuredDataset dataset = read_measured_dataset(options.dataset);
  const std::string experiment = options.experiment.empty() ? dataset.default_experiment : options.experiment;
  if (experiment.empty())
    throw InputError(Diagnostic{dataset.file.string(), 0, 0, "dataset.default_experiment",
                                "the dataset names no default experiment", "give --experiment NAME"});
  std::vector<RunRecord> runs;
  // Runs imaged for micrograph entries: kept in the report (DIR/micrographs/<k>-<run>/), else in
  // a scratch folder removed on return.
  const ScratchDirectory scratch("voidsim-validate");
  for (std::size_t k = 0; k < options.runs.size(); ++k) {
    const fs::path dir = options.runs[k];
    const fs::path images =
        (options.report_dir.empty() ? scratch.path() : fs::path(options.report_dir) / "micrographs") /
        (std::to_string(k) + "-" + fs::absolute(dir).lexically_normal().filename().string());
    runs.push_back(read_run_for(dir, dataset, experiment, images));
  }

  // 2. Comparison; 3. the table on stdout and the report files.
  const ValidationOutcome outcome = compare_with_dataset(dataset, runs, experiment);
  std::cout << validation_markdown(dataset, runs, outcome);
  if (!options.report_dir.empty()) write_validation_report(options.report_dir, dataset, runs, outcome);
  if (outcome.passed()) {
    spdlog::info("validate: {} checks against {} ({}): all required checks pass", outcome.checks.size(),
                 dataset.name, experiment);
    return static_cast<int>(ExitCode::ok);
  }
  const auto failed = outcome.failed_required();
  if (failed.empty()) {
    // Every check is n/a (e.g. only kmc observations against a phase-field run): nothing was
    // shown to hold, so this is not a pass.
    spdlog::error("validate: none of the {} checks against {} ({}) applies to these runs",
                  outcome.checks.size(), dataset.name, experiment);
    return static_cast<int>(ExitCode::validation_failed);
  }
  std::string names;
  for (const auto* c : failed) names += (names.empty() ? "" : ", ") + c->id;
  const auto n_required = static_cast<std::size_t>(
      std::count_if(outcome.checks.begin(), outcome.checks.end(),
                    [](const CheckResult& c) { return c.applicable && c.required; }));
  spdlog::error("validate: {} of {} required checks fail: {}", failed.size(), n_required, names);
  return static_cast<int>(ExitCode::validation_failed);
}

}  // namespace voidsim::app
