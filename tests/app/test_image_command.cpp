// Suite image_command: `voidsim image` on a small painted run written by the result-file writer:
// frame selection by time, every kind written as PNG and into images.h5 with pixel size, time,
// kind and provenance, the EELS line scan CSV, option errors before anything is written.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/image_command.hpp"
#include "app/run_pipeline.hpp"
#include "core/error.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "io/image_file.hpp"
#include "io/result_file.hpp"

using namespace voidsim;
namespace fs = std::filesystem;

namespace {

// 2D run, 40 x 40 cells of 1 nm, frames at 82 s and 263 s; at 263 s a 12 nm void at depth 25 nm.
// Both frames have a 6 nm surface layer with oxygen_deficiency 0.2.
fs::path write_painted_run(const std::string& name) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "test_scratch" / "image_command" / name;
  fs::remove_all(dir);
  fs::create_directories(dir / ".work");
  const std::size_t n = 40;
  std::vector<fs::path> files;
  std::int64_t iteration = 0;
  for (const double time : {82.0, 263.0}) {
    std::vector<double> eta(n * n, 0.0), deficiency(n * n, 0.0), li(n * n, 1.1);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i) {
        const double x = i + 0.5 - 20.0, z = k + 0.5 - 25.0;
        if (time > 100.0 && x * x + z * z < 36.0) eta[k * n + i] = 1.0;
        if (k < 6) deficiency[k * n + i] = 0.2;
      }
    std::vector<io::MeshRecord> meshes;
    for (const auto& [field, values] :
         {std::pair{"void_order_parameter", &eta}, std::pair{"oxygen_deficiency", &deficiency},
          std::pair{"li_fraction", &li}}) {
      io::MeshRecord m;
      m.name = field;
      m.shape = {n, n};
      m.axis_labels = {"z", "x"};
      m.grid_spacing = {1e-9, 1e-9};
      m.grid_global_offset = {0.0, 0.0};
      m.data = values->data();
      meshes.push_back(m);
    }
    iteration += 10;
    files.push_back(dir / ".work" / io::iteration_file_name(iteration));
    io::write_iteration_file(files.back(), iteration, time, 1.0, meshes);
  }
  const io::RunMetadata meta{
      "voidsim", "0.1.0",       "feedc0de", "2026-01-01T00:00:00Z", "run:\n  lamella_thickness: 50 nm\n",
      "test",    "phase_field", 5};
  io::assemble_result_file(dir / "result.h5", meta, files, io::SeriesTable{});
  return dir;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("every kind at the nearest frames, PNG and images.h5 with calibration and provenance") {
  const fs::path run = write_painted_run("all_kinds");
  app::ImageOptions options;
  options.run_dir = run.string();
  options.times = {"260 s", "80s"};  // nearest: 263 s and 82 s
  options.pixel_size = "0.5 nm";
  options.hrtem_pixel_size = "0.2 nm";
  options.no_noise = true;
  options.probe_size = "0 nm";
  REQUIRE(app::run_image(options) == 0);
  const fs::path out = run / "images";
  for (const char* stem : {"haadf_t0000263s", "haadf_t0000082s", "eels_t_over_lambda_t0000263s",
                           "eels_oxygen_t0000263s", "eels_manganese_t0000263s", "hrtem_t0000263s"})
    CHECK_MESSAGE(fs::exists(out / (std::string(stem) + ".png")), stem);

  // The PNG carries its pixel size and provenance; 40 nm above the interface + 40 nm of cathode.
  const io::ReadImage png = io::read_grayscale_image(out / "haadf_t0000263s.png");
  CHECK(png.image.pixel_size == doctest::Approx(0.5e-9).epsilon(1e-3));
  CHECK(png.image.width == 80);
  CHECK(png.image.height == 160);
  CHECK(png.metadata.provenance.at("run_git_commit") == "feedc0de");
  CHECK(png.metadata.provenance.at("time_s") == "263");
  CHECK(png.metadata.provenance.at("kind") == "haadf");
  CHECK(png.metadata.provenance.at("lamella_thickness_m") == "5e-08");  // from the run's scenario

  // images.h5: the same image as doubles with its attributes; the void at depth 25 nm (row 130,
  // column 40) lowers HAADF by d/t = 12 nm / 50 nm (2 % as in the synthetic_microscopy suite).
  io::hdf5::File h5 = io::hdf5::open_file_read(out / "images.h5");
  std::vector<hsize_t> dims;
  const std::vector<double> haadf = io::hdf5::read_double_dataset(h5.get(), "haadf_t0000263s", &dims);
  REQUIRE(dims == std::vector<hsize_t>{160, 80});
  const double drop = 1.0 - haadf[130 * 80 + 40] / haadf[130 * 80 + 2];
  // The default void depth is the disc's equivalent diameter: 112 cells -> 11.94 nm.
  CHECK(drop == doctest::Approx(11.94 / 50.0).epsilon(0.02));
  io::hdf5::Dataset d(H5Dopen2(h5.get(), "haadf_t0000263s", H5P_DEFAULT));
  CHECK(io::hdf5::read_double_attribute(d.get(), "pixel_size_m") == doctest::Approx(0.5e-9));
  CHECK(io::hdf5::read_double_attribute(d.get(), "time_s") == 263.0);
  CHECK(io::hdf5::read_string_attribute(d.get(), "kind") == "haadf");
  CHECK(io::hdf5::path_exists(h5.get(), "linescan_t0000082s/mn_l3_l2"));

  // Line scan: Mn reduced and O K pre-edge lower in the 6 nm layer than below it.
  const std::string csv = read_text(out / "linescan_t0000082s.csv");
  CHECK(csv.rfind("depth_nm,o_k_preedge,mn_l3_l2,mn_edge_shift_eV", 0) == 0);
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(lines, line)) {
    std::vector<double> row;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, ',');) row.push_back(std::stod(f));
    rows.push_back(row);
  }
  REQUIRE(rows.size() == 40);
  CHECK(rows[2][2] > rows[20][2] + 0.1);  // L3/L2
  CHECK(rows[2][1] < rows[20][1] - 0.1);  // O K pre-edge
  CHECK(rows[2][3] < rows[20][3]);        // edge shift to lower energy loss
}

TEST_CASE("a bad option is an input error naming it, before anything is written") {
  const fs::path run = write_painted_run("bad_option");
  app::ImageOptions options;
  options.run_dir = run.string();
  options.pixel_size = "0.5 s";
  try {
    (void)app::run_image(options);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().front().key == "--pixel-size");
  }
  CHECK_FALSE(fs::exists(run / "images" / "images.h5"));
  options.pixel_size.clear();
  options.kinds = {"xray"};
  CHECK_THROWS_AS((void)app::run_image(options), InputError);
}

TEST_CASE("atomic_haadf renders a region of a KMC frame at its pixel size, and is refused for phase field") {
  // A small KMC run: 24 x 24 nm, 300 s (voids form near the interface by then).
  const fs::path run = fs::path(VOIDSIM_BINARY_DIR) / "test_scratch" / "image_command" / "kmc_run";
  fs::remove_all(run);
  app::RunOptions run_options;
  run_options.output_dir = run;
  run_options.quiet = true;
  run_options.overrides = {
      "engine=kmc",         "domain.nx=24", "domain.nz=24", "run.duration=300 s", "run.output_interval=300 s",
      "run.output_times=[]"};
  REQUIRE(app::run_simulation(run_options) == ExitCode::ok);

  app::ImageOptions options;
  options.run_dir = run.string();
  options.kinds = {"atomic_haadf"};
  options.region = {"1nm", "0nm", "6nm", "4nm"};
  options.atomic_pixel_size = "0.05 nm";
  options.no_noise = true;
  REQUIRE(app::run_image(options) == 0);
  const io::ReadImage image = io::read_grayscale_image(run / "images" / "atomic_haadf_t0000300s.png");
  // 6 x 4 nm at 0.05 nm: 120 x 80 pixels, the pixel size in the file's metadata.
  CHECK(image.image.width == 120);
  CHECK(image.image.height == 80);
  CHECK(image.image.pixel_size == doctest::Approx(0.05e-9).epsilon(1e-6));

  options.run_dir = write_painted_run("atomic_on_phase_field").string();
  CHECK_THROWS_AS((void)app::run_image(options), InputError);
}
