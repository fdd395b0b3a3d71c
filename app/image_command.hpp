#pragma once
// `voidsim image RUN_DIR`: synthetic micrographs of a finished run (issue 5, section 2): HAADF-STEM,
// EELS maps (t/lambda, O, Mn) and line scans, HRTEM-like fringe images, and for KMC runs
// atomic-resolution HAADF of a small region, at chosen output times.
// Each image is a 16-bit PNG (or TIFF) with pixel size, units and provenance in its metadata, and
// a dataset of DIR/images.h5. Models: postprocess/ (docs/synthetic-microscopy.md).
#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace voidsim::app {

struct ImageOptions {
  std::string run_dir;
  std::vector<std::string> times;  // "263s", "576 s"; nearest frame each; empty: the last frame
  bool all = false;                // every frame
  std::vector<std::string> kinds{"haadf", "eels", "hrtem", "linescan"};
  std::string output_dir;      // default RUN_DIR/images
  std::string format = "png";  // png or tiff
  std::string pixel_size;      // empty: the cell size (HAADF and EELS)
  std::string hrtem_pixel_size = "0.1 nm";
  std::string lamella_thickness;      // empty: run.lamella_thickness of the scenario, else 60 nm (2D)
  std::string void_depth;             // 2D: depth along the beam of every void; empty: equivalent diameter
  std::string shown_above = "40 nm";  // image height above the interface (LiPON, then Au, Pt, vacuum)
  double dose = 0.0;                  // electrons per A^2; 0: probe current x dwell time per pixel
  std::string probe_current = "50 pA";
  std::string dwell_time = "10 us";
  std::string probe_size = "1 nm";  // FWHM
  std::string probe_shape = "gaussian";
  double haadf_exponent = 1.7;
  double scan_noise = 0.0;
  bool no_noise = false;
  std::string beam_energy = "200 kV";
  std::string collection_angle = "20 mrad";
  std::int64_t seed = -1;  // -1: the run's seed
  // Atomic-resolution HAADF of a KMC frame (--kind atomic_haadf): region x0,z0,width,height
  // below the interface, zone axis [100] or [010], pixel size.
  std::vector<std::string> region{"0nm", "0nm", "10nm", "10nm"};
  std::string zone_axis = "100";
  std::string atomic_pixel_size = "0.025 nm";
  bool timelapse = false;  // annotated HAADF frames + animation (ffmpeg where installed)
  double frames_per_second = 2.0;
};

CLI::App* add_image_command(CLI::App& cli, ImageOptions& options);

/// Exit code; throws InputError (bad options) / IoError (files).
int run_image(const ImageOptions& options);

}  // namespace voidsim::app
