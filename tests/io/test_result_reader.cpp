// Suite result_reader: a run folder written by the same io/ calls the run pipeline uses is read
// back: frames and times, provenance, grid geometry, SI values and the series.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "io/result_reader.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using namespace voidsim::io;

namespace {

MeshRecord mesh(const std::string& name, const std::vector<std::size_t>& shape,
                const std::vector<double>& data, double unit_si) {
  MeshRecord m;
  m.name = name;
  m.description = name;
  m.shape = shape;
  m.axis_labels =
      shape.size() == 2 ? std::vector<std::string>{"z", "x"} : std::vector<std::string>{"z", "y", "x"};
  m.grid_spacing =
      shape.size() == 2 ? std::vector<double>{2e-9, 1e-9} : std::vector<double>{2e-9, 3e-9, 1e-9};
  m.grid_global_offset =
      shape.size() == 2 ? std::vector<double>{-4e-9, 0.0} : std::vector<double>{-4e-9, 0.0, 0.0};
  m.unit_si = unit_si;
  m.data = data.data();
  return m;
}

// Three frames at 0, 10, 20 s (iterations 0, 10, 20), fields "eta" (unitSI 1) and "rho"
// (stored in units of 1e14 m^-2: unitSI = 1e14), values eta[k, i] = k + i / 100.
std::filesystem::path write_run(const testing::ScratchDir& dir, const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (auto s : shape) n *= s;
  std::vector<double> eta(n), rho(n, 3.0);
  const std::size_t nx = shape.back();
  for (std::size_t c = 0; c < n; ++c)
    eta[c] = static_cast<double>(c / (n / shape.front())) + (c % nx) / 100.0;
  std::vector<std::filesystem::path> files;
  SeriesTable series{{"time_s", "porosity"}, {"s", "1"}, {}};
  for (std::int64_t it = 0; it <= 2; ++it) {
    files.push_back(dir / iteration_file_name(10 * it));
    write_iteration_file(files.back(), 10 * it, 10.0 * it, 10.0,
                         {mesh("eta", shape, eta, 1.0), mesh("rho", shape, rho, 1e14)});
    series.rows.push_back({10.0 * it, 0.25 * it});
  }
  const RunMetadata meta{"voidsim",       "9.9",  "abc123", "2026-01-01T00:00:00Z",
                         "engine: kmc\n", "argv", "kmc",    7};
  assemble_result_file(dir / "result.h5", meta, files, series);
  return dir / "result.h5";
}

}  // namespace

TEST_CASE("frames, provenance, grid, SI values and series of a 2-D run") {
  testing::ScratchDir dir("reader_2d");
  const ResultReader reader(write_run(dir, {4, 6}));
  CHECK(reader.engine() == "kmc");
  CHECK(reader.scenario_yaml() == "engine: kmc\n");
  CHECK(reader.metadata().git_commit == "abc123");
  CHECK(reader.metadata().seed == 7);
  REQUIRE(reader.frames().size() == 3);
  CHECK(reader.frames()[1].iteration == 10);
  CHECK(reader.frames()[2].time_s == 20.0);
  // Nearest time: 14 s -> frame at 10 s, 16 s -> 20 s, far beyond the run -> the last frame.
  CHECK(reader.nearest_frame(14.0).iteration == 10);
  CHECK(reader.nearest_frame(16.0).iteration == 20);
  CHECK(reader.nearest_frame(1e9).iteration == 20);
  const auto& frame = reader.frames()[1];
  CHECK(reader.field_names(frame) == std::vector<std::string>{"eta", "rho"});
  CHECK(reader.has_field(frame, "rho"));
  CHECK_FALSE(reader.has_field(frame, "spinel_fraction"));
  const Grid g = reader.grid(frame);
  CHECK(g.dimension == 2);
  CHECK(g.nz == 4);
  CHECK(g.nx == 6);
  CHECK(g.ny == 1);
  CHECK(g.dz == 2e-9);
  CHECK(g.dx == 1e-9);
  CHECK(g.z0 == -4e-9);
  const auto eta = reader.read_field(frame, "eta");
  REQUIRE(eta.size() == 24);
  CHECK(eta[g.index(5, 0, 3)] == doctest::Approx(3.05));               // k = 3, i = 5: C order, z slowest
  CHECK(reader.read_field(frame, "rho")[0] == doctest::Approx(3e14));  // unitSI applied
  CHECK_THROWS_AS((void)reader.read_field(frame, "nothing"), IoError);
  const SeriesTable s = reader.series();
  REQUIRE(s.columns == std::vector<std::string>{"time_s", "porosity"});
  CHECK(s.units[0] == "s");
  REQUIRE(s.rows.size() == 3);
  CHECK(s.rows[2][1] == 0.5);
}

TEST_CASE("grid of a 3-D run and a file that is not a result") {
  testing::ScratchDir dir("reader_3d");
  const ResultReader reader(write_run(dir, {4, 5, 6}));
  const Grid g = reader.grid(reader.frames().front());
  CHECK(g.dimension == 3);
  CHECK(g.nz == 4);
  CHECK(g.ny == 5);
  CHECK(g.nx == 6);
  CHECK(g.dy == 3e-9);
  testing::write_text(dir / "not.h5", "plain text");
  CHECK_THROWS_AS(ResultReader(dir / "not.h5"), IoError);
  CHECK_THROWS_AS(ResultReader(dir / "missing.h5"), IoError);
}
