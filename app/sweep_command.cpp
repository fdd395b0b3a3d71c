#include "app/sweep_command.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <thread>

#include "app/run_pipeline.hpp"
#include "app/scenario_schema.hpp"
#include "app/stop_signal.hpp"
#include "app/sweep_task_runner.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "sweep/mpi_task_scheduler.hpp"
#include "sweep/slurm_script.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep/sweep_plan_json.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;
using sweep::SweepPlan;
using sweep::TaskOutcome;

namespace {

constexpr int code(ExitCode c) { return static_cast<int>(c); }

sweep::SweepDefinition read_and_validate(const fs::path& file) {
  sweep::SweepFileChecks checks;
  checks.schema = &scenario_schema();
  checks.validate_point = [](const fs::path& base, const std::vector<std::string>& overrides) {
    (void)load_and_validate(base, overrides);
  };
  return sweep::read_sweep_file(file, checks);
}

// The --dry-run table: one row per task with its index and parameters.
void print_tasks(const SweepPlan& plan) {
  std::cout << "# " << plan.tasks.size() << " tasks = " << plan.points << " points x " << plan.replicates
            << " replicates; master seed " << plan.master_seed << "; base scenario "
            << (plan.base_scenario.empty() ? std::string(builtin_scenario_name) : plan.base_scenario.string())
            << '\n';
  for (const auto& o : plan.fixed_overrides) std::cout << "# set " << o << '\n';
  std::vector<std::string> header = {"index", "point", "replicate", "seed"};
  header.insert(header.end(), plan.parameter_keys.begin(), plan.parameter_keys.end());
  std::vector<std::vector<std::string>> rows;
  for (const auto& task : plan.tasks) {
    std::vector<std::string> row = {std::to_string(task.index), std::to_string(task.point),
                                    std::to_string(task.replicate), std::to_string(task.seed)};
    for (const auto& p : task.parameters) row.push_back(p.text);
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string cell = row[c];
      if (c + 1 < row.size()) cell.resize(width[c], ' ');
      line += (c == 0 ? "" : "  ") + cell;
    }
    std::cout << line << '\n';
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
}

// A directory holds one plan: refuses a different one unless --force (then removes its runs).
void claim_directory(const fs::path& dir, const SweepPlan& plan, bool force) {
  const fs::path plan_file = dir / sweep::sweep_files::plan_json;
  if (fs::exists(plan_file)) {
    std::optional<std::string> difference;
    try {
      difference = sweep::plan_difference(sweep::read_plan_file(plan_file), plan);
    } catch (const InputError& e) {
      difference = "it is not a readable plan (" + e.diagnostics().front().message + ")";
    }
    if (!difference) return;
    if (!force) {
      throw InputError(Diagnostic{plan_file.string(), 0, 0, "", "holds a different sweep: " + *difference,
                                  "use another -o DIR, or --force to replace it and start its runs over"});
    }
    spdlog::warn("{}: replacing a different sweep ({}); its runs are removed", plan_file.string(),
                 *difference);
    for (const char* name :
         {sweep::sweep_files::runs_dir, sweep::sweep_files::logs_dir, sweep::sweep_files::plots_dir})
      fs::remove_all(dir / name);
    fs::remove(dir / sweep::sweep_files::summary_csv);
    fs::remove(dir / sweep::sweep_files::summary_h5);
  } else if (fs::exists(dir / sweep::sweep_files::runs_dir) && !force) {
    throw InputError(Diagnostic{dir.string(), 0, 0, "", "holds runs but no sweep.json",
                                "use another -o DIR, or --force to start over"});
  }
  fs::create_directories(dir);
  sweep::write_plan_file(plan_file, plan);
}

// Without --resume or --force a task's run directory must not exist yet.
void refuse_existing_runs(const fs::path& dir, const std::vector<std::size_t>& selected) {
  std::size_t complete = 0, partial = 0;
  for (std::size_t i : selected) {
    if (sweep_task_complete(dir, i))
      ++complete;
    else if (fs::exists(dir / sweep::sweep_files::runs_dir / sweep::task_name(i)))
      ++partial;
  }
  if (complete + partial == 0) return;
  throw InputError(Diagnostic{dir.string(), 0, 0, "",
                              "already holds runs of this sweep (" + std::to_string(complete) +
                                  " complete, " + std::to_string(partial) + " incomplete)",
                              "use --resume to finish the sweep or --force to start the tasks over"});
}

void emit_slurm(const SweepOptions& options, const sweep::SweepDefinition& def, const fs::path& dir) {
  sweep::SlurmScriptInputs in;
  in.executable = this_executable();
  in.sweep_file = def.plan.sweep_file;
  in.sweep_dir = dir;
  in.tasks = def.plan.tasks.size();
  in.max_concurrent = options.max_concurrent > 0 ? options.max_concurrent : def.slurm.max_concurrent;
  in.settings = def.slurm;
  const fs::path script = options.slurm_file.empty() ? dir / "sweep.slurm" : fs::absolute(options.slurm_file);
  // The array tasks write their logs here; SLURM does not create the directory.
  fs::create_directories(dir / sweep::sweep_files::logs_dir);
  io::write_text_atomic(script, sweep::slurm_array_script(in));
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
  std::cout << script.string() << '\n';
  spdlog::info("SLURM array script for {} tasks written; submit with: sbatch {}", in.tasks, script.string());
}

int report(const SweepPlan& plan, const fs::path& dir, const std::vector<TaskOutcome>& outcomes,
           std::size_t selected, std::size_t skipped_before) {
  std::size_t complete = 0, interrupted = 0;
  std::vector<const TaskOutcome*> failed;
  for (const auto& o : outcomes) {
    if (o.skipped || o.exit_code == 0)
      ++complete;
    else if (o.exit_code == code(ExitCode::interrupted))
      ++interrupted;
    else
      failed.push_back(&o);
  }
  complete += skipped_before;
  const std::size_t not_run = selected - skipped_before - outcomes.size();
  for (const TaskOutcome* f : failed) {
    const std::string first_line = f->error.substr(0, f->error.find('\n'));
    spdlog::error(
        "{} failed (exit {}): {} ({})", sweep::task_name(f->index), f->exit_code, first_line,
        (dir / sweep::sweep_files::runs_dir / (sweep::task_name(f->index) + ".failed.json")).string());
  }
  spdlog::info("{}: {} of {} tasks complete, {} failed, {} interrupted or not started", dir.string(),
               complete, selected, failed.size(), interrupted + not_run);
  (void)plan;
  if (stop_requested() || interrupted + not_run > 0) {
    spdlog::warn("sweep interrupted; continue with --resume");
    return code(ExitCode::interrupted);
  }
  if (!failed.empty())
    return failed.front()->exit_code > 0 ? failed.front()->exit_code : code(ExitCode::internal_error);
  return code(ExitCode::ok);
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& cli, SweepOptions& options) {
  auto* sub = cli.add_subcommand("sweep",
                                 "run a parameter sweep: locally (-j N), over MPI ranks (mpirun), "
                                 "or as a SLURM job array (--emit-slurm)");
  sub->add_option("sweep_file", options.sweep_file, "sweep file (YAML; docs/sweeps.md)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("-o,--output", options.output_dir, "sweep directory (default: the sweep file's name)");
  sub->add_flag("--dry-run", options.dry_run,
                "list the tasks with their index and parameters; write nothing");
  sub->add_option("-j,--jobs", options.jobs, "tasks run at once on this machine")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--threads-per-task", options.threads_per_task, "OpenMP threads of each run")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--index", options.index, "run exactly task K (SLURM array tasks use this)")
      ->check(CLI::NonNegativeNumber);
  auto* resume = sub->add_flag("--resume", options.resume,
                               "skip complete tasks and continue interrupted ones from their checkpoints");
  sub->add_flag("--force", options.force, "replace a different sweep in the directory; start the tasks over")
      ->excludes(resume);
  auto* emit = sub->add_option("--emit-slurm", options.slurm_file,
                               "write a SLURM array job script (default DIR/sweep.slurm) instead of running")
                   ->expected(0, 1);
  sub->add_option("--max-concurrent", options.max_concurrent, "SLURM: at most K array tasks at once (%K)")
      ->check(CLI::PositiveNumber);
  sub->callback([&options, emit] { options.emit_slurm = emit->count() > 0; });
  return sub;
}

int run_sweep(const SweepOptions& options) {
  const fs::path sweep_file = options.sweep_file;
  const bool may_use_mpi = !options.dry_run && !options.emit_slurm && options.index < 0;
  const int world = may_use_mpi ? sweep::mpi_world_size() : 1;
  const bool leader = world == 1 || sweep::mpi_rank() == 0;
  struct MpiFinalizer {
    bool active;
    ~MpiFinalizer() {
      if (active) sweep::finalize_mpi();
    }
  } finalizer{world > 1};

  // 1. Read, expand and validate every point's scenario: a bad sweep fails before any write.
  const sweep::SweepDefinition def = read_and_validate(sweep_file);
  const SweepPlan& plan = def.plan;
  if (options.dry_run) {
    print_tasks(plan);
    return code(ExitCode::ok);
  }
  const fs::path dir =
      fs::absolute(options.output_dir.empty() ? fs::path(sweep_file.stem()) : fs::path(options.output_dir))
          .lexically_normal();
  TaskRunSettings settings{this_executable(), dir, options.threads_per_task, options.resume};
  auto run_one = [&](std::size_t index) { return run_sweep_task(plan, plan.tasks[index], settings); };

  // 2. Claim the directory (rank 0 only) and choose the tasks.
  std::vector<std::size_t> pending;
  std::size_t selected = 0, skipped_before = 0;
  if (leader) {
    try {
      if (options.index >= 0 && static_cast<std::size_t>(options.index) >= plan.tasks.size()) {
        throw InputError(Diagnostic{sweep_file.string(), 0, 0, "--index",
                                    "task " + std::to_string(options.index) + " does not exist",
                                    "the sweep has " + std::to_string(plan.tasks.size()) + " tasks, 0 to " +
                                        std::to_string(plan.tasks.size() - 1)});
      }
      std::vector<std::size_t> chosen;
      if (options.index >= 0)
        chosen.push_back(static_cast<std::size_t>(options.index));
      else
        for (std::size_t i = 0; i < plan.tasks.size(); ++i) chosen.push_back(i);
      if (!options.resume && !options.force && !options.emit_slurm &&
          fs::exists(dir / sweep::sweep_files::plan_json)) {
        // Same plan required first (claim_directory says what differs), then no runs of it.
        const auto stored = sweep::read_plan_file(dir / sweep::sweep_files::plan_json);
        if (!sweep::plan_difference(stored, plan)) refuse_existing_runs(dir, chosen);
      }
      claim_directory(dir, plan, options.force);
      if (options.emit_slurm) {
        emit_slurm(options, def, dir);
        return code(ExitCode::ok);
      }
      selected = chosen.size();
      for (std::size_t i : chosen) {
        if (options.resume && sweep_task_complete(dir, i))
          ++skipped_before;
        else
          pending.push_back(i);
      }
    } catch (...) {
      // The other ranks wait for tasks: an empty queue lets them finish before this one reports.
      if (world > 1) (void)sweep::run_tasks_over_mpi({}, run_one);
      throw;
    }
    spdlog::info("sweep {}: {} tasks ({} points x {} replicates) -> {}; {} to run{}", sweep_file.string(),
                 plan.tasks.size(), plan.points, plan.replicates, dir.string(), pending.size(),
                 skipped_before > 0 ? ", " + std::to_string(skipped_before) + " already complete" : "");
  }

  // 3. Run: SIGINT/SIGTERM stop handing out tasks and reach every running child once.
  install_stop_signal_handlers();
  std::vector<TaskOutcome> outcomes;
  if (world > 1) {
    outcomes = sweep::run_tasks_over_mpi(pending, run_one, [] { return stop_requested(); });
    if (!leader) return code(stop_requested() ? ExitCode::interrupted : ExitCode::ok);
  } else {
    outcomes = run_tasks_locally(plan, pending, settings, options.jobs);
  }
  return report(plan, dir, outcomes, selected, skipped_before);
}

}  // namespace voidsim::app
