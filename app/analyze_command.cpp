#include "app/analyze_command.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/units.hpp"
#include "io/atomic_file.hpp"
#include "io/image_file.hpp"
#include "postprocess/micrograph_analysis.hpp"
#include "voidsim/build_info.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

// A length option parsed like scenario quantities ("0.25nm", "1 nm"); errors name the option.
double length_option(const std::string& text, const std::string& option) {
  try {
    const double value = parse_quantity_as(text, Dimension::length());
    if (!(value >= 0.0)) throw UnitParseError("must not be negative", 0);
    return value;
  } catch (const UnitParseError& e) {
    throw InputError(
        Diagnostic{"", 0, 0, option, "'" + text + "': " + e.what(), "e.g. " + option + " 0.25nm"});
  }
}

std::vector<double> in_nm(const std::vector<double>& metres) {
  std::vector<double> nm;
  nm.reserve(metres.size());
  for (double m : metres) nm.push_back(m * 1e9);
  return nm;
}

nlohmann::ordered_json stats_json(const AnalyzeOptions& options, const MicrographAnalysisOptions& analysis,
                                  const MicrographStats& stats, const std::string& pixel_size_source,
                                  const std::string& periodic_x_source, const std::string& overlay_path) {
  nlohmann::ordered_json j;
  j["image"] = options.image;
  j["width"] = stats.width;
  j["height"] = stats.height;
  j["pixel_size_nm"] = stats.pixel_size * 1e9;
  j["pixel_size_source"] = pixel_size_source;
  j["interface_row"] = stats.interface_row;
  j["interface_detected"] = stats.interface_detected;
  j["inverted"] = options.invert;
  j["periodic_x"] = analysis.periodic_x;
  j["periodic_x_source"] = periodic_x_source;
  j["void_area_fraction"] = stats.void_area_fraction;
  j["void_count"] = stats.void_count;
  j["median_diameter_nm"] = stats.median_diameter * 1e9;
  j["diameters_nm"] = in_nm(stats.diameters);
  nlohmann::ordered_json profile = nlohmann::ordered_json::array();
  for (const DepthBin& bin : stats.profile)
    profile.push_back({{"depth_nm", bin.depth * 1e9}, {"area_fraction", bin.area_fraction}});
  j["profile"] = profile;
  j["threshold"] = stats.threshold;
  j["threshold_unit"] = "relative contrast I/background - 1 (median over voids of the edge level)";
  j["noise_sigma"] = stats.noise_sigma;
  j["detection_sigmas"] = stats.detection_sigmas;
  j["growth_sigmas"] = analysis.growth_sigmas;
  j["edge_fraction"] = analysis.edge_fraction;
  j["edge_sigma_px"] = stats.edge_sigma_px;
  j["threshold_sensitivity"] = {
      {"relative_step", analysis.sensitivity_step},
      {"area_fraction_lower_threshold", stats.area_fraction_lower_threshold},
      {"area_fraction_higher_threshold", stats.area_fraction_higher_threshold},
      {"d_area_fraction_d_relative_threshold", stats.sensitivity},
      {"d_area_fraction_d_threshold", stats.threshold != 0.0 ? stats.sensitivity / stats.threshold : 0.0}};
  j["parameters"] = {{"min_diameter_nm", analysis.min_diameter * 1e9},
                     {"min_contrast", analysis.min_contrast},
                     {"denoise_sigma_nm", analysis.denoise_sigma > 0.0 ? analysis.denoise_sigma * 1e9
                                                                       : 1.5 * stats.pixel_size * 1e9},
                     {"background_tile_nm", analysis.background_tile * 1e9},
                     {"profile_bin_nm", analysis.profile_bin * 1e9}};
  j["overlay"] =
      overlay_path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(overlay_path);
  j["provenance"] = {{"software", std::string(build_info::software) + " analyze"},
                     {"version", build_info::version},
                     {"git_commit", build_info::git_commit},
                     {"command", options.command_line}};
  return j;
}

}  // namespace

CLI::App* add_analyze_command(CLI::App& cli, AnalyzeOptions& o) {
  auto* sub =
      cli.add_subcommand("analyze", "void statistics of a cross-section micrograph (8/16-bit PNG or TIFF)");
  sub->add_option("image", o.image, "micrograph: electrolyte on top, cathode below")->required();
  sub->add_option("--pixel-size", o.pixel_size,
                  "pixel size, e.g. 0.25nm (default: from the file's metadata)");
  sub->add_option("--interface-row", o.interface_row, "first cathode row (default: detected)")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--invert", o.invert, "voids are bright (bright-field TEM)");
  sub->add_flag("--periodic-x", o.periodic_x,
                "the image is one lateral period: voids wrap across the left/right edges "
                "(default: the image's provenance periodic_x, written by voidsim image)");
  sub->add_flag("--no-periodic-x", o.no_periodic_x, "left/right edges are image borders (overrides metadata)")
      ->excludes("--periodic-x");
  sub->add_option("--min-diameter", o.min_diameter, "drop voids of smaller equivalent diameter")
      ->capture_default_str();
  sub->add_option("--min-contrast", o.min_contrast,
                  "drop objects shallower than this relative contrast, e.g. 0.03 (default 0: off)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--denoise", o.denoise_sigma, "Gaussian denoising sigma (default: 1.5 pixels)");
  sub->add_option("--background-tile", o.background_tile,
                  "tile size of the background estimate (> 2 x largest void)")
      ->capture_default_str();
  sub->add_option("-o,--output", o.output, "JSON statistics file (default: print to stdout)");
  sub->add_option("--overlay", o.overlay, "overlay PNG (default: beside the JSON as NAME.overlay.png)");
  sub->add_flag("--no-overlay", o.no_overlay, "do not write the overlay");
  return sub;
}

int run_analyze(const AnalyzeOptions& options) {
  // 1. Options that do not need the image, so bad input fails before any reading.
  MicrographAnalysisOptions analysis;
  std::string pixel_size_source = "option";
  if (!options.pixel_size.empty()) analysis.pixel_size = length_option(options.pixel_size, "--pixel-size");
  analysis.min_diameter = length_option(options.min_diameter, "--min-diameter");
  analysis.background_tile = length_option(options.background_tile, "--background-tile");
  if (!options.denoise_sigma.empty())
    analysis.denoise_sigma = length_option(options.denoise_sigma, "--denoise");
  if (options.interface_row >= 0) analysis.interface_row = static_cast<std::size_t>(options.interface_row);
  analysis.invert = options.invert;
  analysis.min_contrast = options.min_contrast;

  // 2. The image; its metadata supplies the pixel size when the option is absent.
  const io::ReadImage read = io::read_grayscale_image(options.image);
  if (analysis.pixel_size <= 0.0) {
    if (read.image.pixel_size <= 0.0)
      throw InputError(
          Diagnostic{options.image, 0, 0, "--pixel-size",
                     "the image has no pixel size in its metadata and --pixel-size was not given",
                     "e.g. --pixel-size 0.25nm"});
    analysis.pixel_size = read.image.pixel_size;
    pixel_size_source = "metadata";
  }
  if (analysis.interface_row && *analysis.interface_row >= read.image.height)
    throw InputError(Diagnostic{options.image, 0, 0, "--interface-row",
                                std::to_string(*analysis.interface_row) + " is not a row of an image of " +
                                    std::to_string(read.image.height) + " rows",
                                ""});

  // 3. Analysis.
  // Periodic lateral boundary: an explicit option wins; otherwise the file's own statement.
  std::string periodic_x_source = "default";
  if (options.periodic_x || options.no_periodic_x) {
    analysis.periodic_x = options.periodic_x;
    periodic_x_source = "option";
  } else if (const auto it = read.metadata.provenance.find("periodic_x");
             it != read.metadata.provenance.end()) {
    analysis.periodic_x = it->second == "true";
    periodic_x_source = "metadata";
  }

  const MicrographStats stats = analyze_micrograph(read.image, analysis);
  spdlog::info("{}: interface row {}{}, {} voids, area fraction {:.4f}, median diameter {:.2f} nm",
               options.image, stats.interface_row, stats.interface_detected ? " (detected)" : "",
               stats.void_count, stats.void_area_fraction, stats.median_diameter * 1e9);

  // 4. Files: overlay first, then the JSON that names it (both atomic).
  std::string overlay_path = options.overlay;
  if (overlay_path.empty() && !options.output.empty()) {
    fs::path beside = options.output;
    overlay_path = beside.replace_extension(".overlay.png").string();
  }
  if (options.no_overlay) overlay_path.clear();
  if (!overlay_path.empty()) {
    io::ImageMetadata metadata;
    metadata.title = "voids detected in " + fs::path(options.image).filename().string();
    metadata.quantity = "overlay: gray image, voids red, outlines yellow, interface cyan";
    metadata.value_unit = "1";
    metadata.provenance = {{"software", std::string(build_info::software) + " analyze"},
                           {"version", build_info::version},
                           {"git_commit", build_info::git_commit},
                           {"image", options.image}};
    io::write_rgb_png(overlay_path, void_overlay(read.image, stats), metadata);
  }
  const std::string text =
      stats_json(options, analysis, stats, pixel_size_source, periodic_x_source, overlay_path).dump(2) + "\n";
  if (options.output.empty()) {
    std::cout << text;
  } else {
    io::write_text_atomic(options.output, text);
  }
  return 0;
}

}  // namespace voidsim::app
