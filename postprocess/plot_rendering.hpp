#pragma once
// A small plot renderer with no dependencies beyond the built-in bitmap font
// (postprocess/raster_text.hpp): line plots and histograms with axes, "nice" 1-2-5 ticks, titles
// and a legend, drawn into an RgbImage, so every run gets the same PNG plots on every machine
// without matplotlib or gnuplot.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/image.hpp"

namespace voidsim {

using Colour = std::array<float, 3>;  // red, green, blue in 0..1

/// Colours of successive series (a colour-blind-safe qualitative palette, Okabe-Ito).
[[nodiscard]] Colour series_colour(std::size_t index) noexcept;

/// A polyline through (x[i], y[i]); non-finite points (and non-positive y on a log axis) break it.
struct LineSeries {
  std::string label;  // legend text; empty: not in the legend
  std::vector<double> x, y;
  Colour colour = series_colour(0);
  bool line = true;
  bool markers = false;
  int thickness = 2;  // px
};

/// A histogram: counts[i] over [edges[i], edges[i+1]); edges.size() == counts.size() + 1.
struct HistogramSeries {
  std::string label;
  std::vector<double> edges, counts;
  Colour colour = series_colour(0);
  bool bars = true;  // filled bars; false: a step outline
};

/// A vertical reference line at x (e.g. the void front depth).
struct ReferenceLine {
  std::string label;
  double x = 0.0;
  Colour colour = {0.3f, 0.3f, 0.3f};
};

struct PlotAxis {
  std::string title;
  bool log = false;                // logarithmic (values <= 0 are not drawn)
  std::optional<double> min, max;  // fixed limits; otherwise from the data with padding
  bool include_zero = false;       // automatic range reaches 0 (counts, fractions)
};

enum class LegendPosition { upper_right, upper_left, none };

struct PlotSpec {
  std::string title;
  PlotAxis x_axis, y_axis;
  std::vector<LineSeries> lines;
  std::vector<HistogramSeries> histograms;
  std::vector<ReferenceLine> reference_lines;
  std::string note;  // centred in the plot area, e.g. "no voids"
  LegendPosition legend = LegendPosition::upper_right;
  std::size_t width = 800, height = 560;  // px
  int text_scale = 2;                     // font pixels per glyph pixel
};

/// Tick positions with a step of 1, 2 or 5 times a power of ten, chosen so that about
/// `target_count` ticks fall in [low, high]; every returned tick lies inside it (within 1e-9 of the
/// step). Values within 1e-9 steps of zero are exactly 0.
[[nodiscard]] std::vector<double> nice_ticks(double low, double high, int target_count = 5);
/// The step nice_ticks uses: 1, 2 or 5 x 10^k closest above span / target_count.
[[nodiscard]] double nice_step(double span, int target_count = 5);
/// Ticks of a logarithmic axis: the decades in [low, high] (low > 0), plus 2 and 5 times them
/// when fewer than three decades are in range.
[[nodiscard]] std::vector<double> log_ticks(double low, double high);
/// Tick label text: fixed notation with as many decimals as the step needs, scientific ("2e-10")
/// for very small or large values.
[[nodiscard]] std::string format_tick(double value, double step);

/// One axis after layout: its limits and ticks.
struct AxisRange {
  double min = 0.0, max = 1.0;
  bool log = false;
  std::vector<double> ticks;
};

/// The data-to-pixel mapping of a laid-out plot. The plot area spans columns [left, right] and
/// rows [top, bottom] (inclusive): x = min maps to `left`, x = max to `right`; y = min maps to
/// `bottom`, y = max to `top` (linearly, or linearly in log10 for a log axis).
struct PlotFrame {
  std::size_t left = 0, right = 0, top = 0, bottom = 0;
  AxisRange x, y;

  [[nodiscard]] double column(double x_value) const noexcept;
  [[nodiscard]] double row(double y_value) const noexcept;
};

/// Ranges, ticks and plot area of `spec` (what render_plot draws into).
[[nodiscard]] PlotFrame layout_plot(const PlotSpec& spec);

/// Renders the plot: white background, grid at the ticks, data, axes, labels, legend.
[[nodiscard]] RgbImage render_plot(const PlotSpec& spec);

/// Equal-width bins from 0 (or the smallest value, if negative) to past the largest value, with
/// a nice width (1-2-5) giving about `target_bins` bins; counts of `values` per bin. Empty values:
/// one bin [0, 1) with count 0.
[[nodiscard]] HistogramSeries make_histogram(const std::vector<double>& values, int target_bins = 10);

}  // namespace voidsim
