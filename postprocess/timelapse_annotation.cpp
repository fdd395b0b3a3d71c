#include "postprocess/timelapse_annotation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "postprocess/raster_text.hpp"

namespace voidsim {

namespace {

/// Draws with `draw(image, row_offset, col_offset, value)` twice: the dark value shifted by one
/// pixel in all eight directions (the outline), then the bright value in place.
template <class Draw>
void outlined(Image& frame, float bright, float dark, std::size_t outline, Draw draw) {
  for (long long dr = -1; dr <= 1; ++dr)
    for (long long dc = -1; dc <= 1; ++dc)
      if (dr != 0 || dc != 0)
        draw(frame, dr * static_cast<long long>(outline), dc * static_cast<long long>(outline), dark);
  draw(frame, 0, 0, bright);
}

std::size_t shifted(std::size_t base, long long offset) {
  return offset < 0 && static_cast<std::size_t>(-offset) > base
             ? 0
             : static_cast<std::size_t>(static_cast<long long>(base) + offset);
}

}  // namespace

double round_scale_bar_length(double field_width_m) {
  if (!(field_width_m > 0.0) || !std::isfinite(field_width_m)) return 0.0;
  const double target = field_width_m / 5.0;
  const double decade = std::pow(10.0, std::floor(std::log10(target)));
  double best = decade;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (std::abs(std::log(m * decade / target)) < std::abs(std::log(best / target))) best = m * decade;
  return best;
}

std::string format_length(double length_m) {
  static constexpr std::array<std::pair<const char*, double>, 5> units{
      {{"pm", 1e-12}, {"nm", 1e-9}, {"um", 1e-6}, {"mm", 1e-3}, {"m", 1.0}}};
  auto chosen = units.front();
  for (const auto& u : units)
    if (length_m >= u.second * (1.0 - 1e-9)) chosen = u;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3g %s", length_m / chosen.second, chosen.first);
  return buffer;
}

std::string format_time_stamp(double time_s) {
  char buffer[48];
  if (std::abs(time_s) >= 10.0)
    std::snprintf(buffer, sizeof buffer, "%.0f s", time_s);
  else
    std::snprintf(buffer, sizeof buffer, "%.3g s", time_s);
  return buffer;
}

ScaleBarPlacement annotate_frame(Image& frame, double time_s, double scale_bar_length_m) {
  ScaleBarPlacement placement;
  if (frame.empty()) return placement;
  const auto [low_it, high_it] = std::minmax_element(frame.pixels.begin(), frame.pixels.end());
  float dark = *low_it, bright = *high_it;
  if (!(bright > dark)) dark = bright - 1.0f;  // a flat frame: the marks still stand out

  // Sizes follow the frame so the annotation reads the same on 256 and 2048 pixel frames.
  const int scale = std::max(1, static_cast<int>(frame.width / 256));
  const auto s = static_cast<std::size_t>(scale);
  const std::size_t margin = std::max<std::size_t>(4, frame.width / 40);
  const std::size_t bar_thickness = std::max<std::size_t>(3, frame.height / 100);

  // Time stamp, top left.
  const std::string stamp = format_time_stamp(time_s);
  outlined(frame, bright, dark, 1, [&](Image& im, long long dr, long long dc, float v) {
    draw_text(im, shifted(margin, dr), shifted(margin, dc), stamp, v, scale);
  });

  if (!(frame.pixel_size > 0.0)) return placement;
  const double length = scale_bar_length_m > 0.0
                            ? scale_bar_length_m
                            : round_scale_bar_length(static_cast<double>(frame.width) * frame.pixel_size);
  const auto bar_pixels = static_cast<std::size_t>(std::llround(length / frame.pixel_size));
  const std::size_t row1 = frame.height > margin ? frame.height - margin : frame.height;
  const std::size_t row0 = row1 > bar_thickness ? row1 - bar_thickness : 0;
  placement = {row0, row1, margin, margin + bar_pixels, length};
  const std::string label = format_length(length);
  const std::size_t label_height = glyph_height * s;
  const std::size_t label_row = row0 > label_height + 2 * s ? row0 - label_height - 2 * s : 0;
  const std::size_t label_width = text_width(label, scale);
  const std::size_t label_col =
      margin + bar_pixels / 2 > label_width / 2 ? margin + bar_pixels / 2 - label_width / 2 : 0;
  outlined(frame, bright, dark, 1, [&](Image& im, long long dr, long long dc, float v) {
    fill_rectangle(im, shifted(row0, dr), shifted(margin, dc), shifted(row1, dr),
                   shifted(margin + bar_pixels, dc), v);
    draw_text(im, shifted(label_row, dr), shifted(label_col, dc), label, v, scale);
  });
  return placement;
}

}  // namespace voidsim
