// The simulator's own void statistics of every output frame of a run, as CSV on stdout:
//   time_s,void_area_fraction,void_count,median_diameter_nm,min_diameter_nm,max_diameter_nm,min_peak_eta,
//   min_separation_nm
// from the void_order_parameter field of result.h5 with the run observer's definitions (eta >
// run.void_threshold, objects of at least run.min_void_cells cells, face connectivity, periodic
// in x as the observer labels them; the cells of the frame's nanopore_mask, the reconstructed
// layer's nanopores, count as solid as they do for the observer). porosity.csv has the area fraction and
// count but not the median diameter, which the micrograph round trip (validation/micrograph_roundtrip/)
// compares too; the script checks that area fraction and count here equal porosity.csv's.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "io/result_reader.hpp"
#include "postprocess/void_statistics.hpp"

namespace {

// run.<key> of the resolved scenario as a number (the observer's settings), or the fallback.
double run_setting(const std::string& scenario_yaml, const char* key, double fallback) {
  const YAML::Node root = YAML::Load(scenario_yaml);
  const YAML::Node node = root["run"] ? root["run"][key] : YAML::Node();
  return node && node.IsScalar() ? node.as<double>() : fallback;
}

// Closest approach of two different kept voids of a 2D frame: the smallest centre distance (m)
// between a cell of one and a cell of another, x periodic, searched up to `reach` cells (infinity
// when no pair is that close). Two voids whose cells touch at a corner (sqrt(2) cells) are one
// object for analyze's 8-connected labels, which the round trip must not count as an analysis
// error (docs/micrograph-analysis.md).
double min_separation(const voidsim::Grid& grid, const std::vector<int>& labels,
                      const std::vector<std::size_t>& cells, std::size_t min_cells, int reach) {
  const auto nx = static_cast<long>(grid.nx), nz = static_cast<long>(grid.nz);
  auto kept = [&](int l) { return l > 0 && cells[static_cast<std::size_t>(l)] >= min_cells; };
  double best2 = std::numeric_limits<double>::infinity();
  for (long k = 0; k < nz; ++k)
    for (long i = 0; i < nx; ++i) {
      const int a = labels[static_cast<std::size_t>(k * nx + i)];
      if (!kept(a)) continue;
      for (long dk = -reach; dk <= reach; ++dk) {
        if (k + dk < 0 || k + dk >= nz) continue;
        for (long di = -reach; di <= reach; ++di) {
          const long ii = ((i + di) % nx + nx) % nx;
          const int b = labels[static_cast<std::size_t>((k + dk) * nx + ii)];
          if (b == a || !kept(b)) continue;
          const double ddx = static_cast<double>(di) * grid.dx, ddz = static_cast<double>(dk) * grid.dz;
          best2 = std::min(best2, ddx * ddx + ddz * ddz);
        }
      }
    }
  return std::sqrt(best2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s RUN_DIR/result.h5\n", argv[0]);
    return 2;
  }
  try {
    const voidsim::io::ResultReader reader(argv[1]);
    voidsim::VoidStatisticsOptions options;
    options.threshold = run_setting(reader.scenario_yaml(), "void_threshold", 0.5);
    options.min_cells = static_cast<std::size_t>(run_setting(reader.scenario_yaml(), "min_void_cells", 1.0));
    options.periodic_x = true;  // as app/run_pipeline.cpp configures the observer
    std::printf(
        "time_s,void_area_fraction,void_count,median_diameter_nm,min_diameter_nm,max_diameter_nm,min_peak_"
        "eta,min_separation_nm\n");
    for (const voidsim::io::ResultFrame& frame : reader.frames()) {
      const voidsim::Grid grid = reader.grid(frame);
      std::vector<double> eta = reader.read_field(frame, "void_order_parameter");
      if (reader.has_field(frame, "nanopore_mask"))
        voidsim::clear_nanopore_cells(eta, reader.read_field(frame, "nanopore_mask"));
      const voidsim::VoidStatistics stats = voidsim::compute_void_statistics(grid, eta.data(), options);
      // Peak eta of each void: below ~0.9 it is a diffuse nucleus, whose image outline is wider
      // than its eta > 0.5 region (docs/micrograph-analysis.md "Area of diffuse voids").
      const std::vector<int> labels = voidsim::label_voids(grid, eta.data(), options);
      const int n_labels = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end());
      std::vector<double> peak(static_cast<std::size_t>(n_labels) + 1, 0.0);
      std::vector<std::size_t> cells(peak.size(), 0);
      for (std::size_t c = 0; c < labels.size(); ++c) {
        const auto l = static_cast<std::size_t>(std::max(labels[c], 0));
        peak[l] = std::max(peak[l], eta[c]);
        ++cells[l];
      }
      double min_peak = 1.0;  // over the voids the statistics keep (>= min_cells cells)
      for (std::size_t l = 1; l < peak.size(); ++l)
        if (cells[l] >= options.min_cells) min_peak = std::min(min_peak, peak[l]);
      std::vector<double> d;
      for (const voidsim::VoidObject& v : stats.voids) d.push_back(v.equivalent_diameter * 1e9);
      std::sort(d.begin(), d.end());
      const std::size_t m = d.size();
      const double median = m == 0 ? 0.0 : m % 2 == 1 ? d[m / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
      const double separation = grid.dimension == 2
                                    ? min_separation(grid, labels, cells, options.min_cells, 6)
                                    : std::numeric_limits<double>::quiet_NaN();
      std::printf("%.9g,%.9g,%zu,%.6g,%.6g,%.6g,%.4f,%.6g\n", frame.time_s, stats.area_fraction, m, median,
                  m == 0 ? 0.0 : d.front(), m == 0 ? 0.0 : d.back(), min_peak, separation * 1e9);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
