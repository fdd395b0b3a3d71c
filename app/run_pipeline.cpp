#include "app/run_pipeline.hpp"

#include <omp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/progress_reporter.hpp"
#include "app/run_parameters.hpp"
#include "app/run_plots.hpp"
#include "app/scenario_schema.hpp"
#include "app/startup_checks.hpp"
#include "app/stop_signal.hpp"
#include "io/atomic_file.hpp"
#include "io/checkpoint_file.hpp"
#include "io/csv_writer.hpp"
#include "io/disk_space.hpp"
#include "io/result_file.hpp"
#include "io/xdmf_writer.hpp"
#include "postprocess/run_observer.hpp"
#include "postprocess/surface_layer_profiles.hpp"
#include "solvers/engine_factory.hpp"
#include "voidsim/build_info.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

constexpr double nm = 1e-9;

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buffer;
}

fs::path frame_file(const fs::path& dir, long long frame) {
  return dir / run_files::work_dir / io::iteration_file_name(frame);
}

io::MeshRecord mesh_record(const Grid& grid, const FieldRef& f) {
  io::MeshRecord m;
  m.name = f.name;
  m.description = f.description;
  m.shape = grid.shape();
  m.axis_labels = grid.axis_labels();
  m.grid_spacing = grid.spacing();
  m.grid_global_offset = grid.offset();
  m.unit_dimension = f.unit_dimension.as_openpmd();
  m.unit_si = f.unit_si;
  m.data = f.data;
  return m;
}

std::vector<io::MeshRecord> mesh_records(const Engine& engine) {
  std::vector<io::MeshRecord> meshes;
  for (const auto& f : engine.fields()) meshes.push_back(mesh_record(engine.grid(), f));
  return meshes;
}

// The run observer's nanopores as a frame field (runs with a surface layer): 1 in their cells.
// Which objects are pores is a matter of history (docs/surface-layer.md, "Nanopores are not
// voids"), so readers of a single frame (voidsim validate) need it written down.
io::MeshRecord nanopore_mask_record(const Grid& grid, const std::vector<unsigned char>& pore_cells,
                                    std::vector<double>& mask) {
  mask.assign(grid.size(), 0.0);
  if (pore_cells.size() == grid.size())
    for (std::size_t c = 0; c < grid.size(); ++c) mask[c] = pore_cells[c] ? 1.0 : 0.0;
  return mesh_record(grid,
                     {"nanopore_mask",
                      "1 in the nanopores of the reconstructed layer (left out of every void statistic), "
                      "0 elsewhere",
                      mask.data(), Dimension::none(), 1.0});
}

// The run's scratch: checkpoints first, then the frame files. A process killed in between leaves
// either a checkpoint with every frame it needs, or no checkpoint (the run is complete: summary.json
// precedes this), never a checkpoint whose frames are gone. The opposite order made a later
// --resume recompute from the checkpoint and then fail to assemble the deleted frames
// (faults/kill: 1 failed trial of 16).
void remove_run_scratch(const fs::path& dir) {
  const fs::path checkpoint_path = dir / run_files::checkpoint;
  fs::remove(checkpoint_path);
  fs::remove(io::previous_checkpoint_path(checkpoint_path));
  fs::remove_all(dir / run_files::work_dir);
}

// Whole contents of a text file; empty if it cannot be read.
std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// summary.json is written last: its presence marks a complete run.
bool run_is_complete(const fs::path& dir) { return fs::exists(dir / run_files::summary_json); }

// Refuses to clobber an earlier run by accident; --force or --resume say what the user wants.
void check_output_directory(const RunOptions& options) {
  const fs::path& dir = options.output_dir;
  if (options.resume) {
    if (run_is_complete(dir)) return;
    if (!fs::exists(dir / run_files::checkpoint) &&
        !fs::exists(io::previous_checkpoint_path(dir / run_files::checkpoint))) {
      throw InputError(
          Diagnostic{dir.string(), 0, 0, "", "--resume: no checkpoint in this run directory", ""});
    }
    return;
  }
  if (options.force || !fs::exists(dir)) return;
  for (const char* marker : {run_files::summary_json, run_files::checkpoint, run_files::result_h5}) {
    if (fs::exists(dir / marker)) {
      throw InputError(Diagnostic{dir.string(), 0, 0, "", std::string("already holds a run (") + marker + ")",
                                  "use --resume to continue it or --force to start over"});
    }
  }
}

nlohmann::json summary_json(const RunObserver& observer, const Engine& engine, const RunParameters& run,
                            double wall_time) {
  const auto& s = observer.latest();
  const EngineScalars scalars = engine.scalars();
  auto optional_time = [](std::optional<double> t) {
    return t ? nlohmann::json(*t) : nlohmann::json(nullptr);
  };
  nlohmann::json j;
  j["engine"] = std::string(engine.name());
  j["void_onset_s"] = optional_time(observer.onset_time());
  j["void_onset_diameter_nm"] = run.onset_diameter / nm;
  j["coalescence_s"] = optional_time(observer.coalescence_time());
  j["projected_coalescence_s"] = optional_time(observer.projected_coalescence_time());
  j["final_void_area_fraction"] = s.area_fraction;
  j["final_void_volume_fraction"] = s.volume_fraction;
  j["max_void_depth_nm"] = observer.max_void_depth() / nm;
  // Depth of the simulated cathode along z, so "voids stay near the interface" can be judged.
  j["domain_depth_nm"] = static_cast<double>(engine.grid().nz) * engine.grid().dz / nm;
  j["void_count"] = s.voids.size();
  j["mean_void_diameter_nm"] = s.mean_diameter / nm;
  j["charge_passed_C"] =
      scalars.count("charge_C") ? nlohmann::json(scalars.at("charge_C")) : nlohmann::json(nullptr);
  j["wall_time_s"] = wall_time;
  j["simulated_time_s"] = engine.time();
  j["steps"] = engine.step();
  j["seed"] = run.seed;
  j["threads"] = omp_get_max_threads();
  j["software"] = build_info::software;
  j["version"] = build_info::version;
  j["git_commit"] = build_info::git_commit;
  return j;
}

}  // namespace

ExitCode run_simulation(const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (options.threads > 0) omp_set_num_threads(options.threads);

  // 1. Load and validate everything first; a bad input changes nothing on disk.
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("run.seed=" + std::to_string(*options.seed));
  const Scenario scenario = load_and_validate(options.scenario_file, overrides);
  const RunParameters run = RunParameters::from(scenario);
  const StartupFindings startup = startup_checks(scenario, available_memory_bytes());
  if (!startup.errors.empty()) throw InputError(startup.errors);
  for (const std::string& warning : startup.warnings) spdlog::warn("{}", warning);
  check_output_directory(options);

  // 2. Prepare the run directory, or reopen it.
  const fs::path& dir = options.output_dir;
  const fs::path checkpoint_path = dir / run_files::checkpoint;
  if (options.resume && run_is_complete(dir)) {
    // Stopped during its final cleanup: the outputs are complete; finish the cleanup.
    if (file_text(dir / run_files::resolved_scenario) != scenario.resolved_yaml) {
      throw InputError(Diagnostic{scenario.source_file, 0, 0, "",
                                  "the scenario differs from the one this complete run was made with",
                                  "compare with " + (dir / run_files::resolved_scenario).string()});
    }
    remove_run_scratch(dir);
    spdlog::info("{} is already complete; nothing to resume", dir.string());
    return ExitCode::ok;
  }
  std::unique_ptr<Engine> engine = make_engine(scenario);
  RunObserver observer(
      ObserverSettings{
          {run.void_threshold, static_cast<std::size_t>(run.min_void_cells), true, nullptr},
          run.onset_diameter,
          {run.lamella_thickness, run.projected_contrast_threshold, run.projected_min_path_length}},
      [&] {
        std::vector<std::string> names;
        for (const auto& [name, value] : engine->scalars()) names.push_back(name);
        return names;
      }());
  long long next_frame = 0;
  double wall_before = 0.0;
  if (options.resume) {
    const StateArchive archive = io::read_latest_valid_checkpoint(checkpoint_path);
    if (archive.string("pipeline.scenario") != scenario.resolved_yaml) {
      throw InputError(Diagnostic{scenario.source_file, 0, 0, "",
                                  "the scenario differs from the one the checkpoint was written with",
                                  "resume with the same file and --set options (see " +
                                      (dir / run_files::resolved_scenario).string() + ")"});
    }
    engine->load_state(archive);
    observer.load_state(archive);
    next_frame = archive.integer("pipeline.next_frame");
    wall_before = archive.real("pipeline.wall_time");
    // Frames written after the checkpoint are recomputed identically; drop them.
    io::remove_iteration_files_after(dir / run_files::work_dir, next_frame - 1);
    spdlog::info("resuming {} at t = {:.6g} s (frame {})", dir.string(), engine->time(), next_frame);
  } else {
    if (options.force && fs::exists(dir)) {
      for (const char* name :
           {run_files::summary_json, run_files::checkpoint, run_files::result_h5, run_files::result_xdmf,
            run_files::porosity_csv, run_files::surface_layer_csv, run_files::nanopores_csv}) {
        fs::remove(dir / name);
      }
      fs::remove_all(dir / run_files::plots_dir);
      fs::remove(io::previous_checkpoint_path(checkpoint_path));
      fs::remove_all(dir / run_files::work_dir);
    }
    fs::create_directories(dir / run_files::work_dir);
    io::write_text_atomic(dir / run_files::resolved_scenario, scenario.resolved_yaml);
  }
  // Temporaries of an earlier process that was killed mid-write (its atomic writes never renamed).
  for (const fs::path& d : {dir, dir / run_files::work_dir, dir / run_files::plots_dir})
    io::remove_stale_temporaries(d);

  auto write_checkpoint = [&](long long frame_to_come) {
    StateArchive archive;
    engine->save_state(archive);
    observer.save_state(archive);
    archive.integers["pipeline.next_frame"] = frame_to_come;
    archive.strings["pipeline.scenario"] = scenario.resolved_yaml;
    archive.reals["pipeline.wall_time"] =
        wall_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    io::write_checkpoint(checkpoint_path, archive);
  };

  // 3.-4. Advance frame by frame.
  const std::vector<double> frame_times = run.frame_times();
  std::vector<double> pore_mask;  // the nanopore_mask field's buffer, reused by every frame
  const auto n_frames = static_cast<long long>(frame_times.size());
  spdlog::info("{} engine, {} frames to t = {:.0f} s, seed {}, {} threads -> {}", engine->name(), n_frames,
               run.duration, run.seed, omp_get_max_threads(), dir.string());
  ProgressReporter progress(engine->time(), run.duration, stderr_is_terminal(), options.quiet);
  install_stop_signal_handlers();
  auto should_stop = [&] {
    if (options.stop_at_time && engine->time() >= *options.stop_at_time) request_stop();
    return stop_requested();
  };
  for (long long k = next_frame; k < n_frames; ++k) {
    engine->advance_to(frame_times[static_cast<std::size_t>(k)], should_stop);
    if (stop_requested()) {
      write_checkpoint(k);
      progress.finish();
      spdlog::warn("stopped by signal {} at t = {:.6g} s; checkpoint written, continue with --resume",
                   stop_signal_number(), engine->time());
      return ExitCode::interrupted;
    }
    observer.observe(*engine);
    std::vector<io::MeshRecord> meshes = mesh_records(*engine);
    if (engine->field_data("oxygen_deficiency") != nullptr)
      meshes.push_back(nanopore_mask_record(engine->grid(), observer.nanopore_cells(), pore_mask));
    io::write_iteration_file(frame_file(dir, k), k, engine->time(), engine->last_dt(), meshes,
                             engine->lattice_records());
    if ((k + 1) % run.checkpoint_every == 0 && k + 1 < n_frames) write_checkpoint(k + 1);
    const auto& stats = observer.latest();
    progress.update(engine->time(),
                    fmt::format("voids {}  area {:.2f} %", stats.voids.size(), 100 * stats.area_fraction));
  }
  progress.finish();

  // 5. Assemble the outputs; summary.json last, as the mark of a complete run.
  std::vector<fs::path> frames;
  for (long long k = 0; k < n_frames; ++k) frames.push_back(frame_file(dir, k));
  const io::SeriesTable series{observer.columns(), observer.units(), observer.rows()};
  const io::RunMetadata meta{
      build_info::software,   build_info::version,  build_info::git_commit,      now_iso8601(),
      scenario.resolved_yaml, options.command_line, std::string(engine->name()), run.seed};
  io::assemble_result_file(dir / run_files::result_h5, meta, frames, series);
  io::write_xdmf(dir / run_files::result_xdmf, dir / run_files::result_h5);
  io::write_csv(dir / run_files::porosity_csv, series);
  write_run_plots(dir);
  if (engine->field_data("oxygen_deficiency") != nullptr) {
    // The pristine surface layer: depth profiles at the end, and the nanopores (issue 5, section 1).
    const SurfaceLayerTable profiles = surface_layer_profiles(*engine, run.void_threshold);
    io::write_csv(dir / run_files::surface_layer_csv,
                  io::SeriesTable{profiles.columns, profiles.units, profiles.rows}, profiles.columns.front());
    const SurfaceLayerTable pores = nanopore_table(observer.latest_nanopores());
    io::write_csv(dir / run_files::nanopores_csv, io::SeriesTable{pores.columns, pores.units, pores.rows},
                  pores.columns.front());
  }
  const double wall =
      wall_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  io::write_text_atomic(dir / run_files::summary_json,
                        summary_json(observer, *engine, run, wall).dump(2) + "\n");
  remove_run_scratch(dir);
  spdlog::info("done in {}: onset {}, {} voids, area fraction {:.3f} %",
               ProgressReporter::format_duration(wall),
               observer.onset_time() ? fmt::format("{:.0f} s", *observer.onset_time()) : "none",
               observer.latest().voids.size(), 100 * observer.latest().area_fraction);
  return ExitCode::ok;
}

}  // namespace voidsim::app
