// Tests of validation/validation_plots.cpp and validation/validation_report.cpp: the plots carry
// the run, the measured points with their bars and the observation windows; the HTML page escapes
// user text and shows every plot; the report files are written and agree with the outcome.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/validation/kmc_fault_observation.hpp"
#include "tests/validation/made_up_run.hpp"
#include "validation/validation_plots.hpp"
#include "validation/validation_report.hpp"

using namespace voidsim;
namespace fs = std::filesystem;

namespace {

MeasuredDataset small_dataset() {
  MeasuredDataset ds;
  ds.file = "small.yaml";
  ds.name = "small";
  ds.citation = "made up";
  Observation front;
  front.id = "front_at_300s";
  front.experiment = "insitu";
  front.statement = "front < 20 nm & deepening";
  front.quantity = ObservedQuantity::front_depth;
  front.at = 300.0;
  front.min = 9e-9;
  front.max = 11e-9;
  Observation onset;
  onset.id = "onset";
  onset.experiment = "insitu";
  onset.quantity = ObservedQuantity::void_onset_time;
  onset.min = 200.0;
  onset.max = 330.0;
  MeasuredTimeSeries area;
  area.id = "area_curve";
  area.experiment = "insitu";
  area.quantity = ObservedQuantity::void_area_fraction;
  area.time = {300.0, 450.0, 600.0};
  area.value = {3e-3, 8e-3, 13e-3};
  area.uncertainty = {1e-3, 1e-3, 1e-3};
  ds.observations = {front, onset};
  ds.time_series = {area};
  return ds;
}

const LineSeries* series_named(const PlotSpec& spec, const std::string& label) {
  for (const auto& line : spec.lines)
    if (line.label == label) return &line;
  return nullptr;
}

}  // namespace

TEST_CASE("validation plots draw the run, the measured points with bars and the windows") {
  const MeasuredDataset ds = small_dataset();
  const std::vector<RunRecord> runs = {testing::made_up_run()};
  const ValidationOutcome outcome = compare_with_dataset(ds, runs, "insitu");
  const std::vector<ValidationPlot> plots = validation_plots(ds, runs, outcome);
  REQUIRE(plots.size() == 3);  // front_depth, void_area_fraction, void_count (for the event)
  CHECK(plots[0].name == "front_depth");
  CHECK(plots[1].name == "void_area_fraction");
  CHECK(plots[2].name == "void_count");

  const LineSeries* run = series_named(plots[0].spec, "simulated");
  REQUIRE(run != nullptr);
  CHECK(run->y[10] == doctest::Approx(10.0));  // 10 nm at 300 s, in the display unit
  const LineSeries* window = series_named(plots[0].spec, "window: front_at_300s");
  REQUIRE(window != nullptr);
  CHECK(window->y.size() == 6);  // two bounds, each a segment and a break
  CHECK(window->y[0] == doctest::Approx(9.0));

  const LineSeries* measured = series_named(plots[1].spec, "measured: area_curve");
  REQUIRE(measured != nullptr);
  CHECK(measured->markers);
  CHECK(measured->y == std::vector<double>{3e-3, 8e-3, 13e-3});
  // The one-sigma bars follow the points as an unlabelled polyline: (low, high, break) per point.
  const LineSeries& bars = plots[1].spec.lines.back();
  CHECK(bars.y.size() == 9);
  CHECK(bars.y[1] == doctest::Approx(4e-3));

  REQUIRE(plots[2].spec.reference_lines.size() == 2);
  CHECK(plots[2].spec.reference_lines[1].x == 330.0);
}

TEST_CASE("a quantity no run tracks gets no plot (a kmc check against a phase-field run)") {
  MeasuredDataset ds = small_dataset();
  const Observation faults = testing::kmc_fault_observation();
  ds.observations.push_back(faults);
  std::vector<RunRecord> runs = {testing::made_up_run()};
  runs[0].engine = "phase_field";
  const auto names = [&](const std::vector<RunRecord>& r) {
    std::vector<std::string> n;
    for (const auto& p : validation_plots(ds, r, compare_with_dataset(ds, r, "insitu"))) n.push_back(p.name);
    return n;
  };
  CHECK(names(runs) == std::vector<std::string>{"front_depth", "void_area_fraction", "void_count"});
  runs[0].engine = "kmc";
  runs[0].stacking_fault_count.assign(runs[0].time.size(), 2.0);
  CHECK(names(runs) ==
        std::vector<std::string>{"front_depth", "stacking_fault_count", "void_area_fraction", "void_count"});
}

TEST_CASE("a validation where no check applies is reported as such, not as passed") {
  MeasuredDataset ds;
  ds.file = "kmc_only.yaml";
  ds.name = "kmc_only";
  ds.observations = {testing::kmc_fault_observation()};
  std::vector<RunRecord> runs = {testing::made_up_run()};
  runs[0].engine = "phase_field";
  const ValidationOutcome outcome = compare_with_dataset(ds, runs, "insitu");
  REQUIRE_FALSE(outcome.passed());
  REQUIRE(outcome.failed_required().empty());
  const std::string says = "no check of the dataset applies to these runs";
  CHECK(validation_markdown(ds, runs, outcome).find("**Result: FAIL**: " + says) != std::string::npos);
  CHECK(validation_html(ds, runs, outcome, {}).find("Result: FAIL: " + says) != std::string::npos);
}

TEST_CASE("the report files agree with the outcome and the page shows every plot") {
  const MeasuredDataset ds = small_dataset();
  const std::vector<RunRecord> runs = {testing::made_up_run()};
  const ValidationOutcome outcome = compare_with_dataset(ds, runs, "insitu");
  const fs::path dir = fs::temp_directory_path() / "voidsim_validation_report_test";
  fs::remove_all(dir);
  write_validation_report(dir, ds, runs, outcome);

  std::ifstream json_file(dir / "report.json");
  const nlohmann::json j = nlohmann::json::parse(json_file);
  CHECK(j["passed"].get<bool>() == outcome.passed());
  REQUIRE(j["checks"].size() == outcome.checks.size());
  const auto& curve = j["checks"][2];
  CHECK(curve["id"] == "area_curve");
  CHECK(curve["points"] == 3);
  CHECK(curve["normalised_rmse"].get<double>() == doctest::Approx(*outcome.checks[2].normalised_rmse));

  std::stringstream page;
  page << std::ifstream(dir / "report.html").rdbuf();
  const std::string html = page.str();
  CHECK(html.find("front &lt; 20 nm &amp; deepening") != std::string::npos);  // escaped
  for (const char* plot : {"front_depth", "void_area_fraction", "void_count"}) {
    const std::string src = std::string("plots/") + plot + ".png";
    CHECK(html.find("<img src=\"" + src + "\"") != std::string::npos);
    CHECK(fs::file_size(dir / src) > 1000);
  }
  CHECK(fs::exists(dir / "report.md"));
  fs::remove_all(dir);
}
