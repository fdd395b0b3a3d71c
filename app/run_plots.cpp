#include "app/run_plots.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "app/run_parameters.hpp"
#include "app/run_pipeline.hpp"
#include "app/scenario_schema.hpp"
#include "core/error.hpp"
#include "io/csv_writer.hpp"
#include "io/image_file.hpp"
#include "io/result_reader.hpp"
#include "io/scenario_loader.hpp"
#include "postprocess/void_statistics.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

std::vector<double> column(const io::SeriesTable& table, const std::string& name) {
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  const auto it = std::find(table.columns.begin(), table.columns.end(), name);
  if (it == table.columns.end()) return {};
  const auto c = static_cast<std::size_t>(it - table.columns.begin());
  std::vector<double> values;
  for (const auto& row : table.rows) values.push_back(c < row.size() ? row[c] : missing);
  return values;
}

/// The run's own void detection rule (run.void_threshold, run.min_void_cells) from the resolved
/// scenario stored in result.h5; the schema's defaults if that does not load (a run written by an
/// older voidsim may not load with today's schema).
VoidStatisticsOptions void_options(const io::ResultReader& reader) {
  auto from_yaml = [](const std::string& yaml, const std::string& name) {
    const RunParameters run = RunParameters::from(io::load_scenario_text(yaml, name, scenario_schema()));
    VoidStatisticsOptions options;
    options.threshold = run.void_threshold;
    options.min_cells = static_cast<std::size_t>(std::max(1LL, run.min_void_cells));
    return options;
  };
  try {
    return from_yaml(reader.scenario_yaml(), reader.path().string() + ":/scenario");
  } catch (const std::exception& e) {
    spdlog::warn("plots: the scenario in {} does not load ({}); default void detection used",
                 reader.path().string(), e.what());
  }
  return from_yaml("{}", "default scenario");
}

}  // namespace

RunPlotData read_run_plot_data(const fs::path& run_dir) {
  RunPlotData data;
  const fs::path dir = run_dir.filename().empty() ? run_dir.parent_path() : run_dir;
  data.title = fs::absolute(dir).lexically_normal().filename().string();

  fs::path series_file = run_dir / run_files::porosity_csv;
  if (!fs::exists(series_file) && fs::exists(run_dir / "series.csv")) series_file = run_dir / "series.csv";
  const io::SeriesTable series = io::read_csv(series_file);
  data.time_s = column(series, "time_s");
  data.void_area_fraction = column(series, "void_area_fraction");
  data.current_A = column(series, "current_A");
  data.front_depth_nm = column(series, "front_depth_nm");

  const fs::path result = run_dir / run_files::result_h5;
  if (!fs::exists(result)) {
    spdlog::warn("plots: no {}; porosity profile and size histogram left empty", result.string());
    return data;
  }
  const io::ResultReader reader(result);
  if (reader.frames().empty()) throw IoError("'" + result.string() + "': no output frame");
  const io::ResultFrame& last_frame = reader.frames().back();
  const std::string field = "void_order_parameter";
  const Grid g = reader.field_grid(last_frame, field);
  const std::vector<double> eta = reader.read_field(last_frame, field);
  const VoidStatistics stats = compute_void_statistics(g, eta.data(), void_options(reader));
  for (const auto& v : stats.voids) data.void_diameters_nm.push_back(v.equivalent_diameter / 1e-9);

  // Rows (one cell deep) into 10 nm bins by the depth of their centre; every row holds the same
  // number of cathode cells (no mask), so a bin's fraction is the mean of its rows'.
  const auto bin_of = [&](std::size_t k) {
    return static_cast<long long>(
        std::floor((g.z0 + (static_cast<double>(k) + 0.5) * g.dz) / (profile_bin_width_nm * 1e-9)));
  };
  const long long first_bin = bin_of(0), last_bin = bin_of(g.nz - 1);
  std::vector<double> sum(static_cast<std::size_t>(last_bin - first_bin + 1), 0.0), rows(sum.size(), 0.0);
  for (std::size_t k = 0; k < g.nz; ++k) {
    const auto b = static_cast<std::size_t>(bin_of(k) - first_bin);
    sum[b] += stats.porosity_profile[k];
    rows[b] += 1.0;
  }
  for (std::size_t b = 0; b < sum.size(); ++b) {
    data.profile_depth_nm.push_back((static_cast<double>(first_bin + static_cast<long long>(b)) + 0.5) *
                                    profile_bin_width_nm);
    data.profile_area_fraction.push_back(rows[b] > 0.0 ? sum[b] / rows[b] : 0.0);
  }
  return data;
}

void write_run_plots(const fs::path& run_dir) {
  const RunPlotData data = read_run_plot_data(run_dir);
  const fs::path plots_dir = run_dir / run_files::plots_dir;
  fs::create_directories(plots_dir);
  for (const auto& [name, image] : render_run_plots(data)) {
    io::ImageMetadata metadata;
    metadata.title = data.title + ": " + name;
    metadata.quantity = "plot";
    metadata.provenance["software"] = "voidsim";
    metadata.provenance["run"] = data.title;
    io::write_rgb_png(plots_dir / (name + ".png"), image, metadata);
  }
}

}  // namespace voidsim::app
