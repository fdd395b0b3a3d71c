// Writes a small run directory (result.h5, result.xdmf, series.csv) through the same io/ calls
// the run pipeline uses, for tests/io/check_result_h5.py to inspect with h5py.
// Usage: make_sample_result <output-dir>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "io/csv_writer.hpp"
#include "io/result_file.hpp"
#include "io/xdmf_writer.hpp"

namespace fs = std::filesystem;
using namespace voidsim::io;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output-dir>\n", argv[0]);
    return 2;
  }
  try {
    const fs::path dir = argv[1];
    fs::create_directories(dir / ".work");
    // 2-D run: 8 x 12 cells (z, x) of 2 nm; the concentration field c(z, x) = z + x / 100 in cell
    // indices, so the Python check can verify the C order and axis meaning from the values.
    const std::size_t nz = 8, nx = 12;
    std::vector<fs::path> files;
    SeriesTable series{{"time_s", "porosity"}, {"s", "1"}, {}};
    for (std::int64_t it = 0; it <= 2; ++it) {
      std::vector<double> c(nz * nx);
      for (std::size_t k = 0; k < nz; ++k) {
        for (std::size_t i = 0; i < nx; ++i)
          c[k * nx + i] = static_cast<double>(k) + static_cast<double>(i) / 100.0;
      }
      MeshRecord m;
      m.name = "concentration";
      m.description = "Li site fraction";
      m.shape = {nz, nx};
      m.axis_labels = {"z", "x"};
      m.grid_spacing = {2e-9, 2e-9};
      m.grid_global_offset = {0.0, 0.0};
      m.data = c.data();
      const double time = 10.0 * static_cast<double>(it);
      files.push_back(dir / ".work" / iteration_file_name(it * 10));
      write_iteration_file(files.back(), it * 10, time, 10.0, {m});
      series.rows.push_back({time, 0.01 * static_cast<double>(it)});
    }
    const RunMetadata meta{"voidsim",
                           "0.1.0",
                           "sample",
                           "2026-01-01T00:00:00Z",
                           "engine: phase_field\n",
                           "make_sample_result",
                           "phase_field",
                           42};
    assemble_result_file(dir / "result.h5", meta, files, series);
    write_xdmf(dir / "result.xdmf", dir / "result.h5");
    write_csv(dir / "series.csv", series);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_sample_result: %s\n", e.what());
    return 1;
  }
  return 0;
}
