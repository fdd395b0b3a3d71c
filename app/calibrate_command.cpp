#include "app/calibrate_command.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <nlopt.hpp>

#include "app/calibration_file.hpp"
#include "app/dataset_run_reader.hpp"
#include "app/run_pipeline.hpp"
#include "app/scenario_schema.hpp"
#include "app/stop_signal.hpp"
#include "app/sweep_task_runner.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "io/atomic_file.hpp"
#include "sweep/mpi_task_scheduler.hpp"
#include "sweep/sweep_plan_json.hpp"
#include "validation/dataset_comparison.hpp"
#include "validation/measured_dataset.hpp"
#include "validation/validation_report.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

// Misfit of an evaluation whose runs failed, or of a curve the runs do not reach: worse than any
// real fit, finite so that the optimisers keep going.
constexpr double failed_misfit = 1e6;

std::string si_text(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// For people: 6 significant digits in the key's display unit (the JSON keeps every digit).
std::string display(const CalibratedParameter& p, double si) {
  const double scale = p.unit.empty() ? 1.0 : parse_unit(p.unit).si_value;
  char text[48];
  std::snprintf(text, sizeof text, "%.6g", si / scale);
  return p.unit.empty() ? std::string(text) : std::string(text) + " " + p.unit;
}

struct Evaluation {
  std::size_t index = 0;
  std::vector<double> values;  // SI, one per parameter
  double misfit = failed_misfit;
  std::string directory;  // relative to DIR
  bool failed = false;
};

// A batch for the other MPI ranks: the plan and how to run its tasks.
nlohmann::json batch_message(const sweep::SweepPlan& plan, const TaskRunSettings& settings) {
  return {{"plan", sweep::plan_to_json(plan)},
          {"sweep_dir", settings.sweep_dir.string()},
          {"executable", settings.executable.string()},
          {"threads_per_task", settings.threads_per_task}};
}

class Calibration {
 public:
  Calibration(const CalibrationDefinition& def, const MeasuredDataset& dataset, std::string experiment,
              const CalibrateOptions& options)
      : def_(def),
        dataset_(dataset),
        experiment_(std::move(experiment)),
        options_(options),
        dir_(options.output) {
    load_cache();
  }

  double evaluate(const std::vector<double>& values) { return evaluate_batch({values}).front(); }

  /// Misfits of several parameter points (SI values). Points evaluated before come from the cache;
  /// the runs of the others (every point x every seed) run in this process one after another, or
  /// with -j N as N child processes at a time (the sweep's local back end, app/sweep_task_runner).
  std::vector<double> evaluate_batch(const std::vector<std::vector<double>>& points) {
    std::vector<std::size_t> slot(points.size());  // index into evaluations_
    std::vector<std::size_t> fresh;                // evaluations_ indices made by this batch
    for (std::size_t p = 0; p < points.size(); ++p) {
      const std::string key = cache_key(points[p]);
      if (const auto it = cache_.find(key); it != cache_.end()) {
        slot[p] = it->second;
        continue;
      }
      Evaluation e;
      e.index = evaluations_.size();
      e.values = points[p];
      char name[32];
      std::snprintf(name, sizeof name, "evaluations/%04zu", e.index);
      e.directory = name;
      cache_[key] = slot[p] = e.index;
      fresh.push_back(e.index);
      evaluations_.push_back(e);
    }
    if (!fresh.empty()) {
      if (options_.jobs > 1 || sweep::mpi_world_size() > 1)
        run_as_children(fresh);
      else
        for (std::size_t i : fresh) run_in_process(evaluations_[i]);
      if (stop_requested()) {
        // Interrupted runs are not failed points: forget them, so that the calibration run again
        // evaluates them (the cache keeps every evaluation finished before).
        for (std::size_t i : fresh) cache_.erase(cache_key(evaluations_[i].values));
        evaluations_.resize(fresh.front());
        throw Interrupted();
      }
      for (std::size_t i : fresh) {
        Evaluation& e = evaluations_[i];
        if (!e.failed) {
          std::vector<RunRecord> runs;
          const ScratchDirectory images("voidsim-calibrate");
          for (long long seed : def_.seeds)
            runs.push_back(read_run_for(run_dir(e, seed), dataset_, experiment_, images.path()));
          e.misfit = misfit_of(compare_with_dataset(dataset_, runs, experiment_));
        }
        spdlog::info("calibrate: evaluation {} {} -> misfit {:.6g}{}", e.index, describe(e.values), e.misfit,
                     e.failed ? " (a run failed)" : "");
      }
      save_cache();
    }
    std::vector<double> misfits;
    for (std::size_t p = 0; p < points.size(); ++p) {
      history_.push_back(evaluations_[slot[p]]);
      misfits.push_back(evaluations_[slot[p]].misfit);
    }
    return misfits;
  }

  /// Mean over the dataset's curves and depth profiles of chi-square per point (= normalised RMSE
  /// squared).
  static double misfit_of(const ValidationOutcome& outcome) {
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto& c : outcome.checks) {
      if (c.kind != "time_series" && c.kind != "depth_profile") continue;
      sum += c.normalised_rmse ? *c.normalised_rmse * *c.normalised_rmse : failed_misfit;
      ++n;
    }
    return n > 0 ? sum / static_cast<double>(n) : failed_misfit;
  }

  std::string describe(const std::vector<double>& values) const {
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i)
      text += (i ? ", " : "") + def_.parameters[i].key + " = " + display(def_.parameters[i], values[i]);
    return text;
  }

  const std::vector<Evaluation>& history() const { return history_; }
  const Evaluation& best() const {
    return *std::min_element(history_.begin(), history_.end(),
                             [](const Evaluation& a, const Evaluation& b) { return a.misfit < b.misfit; });
  }

  // Unit box <-> parameter values (log-scaled where asked): the optimiser sees [0, 1]^n, so one
  // relative tolerance means the same for every parameter.
  std::vector<double> to_values(const std::vector<double>& u) const {
    std::vector<double> v(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) {
      const CalibratedParameter& p = def_.parameters[i];
      const double s = std::clamp(u[i], 0.0, 1.0);
      v[i] = p.log_scale ? std::exp(std::log(p.min) + s * (std::log(p.max) - std::log(p.min)))
                         : p.min + s * (p.max - p.min);
    }
    return v;
  }
  std::vector<double> to_unit(const std::vector<double>& v) const {
    std::vector<double> u(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      const CalibratedParameter& p = def_.parameters[i];
      u[i] = p.log_scale ? (std::log(v[i]) - std::log(p.min)) / (std::log(p.max) - std::log(p.min))
                         : (v[i] - p.min) / (p.max - p.min);
    }
    return u;
  }

 private:
  fs::path run_dir(const Evaluation& e, long long seed) const {
    return dir_ / e.directory / ("seed-" + std::to_string(seed));
  }

  // Every seed of `e` in this process, one after another.
  void run_in_process(Evaluation& e) {
    for (long long seed : def_.seeds) {
      RunOptions run;
      run.scenario_file = def_.scenario;
      run.overrides = def_.overrides;
      for (std::size_t i = 0; i < e.values.size(); ++i)
        run.overrides.push_back(def_.parameters[i].key + "=" + si_text(e.values[i]));
      run.seed = seed;
      run.output_dir = run_dir(e, seed);
      run.force = true;
      run.quiet = true;
      run.threads = options_.threads;
      run.command_line =
          "voidsim calibrate " + options_.file + " (evaluation " + std::to_string(e.index) + ")";
      // A parameter point where the solution blows up is a bad point, not a bad calibration.
      bool ok = false;
      try {
        ok = run_simulation(run) == ExitCode::ok;
      } catch (const NumericalError& error) {
        spdlog::warn("calibrate: evaluation {} seed {}: {}", e.index, seed, error.what());
      }
      if (!ok) {
        e.failed = true;
        return;
      }
    }
  }

  // The runs of the evaluations `fresh` (point x seed) as sweep tasks, -j of them at a time, in
  // DIR/batches/<first evaluation>/ (the sweep-directory layout: runs/, logs/); each finished run
  // is then moved to its evaluation's seed-S directory, as an in-process run would have written it.
  void run_as_children(const std::vector<std::size_t>& fresh) {
    sweep::SweepPlan plan;
    if (!def_.scenario.empty())
      plan.base_scenario = fs::absolute(def_.scenario);  // empty: the built-in default
    plan.fixed_overrides = def_.overrides;
    for (const auto& p : def_.parameters) plan.parameter_keys.push_back(p.key);
    plan.points = fresh.size();
    plan.replicates = def_.seeds.size();
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      for (std::size_t r = 0; r < def_.seeds.size(); ++r) {
        sweep::SweepTask task;
        task.index = plan.tasks.size();
        task.point = k;
        task.replicate = r;
        task.seed = static_cast<std::uint64_t>(def_.seeds[r]);
        const Evaluation& e = evaluations_[fresh[k]];
        for (std::size_t i = 0; i < e.values.size(); ++i)
          task.parameters.push_back({def_.parameters[i].key, si_text(e.values[i]), e.values[i]});
        plan.tasks.push_back(task);
      }
    }
    TaskRunSettings settings;
    settings.executable = this_executable();
    char name[32];
    std::snprintf(name, sizeof name, "batches/%04zu", fresh.front());
    settings.sweep_dir = dir_ / name;
    settings.threads_per_task = std::max(1, options_.threads);
    std::vector<std::size_t> pending(plan.tasks.size());
    for (std::size_t i = 0; i < pending.size(); ++i) pending[i] = i;
    std::vector<sweep::TaskOutcome> outcomes;
    if (sweep::mpi_world_size() > 1) {
      // The other ranks wait in serve_calibration_batches for this batch.
      (void)sweep::broadcast_text(batch_message(plan, settings).dump());
      outcomes = sweep::run_tasks_over_mpi(
          pending, [&](std::size_t i) { return run_sweep_task(plan, plan.tasks[i], settings); },
          [] { return stop_requested(); });
    } else {
      outcomes = run_tasks_locally(plan, pending, settings, options_.jobs);
    }
    std::vector<bool> done(plan.tasks.size(), false);
    for (const auto& o : outcomes) done[o.index] = o.exit_code == 0;
    for (const sweep::SweepTask& task : plan.tasks) {
      Evaluation& e = evaluations_[fresh[task.point]];
      if (!done[task.index]) {
        e.failed = true;
        continue;
      }
      const fs::path target = run_dir(e, def_.seeds[task.replicate]);
      fs::create_directories(target.parent_path());
      fs::remove_all(target);
      fs::rename(settings.sweep_dir / sweep::sweep_files::runs_dir / sweep::task_name(task.index), target);
    }
  }

  static std::string cache_key(const std::vector<double>& values) {
    std::string key;
    for (double v : values) key += si_text(v) + ";";
    return key;
  }

  // Earlier evaluations of the same calibration file and seeds (an interrupted calibration).
  void load_cache() {
    std::ifstream in(dir_ / "evaluations.json");
    if (!in) return;
    try {
      const nlohmann::json j = nlohmann::json::parse(in);
      if (j.value("seeds", std::vector<long long>{}) != def_.seeds) return;
      for (const auto& item : j.at("evaluations")) {
        Evaluation e;
        e.index = evaluations_.size();
        e.values = item.at("values_si").get<std::vector<double>>();
        e.misfit = item.at("misfit").get<double>();
        e.directory = item.at("directory").get<std::string>();
        e.failed = item.at("failed").get<bool>();
        if (e.values.size() != def_.parameters.size()) return;
        cache_[cache_key(e.values)] = evaluations_.size();
        evaluations_.push_back(e);
      }
      spdlog::info("calibrate: {} cached evaluations from {}", evaluations_.size(),
                   (dir_ / "evaluations.json").string());
    } catch (const std::exception& e) {
      spdlog::warn("calibrate: ignoring the unreadable cache {} ({})", (dir_ / "evaluations.json").string(),
                   e.what());
      evaluations_.clear();
      cache_.clear();
    }
  }

  void save_cache() const {
    nlohmann::json j;
    j["seeds"] = def_.seeds;
    j["parameters"] = nlohmann::json::array();
    for (const auto& p : def_.parameters) j["parameters"].push_back(p.key);
    j["evaluations"] = nlohmann::json::array();
    for (const auto& e : evaluations_)
      j["evaluations"].push_back(
          {{"values_si", e.values}, {"misfit", e.misfit}, {"directory", e.directory}, {"failed", e.failed}});
    io::write_text_atomic(dir_ / "evaluations.json", j.dump(1) + "\n");
  }

  const CalibrationDefinition& def_;
  const MeasuredDataset& dataset_;
  std::string experiment_;
  const CalibrateOptions& options_;
  fs::path dir_;
  std::vector<Evaluation> evaluations_;  // unique points, in order of first evaluation
  std::map<std::string, std::size_t> cache_;
  std::vector<Evaluation> history_;  // every call of the optimiser, cached or not
};

// Ranks other than 0 under mpirun/srun: run the tasks of every batch rank 0 broadcasts, until it
// sends an empty message (the calibration ended, normally or not).
int serve_calibration_batches() {
  while (true) {
    const std::string message = sweep::broadcast_text({});
    if (message.empty()) break;
    const nlohmann::json j = nlohmann::json::parse(message);
    const sweep::SweepPlan plan = sweep::plan_from_json(j.at("plan"), "calibration batch from rank 0");
    TaskRunSettings settings;
    settings.sweep_dir = j.at("sweep_dir").get<std::string>();
    settings.executable = j.at("executable").get<std::string>();
    settings.threads_per_task = j.at("threads_per_task").get<int>();
    (void)sweep::run_tasks_over_mpi(
        {}, [&](std::size_t i) { return run_sweep_task(plan, plan.tasks[i], settings); },
        [] { return stop_requested(); });
  }
  return static_cast<int>(stop_requested() ? ExitCode::interrupted : ExitCode::ok);
}

nlopt::algorithm algorithm_of(const std::string& name) {
  if (name == "LN_NELDERMEAD") return nlopt::LN_NELDERMEAD;
  if (name == "LN_BOBYQA") return nlopt::LN_BOBYQA;
  if (name == "LN_COBYLA") return nlopt::LN_COBYLA;
  return nlopt::LN_SBPLX;
}

// Evaluates the regular grid of `points` per axis over the unit box (the last axis fastest) and
// returns the best point's unit coordinates.
std::vector<double> grid_search(Calibration& calibration, std::size_t points, std::size_t dimension) {
  std::size_t total = 1;
  for (std::size_t d = 0; d < dimension; ++d) total *= points;
  std::vector<std::vector<double>> units, values;
  for (std::size_t k = 0; k < total; ++k) {
    std::vector<double> u(dimension);
    std::size_t rest = k;
    for (std::size_t d = dimension; d-- > 0;) {
      u[d] = static_cast<double>(rest % points) / static_cast<double>(points - 1);
      rest /= points;
    }
    values.push_back(calibration.to_values(u));
    units.push_back(std::move(u));
  }
  const std::vector<double> misfits =
      calibration.evaluate_batch(values);  // one batch: -j runs them in parallel
  const auto best = std::min_element(misfits.begin(), misfits.end());
  return units[static_cast<std::size_t>(best - misfits.begin())];
}

// The misfit along each parameter through the best point, the others held there.
nlohmann::json misfit_profiles(Calibration& calibration, const CalibrationDefinition& def,
                               const std::vector<double>& best) {
  nlohmann::json profiles = nlohmann::json::object();
  if (def.profile_points < 2) return profiles;
  const std::vector<double> u_best = calibration.to_unit(best);
  std::vector<std::vector<double>> points;  // parameter by parameter, profile_points each
  for (std::size_t i = 0; i < def.parameters.size(); ++i) {
    const double half = 0.15;  // +-15 % of the box (in the scaled coordinate) around the best point
    for (std::size_t k = 0; k < def.profile_points; ++k) {
      std::vector<double> u = u_best;
      const double f = static_cast<double>(k) / static_cast<double>(def.profile_points - 1);
      u[i] = std::clamp(u_best[i] - half + 2.0 * half * f, 0.0, 1.0);
      std::vector<double> v = best;  // exactly the best point's other values (no round trip)
      v[i] = calibration.to_values(u)[i];
      points.push_back(std::move(v));
    }
  }
  const std::vector<double> misfits = calibration.evaluate_batch(points);
  for (std::size_t i = 0; i < def.parameters.size(); ++i) {
    nlohmann::json profile = nlohmann::json::array();
    for (std::size_t k = 0; k < def.profile_points; ++k) {
      const std::size_t j = i * def.profile_points + k;
      profile.push_back({{"value_si", points[j][i]}, {"misfit", misfits[j]}});
    }
    profiles[def.parameters[i].key] = profile;
  }
  return profiles;
}

}  // namespace

CLI::App* add_calibrate_command(CLI::App& cli, CalibrateOptions& options) {
  auto* sub = cli.add_subcommand("calibrate", "fit scenario parameters to a measured dataset (NLopt)");
  sub->add_option("calibration_file", options.file, "calibration YAML (docs/calibration-runs.md)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("-o,--output", options.output, "output directory (runs, cache, report)")
      ->capture_default_str();
  sub->add_option("-j,--jobs", options.jobs,
                  "runs at once as child processes (grid, seeds, profiles); 1: in this process")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  return sub;
}

static int calibrate(const CalibrateOptions& options) {
  install_stop_signal_handlers();  // -j: the children get SIGTERM, checkpoint and exit
  // 1. Inputs: the calibration file and its dataset, every problem located.
  const CalibrationDefinition def = read_calibration_file(options.file, scenario_schema());
  const MeasuredDataset dataset = read_measured_dataset(def.dataset);
  const std::string experiment = def.experiment.empty() ? dataset.default_experiment : def.experiment;
  const bool has_curve =
      std::any_of(dataset.time_series.begin(), dataset.time_series.end(),
                  [&](const MeasuredTimeSeries& s) { return s.experiment == experiment; }) ||
      std::any_of(dataset.depth_profiles.begin(), dataset.depth_profiles.end(),
                  [&](const MeasuredDepthProfile& p) { return p.experiment == experiment; });
  if (!has_curve)
    throw InputError(Diagnostic{def.file.string(), 0, 0, "calibration.dataset",
                                "the dataset has no time_series or depth_profiles for experiment '" +
                                    experiment +
                                    "': the misfit is computed from measured curves and profiles",
                                ""});
  std::error_code ec;
  fs::create_directories(options.output, ec);
  if (ec) throw IoError("cannot create '" + options.output + "': " + ec.message());

  // 2. The search in the unit box, 3. profiles through the best point.
  Calibration calibration(def, dataset, experiment, options);
  std::vector<double> start;
  for (const auto& p : def.parameters) start.push_back(p.start);
  std::vector<double> u = calibration.to_unit(start);
  if (def.initial_grid >= 2) u = grid_search(calibration, def.initial_grid, u.size());
  nlopt::opt opt(algorithm_of(def.algorithm), static_cast<unsigned>(u.size()));
  opt.set_lower_bounds(std::vector<double>(u.size(), 0.0));
  opt.set_upper_bounds(std::vector<double>(u.size(), 1.0));
  opt.set_maxeval(static_cast<int>(def.max_evaluations));
  opt.set_xtol_rel(def.xtol_rel);
  opt.set_initial_step(std::vector<double>(u.size(), 0.1));
  // NLopt turns an exception thrown by the objective into its own forced_stop and loses it; keep
  // it (an invalid override, a full disk) and rethrow it after the search, so it is reported as
  // what it is.
  struct Objective {
    Calibration* calibration;
    std::exception_ptr error;
  } objective_data{&calibration, nullptr};
  auto objective = [](const std::vector<double>& x, std::vector<double>&, void* data) {
    auto* o = static_cast<Objective*>(data);
    try {
      return o->calibration->evaluate(o->calibration->to_values(x));
    } catch (...) {
      o->error = std::current_exception();
      throw nlopt::forced_stop();
    }
  };
  opt.set_min_objective(objective, &objective_data);
  double best_misfit = 0.0;
  std::string stop_reason;
  try {
    const nlopt::result r = opt.optimize(u, best_misfit);
    stop_reason = r == nlopt::MAXEVAL_REACHED ? "max_evaluations reached" : "converged (xtol_rel)";
  } catch (const std::exception& e) {
    if (objective_data.error) std::rethrow_exception(objective_data.error);
    if (calibration.history().empty()) throw;
    stop_reason = std::string("optimiser stopped: ") + e.what();
  }
  const std::size_t search_evaluations = calibration.history().size();
  const Evaluation best = calibration.best();
  const nlohmann::json profiles = misfit_profiles(calibration, def, best.values);

  // 4. Report: the validation of the best point, then calibration.json / .md.
  std::vector<RunRecord> best_runs;
  for (long long seed : def.seeds)
    best_runs.push_back(read_run_for(
        fs::path(options.output) / best.directory / ("seed-" + std::to_string(seed)), dataset, experiment,
        fs::path(options.output) / "best" / "micrographs" / ("seed-" + std::to_string(seed))));
  const ValidationOutcome outcome = compare_with_dataset(dataset, best_runs, experiment);
  write_validation_report(fs::path(options.output) / "best", dataset, best_runs, outcome);

  nlohmann::json j;
  j["calibration_file"] = def.file.string();
  j["dataset"] = dataset.file.string();
  j["experiment"] = experiment;
  j["algorithm"] = def.algorithm;
  j["seeds"] = def.seeds;
  j["stop"] = stop_reason;
  j["search_evaluations"] = search_evaluations;
  j["best"] = {{"misfit", best.misfit}, {"directory", best.directory}};
  for (std::size_t i = 0; i < def.parameters.size(); ++i)
    j["best"]["parameters"][def.parameters[i].key] = {
        {"value_si", best.values[i]}, {"display", display(def.parameters[i], best.values[i])}};
  j["history"] = nlohmann::json::array();
  for (const auto& e : calibration.history())
    j["history"].push_back({{"evaluation", e.index}, {"values_si", e.values}, {"misfit", e.misfit}});
  j["profiles"] = profiles;
  j["validation_passed"] = outcome.passed();
  io::write_text_atomic(fs::path(options.output) / "calibration.json", j.dump(2) + "\n");

  std::string md = "# Calibration: " + def.file.string() + "\n\nDataset " + dataset.name + ", experiment " +
                   experiment + ", " + def.algorithm + ", seeds";
  for (long long s : def.seeds) md += " " + std::to_string(s);
  md += "; " + stop_reason + " after " + std::to_string(search_evaluations) + " evaluations.\n\n";
  md += "| parameter | start | best | bounds |\n|---|---|---|---|\n";
  for (std::size_t i = 0; i < def.parameters.size(); ++i) {
    const auto& p = def.parameters[i];
    md += "| " + p.key + " | " + display(p, p.start) + " | " + display(p, best.values[i]) + " | " +
          display(p, p.min) + " .. " + display(p, p.max) + (p.log_scale ? " (log)" : "") + " |\n";
  }
  char text[96];
  std::snprintf(text, sizeof text, "\nBest misfit %.6g (mean chi-square per point over the curves), ",
                best.misfit);
  md += text + std::string("runs in `") + best.directory + "`, validation report in `best/`.\n";
  io::write_text_atomic(fs::path(options.output) / "calibration.md", md);
  std::cout << md;
  return 0;
}

int run_calibrate(const CalibrateOptions& options) {
  // Under an MPI launcher rank 0 drives the calibration and the other ranks run its batches' tasks
  // (the sweep's MPI scheduler); rank 0 always ends them with an empty message, also on an error.
  const bool parallel_ranks = sweep::mpi_world_size() > 1;
  if (parallel_ranks && sweep::mpi_rank() != 0) {
    install_stop_signal_handlers();
    const int code = serve_calibration_batches();
    sweep::mark_collectives_complete();
    sweep::finalize_mpi();
    return code;
  }
  const auto end_workers = [parallel_ranks] {
    if (!parallel_ranks) return;
    (void)sweep::broadcast_text({});
    sweep::mark_collectives_complete();
    sweep::finalize_mpi();
  };
  try {
    const int code = calibrate(options);
    end_workers();
    return code;
  } catch (const Interrupted&) {
    end_workers();
    spdlog::warn("calibrate: interrupted; the same command continues from {}/evaluations.json",
                 options.output);
    return static_cast<int>(ExitCode::interrupted);
  } catch (...) {
    end_workers();
    throw;
  }
}

}  // namespace voidsim::app
