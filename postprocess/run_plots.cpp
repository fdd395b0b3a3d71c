#include "postprocess/run_plots.hpp"

#include <algorithm>
#include <cmath>

#include "postprocess/plot_rendering.hpp"

namespace voidsim {

namespace {

std::string titled(const RunPlotData& data, const std::string& what) {
  return data.title.empty() ? what : data.title + ": " + what;
}

std::vector<double> scaled(const std::vector<double>& values, double factor) {
  std::vector<double> out(values.size());
  std::transform(values.begin(), values.end(), out.begin(), [factor](double v) { return v * factor; });
  return out;
}

bool any_positive(const std::vector<double>& values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return v > 0.0; });
}

RgbImage porosity_curve(const RunPlotData& data) {
  PlotSpec spec;
  spec.title = titled(data, "porosity");
  spec.x_axis.title = "time (s)";
  spec.y_axis.title = "void area fraction (%)";
  spec.y_axis.include_zero = true;
  LineSeries s;
  s.label = "void area fraction";
  s.x = data.time_s;
  s.y = scaled(data.void_area_fraction, 100.0);
  s.markers = data.time_s.size() <= 40;
  spec.lines.push_back(std::move(s));
  spec.legend = LegendPosition::upper_left;
  if (data.time_s.empty()) {
    spec.legend = LegendPosition::none;
    spec.note = "no data";
  } else if (!any_positive(data.void_area_fraction))
    spec.note = "no voids";
  return render_plot(spec);
}

RgbImage current_plot(const RunPlotData& data) {
  PlotSpec spec;
  spec.title = titled(data, "current");
  spec.x_axis.title = "time (s)";
  double max_abs = 0.0, min_positive = 0.0;
  bool all_positive = !data.current_A.empty();
  for (double i : data.current_A) {
    if (!std::isfinite(i)) continue;
    max_abs = std::max(max_abs, std::abs(i));
    if (i > 0.0) min_positive = min_positive > 0.0 ? std::min(min_positive, i) : i;
    all_positive = all_positive && i > 0.0;
  }
  const ScaledUnit unit = current_unit(max_abs);
  spec.y_axis.title = "current (" + unit.unit + ")";
  // The current of a biasing run decays by orders of magnitude after the first seconds; a log
  // axis shows both the initial spike and the steady value.
  spec.y_axis.log = all_positive && min_positive > 0.0 && max_abs / min_positive > 100.0;
  if (!spec.y_axis.log) spec.y_axis.include_zero = true;
  LineSeries s;
  s.label = "current";
  s.x = data.time_s;
  s.y = scaled(data.current_A, unit.factor_from_si);
  s.markers = data.time_s.size() <= 40;
  spec.lines.push_back(std::move(s));
  if (data.time_s.empty()) {
    spec.legend = LegendPosition::none;
    spec.note = "no data";
  }
  return render_plot(spec);
}

RgbImage porosity_profile(const RunPlotData& data) {
  PlotSpec spec;
  spec.title = titled(data, "porosity profile");
  spec.x_axis.title = "depth below interface (nm)";
  spec.y_axis.title = "void fraction (%)";
  HistogramSeries h;
  h.label = "last output";
  const std::size_t n = std::min(data.profile_depth_nm.size(), data.profile_area_fraction.size());
  if (n > 0) {
    // Bin centres of equal width: edges half a width either side.
    const double width =
        n > 1 ? data.profile_depth_nm[1] - data.profile_depth_nm[0] : 2.0 * data.profile_depth_nm[0];
    for (std::size_t i = 0; i < n; ++i) h.edges.push_back(data.profile_depth_nm[i] - width / 2.0);
    h.edges.push_back(data.profile_depth_nm[n - 1] + width / 2.0);
    h.counts = scaled(
        std::vector<double>(data.profile_area_fraction.begin(), data.profile_area_fraction.begin() + n),
        100.0);
    spec.x_axis.min = h.edges.front();
    spec.x_axis.max = h.edges.back();
  }
  spec.histograms.push_back(std::move(h));
  if (!data.front_depth_nm.empty() && data.front_depth_nm.back() > 0.0)
    spec.reference_lines.push_back({"void front", data.front_depth_nm.back(), series_colour(1)});
  if (n == 0) {
    spec.x_axis.min = 0.0;
    spec.x_axis.max = 100.0;
    spec.legend = LegendPosition::none;
    spec.note = "no data";
  } else if (!any_positive(data.profile_area_fraction))
    spec.note = "no voids";
  return render_plot(spec);
}

RgbImage size_histogram(const RunPlotData& data) {
  PlotSpec spec;
  spec.title = titled(data, "void sizes");
  spec.x_axis.title = "equivalent diameter (nm)";
  spec.y_axis.title = "number of voids";
  HistogramSeries h = make_histogram(data.void_diameters_nm, 10);
  h.label = std::to_string(data.void_diameters_nm.size()) +
            (data.void_diameters_nm.size() == 1 ? " void" : " voids");
  spec.x_axis.min = h.edges.front();
  spec.x_axis.max = h.edges.back();
  // Counts are whole numbers: with few voids, keep the axis from showing fractional ticks.
  const double max_count = *std::max_element(h.counts.begin(), h.counts.end());
  spec.y_axis.max = std::max(5.0, std::ceil(max_count * 1.1));
  spec.histograms.push_back(std::move(h));
  if (data.void_diameters_nm.empty()) {
    spec.x_axis.max = 10.0;
    spec.note = "no voids";
    spec.legend = LegendPosition::none;
  }
  return render_plot(spec);
}

}  // namespace

ScaledUnit current_unit(double max_abs_A) {
  static const std::vector<std::pair<const char*, double>> prefixes{
      {"fA", 1e-15}, {"pA", 1e-12}, {"nA", 1e-9}, {"uA", 1e-6}, {"mA", 1e-3}, {"A", 1.0}};
  if (!(max_abs_A > 0.0) || !std::isfinite(max_abs_A)) return {"A", 1.0};
  auto chosen = prefixes.front();
  for (const auto& p : prefixes)
    if (max_abs_A >= p.second * (1.0 - 1e-12)) chosen = p;
  return {chosen.first, 1.0 / chosen.second};
}

std::map<std::string, RgbImage> render_run_plots(const RunPlotData& data) {
  std::map<std::string, RgbImage> plots;
  plots["porosity_curve"] = porosity_curve(data);
  plots["current"] = current_plot(data);
  plots["porosity_profile"] = porosity_profile(data);
  plots["size_histogram"] = size_histogram(data);
  return plots;
}

}  // namespace voidsim
