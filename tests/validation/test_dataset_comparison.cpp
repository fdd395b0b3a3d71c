// Tests of validation/dataset_comparison.cpp on hand-made runs whose answers are known: each form
// of observation passes inside its window and fails outside it naming why, and a curve's
// normalised RMSE and chi-square are the textbook numbers.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "tests/tolerance.hpp"
#include "tests/validation/kmc_fault_observation.hpp"
#include "tests/validation/made_up_run.hpp"
#include "validation/dataset_comparison.hpp"

using namespace voidsim;

namespace {

Observation event_window(double min, double max) {
  Observation o;
  o.id = "onset";
  o.experiment = "insitu";
  o.quantity = ObservedQuantity::void_onset_time;
  o.min = min;
  o.max = max;
  return o;
}

}  // namespace

TEST_CASE("an event passes inside its window and fails outside it or when absent") {
  RunRecord run = testing::made_up_run();
  CHECK(check_observation(event_window(200.0, 330.0), run).passed);
  const ObservationVerdict late = check_observation(event_window(1500.0, 2000.0), run);
  CHECK_FALSE(late.passed);
  CHECK(late.simulated == "240 s");
  CHECK(late.detail == "outside 1500 s .. 2000 s");
  run.void_onset_time.reset();
  CHECK_FALSE(check_observation(event_window(200.0, 330.0), run).passed);
  Observation not_before = event_window(200.0, 330.0);
  not_before.max.reset();  // "not before 200 s": a run without the event is consistent with it
  CHECK(check_observation(not_before, run).passed);
}

TEST_CASE("a value at a time is read at that output or interpolated between outputs") {
  const RunRecord run = testing::made_up_run();
  Observation o;
  o.quantity = ObservedQuantity::front_depth;
  o.at = 300.0;
  o.min = 9.5e-9;
  o.max = 10.5e-9;
  ObservationVerdict v = check_observation(o, run);
  CHECK(v.passed);
  CHECK(v.simulated == "10 nm at 300 s");
  o.at = 315.0;  // halfway between 10 and 11 nm
  o.min = 10.4e-9;
  o.max = 10.6e-9;
  v = check_observation(o, run);
  CHECK(v.passed);
  CHECK(v.simulated == "10.5 nm at 315 s (interpolated between outputs)");
  o.at = 900.0;
  CHECK_FALSE(check_observation(o, run).passed);  // after the run's last output
  o.at.reset();
  o.at_end = true;
  o.max = 0.5e-9;
  v = check_observation(o, run);
  CHECK_FALSE(v.passed);
  CHECK(v.simulated == "20 nm at 600 s");
}

TEST_CASE("a window holds at every output inside it and names the first output outside") {
  const RunRecord run = testing::made_up_run();
  Observation o;
  o.quantity = ObservedQuantity::void_count;
  o.from = 0.0;
  o.to = 82.0;
  o.max = 0.0;
  ObservationVerdict v = check_observation(o, run);
  CHECK(v.passed);
  CHECK(v.simulated == "0 over 3 outputs 0 s .. 82 s");
  o.to = 300.0;
  v = check_observation(o, run);
  CHECK_FALSE(v.passed);
  CHECK(v.detail == "4 at 240 s is outside <= 0");
}

TEST_CASE("a trend allows its slack, needs its net change and smooths when asked") {
  RunRecord run = testing::made_up_run();
  Observation o;
  o.quantity = ObservedQuantity::void_area_fraction;
  o.trend = Trend::increasing;
  o.min_ratio = 2.0;
  CHECK(check_observation(o, run).passed);  // 1e-3 -> 1.3e-2 from the onset at 240 s
  o.min_ratio = 20.0;
  ObservationVerdict v = check_observation(o, run);
  CHECK_FALSE(v.passed);
  CHECK(v.detail.find("net change last/first 13") != std::string::npos);
  o.min_ratio = 1.0;
  run.void_area_fraction[12] -= 1.5e-3;  // 360 s dips below 330 s by 0.5e-3
  v = check_observation(o, run);
  CHECK_FALSE(v.passed);
  CHECK(v.detail == "falls from 0.004 at 330 s to 0.0035 at 360 s");
  o.slack = 0.6e-3;
  CHECK(check_observation(o, run).passed);
  o.slack = 0.0;
  o.smoothing_frames = 5;  // the running mean over 5 outputs rises through the dip
  CHECK(check_observation(o, run).passed);

  Observation current;
  current.quantity = ObservedQuantity::current;
  current.trend = Trend::decreasing;
  current.from = 0.0;  // the output at t = 0 (before the bias) carries no current and is skipped
  CHECK(check_observation(current, run).passed);
}

TEST_CASE("a curve's normalised RMSE is 1 when every point is one sigma off") {
  const RunRecord run = testing::made_up_run();
  MeasuredDataset ds;
  ds.file = "made_up.yaml";
  MeasuredTimeSeries m;
  m.id = "front";
  m.experiment = "insitu";
  m.quantity = ObservedQuantity::front_depth;
  m.max_normalised_rmse = 1.01;
  for (double t : {300.0, 450.0, 600.0}) {
    m.time.push_back(t);
    m.uncertainty.push_back(2e-9);
    m.value.push_back(1e-9 * t / 30.0 + 2e-9);  // simulated + 1 sigma
  }
  ds.time_series.push_back(m);
  ValidationOutcome out = compare_with_dataset(ds, {run}, "insitu");
  REQUIRE(out.checks.size() == 1);
  CHECK(out.checks[0].points == 3);
  CHECK(testing::close(*out.checks[0].normalised_rmse, 1.0, testing::round_off));
  CHECK(testing::close(*out.checks[0].chi_square, 3.0, testing::round_off));
  CHECK(out.passed());

  // Two seeds 2 nm either side of the measured curve: the mean matches, and the ensemble's
  // standard error (sample sd 2.83 nm over sqrt 2) widens sigma to sqrt(4 + 4) nm.
  RunRecord high = run, low = run;
  for (auto& d : high.front_depth) d += 2e-9;
  for (auto& d : low.front_depth) d -= 2e-9;
  ds.time_series[0].value = {10e-9, 15e-9, 20e-9};
  out = compare_with_dataset(ds, {high, low}, "insitu");
  CHECK(testing::close(*out.checks[0].normalised_rmse, 0.0, 0.0, 1e-12));
  CHECK(testing::close(out.checks[0].simulated_spread[0], std::sqrt(8.0) * 1e-9, 1e-12));
  ds.time_series[0].max_normalised_rmse = 0.5;
  ds.time_series[0].value = {10e-9 + std::sqrt(8.0) * 1e-9, 15e-9, 20e-9};
  out = compare_with_dataset(ds, {high, low}, "insitu");
  CHECK(testing::close(*out.checks[0].chi_square, 1.0, 1e-12));  // (2.83 / sqrt(4 + 4)) ^ 2
}

TEST_CASE("the outcome fails only on required checks and names them") {
  const RunRecord run = testing::made_up_run();
  MeasuredDataset ds;
  ds.file = "made_up.yaml";
  Observation ok = event_window(200.0, 330.0);
  ok.id = "onset";
  Observation wrong = event_window(1500.0, 2000.0);
  wrong.id = "onset_moved";
  Observation info = wrong;
  info.id = "informational";
  info.required = false;
  ds.observations = {ok, info};
  CHECK(compare_with_dataset(ds, {run}, "insitu").passed());
  ds.observations.push_back(wrong);
  const ValidationOutcome out = compare_with_dataset(ds, {run}, "insitu");
  CHECK_FALSE(out.passed());
  REQUIRE(out.failed_required().size() == 1);
  CHECK(out.failed_required()[0]->id == "onset_moved");
  CHECK_THROWS_AS((void)compare_with_dataset(ds, {run}, "beam_control"), InputError);
}

TEST_CASE("a final quantity is checked against the run's nanopores, and fails without them") {
  RunRecord run = testing::made_up_run();
  Observation o;
  o.id = "pores";
  o.quantity = ObservedQuantity::nanopore_median_diameter;
  o.min = 1.5e-9;
  o.max = 3e-9;
  const ObservationVerdict none = check_observation(o, run);
  CHECK_FALSE(none.passed);
  CHECK(none.detail.find("no nanopores.csv") != std::string::npos);
  run.nanopore_median_diameter = 2.0e-9;
  const ObservationVerdict inside = check_observation(o, run);
  CHECK(inside.passed);
  CHECK(inside.simulated == "2 nm");
  run.nanopore_median_diameter = 3.5e-9;
  CHECK_FALSE(check_observation(o, run).passed);
}

TEST_CASE("an observation of one engine's quantity applies only to runs of that engine") {
  RunRecord run = testing::made_up_run();
  run.engine = "phase_field";
  MeasuredDataset ds;
  ds.file = "made_up.yaml";
  Observation onset = event_window(200.0, 330.0);
  Observation faults = testing::kmc_fault_observation();
  ds.observations = {onset, faults};

  // A phase-field run: the fault check is not applicable, neither passed nor failed.
  const ValidationOutcome pf = compare_with_dataset(ds, {run}, "insitu");
  REQUIRE(pf.checks.size() == 2);
  CHECK_FALSE(pf.checks[1].applicable);
  CHECK(pf.checks[1].detail.find("needs a run of engine kmc (this run: phase_field)") != std::string::npos);
  CHECK(pf.passed());
  // Only not-applicable checks: nothing was checked, so the validation does not pass.
  ds.observations = {faults};
  CHECK_FALSE(compare_with_dataset(ds, {run}, "insitu").passed());

  // A kmc run: counts interpolated like any series; a kmc run without the columns fails, named.
  run.engine = "kmc";
  ds.observations = {onset, faults};
  const ValidationOutcome without = compare_with_dataset(ds, {run}, "insitu");
  CHECK_FALSE(without.passed());
  CHECK(without.checks[1].detail.find("does not track stacking_fault_count") != std::string::npos);
  for (const double t : run.time) run.stacking_fault_count.push_back(t / 100.0);  // 3 at 300 s
  const ObservationVerdict at_300 = check_observation(faults, run);
  CHECK(at_300.passed);
  CHECK(at_300.simulated.rfind("3 at 300 s", 0) == 0);
  faults.min = 4.0;
  CHECK_FALSE(check_observation(faults, run).passed);
}

TEST_CASE("an end-state quantity the run could not evaluate fails with the reason") {
  RunRecord run = testing::made_up_run();
  Observation o;
  o.id = "layered";
  o.quantity = ObservedQuantity::layered_void_fraction;
  o.min = 0.9;
  CHECK(check_observation(o, run).detail == "the run's end state was not evaluated");
  run.unavailable[o.quantity] = "no void in the last output";
  CHECK(check_observation(o, run).detail == "no void in the last output");
  run.layered_void_fraction = 0.5;
  const ObservationVerdict half = check_observation(o, run);
  CHECK_FALSE(half.passed);
  CHECK(half.simulated == "0.5");
  Observation shift;
  shift.quantity = ObservedQuantity::surface_mn_edge_shift;
  shift.max = -0.1 * 1.602176634e-19;
  run.surface_mn_edge_shift = -0.62 * 1.602176634e-19;
  const ObservationVerdict lower = check_observation(shift, run);
  CHECK(lower.passed);
  CHECK(lower.simulated == "-0.62 eV");
}

TEST_CASE("a trend at listed times reads the run there, interpolated, and nowhere else") {
  const RunRecord run = testing::made_up_run();  // current 1e-12 / (1 + t / 100 s)
  Observation o;
  o.id = "iv";
  o.quantity = ObservedQuantity::current;
  o.trend = Trend::decreasing;
  o.times = {45.0, 300.0, 600.0};
  const ObservationVerdict down = check_observation(o, run);
  CHECK(down.passed);
  CHECK(down.simulated.find(" at 45 s -> ") != std::string::npos);  // 45 s interpolated, not an output
  o.trend = Trend::increasing;
  const ObservationVerdict up = check_observation(o, run);
  CHECK_FALSE(up.passed);
  CHECK(up.detail.find("falls from") != std::string::npos);
  CHECK(up.detail.find("at 300 s") != std::string::npos);
  o.times = {300.0, 600.0, 900.0};
  CHECK(check_observation(o, run).detail == "900 s lies outside the run's outputs");
}
