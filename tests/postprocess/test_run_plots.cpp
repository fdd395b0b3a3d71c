// The four plots of a run (postprocess/run_plots.hpp): all present for real and for empty data,
// the "no voids" note only when there are none, the current unit chosen from the magnitude, and
// the size histogram's bars in the plot.
#include <doctest/doctest.h>

#include <cmath>

#include "postprocess/plot_rendering.hpp"
#include "postprocess/run_plots.hpp"

namespace {

using namespace voidsim;

// The note is drawn in this grey (plot_rendering.cpp note_grey), used nowhere else.
std::size_t note_pixels(const RgbImage& image) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < image.red.pixels.size(); ++i)
    n += image.red.pixels[i] == 0.45f && image.green.pixels[i] == 0.45f && image.blue.pixels[i] == 0.45f ? 1
                                                                                                         : 0;
  return n;
}

std::size_t colour_pixels(const RgbImage& image, const Colour& c) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < image.red.pixels.size(); ++i)
    n += image.red.pixels[i] == c[0] && image.green.pixels[i] == c[1] && image.blue.pixels[i] == c[2] ? 1 : 0;
  return n;
}

RunPlotData sample() {
  RunPlotData d;
  for (int i = 0; i <= 20; ++i) {
    const double t = 120.0 * i;
    d.time_s.push_back(t);
    d.void_area_fraction.push_back(t < 1000.0 ? 0.0 : 1e-3 * (t - 1000.0) / 1400.0);
    d.current_A.push_back(5e-10 * std::exp(-t / 10.0) + 3e-13);
    d.front_depth_nm.push_back(t < 1000.0 ? 0.0 : 12.5);
  }
  d.profile_depth_nm = {5.0, 15.0, 25.0};
  d.profile_area_fraction = {0.01, 0.005, 0.0};
  d.void_diameters_nm = {6.3, 5.1, 7.8, 4.2};
  d.title = "sample";
  return d;
}

}  // namespace

TEST_CASE("render_run_plots gives the four named plots") {
  const auto plots = render_run_plots(sample());
  REQUIRE(plots.size() == 4);
  for (const char* name : {"porosity_curve", "current", "porosity_profile", "size_histogram"}) {
    REQUIRE(plots.count(name) == 1);
    CHECK(plots.at(name).red.width == 800);
    CHECK(plots.at(name).red.height == 560);
    CHECK(note_pixels(plots.at(name)) == 0);  // data everywhere: no note
  }
  // Four voids: the size histogram shows bars in the first series colour.
  CHECK(colour_pixels(plots.at("size_histogram"), series_colour(0)) > 1000);
}

TEST_CASE("empty data still gives four plots, saying there is nothing") {
  const auto plots = render_run_plots(RunPlotData{});
  REQUIRE(plots.size() == 4);
  for (const auto& [name, image] : plots) CHECK_MESSAGE(note_pixels(image) > 0, name);
  RunPlotData no_voids = sample();
  no_voids.void_diameters_nm.clear();
  no_voids.profile_area_fraction = {0.0, 0.0, 0.0};
  no_voids.void_area_fraction.assign(no_voids.time_s.size(), 0.0);
  const auto plain = render_run_plots(no_voids);
  CHECK(note_pixels(plain.at("size_histogram")) > 0);
  CHECK(note_pixels(plain.at("porosity_profile")) > 0);
  CHECK(note_pixels(plain.at("porosity_curve")) > 0);
  CHECK(note_pixels(plain.at("current")) == 0);  // the current is there
  CHECK(colour_pixels(plain.at("size_histogram"), series_colour(0)) == 0);
}

TEST_CASE("currents are shown in the prefix that makes them 1..1000") {
  CHECK(current_unit(5e-10).unit == "pA");
  CHECK(current_unit(5e-10).factor_from_si == doctest::Approx(1e12));
  CHECK(current_unit(2e-9).unit == "nA");
  CHECK(current_unit(1e-9).unit == "nA");
  CHECK(current_unit(0.5).unit == "mA");
  CHECK(current_unit(0.0).unit == "A");
}
