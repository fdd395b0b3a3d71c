// The plot renderer (postprocess/plot_rendering.hpp): 1-2-5 ticks, tick labels, automatic ranges,
// the data-to-pixel mapping (a point lands on the pixel the mapping says, in the series colour)
// and histogram bar heights measured in the rendered image.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "postprocess/plot_rendering.hpp"
#include "tests/tolerance.hpp"

namespace {

using namespace voidsim;
using voidsim::testing::close;
using voidsim::testing::round_off;

bool has_colour(const RgbImage& image, std::size_t row, std::size_t col, const Colour& c) {
  return image.red.at(row, col) == c[0] && image.green.at(row, col) == c[1] &&
         image.blue.at(row, col) == c[2];
}

void check_ticks(const std::vector<double>& got, const std::vector<double>& expected) {
  REQUIRE(got.size() == expected.size());
  // Ticks are k * step computed in one multiplication: round-off of one operation.
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(close(got[i], expected[i], round_off, round_off));
}

}  // namespace

TEST_CASE("nice ticks follow the 1-2-5 rule") {
  CHECK(nice_step(1.0, 5) == doctest::Approx(0.2));
  CHECK(nice_step(2400.0, 5) == doctest::Approx(500.0));
  CHECK(nice_step(7.0, 1) == doctest::Approx(10.0));
  CHECK(nice_step(0.0074, 5) == doctest::Approx(0.002));
  check_ticks(nice_ticks(0.0, 1.0, 5), {0.0, 0.2, 0.4, 0.6, 0.8, 1.0});
  check_ticks(nice_ticks(0.0, 2400.0, 5), {0.0, 500.0, 1000.0, 1500.0, 2000.0});
  check_ticks(nice_ticks(0.0013, 0.0087, 5), {0.002, 0.004, 0.006, 0.008});
  const auto around_zero = nice_ticks(-0.3, 0.7, 5);
  check_ticks(around_zero, {-0.2, 0.0, 0.2, 0.4, 0.6});
  CHECK(around_zero[1] == 0.0);  // exactly zero, so its label is "0"
  check_ticks(nice_ticks(3.0, 3.0), {3.0});
  check_ticks(log_ticks(0.3, 500.0), {1.0, 10.0, 100.0});
  check_ticks(log_ticks(2.0, 30.0), {2.0, 5.0, 10.0, 20.0});  // under three decades: 1-2-5 in each
}

TEST_CASE("tick labels carry the decimals their step needs") {
  CHECK(format_tick(0.30000000000000004, 0.1) == "0.3");
  CHECK(format_tick(2000.0, 500.0) == "2000");
  CHECK(format_tick(-0.2, 0.2) == "-0.2");
  CHECK(format_tick(0.05, 0.05) == "0.05");
  CHECK(format_tick(0.0, 0.2) == "0");
  CHECK(format_tick(2.5e-10, 5e-11) == "2.5e-10");
  CHECK(format_tick(1e-12, 1e-12) == "1e-12");
  CHECK(format_tick(1.5e6, 5e5) == "1.5e6");
}

TEST_CASE("a point at a known value lands on the expected pixel") {
  PlotSpec spec;
  spec.x_axis.min = 0.0;
  spec.x_axis.max = 10.0;
  spec.y_axis.min = 0.0;
  spec.y_axis.max = 100.0;
  LineSeries point;
  point.x = {5.0};
  point.y = {25.0};
  point.markers = true;
  point.line = false;
  point.colour = {1.0f, 0.0f, 0.0f};
  spec.lines = {point};
  spec.legend = LegendPosition::none;
  const PlotFrame frame = layout_plot(spec);
  REQUIRE(frame.right > frame.left + 100);
  REQUIRE(frame.bottom > frame.top + 100);
  CHECK(frame.column(0.0) == doctest::Approx(static_cast<double>(frame.left)));
  CHECK(frame.column(10.0) == doctest::Approx(static_cast<double>(frame.right)));
  const double col = static_cast<double>(frame.left) + 0.5 * static_cast<double>(frame.right - frame.left);
  const double row = static_cast<double>(frame.bottom) - 0.25 * static_cast<double>(frame.bottom - frame.top);
  CHECK(frame.column(5.0) == doctest::Approx(col));
  CHECK(frame.row(25.0) == doctest::Approx(row));

  const RgbImage image = render_plot(spec);
  CHECK(image.red.width == spec.width);
  CHECK(image.red.height == spec.height);
  const auto r = static_cast<std::size_t>(std::lround(row)), c = static_cast<std::size_t>(std::lround(col));
  CHECK(has_colour(image, r, c, point.colour));
  // The marker is a small disc (radius 3.5 px at text scale 2): 10 px away is not red.
  CHECK_FALSE(has_colour(image, r - 10, c, point.colour));
  CHECK_FALSE(has_colour(image, r, c + 10, point.colour));

  // Log axis: 10 sits a third of the way up from 1 to 1000.
  spec.y_axis = PlotAxis{"", true, 1.0, 1000.0, false};
  const PlotFrame log_frame = layout_plot(spec);
  CHECK(log_frame.row(10.0) == doctest::Approx(static_cast<double>(log_frame.bottom) -
                                               static_cast<double>(log_frame.bottom - log_frame.top) / 3.0));
}

TEST_CASE("automatic ranges pad the data by 5 %") {
  PlotSpec spec;
  LineSeries s;
  s.x = {0.0, 100.0};
  s.y = {0.0, 10.0};
  spec.lines = {s};
  const PlotFrame frame = layout_plot(spec);
  CHECK(frame.x.min == doctest::Approx(-5.0));
  CHECK(frame.x.max == doctest::Approx(105.0));
  CHECK(frame.y.min == doctest::Approx(-0.5));
  CHECK(frame.y.max == doctest::Approx(10.5));
  // Data inside the frame, not on it.
  CHECK(frame.column(100.0) < static_cast<double>(frame.right) - 5.0);
  CHECK(frame.row(0.0) < static_cast<double>(frame.bottom) - 5.0);
  // Empty data still gives a usable range.
  const PlotFrame empty = layout_plot(PlotSpec{});
  CHECK(empty.x.max > empty.x.min);
  CHECK(empty.y.max > empty.y.min);
}

TEST_CASE("histogram bars have the height of their counts") {
  PlotSpec spec;
  HistogramSeries h;
  h.edges = {0.0, 1.0, 2.0, 3.0};
  h.counts = {2.0, 4.0, 1.0};
  h.colour = {0.0f, 0.0f, 1.0f};
  spec.histograms = {h};
  spec.y_axis.max = 4.0;
  spec.legend = LegendPosition::none;
  const PlotFrame frame = layout_plot(spec);
  CHECK(frame.y.min == 0.0);  // bars stand on the axis
  CHECK(frame.x.min == doctest::Approx(-0.15));
  const RgbImage image = render_plot(spec);
  const double plot_height = static_cast<double>(frame.bottom - frame.top);
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    const auto c = static_cast<std::size_t>(std::lround(frame.column(0.5 + static_cast<double>(i))));
    std::size_t filled = 0;
    for (std::size_t r = frame.top; r <= frame.bottom; ++r)
      filled += has_colour(image, r, c, h.colour) ? 1 : 0;
    // The bar spans count / 4 of the plot height; its black top outline and the x axis each take
    // one row of it, and the end rows round: within 2 px.
    CHECK(std::abs(static_cast<double>(filled) - h.counts[i] / 4.0 * plot_height) <= 2.0);
  }
}

TEST_CASE("make_histogram bins values with a nice width") {
  const HistogramSeries h = make_histogram({0.5, 1.5, 1.7, 9.9}, 10);
  REQUIRE(h.edges.size() == 11);  // width 1 from 0 to 10
  CHECK(h.edges.front() == 0.0);
  CHECK(h.edges.back() == doctest::Approx(10.0));
  CHECK(h.counts[0] == 1.0);
  CHECK(h.counts[1] == 2.0);
  CHECK(h.counts[9] == 1.0);
  double total = 0.0;
  for (double c : h.counts) total += c;
  CHECK(total == 4.0);
  const HistogramSeries empty = make_histogram({}, 10);
  CHECK(empty.edges == std::vector<double>{0.0, 1.0});
  CHECK(empty.counts == std::vector<double>{0.0});
}
