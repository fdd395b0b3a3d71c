#include "validation/validation_plots.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "validation/snapshot_comparison.hpp"

namespace voidsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

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
    for (double v : runs[r].series(q)) line.y.push_back(v * quantity_display_scale(q));
    spec.lines.push_back(std::move(line));
  }
}

// Measured points with one-sigma bars (a bar is a two-point segment; NaN breaks the polyline).
void add_measured(PlotSpec& spec, const MeasuredTimeSeries& m) {
  const double s = quantity_display_scale(m.quantity);
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
  const double s = quantity_display_scale(o.quantity);
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

// Fraction of voids per common size bin, from a distribution's CDF (samples or bins alike).
std::vector<double> bin_fractions(const SizeDistribution& d, const std::vector<double>& edges) {
  std::vector<double> f;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i)
    f.push_back(d.cdf(edges[i + 1], true) - d.cdf(edges[i], true));
  return f;
}

// Measured and simulated void sizes overlaid, as fractions of each side's voids per bin.
ValidationPlot size_plot(const MeasuredSizeDistribution& m, const CheckResult& c, const std::string& title) {
  const SizeDistribution measured = measured_distribution(m);
  const SizeDistribution simulated = SizeDistribution::from_samples(c.simulated_sample);
  double lo = m.min_diameter.value_or(0.0), hi = 0.0;
  for (const SizeDistribution* d : {static_cast<const SizeDistribution*>(&measured), &simulated}) {
    const std::vector<double> x = d->breakpoints();
    if (!x.empty()) hi = std::max(hi, x.back());
  }
  ValidationPlot plot;
  plot.name = "sizes_" + m.id;
  plot.spec.title = title;
  plot.spec.x_axis.title = "equivalent diameter (nm)";
  plot.spec.y_axis.title = "fraction of voids";
  plot.spec.y_axis.include_zero = true;
  if (hi > lo) {
    // About 12 bins of a 1-2-5 width over the joint range (nm).
    const double step = nice_step((hi - lo) * 1e9, 12);
    std::vector<double> edges_nm;
    for (double e = std::floor(lo * 1e9 / step) * step; e < hi * 1e9 + step; e += step) edges_nm.push_back(e);
    std::vector<double> edges;
    for (double e : edges_nm) edges.push_back(e * 1e-9);
    if (!measured.empty())
      plot.spec.histograms.push_back(
          {"measured: " + m.id, edges_nm, bin_fractions(measured, edges), measured_colour, false});
    if (!simulated.empty())
      plot.spec.histograms.push_back({"simulated (" + std::to_string(c.simulated_sample.size()) + " voids)",
                                      edges_nm, bin_fractions(simulated, edges), series_colour(0), true});
  } else {
    plot.spec.note = "no voids";
  }
  plot.caption = "Void sizes of " + m.id +
                 ": simulated (filled, pooled over the runs) and measured (outline), " +
                 "each as a fraction of its voids. " + c.simulated;
  return plot;
}

// A depth profile: the ensemble mean of the runs with markers, measured bins with one-sigma bars.
ValidationPlot profile_plot(const MeasuredDepthProfile& m, const CheckResult& c, const std::string& title) {
  ValidationPlot plot;
  plot.name = "depth_" + m.id;
  plot.spec.title = title;
  plot.spec.x_axis.title = "depth below the interface (nm)";
  plot.spec.x_axis.include_zero = true;
  plot.spec.y_axis.title = "void area fraction";
  plot.spec.y_axis.include_zero = true;
  LineSeries sim{"simulated (mean)", {}, {}, series_colour(0), true, true, 2};
  for (std::size_t i = 0; i < c.abscissa.size(); ++i) {
    sim.x.push_back(c.abscissa[i] * 1e9);
    sim.y.push_back(c.simulated_values[i]);
  }
  LineSeries points{"measured: " + m.id, {}, m.value, measured_colour, false, true, 2};
  LineSeries bars{"", {}, {}, measured_colour, true, false, 1};
  for (std::size_t i = 0; i < m.depth.size(); ++i) {
    points.x.push_back(m.depth[i] * 1e9);
    bars.x.insert(bars.x.end(), {m.depth[i] * 1e9, m.depth[i] * 1e9, nan});
    bars.y.insert(bars.y.end(), {m.value[i] - m.uncertainty[i], m.value[i] + m.uncertainty[i], nan});
  }
  plot.spec.lines = {std::move(sim), std::move(points), std::move(bars)};
  plot.caption = "Void area fraction vs depth (" + m.id +
                 "): simulated ensemble mean per measured bin, measured " + "with one-sigma bars. " +
                 c.simulated;
  return plot;
}

const CheckResult* check_named(const ValidationOutcome& outcome, const std::string& id) {
  for (const auto& c : outcome.checks)
    if (c.id == id) return &c;
  return nullptr;
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
    if (is_final_quantity(o.quantity)) continue;  // one value of the end state: no time axis
    if (is_event_quantity(o.quantity))
      has_events = true;
    else
      note(o.quantity);
  }
  for (const auto& m : dataset.time_series)
    if (m.experiment == outcome.experiment) note(m.quantity);
  if (has_events) note(ObservedQuantity::void_count);
  // No plot of a quantity no run tracks (the kmc defect counts of a phase-field run: its checks
  // are n/a), which would show the windows over an empty axis.
  std::erase_if(quantities, [&runs](ObservedQuantity q) {
    return std::none_of(runs.begin(), runs.end(),
                        [q](const RunRecord& run) { return run.series(q).size() == run.time.size(); });
  });

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
  for (const auto& m : dataset.size_distributions) {
    const CheckResult* c = check_named(outcome, m.id);
    if (m.experiment == outcome.experiment && c) plots.push_back(size_plot(m, *c, "void sizes, " + m.id));
  }
  for (const auto& m : dataset.depth_profiles) {
    const CheckResult* c = check_named(outcome, m.id);
    if (m.experiment == outcome.experiment && c)
      plots.push_back(profile_plot(m, *c, "depth profile, " + m.id));
  }
  return plots;
}

}  // namespace voidsim
