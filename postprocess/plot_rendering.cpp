#include "postprocess/plot_rendering.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>

#include "postprocess/raster_text.hpp"

namespace voidsim {

namespace {

constexpr double relative_slack = 1e-9;  // of a step: ticks and bin edges that differ by round-off
constexpr Colour black = {0.0f, 0.0f, 0.0f};
constexpr Colour grid_grey = {0.88f, 0.88f, 0.88f};
constexpr Colour note_grey = {0.45f, 0.45f, 0.45f};

void set_rgb(RgbImage& image, std::size_t row, std::size_t col, const Colour& colour) {
  image.red.at(row, col) = colour[0];
  image.green.at(row, col) = colour[1];
  image.blue.at(row, col) = colour[2];
}

void text_rgb(RgbImage& image, std::size_t row, std::size_t col, std::string_view text, const Colour& colour,
              int scale) {
  draw_text(image.red, row, col, text, colour[0], scale);
  draw_text(image.green, row, col, text, colour[1], scale);
  draw_text(image.blue, row, col, text, colour[2], scale);
}

void rectangle_rgb(RgbImage& image, std::size_t row0, std::size_t col0, std::size_t row1, std::size_t col1,
                   const Colour& colour) {
  fill_rectangle(image.red, row0, col0, row1, col1, colour[0]);
  fill_rectangle(image.green, row0, col0, row1, col1, colour[1]);
  fill_rectangle(image.blue, row0, col0, row1, col1, colour[2]);
}

void line_rgb(RgbImage& image, double row0, double col0, double row1, double col1, const Colour& colour,
              int thickness) {
  draw_line(image.red, row0, col0, row1, col1, colour[0], thickness);
  draw_line(image.green, row0, col0, row1, col1, colour[1], thickness);
  draw_line(image.blue, row0, col0, row1, col1, colour[2], thickness);
}

/// Text rotated a quarter turn counter-clockwise (reading upwards), its bounding box's
/// bottom-left corner at (bottom_row, left_col): the y-axis title.
void vertical_text_rgb(RgbImage& image, std::size_t bottom_row, std::size_t left_col, std::string_view text,
                       const Colour& colour, int scale) {
  const std::size_t w = text_width(text, scale), h = glyph_height * static_cast<std::size_t>(scale);
  Image upright(w, h, 0.0, 0.0f);
  draw_text(upright, 0, 0, text, 1.0f, scale);
  for (std::size_t r = 0; r < h; ++r)
    for (std::size_t c = 0; c < w; ++c) {
      if (upright.at(r, c) < 0.5f || c > bottom_row) continue;
      const std::size_t row = bottom_row - c, col = left_col + r;
      if (row < image.red.height && col < image.red.width) set_rgb(image, row, col, colour);
    }
}

/// Paints `colour` where `layer` was drawn, inside the plot area only (data is clipped there).
void composite(RgbImage& image, const Image& layer, const Colour& colour, const PlotFrame& frame) {
  for (std::size_t r = frame.top; r <= frame.bottom; ++r)
    for (std::size_t c = frame.left; c <= frame.right; ++c)
      if (layer.at(r, c) > 0.5f) set_rgb(image, r, c, colour);
}

void disc(Image& layer, double row, double col, double radius) {
  const auto r0 = static_cast<long long>(std::floor(row - radius)),
             r1 = static_cast<long long>(std::ceil(row + radius));
  const auto c0 = static_cast<long long>(std::floor(col - radius)),
             c1 = static_cast<long long>(std::ceil(col + radius));
  for (long long r = std::max(r0, 0LL); r <= r1 && r < static_cast<long long>(layer.height); ++r)
    for (long long c = std::max(c0, 0LL); c <= c1 && c < static_cast<long long>(layer.width); ++c) {
      const double dr = static_cast<double>(r) - row, dc = static_cast<double>(c) - col;
      if (dr * dr + dc * dc <= radius * radius + 0.25)
        layer.at(static_cast<std::size_t>(r), static_cast<std::size_t>(c)) = 1.0f;
    }
}

bool drawable(double x, double y, const PlotFrame& frame) {
  return std::isfinite(x) && std::isfinite(y) && (!frame.x.log || x > 0.0) && (!frame.y.log || y > 0.0);
}

/// Extent of the data along one axis, skipping what that axis cannot show.
struct Extent {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v, bool log) {
    if (!std::isfinite(v) || (log && v <= 0.0)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  [[nodiscard]] bool empty() const { return !(low <= high); }
};

// `zero_on_axis`: bars stand on zero, so a range reaching zero ends there instead of being padded.
AxisRange automatic_range(Extent extent, const PlotAxis& axis, int target_ticks, bool zero_on_axis) {
  AxisRange range;
  range.log = axis.log;
  if (axis.log) {
    double lo = extent.empty() ? 1.0 : std::log10(extent.low),
           hi = extent.empty() ? 10.0 : std::log10(extent.high);
    if (extent.empty()) lo = 0.0, hi = 1.0;
    if (hi - lo <= 0.0) lo -= 0.5, hi += 0.5;
    const double pad = 0.05 * (hi - lo);
    range.min = std::pow(10.0, lo - pad);
    range.max = std::pow(10.0, hi + pad);
  } else {
    if (extent.empty()) extent.low = 0.0, extent.high = 1.0;
    if (axis.include_zero) extent.add(0.0, false);
    double lo = extent.low, hi = extent.high;
    if (hi - lo <= 0.0 && hi == 0.0 && axis.include_zero) {
      hi = 1.0;
    } else if (hi - lo <= 0.0) {
      const double half = std::abs(hi) > 0.0 ? 0.1 * std::abs(hi) : 0.5;
      lo -= half, hi += half;
    } else {
      // 5 % padding keeps lines off the frame.
      const double pad = 0.05 * (hi - lo);
      lo = zero_on_axis && extent.low == 0.0 ? 0.0 : lo - pad;
      hi = zero_on_axis && extent.high == 0.0 ? 0.0 : hi + pad;
    }
    range.min = lo;
    range.max = hi;
  }
  if (axis.min) range.min = *axis.min;
  if (axis.max) range.max = *axis.max;
  if (!(range.max > range.min)) range.max = range.min + (range.log ? range.min * 10.0 : 1.0);
  range.ticks = range.log ? log_ticks(range.min, range.max) : nice_ticks(range.min, range.max, target_ticks);
  return range;
}

/// Step used to format the labels of an axis: the tick spacing (or the tick itself on a log axis).
double label_step(const AxisRange& range, std::size_t i) {
  if (range.log) return range.ticks[i];
  return range.ticks.size() > 1 ? range.ticks[1] - range.ticks[0] : std::abs(range.max - range.min);
}

std::vector<std::string> tick_labels(const AxisRange& range) {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < range.ticks.size(); ++i)
    labels.push_back(format_tick(range.ticks[i], label_step(range, i)));
  return labels;
}

struct Metrics {
  int scale;
  std::size_t char_height, pad, tick_length;
};

Metrics metrics(const PlotSpec& spec) {
  const int s = std::max(spec.text_scale, 1);
  const auto us = static_cast<std::size_t>(s);
  return {s, glyph_height * us, 4 * us, 3 * us};
}

}  // namespace

Colour series_colour(std::size_t index) noexcept {
  // Okabe & Ito (2008): blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow.
  static constexpr std::array<Colour, 7> palette{{{0.0f, 0.447f, 0.698f},
                                                  {0.835f, 0.369f, 0.0f},
                                                  {0.0f, 0.620f, 0.451f},
                                                  {0.902f, 0.624f, 0.0f},
                                                  {0.800f, 0.475f, 0.655f},
                                                  {0.337f, 0.706f, 0.914f},
                                                  {0.941f, 0.894f, 0.259f}}};
  return palette[index % palette.size()];
}

double nice_step(double span, int target_count) {
  if (!(span > 0.0) || !std::isfinite(span)) return 1.0;
  const double raw = span / std::max(target_count, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double nice = f <= 1.0 + relative_slack   ? 1.0
                      : f <= 2.0 + relative_slack ? 2.0
                      : f <= 5.0 + relative_slack ? 5.0
                                                  : 10.0;
  return nice * magnitude;
}

std::vector<double> nice_ticks(double low, double high, int target_count) {
  std::vector<double> ticks;
  if (!std::isfinite(low) || !std::isfinite(high) || high < low) return ticks;
  if (high == low) return {low};
  const double step = nice_step(high - low, target_count);
  const double first = std::ceil(low / step - relative_slack);
  for (double k = first; k * step <= high + relative_slack * step; k += 1.0) {
    const double t = k * step;
    ticks.push_back(std::abs(t) < relative_slack * step ? 0.0 : t);
  }
  return ticks;
}

std::vector<double> log_ticks(double low, double high) {
  std::vector<double> ticks;
  if (!(low > 0.0) || !(high > low)) return ticks;
  const double k_low = std::floor(std::log10(low)), k_high = std::floor(std::log10(high) + relative_slack);
  auto in_range = [&](double v) {
    return v >= low * (1 - relative_slack) && v <= high * (1 + relative_slack);
  };
  for (double k = k_low; k <= k_high; k += 1.0)
    if (in_range(std::pow(10.0, k))) ticks.push_back(std::pow(10.0, k));
  if (ticks.size() >= 3) return ticks;
  ticks.clear();
  for (double k = k_low; k <= k_high; k += 1.0)
    for (double m : {1.0, 2.0, 5.0})
      if (in_range(m * std::pow(10.0, k))) ticks.push_back(m * std::pow(10.0, k));
  if (ticks.size() >= 2) return ticks;
  return nice_ticks(low, high, 3);
}

std::string format_tick(double value, double step) {
  if (value == 0.0 || !std::isfinite(value)) return value == 0.0 ? "0" : "nan";
  step = std::abs(step) > 0.0 ? std::abs(step) : std::abs(value);
  char buffer[64];
  if (step >= 1e-4 && std::abs(value) < 1e6) {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - relative_slack)));
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
  }
  const int digits = std::max(0, static_cast<int>(std::floor(std::log10(std::abs(value)) + relative_slack) -
                                                  std::floor(std::log10(step) + relative_slack)));
  std::snprintf(buffer, sizeof buffer, "%.*e", digits, value);
  // "2.5e-07" -> "2.5e-7", "1e+06" -> "1e6": shorter labels, same meaning.
  std::string text = buffer;
  const auto e = text.find('e');
  std::string exponent = text.substr(e + 1);
  const bool negative = exponent[0] == '-';
  exponent.erase(0, 1);
  exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
  return text.substr(0, e) + "e" + (negative ? "-" : "") + exponent;
}

double PlotFrame::column(double x_value) const noexcept {
  const auto t = [&](double v) { return x.log ? std::log10(v) : v; };
  return static_cast<double>(left) +
         (t(x_value) - t(x.min)) / (t(x.max) - t(x.min)) * static_cast<double>(right - left);
}

double PlotFrame::row(double y_value) const noexcept {
  const auto t = [&](double v) { return y.log ? std::log10(v) : v; };
  return static_cast<double>(bottom) -
         (t(y_value) - t(y.min)) / (t(y.max) - t(y.min)) * static_cast<double>(bottom - top);
}

PlotFrame layout_plot(const PlotSpec& spec) {
  Extent x_extent, y_extent;
  for (const auto& s : spec.lines)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      x_extent.add(s.x[i], spec.x_axis.log);
      y_extent.add(s.y[i], spec.y_axis.log);
    }
  for (const auto& h : spec.histograms) {
    for (double e : h.edges) x_extent.add(e, spec.x_axis.log);
    for (double c : h.counts) y_extent.add(c, spec.y_axis.log);
  }
  for (const auto& r : spec.reference_lines) x_extent.add(r.x, spec.x_axis.log);
  // Bars stand on zero: a linear count axis shows it.
  PlotAxis y_axis = spec.y_axis;
  if (!spec.histograms.empty() && !y_axis.log) y_axis.include_zero = true;

  PlotFrame frame;
  frame.x = automatic_range(x_extent, spec.x_axis, 6, false);
  frame.y = automatic_range(y_extent, y_axis, 5, !spec.histograms.empty());

  const Metrics m = metrics(spec);
  std::size_t widest_y_label = 0;
  for (const auto& label : tick_labels(frame.y))
    widest_y_label = std::max(widest_y_label, text_width(label, m.scale));
  std::size_t widest_x_label = 0;
  for (const auto& label : tick_labels(frame.x))
    widest_x_label = std::max(widest_x_label, text_width(label, m.scale));

  const std::size_t top = spec.title.empty() ? 3 * m.pad : m.char_height + 4 * m.pad;
  const std::size_t left = m.pad + (spec.y_axis.title.empty() ? 0 : m.char_height + 2 * m.pad) +
                           widest_y_label + m.pad + m.tick_length;
  const std::size_t bottom_margin = m.tick_length + m.pad + m.char_height +
                                    (spec.x_axis.title.empty() ? 0 : 2 * m.pad + m.char_height) + 2 * m.pad;
  const std::size_t right_margin = std::max(widest_x_label / 2 + m.pad, 4 * m.pad);
  frame.left = left;
  frame.top = top;
  frame.right = spec.width > left + right_margin + 10 ? spec.width - 1 - right_margin : left + 10;
  frame.bottom = spec.height > top + bottom_margin + 10 ? spec.height - 1 - bottom_margin : top + 10;
  return frame;
}

RgbImage render_plot(const PlotSpec& spec) {
  const PlotFrame frame = layout_plot(spec);
  const Metrics m = metrics(spec);
  const std::size_t width = std::max(spec.width, frame.right + 1),
                    height = std::max(spec.height, frame.bottom + 1);
  RgbImage image(width, height, 0.0, 1.0f);
  const auto top = static_cast<double>(frame.top), bottom = static_cast<double>(frame.bottom);
  const auto left = static_cast<double>(frame.left), right = static_cast<double>(frame.right);

  // Grid at the ticks, under the data.
  for (double t : frame.x.ticks) line_rgb(image, top, frame.column(t), bottom, frame.column(t), grid_grey, 1);
  for (double t : frame.y.ticks) line_rgb(image, frame.row(t), left, frame.row(t), right, grid_grey, 1);

  Image layer(width, height, 0.0, 0.0f);
  auto clear = [&] { std::fill(layer.pixels.begin(), layer.pixels.end(), 0.0f); };

  // Histograms: bars from the baseline (0, or the bottom of a log axis) to the count.
  const double baseline = frame.y.log ? frame.y.min : std::clamp(0.0, frame.y.min, frame.y.max);
  for (const auto& h : spec.histograms) {
    clear();
    Image outline(width, height, 0.0, 0.0f);
    const std::size_t n = std::min(h.counts.size(), h.edges.empty() ? 0 : h.edges.size() - 1);
    double previous_row = frame.row(baseline);
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(h.edges[i]) || !std::isfinite(h.edges[i + 1]) || !std::isfinite(h.counts[i]))
        continue;
      if (frame.x.log && !(h.edges[i] > 0.0)) continue;
      const double c0 = frame.column(h.edges[i]), c1 = frame.column(h.edges[i + 1]);
      const double count_row =
          h.counts[i] > 0.0 || !frame.y.log ? frame.row(h.counts[i]) : frame.row(baseline);
      const double r_top = std::clamp(std::min(count_row, frame.row(baseline)), top, bottom);
      const double r_bottom = std::clamp(std::max(count_row, frame.row(baseline)), top, bottom);
      const double cl = std::clamp(c0, left, right), cr = std::clamp(c1, left, right);
      if (h.bars && h.counts[i] != 0.0) {
        fill_rectangle(layer, static_cast<std::size_t>(std::lround(r_top)),
                       static_cast<std::size_t>(std::lround(cl)),
                       static_cast<std::size_t>(std::lround(r_bottom)) + 1,
                       static_cast<std::size_t>(std::lround(cr)) + 1, 1.0f);
        draw_line(outline, r_top, cl, r_top, cr, 1.0f);
        draw_line(outline, r_top, cl, r_bottom, cl, 1.0f);
        draw_line(outline, r_top, cr, r_bottom, cr, 1.0f);
      } else if (!h.bars) {
        draw_line(layer, previous_row, c0, count_row, c0, 1.0f, 2);
        draw_line(layer, count_row, c0, count_row, c1, 1.0f, 2);
        previous_row = count_row;
        if (i + 1 == n) draw_line(layer, count_row, c1, frame.row(baseline), c1, 1.0f, 2);
      }
    }
    composite(image, layer, h.colour, frame);
    if (h.bars) composite(image, outline, black, frame);
  }

  for (const auto& s : spec.lines) {
    clear();
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!drawable(s.x[i], s.y[i], frame)) continue;
      const double r = frame.row(s.y[i]), c = frame.column(s.x[i]);
      if (s.line && i + 1 < n && drawable(s.x[i + 1], s.y[i + 1], frame))
        draw_line(layer, r, c, frame.row(s.y[i + 1]), frame.column(s.x[i + 1]), 1.0f, s.thickness);
      if (s.markers) disc(layer, r, c, 1.5 + m.scale);
      // A lone point of a line-only series would vanish; show it as a dot.
      if (s.line && !s.markers && (i == 0 || !drawable(s.x[i - 1], s.y[i - 1], frame)) &&
          (i + 1 == n || !drawable(s.x[i + 1], s.y[i + 1], frame)))
        disc(layer, r, c, 1.0 + m.scale);
    }
    composite(image, layer, s.colour, frame);
  }

  for (const auto& ref : spec.reference_lines) {
    if (!drawable(ref.x, frame.y.log ? frame.y.min : 0.0, frame) && frame.x.log) continue;
    clear();
    const double c = frame.column(ref.x);
    const double dash = 6.0 * m.scale, gap = 4.0 * m.scale;
    for (double r = top; r < bottom; r += dash + gap)
      draw_line(layer, r, c, std::min(r + dash, bottom), c, 1.0f, 2);
    composite(image, layer, ref.colour, frame);
  }

  // Frame, ticks and their labels.
  line_rgb(image, top, left, top, right, black, 1);
  line_rgb(image, bottom, left, bottom, right, black, 1);
  line_rgb(image, top, left, bottom, left, black, 1);
  line_rgb(image, top, right, bottom, right, black, 1);
  const auto tick = static_cast<double>(m.tick_length);
  const auto x_labels = tick_labels(frame.x), y_labels = tick_labels(frame.y);
  const std::size_t x_label_row = frame.bottom + m.tick_length + m.pad;
  for (std::size_t i = 0; i < frame.x.ticks.size(); ++i) {
    const double c = frame.column(frame.x.ticks[i]);
    line_rgb(image, bottom, c, bottom + tick, c, black, 1);
    const std::size_t w = text_width(x_labels[i], m.scale);
    const double col =
        std::clamp(c - static_cast<double>(w) / 2.0, 0.0, static_cast<double>(width - std::min(w, width)));
    text_rgb(image, x_label_row, static_cast<std::size_t>(std::lround(col)), x_labels[i], black, m.scale);
  }
  for (std::size_t i = 0; i < frame.y.ticks.size(); ++i) {
    const double r = frame.row(frame.y.ticks[i]);
    line_rgb(image, r, left - tick, r, left, black, 1);
    const std::size_t w = text_width(y_labels[i], m.scale);
    const double row = std::max(0.0, r - static_cast<double>(m.char_height) / 2.0);
    const double col = std::max(0.0, left - tick - static_cast<double>(m.pad + w));
    text_rgb(image, static_cast<std::size_t>(std::lround(row)), static_cast<std::size_t>(std::lround(col)),
             y_labels[i], black, m.scale);
  }

  // Titles.
  auto centred = [&](double centre, std::size_t w) {
    return static_cast<std::size_t>(std::lround(std::max(0.0, centre - static_cast<double>(w) / 2.0)));
  };
  if (!spec.x_axis.title.empty()) {
    const std::size_t w = text_width(spec.x_axis.title, m.scale);
    text_rgb(image, x_label_row + m.char_height + 2 * m.pad, centred((left + right) / 2.0, w),
             spec.x_axis.title, black, m.scale);
  }
  if (!spec.y_axis.title.empty()) {
    const std::size_t w = text_width(spec.y_axis.title, m.scale);
    const double centre = (top + bottom) / 2.0;
    const auto bottom_row = static_cast<std::size_t>(
        std::lround(std::min(centre + static_cast<double>(w) / 2.0, static_cast<double>(height - 1))));
    vertical_text_rgb(image, bottom_row, m.pad, spec.y_axis.title, black, m.scale);
  }
  if (!spec.title.empty()) {
    const std::size_t w = text_width(spec.title, m.scale);
    text_rgb(image, 2 * m.pad, centred(static_cast<double>(width) / 2.0, w), spec.title, black, m.scale);
  }
  if (!spec.note.empty()) {
    const std::size_t w = text_width(spec.note, m.scale);
    text_rgb(image, static_cast<std::size_t>(std::lround((top + bottom) / 2.0)) - m.char_height / 2,
             centred((left + right) / 2.0, w), spec.note, note_grey, m.scale);
  }

  // Legend: a framed box of swatches and labels inside the plot area.
  struct Entry {
    std::string label;
    Colour colour;
    int kind;  // 0 line, 1 line with markers, 2 markers, 3 bar, 4 dashed
  };
  std::vector<Entry> entries;
  for (const auto& s : spec.lines)
    if (!s.label.empty()) entries.push_back({s.label, s.colour, s.line ? (s.markers ? 1 : 0) : 2});
  for (const auto& h : spec.histograms)
    if (!h.label.empty()) entries.push_back({h.label, h.colour, h.bars ? 3 : 0});
  for (const auto& r : spec.reference_lines)
    if (!r.label.empty()) entries.push_back({r.label, r.colour, 4});
  if (spec.legend != LegendPosition::none && !entries.empty()) {
    std::size_t widest = 0;
    for (const auto& e : entries) widest = std::max(widest, text_width(e.label, m.scale));
    const std::size_t swatch = 8 * m.pad, line_height = m.char_height + 2 * m.pad;
    const std::size_t box_w = 3 * m.pad + swatch + widest, box_h = entries.size() * line_height + m.pad;
    const std::size_t box_left =
        spec.legend == LegendPosition::upper_left
            ? frame.left + m.pad
            : (frame.right > box_w + m.pad ? frame.right - m.pad - box_w : frame.left);
    const std::size_t box_top = frame.top + m.pad;
    rectangle_rgb(image, box_top, box_left, box_top + box_h, box_left + box_w, {1.0f, 1.0f, 1.0f});
    const auto bt = static_cast<double>(box_top), bl = static_cast<double>(box_left);
    const auto bb = static_cast<double>(box_top + box_h), br = static_cast<double>(box_left + box_w);
    line_rgb(image, bt, bl, bt, br, black, 1);
    line_rgb(image, bb, bl, bb, br, black, 1);
    line_rgb(image, bt, bl, bb, bl, black, 1);
    line_rgb(image, bt, br, bb, br, black, 1);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      const std::size_t row = box_top + m.pad + i * line_height;
      const double middle = static_cast<double>(row + m.char_height / 2);
      const double s0 = static_cast<double>(box_left + m.pad),
                   s1 = static_cast<double>(box_left + m.pad + swatch);
      if (e.kind == 3) {
        rectangle_rgb(image, row, box_left + m.pad, row + m.char_height, box_left + m.pad + swatch, e.colour);
      } else if (e.kind == 4) {
        line_rgb(image, middle, s0, middle, s0 + swatch / 3.0, e.colour, 2);
        line_rgb(image, middle, s0 + 2 * swatch / 3.0, middle, s1, e.colour, 2);
      } else {
        if (e.kind != 2) line_rgb(image, middle, s0, middle, s1, e.colour, 2);
        if (e.kind != 0) {
          Image dot(width, height, 0.0, 0.0f);
          disc(dot, middle, (s0 + s1) / 2.0, 1.5 + m.scale);
          for (std::size_t r = row; r < row + m.char_height; ++r)
            for (std::size_t c = box_left; c < box_left + box_w; ++c)
              if (dot.at(r, c) > 0.5f) set_rgb(image, r, c, e.colour);
        }
      }
      text_rgb(image, row, box_left + 2 * m.pad + swatch, e.label, black, m.scale);
    }
  }
  return image;
}

HistogramSeries make_histogram(const std::vector<double>& values, int target_bins) {
  HistogramSeries h;
  Extent extent;
  for (double v : values) extent.add(v, false);
  if (extent.empty()) {
    h.edges = {0.0, 1.0};
    h.counts = {0.0};
    return h;
  }
  const double low = std::min(0.0, extent.low);
  const double high = extent.high > low ? extent.high : low + 1.0;
  const double width = nice_step(high - low, target_bins);
  const double start = std::floor(low / width + relative_slack) * width;
  const auto n = static_cast<std::size_t>(std::floor((high - start) / width + relative_slack)) + 1;
  for (std::size_t i = 0; i <= n; ++i) h.edges.push_back(start + static_cast<double>(i) * width);
  h.counts.assign(n, 0.0);
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    const auto bin =
        static_cast<std::size_t>(std::max(0.0, std::floor((v - start) / width + relative_slack)));
    h.counts[std::min(bin, n - 1)] += 1.0;
  }
  return h;
}

}  // namespace voidsim
