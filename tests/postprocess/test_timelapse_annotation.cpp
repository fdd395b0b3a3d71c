// Time-lapse annotation (postprocess/timelapse_annotation.hpp): the scale bar is as many pixels as
// its length over the pixel size, its length is round, and the marks have a dark outline so they
// read on a bright background.
#include <doctest/doctest.h>

#include "postprocess/timelapse_annotation.hpp"

namespace {

using namespace voidsim;

/// A left-to-right ramp 0..1 (minimum 0, maximum 1), so marks are 1 and outlines 0.
Image ramp(std::size_t width, std::size_t height, double pixel_size) {
  Image image(width, height, pixel_size);
  for (std::size_t r = 0; r < height; ++r)
    for (std::size_t c = 0; c < width; ++c)
      image.at(r, c) = 0.25f + 0.5f * static_cast<float>(c) / static_cast<float>(width - 1);
  image.at(0, 0) = 0.0f;
  image.at(height - 1, width - 1) = 1.0f;
  return image;
}

/// Longest run of pixels equal to 1 in `row`, and where it starts.
std::pair<std::size_t, std::size_t> longest_bright_run(const Image& image, std::size_t row) {
  std::size_t best = 0, best_start = 0, run = 0;
  for (std::size_t c = 0; c < image.width; ++c) {
    run = image.at(row, c) == 1.0f ? run + 1 : 0;
    if (run > best) best = run, best_start = c + 1 - run;
  }
  return {best, best_start};
}

}  // namespace

TEST_CASE("round scale bar lengths and labels") {
  CHECK(round_scale_bar_length(200e-9) == doctest::Approx(50e-9));  // 40 nm wanted: 50 is nearest
  CHECK(round_scale_bar_length(128e-9) == doctest::Approx(20e-9));  // 25.6 nm: 20 nearer than 50
  CHECK(round_scale_bar_length(1e-6) == doctest::Approx(200e-9));
  CHECK(format_length(50e-9) == "50 nm");
  CHECK(format_length(1e-6) == "1 um");
  CHECK(format_length(0.5e-9) == "500 pm");
  CHECK(format_time_stamp(263.2) == "263 s");
  CHECK(format_time_stamp(2345.0) == "2345 s");
  CHECK(format_time_stamp(2.5) == "2.5 s");
}

TEST_CASE("the scale bar is length / pixel size pixels long") {
  Image frame = ramp(400, 300, 0.5e-9);
  const ScaleBarPlacement bar = annotate_frame(frame, 263.0, 50e-9);
  CHECK(bar.col1 - bar.col0 == 100);
  REQUIRE(bar.row1 > bar.row0);
  const auto [length, start] = longest_bright_run(frame, (bar.row0 + bar.row1) / 2);
  CHECK(length == 100);
  CHECK(start == bar.col0);
  // The dark outline closes the bar at both ends.
  CHECK(frame.at((bar.row0 + bar.row1) / 2, bar.col0 - 1) == 0.0f);
  CHECK(frame.at((bar.row0 + bar.row1) / 2, bar.col1) == 0.0f);

  // Automatic length: 400 px x 0.5 nm = 200 nm wide -> 50 nm -> 100 px.
  Image automatic = ramp(400, 300, 0.5e-9);
  const ScaleBarPlacement chosen = annotate_frame(automatic, 82.0);
  CHECK(chosen.length_m == doctest::Approx(50e-9));
  CHECK(longest_bright_run(automatic, (chosen.row0 + chosen.row1) / 2).first == 100);
}

TEST_CASE("the time stamp is outlined, and a frame without pixel size gets no bar") {
  Image frame(200, 100, 0.0, 0.0f);
  for (std::size_t r = 0; r < 100; ++r)
    for (std::size_t c = 0; c < 100; ++c) frame.at(r, c) = 1.0f;  // the stamp sits on white
  const ScaleBarPlacement bar = annotate_frame(frame, 576.0);
  CHECK(bar.col1 == bar.col0);  // no pixel size, no bar
  std::size_t dark = 0;
  for (std::size_t r = 0; r < 20; ++r)
    for (std::size_t c = 0; c < 40; ++c) dark += frame.at(r, c) == 0.0f ? 1 : 0;
  CHECK(dark > 20);  // the outline of "576 s" on white
  // Bottom rows untouched (no bar, no label).
  for (std::size_t c = 0; c < 100; ++c) CHECK(frame.at(95, c) == 1.0f);
}
