// Tests of validation/measured_dataset.cpp: the shipped li2022 dataset reads as the paper states
// it, units convert to SI, and bad datasets are refused with every problem located (file, line,
// column, key) in one error.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "tests/tolerance.hpp"
#include "validation/measured_dataset.hpp"

using namespace voidsim;
namespace fs = std::filesystem;

namespace {

// A scratch directory per test case with dataset.yaml (and tables) written into it.
struct ScratchDataset {
  fs::path dir;
  explicit ScratchDataset(const std::string& name)
      : dir(fs::temp_directory_path() / ("voidsim_dataset_" + name)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~ScratchDataset() { fs::remove_all(dir); }
  fs::path write(const std::string& file, const std::string& text) const {
    std::ofstream(dir / file) << text;
    return dir / file;
  }
};

std::vector<Diagnostic> diagnostics_of(const fs::path& file) {
  try {
    (void)read_measured_dataset(file);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

bool has(const std::vector<Diagnostic>& ds, int line, int column, const std::string& key,
         const std::string& words) {
  for (const auto& d : ds)
    if (d.line == line && (column == 0 || d.column == column) && d.key == key &&
        (d.message + " " + d.hint).find(words) != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("the shipped li2022 dataset holds the paper's observations in SI") {
  const MeasuredDataset ds =
      read_measured_dataset(fs::path(VOIDSIM_SOURCE_DIR) / "validation/datasets/li2022_nanolett");
  CHECK(ds.name == "li2022_nanolett");
  CHECK(ds.default_experiment == "insitu_biasing");
  CHECK(ds.experiments() ==
        std::vector<std::string>{"insitu_biasing", "iv_sweep", "beam_control", "pristine_interface"});
  const auto find = [&ds](const std::string& id) -> const Observation& {
    for (const auto& o : ds.observations)
      if (o.id == id) return o;
    FAIL("no observation " << id);
    return ds.observations.front();
  };
  const Observation& onset = find("void_onset");
  CHECK(onset.quantity == ObservedQuantity::void_onset_time);
  CHECK(*onset.measured == 263.0);
  CHECK(*onset.min == 200.0);
  CHECK(*onset.max == 330.0);
  const Observation& size = find("voids_larger_than_nanopores");
  CHECK(size.at_end);
  CHECK(testing::close(*size.min, 3e-9, testing::round_off));  // "3 nm" in metres
  CHECK(find("areal_fraction_rises").trend == Trend::increasing);
  CHECK(find("areal_fraction_rises").min_ratio == 2.0);
  CHECK(find("current_decays").trend == Trend::decreasing);
  CHECK_FALSE(find("coalescence_in_volume_by_576s").required);
  CHECK(find("control_no_void").experiment == "beam_control");
  CHECK(*find("no_void_at_82s").to == 82.0);
  const Observation& pores = find("nanopores_about_2nm");
  CHECK(is_final_quantity(pores.quantity));
  CHECK(pores.experiment == "pristine_interface");
  CHECK(testing::close(*pores.max, 3e-9, testing::round_off));
  // Figure 5's defect history is about explicit defects: kmc runs only.
  CHECK(find("fault_by_813s").engine == "kmc");
  CHECK(*find("fault_by_813s").at == 813.0);
  CHECK(find("layered_around_voids").engine.empty());
  CHECK(find("surface_mn_edge_lower").experiment == "pristine_interface");
  CHECK(find("current_rises_with_bias").times == std::vector<double>{60.0, 120.0, 180.0, 240.0, 300.0});
}

TEST_CASE("a trend may be judged at listed times, which increase, three at least") {
  ScratchDataset s("times");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: iv}\n"
                                "observations:\n"
                                "  - id: iv\n"
                                "    quantity: current\n"
                                "    trend: increasing\n"
                                "    times: [5 min, 600 s, 900 s]\n");
  const MeasuredDataset ds = read_measured_dataset(file);
  CHECK(ds.observations[0].times == std::vector<double>{300.0, 600.0, 900.0});
  const fs::path bad = s.write("bad.yaml",
                               "dataset: {name: t, default_experiment: iv}\n"
                               "observations:\n"
                               "  - id: not_a_trend\n"
                               "    quantity: current\n"
                               "    times: [300 s, 600 s, 900 s]\n"
                               "    at: 300 s\n"
                               "    min: 0 A\n"
                               "  - id: two\n"
                               "    quantity: current\n"
                               "    trend: increasing\n"
                               "    times: [600 s, 300 s]\n"
                               "  - id: both\n"
                               "    quantity: current\n"
                               "    trend: increasing\n"
                               "    from: 0 s\n"
                               "    times: [300 s, 600 s, 900 s]\n");
  const auto problems = diagnostics_of(bad);
  CHECK(has(problems, 5, 12, "observations.not_a_trend.times", "belongs to a trend"));
  CHECK(has(problems, 11, 12, "observations.two.times", "at least 3 times"));
  CHECK(has(problems, 11, 12, "observations.two.times", "must increase"));
  CHECK(has(problems, 16, 12, "observations.both.times", "not both"));
}

TEST_CASE("a final quantity takes min and max only, and is no curve") {
  ScratchDataset s("final");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: pristine}\n"
                                "observations:\n"
                                "  - id: pores\n"
                                "    quantity: nanopore_max_depth\n"
                                "    at: 60 s\n"
                                "    max: 40 nm\n"
                                "time_series:\n"
                                "  - id: count\n"
                                "    quantity: nanopore_count\n"
                                "    file: none.csv\n"
                                "    uncertainty: 1\n");
  const auto ds = diagnostics_of(file);
  CHECK(has(ds, 3, 5, "observations.pores", "one value of the run's end state"));
  CHECK(has(ds, 9, 15, "time_series.count.quantity", "one value per run, not a curve"));
}

TEST_CASE("an observation may name the engine it is about, one of the two") {
  ScratchDataset s("engine");
  const fs::path good = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: insitu_biasing}\n"
                                "observations:\n"
                                "  - id: faults\n"
                                "    engine: kmc\n"
                                "    quantity: stacking_fault_count\n"
                                "    at: 813 s\n"
                                "    min: 1\n"
                                "  - id: shift\n"
                                "    experiment: pristine_interface\n"
                                "    quantity: surface_mn_edge_shift\n"
                                "    max: -0.1 eV\n");
  const MeasuredDataset ds = read_measured_dataset(good);
  REQUIRE(ds.observations.size() == 2);
  CHECK(ds.observations[0].engine == "kmc");
  CHECK_FALSE(is_final_quantity(ds.observations[0].quantity));
  CHECK(ds.observations[1].engine.empty());
  CHECK(is_final_quantity(ds.observations[1].quantity));
  CHECK(testing::close(*ds.observations[1].max, -0.1 * 1.602176634e-19, testing::round_off));
  const fs::path bad = s.write("bad.yaml",
                               "dataset: {name: t, default_experiment: insitu_biasing}\n"
                               "observations:\n"
                               "  - id: faults\n"
                               "    engine: monte_carlo\n"
                               "    quantity: stacking_fault_count\n"
                               "    at: 813 s\n"
                               "    min: 1\n"
                               "  - id: shift\n"
                               "    quantity: surface_mn_edge_shift\n"
                               "    max: -0.1 nm\n");
  const auto problems = diagnostics_of(bad);
  CHECK(has(problems, 4, 13, "observations.faults.engine", "unknown engine 'monte_carlo'"));
  CHECK(has(problems, 10, 10, "observations.shift.max", "energy"));
}

TEST_CASE("a time series reads its CSV table in the units the dataset states") {
  ScratchDataset s("units");
  s.write("sizes.csv",
          "# mean void diameter from HAADF frames\n"
          "t_min, d, sigma\n"
          "5, 4.0, 0.5\n"
          "10, 6.0, 0.5\n");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: unit_test, default_experiment: insitu_biasing}\n"
                                "time_series:\n"
                                "  - id: diameter\n"
                                "    quantity: mean_void_diameter\n"
                                "    file: sizes.csv\n"
                                "    columns: {time: t_min, value: d, uncertainty: sigma}\n"
                                "    units: {time: min, value: nm}\n"
                                "    pixel_size: 0.25 nm\n"
                                "    max_normalised_rmse: 1.5\n");
  const MeasuredDataset ds = read_measured_dataset(file);
  REQUIRE(ds.time_series.size() == 1);
  const MeasuredTimeSeries& m = ds.time_series[0];
  CHECK(m.time == std::vector<double>{300.0, 600.0});
  CHECK(testing::close(m.value[1], 6e-9, testing::round_off));
  CHECK(testing::close(m.uncertainty[0], 0.5e-9, testing::round_off));
  CHECK(testing::close(*m.pixel_size, 0.25e-9, testing::round_off));
  CHECK(m.max_normalised_rmse == 1.5);
  CHECK(m.experiment == "insitu_biasing");
}

TEST_CASE("a bad dataset is refused with every problem located") {
  ScratchDataset s("bad");
  const fs::path file = s.write("dataset.yaml",
                                "dataset:\n"                              // 1
                                "  name: bad\n"                           // 2
                                "  default_experiment: insitu_biasing\n"  // 3
                                "observations:\n"                         // 4
                                "  - id: onset\n"                         // 5
                                "    quantity: void_onset_tme\n"          // 6
                                "    min: 200 s\n"                        // 7
                                "  - id: late\n"                          // 8
                                "    quantity: void_onset_time\n"         // 9
                                "    max: 330 nm\n"                       // 10
                                "  - id: late\n"                          // 11
                                "    quantity: void_count\n"              // 12
                                "    at: 82 s\n"                          // 13
                                "    maxx: 0\n"                           // 14
                                "  - id: rises\n"                         // 15
                                "    quantity: void_area_fraction\n"      // 16
                                "    trend: increasing\n"                 // 17
                                "    min: 0.1\n"                          // 18
                                "  - id: event_at\n"                      // 19
                                "    quantity: coalescence_time\n"        // 20
                                "    at: 500 s\n"                         // 21
                                "    max: 700 s\n");                      // 22
  const auto ds = diagnostics_of(file);
  CHECK(has(ds, 6, 15, "observations.onset.quantity", "did you mean 'void_onset_time'"));
  CHECK(has(ds, 10, 10, "observations.late.max", "expected a time"));
  CHECK(has(ds, 11, 9, "observations.id", "duplicate id 'late'"));
  CHECK(has(ds, 14, 5, "observations.late.maxx", "did you mean 'max'"));
  CHECK(has(ds, 13, 9, "observations.late", "a bound is missing"));
  CHECK(has(ds, 17, 12, "observations.rises", "a trend has no min:/max:"));
  CHECK(has(ds, 19, 5, "observations.event_at", "one time per run"));
  for (const auto& d : ds) CHECK(d.file == file.string());
  for (const auto& d : ds) MESSAGE(d.format());
  CHECK(ds.size() == 7);
}

TEST_CASE("a table with a bad row is refused naming the table's line") {
  ScratchDataset s("table");
  s.write("area.csv",
          "time_s,area,sigma\n"
          "300,0.001,0.0005\n"
          "200,0.002,0.0005\n"
          "600,abc,0.0005\n");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: e}\n"
                                "time_series:\n"
                                "  - id: area\n"
                                "    quantity: void_area_fraction\n"
                                "    file: area.csv\n"
                                "    columns: {value: area, uncertainty: sigma}\n");
  const auto ds = diagnostics_of(file);
  REQUIRE(ds.size() == 1);  // the table stops at the first unreadable row
  CHECK(ds[0].file == (s.dir / "area.csv").string());
  CHECK(ds[0].line == 4);
  CHECK(ds[0].message.find("'abc' is not a finite number (column area)") != std::string::npos);

  s.write("area.csv", "time_s,area,sigma\n300,0.001,0.0005\n200,0.002,0.0005\n");
  const auto order = diagnostics_of(file);
  REQUIRE(order.size() == 1);
  CHECK(order[0].line == 3);
  CHECK(order[0].message.find("times must increase") != std::string::npos);

  s.write("area.csv", "time_s,fraction,sigma\n300,0.001,0.0005\n");
  const auto column = diagnostics_of(file);
  REQUIRE(column.size() == 1);
  CHECK(column[0].key == "time_series.area.columns.value");
  CHECK(column[0].message.find("no column 'area'") != std::string::npos);
}

TEST_CASE("an empty column or unit name is refused where it is written, in every kind of table") {
  // Found by fuzz_dataset: an empty column name read as "column not wanted" and its values were
  // then indexed although never read.
  ScratchDataset s("empty_names");
  s.write("t.csv", "time_s,value,sigma\n60,0.001,0.0005\n");
  s.write("d.csv", "diameter_nm\n4.0\n");
  s.write("p.csv", "depth_nm,area_fraction,sigma\n5,0.04,0.01\n");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: e}\n"
                                "time_series:\n"
                                "  - id: area\n"
                                "    quantity: void_area_fraction\n"
                                "    file: t.csv\n"
                                "    columns: {value: '', uncertainty: sigma}\n"
                                "size_distributions:\n"
                                "  - id: sizes\n"
                                "    at: end\n"
                                "    file: d.csv\n"
                                "    columns: {diameter: \"\"}\n"
                                "    units: {diameter: ''}\n"
                                "depth_profiles:\n"
                                "  - id: profile\n"
                                "    at: end\n"
                                "    file: p.csv\n"
                                "    columns: {depth: '', uncertainty: sigma}\n");
  const auto ds = diagnostics_of(file);
  CHECK(has(ds, 6, 22, "time_series.area.columns.value", "must not be empty"));
  CHECK(has(ds, 11, 25, "size_distributions.sizes.columns.diameter", "must not be empty"));
  CHECK(has(ds, 12, 23, "size_distributions.sizes.units.diameter", "must not be empty"));
  CHECK(has(ds, 17, 22, "depth_profiles.profile.columns.depth", "must not be empty"));
}

TEST_CASE("a missing table or dataset file is an I/O error naming it") {
  ScratchDataset s("missing");
  CHECK_THROWS_AS((void)read_measured_dataset(s.dir / "nothing.yaml"), IoError);
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: e}\n"
                                "time_series:\n"
                                "  - id: area\n"
                                "    quantity: void_area_fraction\n"
                                "    file: absent.csv\n"
                                "    uncertainty: 0.001\n");
  const auto ds = diagnostics_of(file);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].line == 5);
  CHECK(ds[0].key == "time_series.area.file");
  CHECK(ds[0].message.find("absent.csv") != std::string::npos);
}

TEST_CASE("size distributions read as lists or bins, and depth profiles with their bin width, in SI") {
  ScratchDataset s("snapshots");
  s.write("d.csv", "diameter_nm\n4.0\n6.5\n# a comment\n8\n");
  s.write("h.csv", "lo,hi,n\n3,5,2\n5,7,4.5\n");
  s.write("p.csv", "depth_nm,area_fraction,sigma\n5,0.04,0.01\n15,0.07,0.01\n25,0.09,0.02\n");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: e}\n"
                                "size_distributions:\n"
                                "  - id: listed\n"
                                "    at: 2345 s\n"
                                "    file: d.csv\n"
                                "    columns: {diameter: diameter_nm}\n"
                                "    units: {diameter: nm}\n"
                                "    uncertainty: 0.5 nm\n"
                                "    min_diameter: 3 nm\n"
                                "    max_ks: 0.4\n"
                                "    max_wasserstein: 1.5 nm\n"
                                "  - id: binned\n"
                                "    experiment: other\n"
                                "    at: end\n"
                                "    file: h.csv\n"
                                "    columns: {low: lo, high: hi, count: n}\n"
                                "    units: {diameter: nm}\n"
                                "    uncertainty: 0.25 nm\n"
                                "    min_p_value: 0.05\n"
                                "depth_profiles:\n"
                                "  - id: profile\n"
                                "    at: 40 min\n"
                                "    file: p.csv\n"
                                "    columns: {uncertainty: sigma}\n"
                                "    max_normalised_rmse: 1.5\n");
  const MeasuredDataset ds = read_measured_dataset(file);
  REQUIRE(ds.size_distributions.size() == 2);
  const MeasuredSizeDistribution& listed = ds.size_distributions[0];
  CHECK_FALSE(listed.binned());
  CHECK(listed.when.at == doctest::Approx(2345.0));
  REQUIRE(listed.diameters.size() == 3);
  CHECK(listed.diameters[1] == doctest::Approx(6.5e-9));
  CHECK(listed.uncertainty == doctest::Approx(0.5e-9));
  CHECK(*listed.min_diameter == doctest::Approx(3e-9));
  CHECK(*listed.max_ks == doctest::Approx(0.4));
  CHECK(*listed.max_wasserstein == doctest::Approx(1.5e-9));
  CHECK_FALSE(listed.min_p_value);
  const MeasuredSizeDistribution& binned = ds.size_distributions[1];
  CHECK(binned.binned());
  CHECK(binned.when.at_end);
  CHECK(binned.experiment == "other");
  CHECK(binned.bin_high[1] == doctest::Approx(7e-9));
  CHECK(binned.counts[1] == doctest::Approx(4.5));
  REQUIRE(ds.depth_profiles.size() == 1);
  const MeasuredDepthProfile& p = ds.depth_profiles[0];
  CHECK(p.when.at == doctest::Approx(2400.0));
  CHECK(p.depth[2] == doctest::Approx(25e-9));
  CHECK(p.uncertainty[2] == doctest::Approx(0.02));
  CHECK(p.bin_width == doctest::Approx(10e-9));  // from the spacing of the depths
  CHECK(p.max_normalised_rmse == doctest::Approx(1.5));
  CHECK(ds.experiments() == std::vector<std::string>{"e", "other"});
}

TEST_CASE("bad size distributions and depth profiles are refused with each problem located") {
  ScratchDataset s("bad_snapshots");
  s.write("d.csv", "diameter_nm\n4.0\n-1\n");
  s.write("p.csv", "depth_nm,area_fraction\n15,0.07\n5,0.04\n");
  const fs::path file = s.write("dataset.yaml",
                                "dataset: {name: t, default_experiment: e}\n"
                                "size_distributions:\n"
                                "  - id: no_criterion\n"
                                "    at: 100 s\n"
                                "    file: d.csv\n"
                                "    columns: {diameter: diameter_nm, count: n}\n"
                                "    uncertainty: 0.5 nm\n"
                                "  - id: bad_row\n"
                                "    file: d.csv\n"
                                "    columns: {diameter: diameter_nm}\n"
                                "    units: {diameter: nm}\n"
                                "    max_ks: 1.5\n"
                                "    max_wasserstein: 2 s\n"
                                "depth_profiles:\n"
                                "  - id: unordered\n"
                                "    at: 100 s\n"
                                "    file: p.csv\n"
                                "    uncertainty: 0.01\n");
  const auto ds = diagnostics_of(file);
  CHECK(has(ds, 3, 5, "size_distributions.no_criterion", "no criterion"));
  CHECK(has(ds, 3, 5, "size_distributions.no_criterion.columns", "{diameter: NAME}"));
  CHECK(has(ds, 8, 5, "size_distributions.bad_row.at", "missing"));
  CHECK(has(ds, 8, 5, "size_distributions.bad_row.uncertainty", "missing"));
  CHECK_FALSE(has(ds, 8, 5, "size_distributions.bad_row", "no criterion"));  // given, if unreadable
  CHECK(has(ds, 12, 13, "size_distributions.bad_row.max_ks", "[0, 1]"));
  CHECK(has(ds, 13, 22, "size_distributions.bad_row.max_wasserstein", "expected a length"));
  CHECK(has(ds, 3, 0, "size_distributions.bad_row", "a diameter must be > 0"));
  CHECK(has(ds, 3, 0, "depth_profiles.unordered", "depths must be >= 0 and increase"));
  std::size_t in_tables = 0;
  for (const auto& d : ds) in_tables += d.file != file.string() ? 1 : 0;
  CHECK(in_tables == 2);
  CHECK(ds.size() == 8);
}
