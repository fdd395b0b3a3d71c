#pragma once
// `voidsim analyze IMAGE`: void statistics of a cross-section micrograph, real or synthetic
// (issue 5, section 3). Reads 8/16-bit PNG/TIFF, runs postprocess/micrograph_analysis.hpp and
// writes JSON (schema in docs/micrograph-analysis.md) and an overlay PNG of the detected voids.
#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace voidsim::app {

struct AnalyzeOptions {
  std::string image;
  std::string pixel_size;           // "0.25nm"; empty: from the file's metadata
  std::int64_t interface_row = -1;  // -1: detected
  bool invert = false;              // bright-field: voids bright
  // Labels wrap across the left/right edges: --periodic-x / --no-periodic-x; neither: the
  // image's provenance entry periodic_x (written by `voidsim image` for laterally periodic runs).
  bool periodic_x = false;
  bool no_periodic_x = false;
  std::string min_diameter = "1 nm";
  std::string denoise_sigma;  // empty: 1.5 pixels
  double min_contrast = 0.0;  // relative depth below which a dark object is not a void; 0: off
  std::string background_tile = "32 nm";
  std::string output;   // JSON file; empty: JSON on stdout
  std::string overlay;  // PNG; empty: beside the JSON as NAME.overlay.png (none on stdout)
  bool no_overlay = false;
  std::string command_line;  // provenance
};

CLI::App* add_analyze_command(CLI::App& cli, AnalyzeOptions& options);

/// Exit code; throws InputError (bad options, no pixel size) / IoError (unreadable image, writes).
int run_analyze(const AnalyzeOptions& options);

}  // namespace voidsim::app
