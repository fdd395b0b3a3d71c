#include "app/run_plots.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "app/run_pipeline.hpp"
#include "app/run_void_snapshots.hpp"
#include "core/error.hpp"
#include "io/csv_writer.hpp"
#include "io/image_file.hpp"
#include "io/result_reader.hpp"

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
  const VoidSnapshot last = void_snapshot(reader, reader.frames().back(), run_void_detection(reader));
  for (double d : last.diameters) data.void_diameters_nm.push_back(d / 1e-9);

  // Rows (one cell deep) into 10 nm bins by the depth of their centre; every row holds the same
  // number of cathode cells (no mask), so a bin's fraction is the mean of its rows'.
  const double bin = profile_bin_width_nm * 1e-9;
  const double first = std::floor(last.row_depth.front() / bin),
               end = std::floor(last.row_depth.back() / bin);
  for (double b = first; b <= end; b += 1.0) {
    data.profile_depth_nm.push_back((b + 0.5) * profile_bin_width_nm);
    data.profile_area_fraction.push_back(last.mean_fraction(b * bin, (b + 1.0) * bin).value_or(0.0));
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
