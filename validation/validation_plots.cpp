#include "validation/validation_plots.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace voidsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double display_scale(ObservedQuantity q) { return std::string(quantity_display_unit(q)) == "nm" ? 1e9 : 1.0; }

std::string axis_title(ObservedQuantity q) {
  const std::string unit = quantity_display_unit(q);
  return std::string(quantity_name(q)) + (unit.empty() ? "" : " (" + unit + ")");
}

const Colour measured_colour = {0.0f, 0.0f, 0.0f};
const Colour window_colour = {0.84f, 0.37f, 0.0f};

// The runs' curves, one line per run (the ensemble's spread is visible as it is).
void add_runs(PlotSpec& spec, const std::vector<RunRecord>& runs, ObservedQuantity q) {
  for (std::size_t r = 0; r < runs.size(); ++r) {
    LineSeries line;
    line.label = runs.size() == 1 ? "simulated" : (r == 0 ? "simulated (each seed)" : "");
    line.colour = series_colour(0);
    line.thickness = runs.size() == 1 ? 2 : 1;
    line.x = runs[r].time;
    for (double v : runs[r].series(q)) line.y.push_back(v * display_scale(q));
    spec.lines.push_back(std::move(line));
  }
}

// Measured points with one-sigma bars (a bar is a two-point segment; NaN breaks the polyline).
void add_measured(PlotSpec& spec, const MeasuredTimeSeries& m) {
  const double s = display_scale(m.quantity);
  LineSeries points{"measured: " + m.id, m.time, {}, measured_colour, false, true, 2};
  for (double v : m.value) points.y.push_back(v * s);
  LineSeries bars{"", {}, {}, measured_colour, true, false, 1};
  for (std::size_t i = 0; i < m.time.size(); ++i) {
    bars.x.insert(bars.x.end(), {m.time[i], m.time[i], nan});
    bars.y.insert(bars.y.end(),
                  {(m.value[i] - m.uncertainty[i]) * s, (m.value[i] + m.uncertainty[i]) * s, nan});
  }
  spec.lines.push_back(std::move(points));
  spec.lines.push_back(std::move(bars));
}

// An observation's bounds over the times it applies to; a time point gets a short tick.
void add_window(PlotSpec& spec, const Observation& o, double t_end) {
  const double s = display_scale(o.quantity);
  if (o.trend != Trend::none) return;  // a trend has no bounds to draw
  double t0 = 0.0, t1 = t_end;
  if (o.at || o.at_end) {
    const double t = o.at_end ? t_end : *o.at;
    t0 = t - 0.02 * t_end;
    t1 = t + 0.02 * t_end;
  } else {
    t0 = o.from.value_or(0.0);
    t1 = *o.to;
  }
  LineSeries bounds{"window: " + o.id, {}, {}, window_colour, true, false, 2};
  for (const auto& bound : {o.min, o.max}) {
    if (!bound) continue;
    bounds.x.insert(bounds.x.end(), {t0, t1, nan});
    bounds.y.insert(bounds.y.end(), {*bound * s, *bound * s, nan});
  }
  spec.lines.push_back(std::move(bounds));
}

PlotSpec base_spec(const std::string& title, ObservedQuantity q) {
  PlotSpec spec;
  spec.title = title;
  spec.x_axis.title = "time (s)";
  spec.x_axis.include_zero = true;
  spec.y_axis.title = axis_title(q);
  spec.y_axis.include_zero = true;
  spec.legend = LegendPosition::upper_left;
  return spec;
}

}  // namespace

std::vector<ValidationPlot> validation_plots(const MeasuredDataset& dataset,
                                             const std::vector<RunRecord>& runs,
                                             const ValidationOutcome& outcome) {
  std::vector<ValidationPlot> plots;
  if (runs.empty()) return plots;
  double t_end = 0.0;
  for (const auto& run : runs) t_end = std::max(t_end, run.time.back());

  // Series quantities in the order the checks name them.
  std::vector<ObservedQuantity> quantities;
  bool has_events = false;
  auto note = [&quantities](ObservedQuantity q) {
    if (std::find(quantities.begin(), quantities.end(), q) == quantities.end()) quantities.push_back(q);
  };
  for (const auto& o : dataset.observations) {
    if (o.experiment != outcome.experiment) continue;
    if (is_event_quantity(o.quantity))
      has_events = true;
    else
      note(o.quantity);
  }
  for (const auto& m : dataset.time_series)
    if (m.experiment == outcome.experiment) note(m.quantity);
  if (has_events) note(ObservedQuantity::void_count);

  for (ObservedQuantity q : quantities) {
    ValidationPlot plot;
    plot.name = quantity_name(q);
    plot.spec = base_spec(std::string(quantity_name(q)) + ": " + dataset.name + ", " + outcome.experiment, q);
    add_runs(plot.spec, runs, q);
    for (const auto& m : dataset.time_series)
      if (m.experiment == outcome.experiment && m.quantity == q) add_measured(plot.spec, m);
    for (const auto& o : dataset.observations) {
      if (o.experiment != outcome.experiment) continue;
      if (o.quantity == q) add_window(plot.spec, o, t_end);
      // Event windows on the void count: vertical lines at their bounds.
      if (q == ObservedQuantity::void_count && is_event_quantity(o.quantity)) {
        if (o.min) plot.spec.reference_lines.push_back({o.id + " min", *o.min, window_colour});
        if (o.max) plot.spec.reference_lines.push_back({o.id + " max", *o.max, window_colour});
      }
    }
    plot.caption = "Simulated " + std::string(quantity_name(q)) + " vs time" +
                   (runs.size() > 1 ? " (one line per seed)" : "") +
                   "; orange: the windows the observations set; black: measured points with one-sigma bars.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

}  // namespace voidsim
