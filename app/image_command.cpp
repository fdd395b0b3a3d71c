#include "app/image_command.hpp"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "app/frame_specimen.hpp"
#include "app/timelapse.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "io/image_file.hpp"
#include "io/lattice_record_reader.hpp"
#include "io/result_reader.hpp"
#include "postprocess/atomic_haadf.hpp"
#include "postprocess/eels_maps.hpp"
#include "postprocess/haadf_image.hpp"
#include "postprocess/hrtem_image.hpp"
#include "postprocess/lamella_projection.hpp"
#include "postprocess/specimen_composition.hpp"
#include "postprocess/timelapse_annotation.hpp"
#include "voidsim/build_info.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

constexpr double elementary_charge = 1.602176634e-19;  // C

[[noreturn]] void option_error(const std::string& option, const std::string& message) {
  Diagnostic d;
  d.key = option;
  d.message = message;
  throw InputError(d);
}

double quantity(const std::string& text, const Dimension& dimension, const std::string& option) {
  try {
    return parse_quantity_as(text, dimension);
  } catch (const std::exception& e) {
    option_error(option, "'" + text + "': " + e.what());
  }
}

double positive_length(const std::string& text, const std::string& option) {
  const double value = quantity(text, Dimension::length(), option);
  if (!(value > 0.0)) option_error(option, "must be a positive length, got '" + text + "'");
  return value;
}

// True when the run's lateral (x) boundary is periodic: phase_field.lateral_boundary of the
// resolved scenario, which both engines use (schema default: periodic). Unreadable: false.
bool scenario_periodic_x(const std::string& scenario_yaml) {
  try {
    const YAML::Node root = YAML::Load(scenario_yaml);
    const YAML::Node node = root["phase_field"] ? root["phase_field"]["lateral_boundary"] : YAML::Node();
    if (!node) return !scenario_yaml.empty();  // absent from a resolved scenario: the default
    return node.IsScalar() && node.as<std::string>() == "periodic";
  } catch (const std::exception&) {
    return false;
  }
}

// "t0000263s": sortable file-name part for a frame time.
std::string time_tag(double time_s) {
  char buffer[64];
  if (std::abs(time_s - std::round(time_s)) < 1e-9) {
    std::snprintf(buffer, sizeof buffer, "t%07llds", static_cast<long long>(std::llround(time_s)));
  } else {
    std::snprintf(buffer, sizeof buffer, "t%011.3fs", time_s);
  }
  return buffer;
}

struct Settings {
  LamellaOptions lamella;
  HaadfOptions haadf;
  HrtemOptions hrtem;
  double pixel_size = 0.0;   // 0: cell size
  double dose_per_a2 = 0.0;  // e/A^2, 0: from current x dwell
  double electrons_per_dwell = 0.0;
  AtomicHaadfParameters atomic;
  std::vector<std::string> kinds;
  std::string extension;
  std::map<std::string, std::string> parameters;  // recorded in every image's provenance
};

Settings make_settings(const ImageOptions& options, const io::ResultReader& reader, const Grid& grid) {
  Settings s;
  for (const auto& kind : options.kinds) {
    if (kind != "haadf" && kind != "eels" && kind != "hrtem" && kind != "linescan" && kind != "atomic_haadf")
      option_error("--kind", "unknown kind '" + kind + "' (haadf, eels, hrtem, linescan, atomic_haadf)");
    if (std::find(s.kinds.begin(), s.kinds.end(), kind) == s.kinds.end()) s.kinds.push_back(kind);
  }
  if (options.format != "png" && options.format != "tiff") option_error("--format", "png or tiff");
  s.extension = options.format == "png" ? ".png" : ".tif";

  // Lamella thickness: option, else the scenario's, else 60 nm (2D) or the domain's y extent (3D).
  const double t = options.lamella_thickness.empty()
                       ? run_lamella_thickness(reader, grid)
                       : positive_length(options.lamella_thickness, "--lamella-thickness");
  s.lamella.thickness = t;
  if (!options.void_depth.empty()) s.lamella.void_depth = positive_length(options.void_depth, "--void-depth");
  s.lamella.shown_above = quantity(options.shown_above, Dimension::length(), "--show-above");
  if (s.lamella.shown_above < 0.0) option_error("--show-above", "must not be negative");
  if (!(options.haadf_exponent > 0.0)) option_error("--haadf-exponent", "must be positive");
  s.lamella.haadf_exponent = options.haadf_exponent;
  s.lamella.eels.beam_energy =
      quantity(options.beam_energy, dimension_of("V"), "--beam-energy");  // eV per V of acceleration
  s.lamella.eels.collection_semi_angle =
      quantity(options.collection_angle, Dimension::none(), "--collection-angle");
  if (!(s.lamella.eels.beam_energy > 0.0) || !(s.lamella.eels.collection_semi_angle > 0.0))
    option_error("--beam-energy", "beam energy and collection angle must be positive");

  if (!options.pixel_size.empty()) s.pixel_size = positive_length(options.pixel_size, "--pixel-size");
  s.hrtem.pixel_size = positive_length(options.hrtem_pixel_size, "--hrtem-pixel-size");
  s.haadf.pixel_size = s.pixel_size;
  s.haadf.probe.fwhm = quantity(options.probe_size, Dimension::length(), "--probe-size");
  if (options.probe_shape != "gaussian" && options.probe_shape != "airy")
    option_error("--probe-shape", "gaussian or airy");
  s.haadf.probe.shape = options.probe_shape == "airy" ? ProbeShape::airy : ProbeShape::gaussian;
  s.haadf.shot_noise = !options.no_noise;
  s.haadf.scan_noise = options.no_noise ? 0.0 : options.scan_noise;
  if (options.dose < 0.0) option_error("--dose", "must not be negative");
  s.dose_per_a2 = options.dose;
  const double current = quantity(options.probe_current, Dimension::current(), "--probe-current");
  const double dwell = quantity(options.dwell_time, Dimension::time(), "--dwell-time");
  s.electrons_per_dwell = current * dwell / elementary_charge;
  const std::uint64_t seed =
      options.seed >= 0 ? static_cast<std::uint64_t>(options.seed) : reader.metadata().seed;
  s.haadf.seed = s.hrtem.seed = seed;

  // Atomic-resolution HAADF (KMC frames): region, zone axis, pixel size; noise at the dose above.
  if (options.region.size() != 4)
    option_error("--region", "give x0,z0,width,height (e.g. 0nm,0nm,10nm,10nm)");
  s.atomic.x0 = quantity(options.region[0], Dimension::length(), "--region");
  s.atomic.z0 = quantity(options.region[1], Dimension::length(), "--region");
  s.atomic.width = positive_length(options.region[2], "--region");
  s.atomic.height = positive_length(options.region[3], "--region");
  if (options.zone_axis != "100" && options.zone_axis != "010") option_error("--zone-axis", "100 or 010");
  s.atomic.zone_axis = options.zone_axis == "100" ? AtomicZoneAxis::c2m_100 : AtomicZoneAxis::c2m_010;
  s.atomic.pixel_size = positive_length(options.atomic_pixel_size, "--atomic-pixel-size");
  s.atomic.probe_fwhm = std::min(s.atomic.probe_fwhm, s.haadf.probe.fwhm);
  s.atomic.z_exponent = options.haadf_exponent;
  s.atomic.seed = seed;
  s.atomic.peak_counts = options.no_noise ? 0.0 : s.electrons_per_dwell;
  const bool atomic = std::find(s.kinds.begin(), s.kinds.end(), "atomic_haadf") != s.kinds.end();
  if (atomic && reader.engine() != "kmc") {
    option_error(
        "--kind",
        "atomic_haadf needs the lattice of a KMC run (engine: kmc); this run's engine is " + reader.engine());
  }
  if (options.no_noise) s.hrtem.noise = 0.0;

  s.parameters = {
      {"lamella_thickness_m", fmt::format("{:.6g}", t)},
      {"void_depth_m", s.lamella.void_depth > 0 ? fmt::format("{:.6g}", s.lamella.void_depth)
                                                : std::string("equivalent diameter (capped at t)")},
      {"haadf_exponent", fmt::format("{:.6g}", s.lamella.haadf_exponent)},
      {"probe", options.probe_shape + " FWHM " + fmt::format("{:.6g}", s.haadf.probe.fwhm) + " m"},
      {"shot_noise", s.haadf.shot_noise ? "poisson" : "off"},
      {"scan_noise", fmt::format("{:.6g}", s.haadf.scan_noise)},
      {"beam_energy_eV", fmt::format("{:.6g}", s.lamella.eels.beam_energy)},
      {"collection_semi_angle_rad", fmt::format("{:.6g}", s.lamella.eels.collection_semi_angle)},
      {"seed", std::to_string(seed)}};
  return s;
}

// Writes one image file and its images.h5 dataset.
class ImageSink {
 public:
  ImageSink(hid_t h5, fs::path dir, std::string extension, std::map<std::string, std::string> provenance)
      : h5_(h5), dir_(std::move(dir)), extension_(std::move(extension)), provenance_(std::move(provenance)) {}

  void write(const std::string& stem, const Image& image, const std::string& kind,
             const std::string& quantity, const std::string& unit, const io::ResultFrame& frame,
             std::optional<std::pair<double, double>> range) {
    io::ImageMetadata meta;
    meta.title = kind + ", t = " + fmt::format("{:g}", frame.time_s) + " s";
    meta.quantity = quantity;
    meta.value_unit = unit;
    meta.provenance = provenance_;
    meta.provenance["time_s"] = fmt::format("{:.9g}", frame.time_s);
    meta.provenance["iteration"] = std::to_string(frame.iteration);
    meta.provenance["kind"] = kind;
    meta.provenance["pixel_size_m"] = fmt::format("{:.9g}", image.pixel_size);
    // One lateral period edge to edge (to 1 % of a pixel): `voidsim analyze` then wraps labels.
    if (periodic_width_ > 0.0) {
      const double mismatch = std::abs(static_cast<double>(image.width) * image.pixel_size - periodic_width_);
      meta.provenance["periodic_x"] = mismatch < 0.01 * image.pixel_size ? "true" : "false";
    }
    const fs::path file = dir_ / (stem + extension_);
    if (range) {
      io::write_image16(file, image, range->first, range->second, meta);
    } else {
      io::write_image16_autoscaled(file, image, meta);
    }
    written_.push_back(file);
    std::vector<double> values(image.pixels.begin(), image.pixels.end());
    io::hdf5::Dataset d = io::hdf5::write_double_dataset(
        h5_, stem, values.data(), {image.height, image.width}, io::hdf5::DatasetStorage{.compressed = true});
    io::hdf5::write_attribute(d.get(), "pixel_size_m", image.pixel_size);
    io::hdf5::write_attribute(d.get(), "time_s", frame.time_s);
    io::hdf5::write_attribute(d.get(), "iteration", static_cast<std::int64_t>(frame.iteration));
    io::hdf5::write_attribute(d.get(), "kind", kind);
    io::hdf5::write_attribute(d.get(), "quantity", quantity);
    io::hdf5::write_attribute(d.get(), "unit", unit);
    io::hdf5::write_attribute(d.get(), "row_0", "top of the image (above the LiPON/cathode interface)");
    for (const auto& [key, value] : meta.provenance)
      io::hdf5::write_attribute(d.get(), "provenance_" + key, value);
  }

  void write_line_scan(const std::string& stem, const EelsLineScan& scan, const io::ResultFrame& frame) {
    // CSV: the columns of the issue first, then the underlying valence, areal densities, t/lambda.
    std::string csv =
        "depth_nm,o_k_preedge,mn_l3_l2,mn_edge_shift_eV,mn_valence,o_atoms_per_nm2,mn_atoms_per_nm2,"
        "t_over_lambda\n";
    for (std::size_t i = 0; i < scan.depth.size(); ++i) {
      csv += fmt::format("{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}\n", scan.depth[i] * 1e9,
                         scan.oxygen_k_preedge[i], scan.manganese_l3_l2[i], scan.manganese_edge_shift[i],
                         scan.manganese_valence[i], scan.oxygen_areal[i] * 1e-18,
                         scan.manganese_areal[i] * 1e-18, scan.t_over_lambda[i]);
    }
    io::write_text_atomic(dir_ / (stem + ".csv"), csv);
    written_.push_back(dir_ / (stem + ".csv"));
    io::hdf5::Group g = io::hdf5::create_group(h5_, stem);
    io::hdf5::write_attribute(g.get(), "time_s", frame.time_s);
    io::hdf5::write_attribute(g.get(), "kind", "linescan");
    for (const auto& [key, value] : provenance_)
      io::hdf5::write_attribute(g.get(), "provenance_" + key, value);
    const auto column = [&](const char* name, const std::vector<double>& v, double scale, const char* unit) {
      std::vector<double> scaled(v);
      for (double& x : scaled) x *= scale;
      io::hdf5::Dataset d = io::hdf5::write_double_dataset(g.get(), name, scaled.data(), {scaled.size()});
      io::hdf5::write_attribute(d.get(), "unit", unit);
    };
    column("depth_nm", scan.depth, 1e9, "nm");
    column("o_k_preedge", scan.oxygen_k_preedge, 1.0, "1 (relative to pristine bulk)");
    column("mn_l3_l2", scan.manganese_l3_l2, 1.0, "1");
    column("mn_edge_shift_eV", scan.manganese_edge_shift, 1.0, "eV (relative to Mn4+)");
    column("mn_valence", scan.manganese_valence, 1.0, "1");
    column("o_atoms_per_nm2", scan.oxygen_areal, 1e-18, "nm^-2");
    column("mn_atoms_per_nm2", scan.manganese_areal, 1e-18, "nm^-2");
    column("t_over_lambda", scan.t_over_lambda, 1.0, "1");
  }

  [[nodiscard]] const std::vector<fs::path>& written() const { return written_; }
  /// Width (m) of the run's domain when its x boundary is periodic, 0 otherwise.
  void set_periodic_width(double width) { periodic_width_ = width; }

 private:
  hid_t h5_;
  fs::path dir_;
  std::string extension_;
  std::map<std::string, std::string> provenance_;
  std::vector<fs::path> written_;
  double periodic_width_ = 0.0;
};

double maximum(const Image& image) {
  float m = 0.0f;
  for (const float v : image.pixels) m = std::max(m, v);
  return m > 0.0f ? m : 1.0;
}

}  // namespace

CLI::App* add_image_command(CLI::App& cli, ImageOptions& o) {
  auto* sub = cli.add_subcommand(
      "image", "synthetic micrographs of a run: HAADF-STEM, EELS maps and line scans, HRTEM");
  sub->add_option("run_dir", o.run_dir, "run directory (holds result.h5)")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--time", o.times,
                  "output times, nearest frame each: --time 82s,263s (default: last frame)")
      ->delimiter(',');
  sub->add_flag("--all", o.all, "every output frame");
  sub->add_option("--kind", o.kinds,
                  "haadf, eels, hrtem, linescan, atomic_haadf (KMC runs only; comma separated)")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("-o,--output", o.output_dir, "output directory (default RUN_DIR/images)");
  sub->add_option("--format", o.format, "png or tiff")
      ->check(CLI::IsMember({"png", "tiff"}))
      ->capture_default_str();
  sub->add_option("--pixel-size", o.pixel_size, "HAADF/EELS pixel size, e.g. 0.5nm (default: the cell size)");
  sub->add_option("--hrtem-pixel-size", o.hrtem_pixel_size, "HRTEM pixel size")->capture_default_str();
  sub->add_option(
      "--lamella-thickness", o.lamella_thickness,
      "lamella thickness t (default: run.lamella_thickness, else 60 nm in 2D, the y extent in 3D)");
  sub->add_option("--void-depth", o.void_depth,
                  "2D: void depth along the beam (default: equivalent diameter, <= t)");
  sub->add_option("--show-above", o.shown_above,
                  "image height above the interface (LiPON 250 nm, Au, Pt, vacuum)")
      ->capture_default_str();
  sub->add_option("--dose", o.dose,
                  "HAADF dose, electrons per A^2 (default: probe current x dwell time per pixel)");
  sub->add_option("--probe-current", o.probe_current, "STEM probe current")->capture_default_str();
  sub->add_option("--dwell-time", o.dwell_time, "dwell time per pixel")->capture_default_str();
  sub->add_option("--probe-size", o.probe_size, "probe FWHM (also blurs the EELS maps)")
      ->capture_default_str();
  sub->add_option("--probe-shape", o.probe_shape, "gaussian or airy")->capture_default_str();
  sub->add_option("--haadf-exponent", o.haadf_exponent, "n of Z^n")->capture_default_str();
  sub->add_option("--scan-noise", o.scan_noise, "relative rms row-gain noise of the scan")
      ->capture_default_str();
  sub->add_flag("--no-noise", o.no_noise, "expected images: no shot, scan or HRTEM noise");
  sub->add_option("--beam-energy", o.beam_energy, "accelerating voltage (EELS mean free path)")
      ->capture_default_str();
  sub->add_option("--collection-angle", o.collection_angle, "EELS collection semi-angle")
      ->capture_default_str();
  sub->add_option("--seed", o.seed, "noise seed (default: the run's seed)");
  sub->add_option("--region", o.region,
                  "atomic_haadf: x0,z0,width,height of the region (z0 below the interface)")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--zone-axis", o.zone_axis, "atomic_haadf: C2/m zone axis, 100 or 010 (2D runs)")
      ->capture_default_str();
  sub->add_option("--atomic-pixel-size", o.atomic_pixel_size, "atomic_haadf: pixel size")
      ->capture_default_str();
  sub->add_flag(
      "--timelapse", o.timelapse,
      "annotated HAADF frames (scale bar, time) in DIR/timelapse/ and timelapse.mp4 where ffmpeg exists");
  sub->add_option("--fps", o.frames_per_second, "time-lapse frame rate")->capture_default_str();
  return sub;
}

int run_image(const ImageOptions& options) {
  const fs::path run_dir = options.run_dir;
  const io::ResultReader reader(run_dir / "result.h5");
  if (reader.frames().empty())
    throw IoError("'" + reader.path().string() + "': the run has no output frames");

  // 1. Frames.
  std::vector<io::ResultFrame> frames;
  if (options.all) {
    frames = reader.frames();
  } else if (options.times.empty()) {
    frames.push_back(reader.frames().back());
  } else {
    for (const auto& text : options.times) {
      const io::ResultFrame& f = reader.nearest_frame(quantity(text, Dimension::time(), "--time"));
      if (std::none_of(frames.begin(), frames.end(),
                       [&](const auto& g) { return g.iteration == f.iteration; }))
        frames.push_back(f);
    }
  }

  // 2. Settings (checked before anything is written).
  const Settings settings = make_settings(options, reader, reader.grid(frames.front()));
  const fs::path out = options.output_dir.empty() ? run_dir / "images" : fs::path(options.output_dir);
  fs::create_directories(out);
  std::map<std::string, std::string> provenance = settings.parameters;
  provenance["software"] = std::string(build_info::software) + " image";
  provenance["version"] = build_info::version;
  provenance["git_commit"] = build_info::git_commit;
  provenance["run_software"] = reader.metadata().software;
  provenance["run_version"] = reader.metadata().version;
  provenance["run_git_commit"] = reader.metadata().git_commit;
  provenance["run_engine"] = reader.engine();
  provenance["run_path"] = fs::absolute(run_dir).lexically_normal().string();

  const auto has = [&](const char* kind) {
    return std::find(settings.kinds.begin(), settings.kinds.end(), kind) != settings.kinds.end();
  };
  std::vector<std::pair<io::ResultFrame, Image>> timelapse;
  std::size_t n_files = 0;
  // 3. Render every frame; images.h5 is written beside the images and committed at the end.
  io::commit_atomic(out / "images.h5", [&](const fs::path& tmp) {
    io::hdf5::ErrorSilencer silence;
    io::hdf5::File h5 = io::hdf5::create_file(tmp);
    {
      io::hdf5::Group root = io::hdf5::open_group(h5.get(), "/");
      for (const auto& [key, value] : provenance) io::hdf5::write_attribute(root.get(), key, value);
      ImageSink sink(root.get(), out, settings.extension, provenance);
      if (scenario_periodic_x(reader.scenario_yaml())) {
        const Grid g = reader.grid(frames.front());
        sink.set_periodic_width(static_cast<double>(g.nx) * g.dx);
      }
      for (const auto& frame : frames) {
        Grid grid;
        const ProjectedSpecimen specimen = project_frame(reader, frame, settings.lamella, grid);
        const std::string tag = time_tag(frame.time_s);
        spdlog::info("frame {} (t = {} s): {}x{} cells, lamella {:.3g} nm", frame.iteration, frame.time_s,
                     grid.nx, grid.nz, settings.lamella.thickness * 1e9);
        if (has("haadf") || options.timelapse) {
          HaadfOptions haadf = settings.haadf;
          const double pixel = settings.pixel_size > 0.0 ? settings.pixel_size : specimen.dx;
          haadf.electrons_per_pixel = settings.dose_per_a2 > 0.0
                                          ? settings.dose_per_a2 * (pixel * 1e10) * (pixel * 1e10)
                                          : settings.electrons_per_dwell;
          haadf.image_key = static_cast<std::uint64_t>(frame.iteration) * 16 + 1;
          Image image = render_haadf(specimen, haadf);
          if (has("haadf")) {
            sink.write("haadf_" + tag, image, "haadf", "HAADF detected electrons per pixel", "electrons",
                       frame, std::pair{0.0, maximum(image)});
          }
          if (options.timelapse) timelapse.emplace_back(frame, std::move(image));
        }
        if (has("eels")) {
          const EelsMaps maps = render_eels_maps(specimen, settings.pixel_size, settings.haadf.probe);
          sink.write("eels_t_over_lambda_" + tag, maps.t_over_lambda, "eels_t_over_lambda",
                     "relative thickness t/lambda", "1", frame, std::pair{0.0, maximum(maps.t_over_lambda)});
          sink.write("eels_oxygen_" + tag, maps.oxygen, "eels_oxygen", "O areal density", "nm^-2", frame,
                     std::pair{0.0, maximum(maps.oxygen)});
          sink.write("eels_manganese_" + tag, maps.manganese, "eels_manganese", "Mn areal density", "nm^-2",
                     frame, std::pair{0.0, maximum(maps.manganese)});
        }
        if (has("hrtem")) {
          HrtemOptions hrtem = settings.hrtem;
          hrtem.image_key = static_cast<std::uint64_t>(frame.iteration) * 16 + 2;
          sink.write("hrtem_" + tag, render_hrtem(specimen, hrtem), "hrtem",
                     "HRTEM-like intensity (approximation)", "1 (relative to vacuum)", frame, std::nullopt);
        }
        if (has("linescan")) sink.write_line_scan("linescan_" + tag, eels_line_scan(specimen), frame);
        if (has("atomic_haadf")) {
          const LatticeRecord record = io::read_lattice_record(reader.path(), frame.iteration);
          const std::vector<double> li = reader.has_field(frame, "li_fraction")
                                             ? reader.read_field(frame, "li_fraction")
                                             : std::vector<double>{};
          const Image image = render_atomic_haadf_from_run(record, grid, li, settings.atomic);
          sink.write("atomic_haadf_" + tag, image, "atomic_haadf", "HAADF column intensity (sum of Z^n)", "1",
                     frame, std::pair{0.0, maximum(image)});
        }
      }
      n_files = sink.written().size();
    }
    io::hdf5::close_file(h5, tmp);
  });

  // 4. Time-lapse: the HAADF frames on one gray scale, annotated, then an animation where possible.
  if (options.timelapse && !timelapse.empty()) {
    double high = 0.0;
    for (const auto& [frame, image] : timelapse) high = std::max(high, maximum(image));
    const fs::path dir = out / "timelapse";
    fs::create_directories(dir);
    std::vector<fs::path> pngs;
    for (std::size_t i = 0; i < timelapse.size(); ++i) {
      auto& [frame, image] = timelapse[i];
      annotate_frame(image, frame.time_s);
      io::ImageMetadata meta;
      meta.title = "HAADF time lapse, t = " + fmt::format("{:g}", frame.time_s) + " s";
      meta.quantity = "HAADF detected electrons per pixel";
      meta.value_unit = "electrons";
      meta.provenance = provenance;
      meta.provenance["time_s"] = fmt::format("{:.9g}", frame.time_s);
      pngs.push_back(dir / fmt::format("frame_{:04d}.png", i));
      io::write_image16(pngs.back(), image, 0.0, high, meta);
    }
    assemble_animation(pngs, out / "timelapse.mp4", options.frames_per_second);
  }
  spdlog::info("{} frame(s), {} file(s) and images.h5 in {}", frames.size(), n_files, out.string());
  return static_cast<int>(ExitCode::ok);
}

}  // namespace voidsim::app
