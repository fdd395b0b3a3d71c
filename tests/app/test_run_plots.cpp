// The plots of a run directory (app/run_plots.hpp) from a small run written with the real
// writers: the series come from porosity.csv, the profile and diameters from the last frame of
// result.h5 with the run's own detection rule, and four PNGs land in plots/.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "app/run_plots.hpp"
#include "core/error.hpp"
#include "io/csv_writer.hpp"
#include "io/image_file.hpp"
#include "io/result_file.hpp"
#include "tests/tolerance.hpp"

namespace fs = std::filesystem;
using namespace voidsim;

namespace {

constexpr double nm = 1e-9;
constexpr std::size_t nz = 40, nx = 32;  // 1 nm cells: 40 nm deep, 32 nm wide

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests/app/plots" / name;
  fs::remove_all(dir);
  fs::create_directories(dir / ".work");
  return dir;
}

/// Void A: 4 x 4 cells at depth 2..5 nm; void B: 3 x 5 cells at depth 22..24 nm.
std::vector<double> two_voids() {
  std::vector<double> eta(nz * nx, 0.0);
  for (std::size_t k = 2; k < 6; ++k)
    for (std::size_t i = 3; i < 7; ++i) eta[k * nx + i] = 1.0;
  for (std::size_t k = 22; k < 25; ++k)
    for (std::size_t i = 10; i < 15; ++i) eta[k * nx + i] = 1.0;
  return eta;
}

void write_run(const fs::path& dir, const std::string& scenario_yaml) {
  const std::vector<double> empty(nz * nx, 0.0), voids = two_voids();
  auto record = [](const std::vector<double>& data) {
    io::MeshRecord m;
    m.name = "void_order_parameter";
    m.description = "eta";
    m.shape = {nz, nx};
    m.axis_labels = {"z", "x"};
    m.grid_spacing = {nm, nm};
    m.grid_global_offset = {0.0, 0.0};
    m.data = data.data();
    return m;
  };
  const fs::path f0 = dir / ".work" / io::iteration_file_name(0),
                 f1 = dir / ".work" / io::iteration_file_name(1);
  io::write_iteration_file(f0, 0, 0.0, 0.0, {record(empty)});
  io::write_iteration_file(f1, 1, 100.0, 1.0, {record(voids)});
  io::SeriesTable series;
  series.columns = {"time_s", "void_area_fraction", "current_A", "front_depth_nm"};
  series.units = {"s", "1", "A", "1"};
  series.rows = {{0.0, 0.0, 5e-10, 0.0}, {100.0, 9.0 / 32.0, 2e-12, 24.5}};
  io::RunMetadata meta{"voidsim",     "test", "none",        "2026-01-01T00:00:00Z",
                       scenario_yaml, "test", "phase_field", 1};
  io::assemble_result_file(dir / "result.h5", meta, {f0, f1}, series);
  io::write_csv(dir / "porosity.csv", series);
}

}  // namespace

TEST_CASE("read_run_plot_data takes the series and the last frame's voids") {
  const fs::path dir = fresh_dir("two_voids");
  write_run(dir, "");  // no stored scenario: the schema defaults (threshold 0.5, >= 4 cells)
  const RunPlotData data = app::read_run_plot_data(dir);
  CHECK(data.title == "two_voids");
  CHECK(data.time_s == std::vector<double>{0.0, 100.0});
  CHECK(data.current_A == std::vector<double>{5e-10, 2e-12});
  CHECK(data.front_depth_nm == std::vector<double>{0.0, 24.5});
  // Equivalent circle diameters of 16 and 15 cells of 1 nm^2, largest first (round-off only).
  REQUIRE(data.void_diameters_nm.size() == 2);
  CHECK(testing::close(data.void_diameters_nm[0], 2.0 * std::sqrt(16.0 / std::numbers::pi), 1e-12));
  CHECK(testing::close(data.void_diameters_nm[1], 2.0 * std::sqrt(15.0 / std::numbers::pi), 1e-12));
  // 10 nm bins over 40 rows: 16 void cells of 320 in the first, 15 of 320 in the third.
  CHECK(data.profile_depth_nm == std::vector<double>{5.0, 15.0, 25.0, 35.0});
  REQUIRE(data.profile_area_fraction.size() == 4);
  CHECK(data.profile_area_fraction[0] == doctest::Approx(16.0 / 320.0).epsilon(1e-12));
  CHECK(data.profile_area_fraction[1] == 0.0);
  CHECK(data.profile_area_fraction[2] == doctest::Approx(15.0 / 320.0).epsilon(1e-12));
  CHECK(data.profile_area_fraction[3] == 0.0);
}

TEST_CASE("the run's own min_void_cells decides which objects are voids") {
  const fs::path dir = fresh_dir("min_cells");
  write_run(dir, "run:\n  min_void_cells: 16\n");
  const RunPlotData data = app::read_run_plot_data(dir);
  REQUIRE(data.void_diameters_nm.size() == 1);  // the 15-cell object is below the run's limit
  CHECK(testing::close(data.void_diameters_nm[0], 2.0 * std::sqrt(16.0 / std::numbers::pi), 1e-12));
}

TEST_CASE("write_run_plots writes the four PNGs into plots/") {
  const fs::path dir = fresh_dir("written");
  write_run(dir, "");
  app::write_run_plots(dir);
  for (const char* name : {"porosity_curve", "current", "porosity_profile", "size_histogram"}) {
    const fs::path png = dir / "plots" / (std::string(name) + ".png");
    REQUIRE_MESSAGE(fs::exists(png), png);
    const io::ReadImage back = io::read_grayscale_image(png);
    CHECK(back.image.width == 800);
    CHECK(back.image.height == 560);
  }
  // Without result.h5 the series plots are still made.
  fs::remove(dir / "result.h5");
  fs::remove_all(dir / "plots");
  app::write_run_plots(dir);
  CHECK(fs::exists(dir / "plots" / "size_histogram.png"));
  // Without a series file there is nothing to plot: IoError.
  fs::remove(dir / "porosity.csv");
  CHECK_THROWS_AS(app::write_run_plots(dir), IoError);
}
