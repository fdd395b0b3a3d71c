#include "app/dataset_run_reader.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <optional>

#include "app/image_command.hpp"
#include "app/run_end_state.hpp"
#include "app/run_pipeline.hpp"
#include "app/run_void_snapshots.hpp"
#include "core/error.hpp"
#include "io/image_file.hpp"
#include "io/result_reader.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

std::string metres(double value) { return fmt::format("{:.9g} m", value); }

// The image `voidsim image` wrote into `dir` for one frame (it names files by kind and time).
fs::path only_haadf_image(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("haadf_", 0) == 0 && entry.path().extension() == ".png") return entry.path();
  }
  throw IoError("'" + dir.string() + "': voidsim image wrote no HAADF image");
}

}  // namespace

void take_micrographs(RunRecord& run, const MeasuredDataset& dataset, const std::string& experiment,
                      const fs::path& image_dir) {
  std::optional<io::ResultReader> reader;  // opened once, at the first entry of the experiment
  for (const MeasuredMicrograph& m : dataset.micrographs) {
    if (m.experiment != experiment) continue;
    if (!reader) {
      reader.emplace(run.directory / run_files::result_h5);
      if (reader->frames().empty()) throw IoError("'" + reader->path().string() + "': no output frame");
    }
    const io::ResultFrame& frame =
        m.when.at_end ? reader->frames().back() : reader->nearest_frame(*m.when.at);

    ImageOptions options;
    options.run_dir = run.directory.string();
    options.times = {fmt::format("{:.17g} s", frame.time_s)};
    options.kinds = {"haadf"};
    options.output_dir = (image_dir / m.id).string();
    std::optional<double> pixel = m.imaging_pixel_size ? m.imaging_pixel_size : m.pixel_size;
    if (!pixel) {
      // The measured image's own pixel size, so both are sampled alike. An unreadable measured
      // image is not this run's problem: its check fails with the reason (compare_micrograph).
      try {
        const double p = io::read_grayscale_image(m.file).image.pixel_size;
        if (p > 0.0) pixel = p;
      } catch (const IoError&) {
      }
    }
    if (pixel) options.pixel_size = metres(*pixel);
    if (m.lamella_thickness) options.lamella_thickness = metres(*m.lamella_thickness);
    if (m.void_depth) options.void_depth = metres(*m.void_depth);
    if (m.probe_size) options.probe_size = metres(*m.probe_size);
    if (m.dose) options.dose = *m.dose;
    fs::create_directories(options.output_dir);
    (void)run_image(options);

    RunMicrograph imaged;
    imaged.id = m.id;
    imaged.analysed = analyse_micrograph_file(only_haadf_image(options.output_dir), m, false);
    imaged.analysed.time = frame.time_s;
    run.micrographs.push_back(std::move(imaged));
  }
}

RunRecord read_run_for(const fs::path& run_dir, const MeasuredDataset& dataset, const std::string& experiment,
                       const fs::path& image_dir) {
  RunRecord run = read_run_record(run_dir);
  take_void_snapshots(run, dataset, experiment);
  take_end_state(run, dataset, experiment);
  take_micrographs(run, dataset, experiment, image_dir);
  return run;
}

ScratchDirectory::ScratchDirectory(const std::string& prefix) {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() / fmt::format("{}-{}-{}", prefix, ::getpid(), counter++);
  fs::remove_all(path_);
  fs::create_directories(path_);
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ec;
  fs::remove_all(path_, ec);  // best effort: a leftover temporary folder is not worth a crash
}

}  // namespace voidsim::app
