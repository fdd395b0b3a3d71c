// Tests of validation/snapshot_comparison.cpp on hand-made snapshots: a size distribution passes
// against itself and fails, naming the bound, when shifted; runs pool their voids; the detection
// limit applies to both sides; a depth profile's normalised RMSE and chi-square are the textbook
// numbers, with the ensemble's standard error in quadrature; missing or distant outputs fail.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "tests/tolerance.hpp"
#include "tests/validation/made_up_run.hpp"
#include "validation/snapshot_comparison.hpp"

using namespace voidsim;
using testing::close;
using testing::round_off;

namespace {

// A snapshot at `time` with the given diameters (m) and 100 rows of 1 nm: `top` void fraction in
// the first 10 nm, `second` in the next 10 nm, none below.
VoidSnapshot snapshot(double time, std::vector<double> diameters, double top = 0.1, double second = 0.05) {
  VoidSnapshot s;
  s.requested.at = time;
  s.time = time;
  s.diameters = std::move(diameters);
  s.row_height = 1e-9;
  for (int k = 0; k < 100; ++k) {
    s.row_depth.push_back((k + 0.5) * 1e-9);
    s.row_fraction.push_back(k < 10 ? top : (k < 20 ? second : 0.0));
  }
  return s;
}

MeasuredSizeDistribution sizes(std::vector<double> diameters) {
  MeasuredSizeDistribution m;
  m.id = "sizes";
  m.when.at = 2345.0;
  m.diameters = std::move(diameters);
  m.uncertainty = 0.5e-9;
  m.max_ks = 0.5;
  m.max_wasserstein = 1.5e-9;
  return m;
}

}  // namespace

TEST_CASE("a size distribution passes against the same voids and fails when they are 3 nm larger") {
  RunRecord run = testing::made_up_run();
  run.snapshots.push_back(snapshot(2345.0, {4e-9, 6e-9, 8e-9}));
  const CheckResult same = compare_size_distribution(sizes({4e-9, 6e-9, 8e-9}), {run});
  CHECK(same.passed);
  CHECK(same.kind == "size_distribution");
  CHECK(*same.ks_statistic == 0.0);
  CHECK(*same.wasserstein == 0.0);
  const CheckResult shifted = compare_size_distribution(sizes({7e-9, 9e-9, 11e-9}), {run});
  CHECK_FALSE(shifted.passed);
  CHECK(close(*shifted.wasserstein, 3e-9, round_off));
  CHECK(close(*shifted.ks_statistic, 2.0 / 3.0, round_off));  // at 6 nm: 2/3 against 0
  CHECK(shifted.detail == "KS statistic above its bound; Wasserstein distance above its bound");
  CHECK(shifted.simulated.find("3 voids in 1 run(s) at 2345 s, mean 6 nm") == 0);
}

TEST_CASE("runs pool their voids and the detection limit cuts both sides") {
  RunRecord a = testing::made_up_run(), b = testing::made_up_run();
  a.snapshots.push_back(snapshot(2345.0, {1e-9, 5e-9}));
  b.snapshots.push_back(snapshot(2345.0, {7e-9}));
  MeasuredSizeDistribution m = sizes({2e-9, 5e-9, 7e-9});
  m.min_diameter = 3e-9;
  const CheckResult r = compare_size_distribution(m, {a, b});
  CHECK(r.passed);
  CHECK(r.simulated_sample == std::vector<double>{5e-9, 7e-9});
  CHECK(*r.wasserstein == 0.0);
  CHECK(r.measured.find("2 voids") == 0);
}

TEST_CASE("a binned measured histogram compares with the runs' voids") {
  RunRecord run = testing::made_up_run();
  run.snapshots.push_back(snapshot(2345.0, {5e-9}));
  MeasuredSizeDistribution m = sizes({});
  m.bin_low = {4e-9};
  m.bin_high = {6e-9};
  m.counts = {10.0};
  const CheckResult r = compare_size_distribution(m, {run});
  // A point at the centre of a uniform bin of width w: W1 = w / 4 = 0.5 nm, KS = 1/2.
  CHECK(close(*r.wasserstein, 0.5e-9, 1e-9));
  CHECK(close(*r.ks_statistic, 0.5, 1e-9));
  CHECK(r.passed);
}

TEST_CASE("a missing or distant snapshot and simulated voids absent fail the size check") {
  RunRecord run = testing::made_up_run();
  const CheckResult missing = compare_size_distribution(sizes({5e-9}), {run});
  CHECK_FALSE(missing.passed);
  CHECK(missing.detail.find("no fields") != std::string::npos);
  VoidSnapshot far = snapshot(2000.0, {5e-9});
  far.requested.at = 2345.0;
  run.snapshots = {far};
  const CheckResult distant = compare_size_distribution(sizes({5e-9}), {run});
  CHECK_FALSE(distant.passed);
  CHECK(distant.detail.find("nearest output of the run is at 2000 s") != std::string::npos);
  run.snapshots = {snapshot(2345.0, {})};
  const CheckResult none = compare_size_distribution(sizes({5e-9}), {run});
  CHECK_FALSE(none.passed);
  CHECK(none.detail == "no simulated voids");
  CHECK(compare_size_distribution(sizes({}), {run}).passed);  // none measured, none simulated
  CHECK(snapshot_time_tolerance(2345.0) == doctest::Approx(46.9));
  CHECK(snapshot_time_tolerance(10.0) == 1.0);
}

TEST_CASE("a depth profile's normalised RMSE and chi-square, with the ensemble spread in quadrature") {
  RunRecord run = testing::made_up_run();
  run.snapshots.push_back(snapshot(2345.0, {}));
  MeasuredDepthProfile p;
  p.id = "profile";
  p.when.at = 2345.0;
  p.depth = {5e-9, 15e-9, 150e-9};  // the last bin lies below the simulated 100 nm
  p.value = {0.1, 0.07, 0.0};
  p.uncertainty = {0.01, 0.01, 0.01};
  p.bin_width = 10e-9;
  p.max_normalised_rmse = 1.5;
  const CheckResult one = compare_depth_profile(p, {run});
  // z = 0 and (0.05 - 0.07) / 0.01 = -2: chi-square 4, normalised RMSE sqrt(2) over 2 bins.
  REQUIRE(one.points == 2);
  CHECK(close(*one.chi_square, 4.0, 1e-9));
  CHECK(close(*one.normalised_rmse, std::sqrt(2.0), 1e-9));
  CHECK(one.passed);
  CHECK(one.detail.find("1 measured bins below the simulated depth") == 0);
  CHECK(one.abscissa[1] == 15e-9);

  // Two runs at 0.04 and 0.06 in the second bin: mean 0.05, sample variance 2e-4, standard error
  // squared 1e-4: sigma = sqrt(1e-4 + 1e-4), z = -0.02 / sqrt(2e-4) = -sqrt(2).
  RunRecord a = run, b = run;
  a.snapshots = {snapshot(2345.0, {}, 0.1, 0.04)};
  b.snapshots = {snapshot(2345.0, {}, 0.1, 0.06)};
  const CheckResult two = compare_depth_profile(p, {a, b});
  CHECK(close(*two.chi_square, 2.0, 1e-9));
  CHECK(close(two.simulated_spread[1], std::sqrt(2e-4), 1e-9));

  p.max_normalised_rmse = 1.0;
  CHECK_FALSE(compare_depth_profile(p, {run}).passed);
}
