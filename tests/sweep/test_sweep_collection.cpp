// `voidsim collect` on a fabricated sweep directory (sweep/sweep_collection.hpp and
// app/sweep_collection_plots.hpp): 2 biases x 2 f_loss x 2 replicates = 8 tasks, of which 6 are
// complete, task 6 failed and task 7 was never run. The table must have one row per task with the
// right columns, units and values, NaN where a task has no number, and read back from CSV and
// HDF5 exactly; the plots must show the replicates and their means.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/sweep_collection_plots.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "sweep/sweep_collection.hpp"
#include "sweep/sweep_plan_json.hpp"

namespace fs = std::filesystem;
using namespace voidsim;
using namespace voidsim::sweep;

namespace {

constexpr std::size_t n_tasks = 8;
constexpr std::size_t failed_task = 6;
constexpr std::size_t missing_task = 7;
// Seeds above 2^52: a column stored as double would round some of them.
constexpr std::uint64_t seed_base = (std::uint64_t{1} << 52) + 1;
const std::string failure_text = "numerical failure: time step collapsed, \"dt\" < 1e-12 s\nat t = 5 s";

/// Onset time of complete task i (s); task 1 reports null (no void).
std::optional<double> onset(std::size_t i) {
  if (i == 1) return std::nullopt;
  return 100.0 + 10.0 * static_cast<double>(i);
}

SweepPlan fabricated_plan(const fs::path& dir) {
  SweepPlan plan;
  plan.sweep_file = dir / "fabricated.yaml";
  plan.parameter_keys = {"electrochemistry.bias", "vacancy_sources.f_loss", "engine"};
  plan.points = 4;
  plan.replicates = 2;
  plan.master_seed = 11;
  for (std::size_t i = 0; i < n_tasks; ++i) {
    SweepTask t;
    t.index = i;
    t.point = i / 2;
    t.replicate = i % 2;
    t.seed = seed_base + 2 * i;
    const bool high_bias = t.point >= 2, high_loss = t.point % 2 == 1;
    t.parameters = {{"electrochemistry.bias", high_bias ? "4.8 V" : "4.6 V", high_bias ? 4.8 : 4.6},
                    {"vacancy_sources.f_loss", high_loss ? "0.03" : "0.01", high_loss ? 0.03 : 0.01},
                    {"engine", "phase_field", std::nullopt}};
    plan.tasks.push_back(t);
  }
  return plan;
}

/// Writes the sweep directory as `voidsim sweep` leaves it: sweep.json, a run directory with
/// summary.json per complete task, a .failed.json for task 6, nothing for task 7.
fs::path fabricated_sweep_dir(const std::string& name) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests/sweep/collect" / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "runs");
  const SweepPlan plan = fabricated_plan(dir);
  io::write_text_atomic(dir / "sweep.json", plan_to_json(plan).dump(2));
  for (std::size_t i = 0; i < n_tasks; ++i) {
    if (i == failed_task || i == missing_task) continue;
    nlohmann::json s;
    s["void_onset_s"] = onset(i) ? nlohmann::json(*onset(i)) : nlohmann::json(nullptr);
    s["final_void_area_fraction"] = 0.01 * static_cast<double>(i);
    s["engine"] = "phase_field";
    s["seed"] = plan.tasks[i].seed;
    s["threads"] = 1;
    s["converged"] = true;
    s["nested"] = {{"depth_nm", 2.5 * static_cast<double>(i)}};
    s["diameters_nm"] = {1.0, 2.0};  // not a scalar: not a column
    fs::create_directories(dir / "runs" / task_name(i));
    io::write_text_atomic(dir / "runs" / task_name(i) / "summary.json", s.dump(2));
  }
  nlohmann::json failure = {{"index", failed_task}, {"exit_code", 3}, {"error", failure_text}};
  io::write_text_atomic(dir / "runs" / (task_name(failed_task) + ".failed.json"), failure.dump(2));
  return dir;
}

std::vector<std::string> column_names(const SweepSummary& s) {
  std::vector<std::string> names;
  for (const auto& c : s.columns) names.push_back(c.name);
  return names;
}

/// "a | b | c": vectors of names compared as one string, so a failure prints both lists.
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " | ") + n;
  return out;
}

/// RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        records.back().back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        records.back().back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      records.back().emplace_back();
    } else if (ch == '\n') {
      records.emplace_back(1);
    } else {
      records.back().back() += ch;
    }
  }
  if (records.back().size() == 1 && records.back()[0].empty()) records.pop_back();
  return records;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("collect: one row per task with status, SI parameters, flattened summary and NaN") {
  const fs::path dir = fabricated_sweep_dir("table");
  const SweepPlan plan = read_plan_file(dir / "sweep.json");
  const SweepSummary s = collect_sweep(plan, dir);

  CHECK(s.n_rows == n_tasks);
  CHECK(s.n_complete == 6);
  CHECK(s.n_failed == 1);
  CHECK(s.n_missing == 1);
  // Task columns, parameters in plan order (numeric ones with their SI unit), the summary's
  // scalars in the order of their keys (its "engine" renamed: the swept key holds that name; "seed" is the
  // task column; the array is left out), the error last.
  const std::vector<std::string> expected = {"index",
                                             "point",
                                             "replicate",
                                             "seed",
                                             "status",
                                             "exit_code",
                                             "electrochemistry.bias [V]",
                                             "vacancy_sources.f_loss [1]",
                                             "engine",
                                             "converged",
                                             "summary.engine",
                                             "final_void_area_fraction",
                                             "nested.depth_nm",
                                             "threads",
                                             "void_onset_s",
                                             "error"};
  CHECK(joined(column_names(s)) == joined(expected));

  const SummaryColumn& status = *s.find("status");
  const SummaryColumn& seed = *s.find("seed");
  const SummaryColumn& exit_code = *s.find("exit_code");
  const SummaryColumn& bias = *s.find("electrochemistry.bias");
  const SummaryColumn& onset_column = *s.find("void_onset_s");
  const SummaryColumn& depth = *s.find("nested.depth_nm");
  const SummaryColumn& error = *s.find("error");
  CHECK(bias.unit == "V");
  CHECK(s.find("vacancy_sources.f_loss")->unit == "1");
  CHECK(onset_column.unit == "s");
  CHECK(depth.unit == "nm");
  CHECK(s.find("final_void_area_fraction")->unit == "1");
  CHECK(s.find("engine")->type == ColumnType::text);
  for (std::size_t i = 0; i < n_tasks; ++i) {
    CAPTURE(i);
    const bool complete = i != failed_task && i != missing_task;
    CHECK(status.texts[i] == (complete ? "complete" : i == failed_task ? "failed" : "missing"));
    CHECK(seed.integers[i] == seed_base + 2 * i);  // exact, 53 bits
    CHECK(bias.numbers[i] == (i >= 4 ? 4.8 : 4.6));
    CHECK(s.find("engine")->texts[i] == "phase_field");  // the parameter, for every task
    CHECK(s.find("summary.engine")->texts[i] == (complete ? "phase_field" : ""));
    if (complete) {
      CHECK(exit_code.numbers[i] == 0.0);
      CHECK(depth.numbers[i] == 2.5 * static_cast<double>(i));
      CHECK(s.find("converged")->numbers[i] == 1.0);
      if (onset(i)) CHECK(onset_column.numbers[i] == *onset(i));
      if (!onset(i)) CHECK(std::isnan(onset_column.numbers[i]));  // JSON null
      CHECK(error.texts[i].empty());
    } else {
      CHECK(std::isnan(onset_column.numbers[i]));
      CHECK(std::isnan(depth.numbers[i]));
      CHECK(std::isnan(s.find("final_void_area_fraction")->numbers[i]));
    }
  }
  CHECK(exit_code.numbers[failed_task] == 3.0);
  CHECK(std::isnan(exit_code.numbers[missing_task]));
  CHECK(error.texts[failed_task] == failure_text);
}

TEST_CASE("collect: an unreadable summary.json makes its row failed, not the collection") {
  const fs::path dir = fabricated_sweep_dir("unreadable");
  io::write_text_atomic(dir / "runs" / task_name(3) / "summary.json", "{\"void_onset_s\": 1");  // cut short
  const SweepSummary s = collect_sweep(read_plan_file(dir / "sweep.json"), dir);
  CHECK(s.n_complete == 5);
  CHECK(s.n_failed == 2);
  CHECK(s.find("status")->texts[3] == "failed");
  CHECK(s.find("error")->texts[3].find("unreadable summary.json") != std::string::npos);
  CHECK(std::isnan(s.find("void_onset_s")->numbers[3]));
}

TEST_CASE("collect: summary.csv reads back with the same cells") {
  const fs::path dir = fabricated_sweep_dir("csv");
  const SweepSummary s = collect_sweep(read_plan_file(dir / "sweep.json"), dir);
  write_summary_csv(s, dir / "summary.csv");
  const auto records = parse_csv(read_text(dir / "summary.csv"));
  REQUIRE(records.size() == n_tasks + 1);  // header + one per task, despite the error's line break
  CHECK(joined(records[0]) == joined(column_names(s)));
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(records[0].begin(), records[0].end(), name) -
                                    records[0].begin());
  };
  CHECK(records[1 + 4][col("seed")] == std::to_string(seed_base + 8));
  CHECK(records[1 + 4][col("void_onset_s")] == "140");
  CHECK(records[1 + 1][col("void_onset_s")] == "nan");
  CHECK(records[1 + failed_task][col("status")] == "failed");
  CHECK(records[1 + failed_task][col("error")] == failure_text);  // quoted: comma, quotes, newline
  CHECK(records[1 + missing_task][col("status")] == "missing");
  CHECK(records[1 + missing_task][col("final_void_area_fraction")] == "nan");
  // Shortest round-trip text: 0.01 * 3 parses back to the same double.
  CHECK(std::stod(records[1 + 3][col("final_void_area_fraction")]) == 0.01 * 3.0);
  for (const auto& r : records) CHECK(r.size() == records[0].size());
}

TEST_CASE("collect: summary.h5 holds each column along the dimension scale 'task' with units") {
  const fs::path dir = fabricated_sweep_dir("h5");
  const SweepPlan plan = read_plan_file(dir / "sweep.json");
  const SweepSummary s = collect_sweep(plan, dir);
  write_summary_h5(s, plan, dir / "summary.h5");

  const io::hdf5::ErrorSilencer silence;
  io::hdf5::File file = io::hdf5::open_file_read(dir / "summary.h5");
  const hid_t root = file.get();
  CHECK(io::hdf5::read_uint64_attribute(root, "n_failed") == 1);
  CHECK(io::hdf5::read_uint64_attribute(root, "n_missing") == 1);

  std::vector<hsize_t> dims;
  const std::vector<std::int64_t> task = io::hdf5::read_int64_dataset(root, "task");
  CHECK(task == std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7});
  const std::vector<double> onset_values = io::hdf5::read_double_dataset(root, "void_onset_s", &dims);
  CHECK(dims == std::vector<hsize_t>{n_tasks});
  CHECK(onset_values[0] == 100.0);
  CHECK(onset_values[5] == 150.0);
  CHECK(std::isnan(onset_values[1]));
  CHECK(std::isnan(onset_values[failed_task]));
  CHECK(std::isnan(onset_values[missing_task]));
  CHECK(io::hdf5::read_double_dataset(root, "electrochemistry.bias")[4] == 4.8);

  const io::hdf5::Dataset scale(H5Dopen2(root, "task", H5P_DEFAULT));
  CHECK(H5DSis_scale(scale.get()) > 0);
  for (const SummaryColumn& c : s.columns) {
    if (c.key == "index") continue;
    CAPTURE(c.key);
    const io::hdf5::Dataset d(H5Dopen2(root, c.key.c_str(), H5P_DEFAULT));
    REQUIRE(d.valid());
    CHECK(H5DSis_attached(d.get(), scale.get(), 0) > 0);
    CHECK(io::hdf5::dataset_dims(d.get()) == std::vector<hsize_t>{n_tasks});
    CHECK(io::hdf5::read_string_attribute(d.get(), "key") == c.key);
    CHECK(io::hdf5::read_string_attribute(d.get(), "name") == c.name);
    if (!c.unit.empty()) CHECK(io::hdf5::read_string_attribute(d.get(), "units") == c.unit);
  }
  const io::hdf5::Dataset bias(H5Dopen2(root, "electrochemistry.bias", H5P_DEFAULT));
  CHECK(io::hdf5::read_string_attribute(bias.get(), "units") == "V");
  CHECK(io::hdf5::read_uint64_attribute(root, "n_tasks") == n_tasks);
  // Seeds are stored as 64-bit unsigned integers: exact.
  const io::hdf5::Dataset seeds(H5Dopen2(root, "seed", H5P_DEFAULT));
  std::vector<std::uint64_t> seed_values(n_tasks);
  REQUIRE(H5Dread(seeds.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, seed_values.data()) >= 0);
  CHECK(seed_values[7] == seed_base + 14);
  // Text columns are variable-length UTF-8 strings.
  const io::hdf5::Dataset status(H5Dopen2(root, "status", H5P_DEFAULT));
  const io::hdf5::Datatype string_type(io::hdf5::make_utf8_string_type());
  std::vector<char*> texts(n_tasks, nullptr);
  REQUIRE(H5Dread(status.get(), string_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()) >= 0);
  CHECK(std::string(texts[0]) == "complete");
  CHECK(std::string(texts[failed_task]) == "failed");
  CHECK(std::string(texts[missing_task]) == "missing");
  const io::hdf5::Dataspace space(H5Dget_space(status.get()));
  H5Dvlen_reclaim(string_type.get(), space.get(), H5P_DEFAULT, texts.data());
}

TEST_CASE("collect plots: replicates as points, the mean of each point as a line per other parameter") {
  const fs::path dir = fabricated_sweep_dir("plots");
  const SweepSummary s = collect_sweep(read_plan_file(dir / "sweep.json"), dir);
  const std::vector<app::SweepPlot> plots = app::sweep_plots(s);
  // 4 numeric quantities with finite values (converged, final_void_area_fraction,
  // nested.depth_nm, void_onset_s; "threads" is bookkeeping) x 2 numeric parameters.
  REQUIRE(plots.size() == 8);
  const auto it = std::find_if(plots.begin(), plots.end(), [](const auto& p) {
    return p.name == "void_onset_s_vs_electrochemistry_bias";
  });
  REQUIRE(it != plots.end());
  const PlotSpec& spec = it->spec;
  CHECK(spec.x_axis.title == "electrochemistry.bias [V]");
  CHECK(spec.y_axis.title == "void_onset_s [s]");
  // Two lines (f_loss 0.01 and 0.03), each a points series and a mean series.
  REQUIRE(spec.lines.size() == 4);
  // f_loss = 0.01: tasks 0 (4.6 V, 100 s), 1 (null), 4 and 5 (4.8 V, 140 s and 150 s).
  CHECK(spec.lines[0].x == std::vector<double>{4.6, 4.8, 4.8});
  CHECK(spec.lines[0].y == std::vector<double>{100.0, 140.0, 150.0});
  CHECK(spec.lines[1].label == "mean: f_loss = 0.01, engine = phase_field");
  CHECK(spec.lines[1].x == std::vector<double>{4.6, 4.8});
  CHECK(spec.lines[1].y == std::vector<double>{100.0, 145.0});
  // f_loss = 0.03: tasks 2, 3 (4.6 V: 120 s, 130 s); tasks 6 (failed) and 7 (missing) add nothing.
  CHECK(spec.lines[2].y == std::vector<double>{120.0, 130.0});
  CHECK(spec.lines[3].x == std::vector<double>{4.6});
  CHECK(spec.lines[3].y == std::vector<double>{125.0});
  // Onset rises with bias: the upper right holds three of the data, so the legend goes left.
  CHECK(spec.legend == LegendPosition::upper_left);
  // Room above the data for the two legend rows: 150 s + (2 x 0.09 + 0.06) x (150 s - 100 s).
  REQUIRE(spec.y_axis.max.has_value());
  CHECK(*spec.y_axis.max == doctest::Approx(162.0).epsilon(1e-12));

  // Files: one PNG per plot; a stale plot of an earlier collection goes, other files stay.
  fs::create_directories(dir / "plots");
  io::write_text_atomic(dir / "plots" / "old_quantity_vs_gone.png", "stale");
  io::write_text_atomic(dir / "plots" / "notes.png", "not a collect plot");
  const auto written = app::write_sweep_plots(s, dir / "plots");
  CHECK(written.size() == 8);
  for (const auto& f : written) CHECK(fs::file_size(f) > 1000);
  CHECK_FALSE(fs::exists(dir / "plots" / "old_quantity_vs_gone.png"));
  CHECK(fs::exists(dir / "plots" / "notes.png"));
}
