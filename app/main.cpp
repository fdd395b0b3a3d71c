// voidsim: simulator of delithiation-driven void growth in Li-rich layered cathodes.
// main reads as numbered steps: (1) parse the command line, (2) configure logging and threads,
// (3) dispatch the subcommand, (4) map any error, caught here once, to an exit code.
#include <omp.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/analyze_command.hpp"
#include "app/calibrate_command.hpp"
#include "app/collect_command.hpp"
#include "app/image_command.hpp"
#include "app/run_pipeline.hpp"
#include "app/scenario_schema.hpp"
#include "app/startup_checks.hpp"
#include "app/sweep_command.hpp"
#include "app/validate_command.hpp"
#include "core/error.hpp"
#include "io/hdf5_handles.hpp"
#include "voidsim/build_info.hpp"

namespace {

using voidsim::ExitCode;

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += argv[i];
  }
  return line;
}

int code(ExitCode c) { return static_cast<int>(c); }

int check_scenario(const std::string& file, const std::vector<std::string>& overrides,
                   const std::string& explain) {
  if (!explain.empty()) {
    std::cout << voidsim::app::scenario_schema().explain(explain);
    return code(ExitCode::ok);
  }
  const voidsim::Scenario scenario = voidsim::app::load_and_validate(file, overrides);
  const auto startup = voidsim::app::startup_checks(scenario, voidsim::app::available_memory_bytes());
  for (const auto& d : startup.errors) spdlog::warn("{} (a run on this machine would refuse it)", d.format());
  for (const auto& warning : startup.warnings) spdlog::warn("{}", warning);
  std::cout << scenario.resolved_yaml;
  spdlog::info("{}: valid", file.empty() ? voidsim::app::builtin_scenario_name : file);
  return code(ExitCode::ok);
}

}  // namespace

int main(int argc, char** argv) {
  voidsim::io::hdf5::disable_exit_handler();  // before any HDF5 call (io/hdf5_handles.hpp says why)
  // 1. Command line.
  CLI::App cli{
      "voidsim: delithiation-driven void growth in Li-rich layered cathodes (Li1.2Ni0.2Mn0.6O2 | LiPON)"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", std::string(voidsim::build_info::version));
  std::string log_level = "info";
  int threads = 0;
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  cli.add_option("--threads", threads, "OpenMP threads (default: all cores or OMP_NUM_THREADS)")
      ->check(CLI::NonNegativeNumber);

  voidsim::app::RunOptions run_options;
  std::string run_scenario;
  long long seed = 0;
  double stop_at = 0.0;
  auto* run = cli.add_subcommand("run", "run a scenario (no file: the default in situ biasing scenario)");
  run->add_option("scenario", run_scenario, "scenario YAML file")->check(CLI::ExistingFile);
  run->add_option("-o,--output", run_options.output_dir, "run directory to write")->capture_default_str();
  run->add_option("--set", run_options.overrides, "override a key: --set electrochemistry.bias=\"4.7 V\"")
      ->take_all()
      ->allow_extra_args(false);
  auto* seed_option = run->add_option("--seed", seed, "random seed (same as --set run.seed=N)")
                          ->check(CLI::NonNegativeNumber);
  auto* resume_flag =
      run->add_flag("--resume", run_options.resume, "continue an interrupted run from its checkpoint");
  run->add_flag("--force", run_options.force, "overwrite an existing run in the output directory")
      ->excludes(resume_flag);
  run->add_flag("-q,--quiet", run_options.quiet, "no progress output");
  auto* stop_option = run->add_option("--stop-at", stop_at,
                                      "testing aid: stop as if SIGTERM arrived at this simulated time (s)")
                          ->group("");

  std::string check_file, explain;
  std::vector<std::string> check_overrides;
  auto* check = cli.add_subcommand(
      "check", "validate a scenario and print it fully resolved (every default filled in)");
  check->add_option("scenario", check_file, "scenario YAML file (default: the built-in default)")
      ->check(CLI::ExistingFile);
  check->add_option("--set", check_overrides, "override a key: --set a.b=value")->allow_extra_args(false);
  check->add_option("--explain", explain, "describe a key or section (type, unit, default, range, source)");

  voidsim::app::ImageOptions image_options;
  auto* image = voidsim::app::add_image_command(cli, image_options);

  voidsim::app::AnalyzeOptions analyze_options;
  auto* analyze = voidsim::app::add_analyze_command(cli, analyze_options);

  voidsim::app::ValidateOptions validate_options;
  auto* validate = voidsim::app::add_validate_command(cli, validate_options);

  voidsim::app::CalibrateOptions calibrate_options;
  auto* calibrate = voidsim::app::add_calibrate_command(cli, calibrate_options);

  voidsim::app::CollectOptions collect_options;
  auto* collect = voidsim::app::add_collect_command(cli, collect_options);

  voidsim::app::SweepOptions sweep_options;
  auto* sweep = voidsim::app::add_sweep_command(cli, sweep_options);

  cli.add_subcommand("version", "print version, git commit and library versions");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = cli.exit(e);
    return rc == 0 ? code(ExitCode::ok) : code(ExitCode::usage_error);
  }

  // 2. Logging (to stderr: stdout carries data such as the resolved scenario) and threads.
  spdlog::set_default_logger(spdlog::stderr_color_mt("voidsim"));
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("[%H:%M:%S] %^%l%$ %v");
  if (threads > 0) omp_set_num_threads(threads);

  // 3. Subcommands; 4. one place maps errors to exit codes.
  try {
    if (run->parsed()) {
      run_options.scenario_file = run_scenario;
      run_options.threads = threads;
      run_options.command_line = joined_command_line(argc, argv);
      if (seed_option->count() > 0) run_options.seed = seed;
      if (stop_option->count() > 0) run_options.stop_at_time = stop_at;
      return code(voidsim::app::run_simulation(run_options));
    }
    if (check->parsed()) return check_scenario(check_file, check_overrides, explain);
    if (collect->parsed()) return voidsim::app::run_collect(collect_options);
    if (validate->parsed()) return voidsim::app::run_validate(validate_options);
    if (calibrate->parsed()) {
      calibrate_options.threads = threads;
      return voidsim::app::run_calibrate(calibrate_options);
    }
    if (sweep->parsed()) return voidsim::app::run_sweep(sweep_options);
    if (image->parsed()) return voidsim::app::run_image(image_options);
    if (analyze->parsed()) {
      analyze_options.command_line = joined_command_line(argc, argv);
      return voidsim::app::run_analyze(analyze_options);
    }
    std::cout << voidsim::build_info::software << ' ' << voidsim::build_info::version << " (git "
              << voidsim::build_info::git_commit << ")\n";
    return code(ExitCode::ok);
  } catch (const voidsim::InputError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << "error: " << d.format() << '\n';
    std::cerr << e.diagnostics().size() << " error(s); nothing was written\n";
    return code(ExitCode::input_error);
  } catch (const voidsim::IoError& e) {
    spdlog::error("I/O: {}", e.what());
    return code(ExitCode::io_error);
  } catch (const voidsim::NumericalError& e) {
    spdlog::error("numerical failure: {}", e.what());
    return code(ExitCode::numerical_error);
  } catch (const std::exception& e) {
    spdlog::critical("internal error (please report): {}", e.what());
    return code(ExitCode::internal_error);
  }
}
