#include "app/sweep_collection_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "io/image_file.hpp"
#include "voidsim/build_info.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;
using sweep::ColumnRole;
using sweep::ColumnType;
using sweep::SummaryColumn;
using sweep::SweepSummary;

namespace {

std::string file_stem(const std::string& text) {
  std::string out = text;
  for (char& ch : out)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-')) ch = '_';
  return out;
}

std::string axis_title(const SummaryColumn& column) {
  if (column.role == ColumnRole::parameter || column.unit.empty()) return column.name;
  return column.name + " [" + column.unit + "]";
}

/// The value of a column in a row as legend text ("0.03", "kmc").
std::string value_text(const SummaryColumn& column, std::size_t row) {
  switch (column.type) {
    case ColumnType::unsigned_integer:
      return std::to_string(column.integers[row]);
    case ColumnType::number:
      return fmt::format("{:.4g}", column.numbers[row]);
    case ColumnType::text:
      return column.texts[row];
  }
  return "";
}

/// Rows grouped by the values of every parameter column but `x`: the lines of one plot.
std::map<std::string, std::vector<std::size_t>> rows_by_other_parameters(const SweepSummary& summary,
                                                                         const SummaryColumn& x) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t row = 0; row < summary.n_rows; ++row) {
    std::string label;
    for (const SummaryColumn& c : summary.columns) {
      if (c.role != ColumnRole::parameter || &c == &x) continue;
      // The key's last part keeps legend entries short: "loss_fraction = 0.25".
      const std::size_t dot = c.key.rfind('.');
      const std::string short_key = dot == std::string::npos ? c.key : c.key.substr(dot + 1);
      label += (label.empty() ? "" : ", ") + short_key + " = " + value_text(c, row);
    }
    groups[label].push_back(row);
  }
  return groups;
}

/// The upper corner with fewer data points, for the legend box (it would hide the points under
/// it): counts points in the top 40 % of the y range and the outer 45 % of the x range.
LegendPosition emptier_upper_corner(const PlotSpec& spec) {
  double x_low = INFINITY, x_high = -INFINITY, y_low = INFINITY, y_high = -INFINITY;
  for (const LineSeries& s : spec.lines)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      x_low = std::min(x_low, s.x[i]);
      x_high = std::max(x_high, s.x[i]);
      y_low = std::min(y_low, s.y[i]);
      y_high = std::max(y_high, s.y[i]);
    }
  std::size_t left = 0, right = 0;
  for (const LineSeries& s : spec.lines)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (s.y[i] < y_high - 0.4 * (y_high - y_low)) continue;
      if (s.x[i] <= x_low + 0.45 * (x_high - x_low)) ++left;
      if (s.x[i] >= x_high - 0.45 * (x_high - x_low)) ++right;
    }
  return left < right ? LegendPosition::upper_left : LegendPosition::upper_right;
}

/// Raises the top of the y axis so that the legend box (one row per labelled series) sits above
/// the data instead of on it.
void add_legend_headroom(PlotSpec& spec) {
  double low = INFINITY, high = -INFINITY;
  std::size_t n_entries = 0;
  for (const LineSeries& s : spec.lines) {
    n_entries += s.label.empty() ? 0 : 1;
    for (const double y : s.y) {
      low = std::min(low, y);
      high = std::max(high, y);
    }
  }
  if (n_entries == 0 || !(high > low)) return;
  // A legend row is about 7 % of the plot height at the default size; plus the box's margins.
  spec.y_axis.max = high + (0.09 * static_cast<double>(n_entries) + 0.06) * (high - low);
}

}  // namespace

bool is_plotted_quantity(const SummaryColumn& column) {
  if (column.role != ColumnRole::summary || column.type != ColumnType::number) return false;
  // Thread count and seed say how a task ran, not what it found.
  return column.key != "threads" && column.key != "seed";
}

std::vector<SweepPlot> sweep_plots(const SweepSummary& summary) {
  const SummaryColumn* point_column = summary.find("point");
  std::vector<SweepPlot> plots;
  for (const SummaryColumn& y : summary.columns) {
    if (!is_plotted_quantity(y)) continue;
    if (std::none_of(y.numbers.begin(), y.numbers.end(), [](double v) { return std::isfinite(v); })) continue;
    for (const SummaryColumn& x : summary.columns) {
      if (x.role != ColumnRole::parameter || x.type != ColumnType::number) continue;
      SweepPlot plot;
      plot.name = file_stem(y.key + "_vs_" + x.key);
      PlotSpec& spec = plot.spec;
      spec.title = y.key + " vs " + x.key;
      spec.x_axis.title = axis_title(x);
      spec.y_axis.title = axis_title(y);

      const auto groups = rows_by_other_parameters(summary, x);
      const bool lines_per_group = groups.size() <= max_sweep_plot_lines;
      std::size_t group_number = 0;
      for (const auto& [label, rows] : groups) {
        const std::size_t colour = group_number++;  // per group, so a group keeps its colour across plots
        LineSeries points;
        points.line = false;
        points.markers = true;
        points.colour = series_colour(lines_per_group ? colour : 0);
        // Mean over the replicates of each parameter point, ordered by x.
        std::map<std::size_t, std::pair<double, std::pair<double, std::size_t>>> by_point;  // x, (sum, n)
        for (const std::size_t row : rows) {
          const double xv = x.numbers[row], yv = y.numbers[row];
          if (!std::isfinite(xv) || !std::isfinite(yv)) continue;
          points.x.push_back(xv);
          points.y.push_back(yv);
          const std::size_t point = point_column != nullptr ? point_column->integers[row] : row;
          auto& entry = by_point[point];
          entry.first = xv;
          entry.second.first += yv;
          entry.second.second += 1;
        }
        if (points.x.empty()) continue;
        std::vector<std::pair<double, double>> means;
        for (const auto& [point, entry] : by_point)
          means.emplace_back(entry.first, entry.second.first / static_cast<double>(entry.second.second));
        std::sort(means.begin(), means.end());
        LineSeries mean;
        mean.colour = points.colour;
        mean.label = lines_per_group ? (label.empty() ? "mean over replicates" : "mean: " + label) : "";
        mean.line = lines_per_group;
        mean.markers = !lines_per_group;
        for (const auto& [xv, yv] : means) {
          mean.x.push_back(xv);
          mean.y.push_back(yv);
        }
        spec.lines.push_back(std::move(points));
        spec.lines.push_back(std::move(mean));
      }
      if (!lines_per_group) spec.note = fmt::format("{} combinations of the other parameters", groups.size());
      spec.legend = lines_per_group ? emptier_upper_corner(spec) : LegendPosition::none;
      if (lines_per_group) add_legend_headroom(spec);
      plots.push_back(std::move(plot));
    }
  }
  return plots;
}

std::vector<fs::path> write_sweep_plots(const SweepSummary& summary, const fs::path& plots_dir) {
  const std::vector<SweepPlot> plots = sweep_plots(summary);
  std::vector<fs::path> written;
  std::set<fs::path> names;
  if (!plots.empty()) fs::create_directories(plots_dir);
  for (const SweepPlot& plot : plots) {
    io::ImageMetadata metadata;
    metadata.title = plot.spec.title;
    metadata.quantity = "plot";
    metadata.provenance = {{"software", std::string(build_info::software) + " collect"},
                           {"version", std::string(build_info::version)},
                           {"git_commit", std::string(build_info::git_commit)}};
    const fs::path file = plots_dir / (plot.name + ".png");
    io::write_rgb_png(file, render_plot(plot.spec), metadata);
    written.push_back(file);
    names.insert(file.filename());
  }
  // A quantity or parameter that is gone (an earlier collection of another plan) leaves no plot.
  if (fs::is_directory(plots_dir)) {
    for (const auto& entry : fs::directory_iterator(plots_dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".png" && name.find("_vs_") != std::string::npos &&
          names.count(entry.path().filename()) == 0)
        fs::remove(entry.path());
    }
  }
  return written;
}

}  // namespace voidsim::app
