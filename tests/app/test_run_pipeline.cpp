// The run pipeline end to end, driven exactly as `voidsim run` drives it: the run-directory
// contract, refusal to clobber, bad input leaving the disk untouched, and bitwise resume.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/run_end_state.hpp"
#include "app/run_pipeline.hpp"
#include "app/stop_signal.hpp"
#include "io/result_reader.hpp"
#include "validation/measured_dataset.hpp"
#include "validation/run_record.hpp"

namespace fs = std::filesystem;
using voidsim::ExitCode;
using voidsim::app::RunOptions;

namespace {

const fs::path data_dir = fs::path(VOIDSIM_SOURCE_DIR) / "tests/app/data";

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests/app/runs" / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

RunOptions small_run(const fs::path& dir) {
  RunOptions options;
  options.scenario_file = data_dir / "small_run.yaml";
  options.output_dir = dir;
  options.quiet = true;
  options.command_line = "test_run_pipeline";
  return options;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Last iteration's fields of a result.h5, read with the plain C API as a user's tool would.
std::vector<double> read_field(const fs::path& h5, const std::string& path) {
  const hid_t file = H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const hid_t dset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
  REQUIRE(dset >= 0);
  const hid_t space = H5Dget_space(dset);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Sclose(space);
  H5Dclose(dset);
  H5Fclose(file);
  return values;
}

}  // namespace

TEST_CASE("a run writes the run-directory contract") {
  const fs::path dir = fresh_dir("contract");
  REQUIRE(voidsim::app::run_simulation(small_run(dir)) == ExitCode::ok);
  for (const char* name :
       {"result.h5", "result.xdmf", "porosity.csv", "summary.json", "scenario.resolved.yaml"}) {
    CHECK_MESSAGE(fs::exists(dir / name), name);
  }
  for (const char* name :
       {"porosity_curve.png", "current.png", "porosity_profile.png", "size_histogram.png"}) {
    CHECK_MESSAGE(fs::file_size(dir / "plots" / name) > 1000, name);
  }
  CHECK_FALSE(fs::exists(dir / "checkpoint.h5"));
  CHECK_FALSE(fs::exists(dir / ".work"));

  const std::string csv = read_text(dir / "porosity.csv");
  CHECK(csv.rfind("time_s,void_area_fraction,void_volume_fraction,void_count,mean_diameter_nm,front_depth_nm,"
                  "current_A,li_extracted_fraction",
                  0) == 0);
  // duration 20 s, output every 5 s: frames at 0, 5, 10, 15, 20 plus the header line.
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 6);

  const auto summary = nlohmann::json::parse(read_text(dir / "summary.json"));
  for (const char* key : {"engine", "void_onset_s", "coalescence_s", "final_void_area_fraction",
                          "final_void_volume_fraction", "max_void_depth_nm", "domain_depth_nm", "void_count",
                          "mean_void_diameter_nm", "charge_passed_C", "wall_time_s"}) {
    CHECK_MESSAGE(summary.contains(key), key);
  }
  CHECK(summary["engine"] == "phase_field");
  CHECK(summary["simulated_time_s"].get<double>() == doctest::Approx(20.0));
}

TEST_CASE("an existing run is not overwritten without --force, and --force starts over") {
  const fs::path dir = fresh_dir("no_clobber");
  REQUIRE(voidsim::app::run_simulation(small_run(dir)) == ExitCode::ok);
  CHECK_THROWS_AS(voidsim::app::run_simulation(small_run(dir)), voidsim::InputError);
  RunOptions forced = small_run(dir);
  forced.force = true;
  CHECK(voidsim::app::run_simulation(forced) == ExitCode::ok);
}

TEST_CASE("bad input changes nothing on disk") {
  const fs::path dir = fresh_dir("bad_input");
  RunOptions options = small_run(dir);
  options.overrides = {"run.duraton=10 s"};  // misspelt key
  CHECK_THROWS_AS(voidsim::app::run_simulation(options), voidsim::InputError);
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("resume after an interruption reproduces the uninterrupted run bitwise") {
  const fs::path reference = fresh_dir("resume_reference");
  REQUIRE(voidsim::app::run_simulation(small_run(reference)) == ExitCode::ok);

  const fs::path interrupted = fresh_dir("resume_interrupted");
  RunOptions first = small_run(interrupted);
  first.stop_at_time = 7.3;  // inside the second output interval: resumes mid-interval
  REQUIRE(voidsim::app::run_simulation(first) == ExitCode::interrupted);
  CHECK(fs::exists(interrupted / "checkpoint.h5"));
  CHECK_FALSE(fs::exists(interrupted / "result.h5"));
  CHECK_FALSE(fs::exists(interrupted / "summary.json"));

  voidsim::app::clear_stop_request();
  RunOptions second = small_run(interrupted);
  second.resume = true;
  REQUIRE(voidsim::app::run_simulation(second) == ExitCode::ok);

  // Same threads, same seed: every field of every frame identical to the last bit.
  for (const char* field : {"void_order_parameter", "vacancy_fraction", "li_fraction"}) {
    for (const char* iteration : {"1", "4"}) {
      const std::string path = std::string("/data/") + iteration + "/meshes/" + field;
      CHECK_MESSAGE(read_field(reference / "result.h5", path) == read_field(interrupted / "result.h5", path),
                    path);
    }
  }
  // The porosity curves agree too (CSV printed with round-trip precision).
  CHECK(read_text(reference / "porosity.csv") == read_text(interrupted / "porosity.csv"));
}

TEST_CASE("--resume of a run stopped during its final cleanup completes without recomputing") {
  // The cleanup after summary.json removes the checkpoints, then the frame files. A kill can stop
  // it anywhere; both states it can leave must resume to the same complete run. The state of the
  // old order (a checkpoint without its frames) is covered too: it used to fail with an I/O error.
  const fs::path dir = fresh_dir("resume_after_cleanup");
  RunOptions first = small_run(dir);
  first.stop_at_time = 12.0;
  REQUIRE(voidsim::app::run_simulation(first) == ExitCode::interrupted);
  voidsim::app::clear_stop_request();
  const fs::path saved_checkpoint = dir.parent_path() / "resume_after_cleanup_checkpoint.h5";
  fs::copy_file(dir / "checkpoint.h5", saved_checkpoint, fs::copy_options::overwrite_existing);
  RunOptions resume = small_run(dir);
  resume.resume = true;
  REQUIRE(voidsim::app::run_simulation(resume) == ExitCode::ok);
  const std::string result = read_text(dir / "result.h5");
  const std::string summary = read_text(dir / "summary.json");
  REQUIRE_FALSE(result.empty());

  SUBCASE("frame files left, checkpoints already removed") {
    fs::create_directories(dir / ".work");
    std::ofstream(dir / ".work" / "iteration_00000002.h5") << "partial";
  }
  SUBCASE("a checkpoint left, its frame files removed (the old order)") {
    fs::copy_file(saved_checkpoint, dir / "checkpoint.h5", fs::copy_options::overwrite_existing);
  }
  REQUIRE(voidsim::app::run_simulation(resume) == ExitCode::ok);
  CHECK(read_text(dir / "result.h5") == result);  // not recomputed: the complete run stands
  CHECK(read_text(dir / "summary.json") == summary);
  CHECK_FALSE(fs::exists(dir / ".work"));
  CHECK_FALSE(fs::exists(dir / "checkpoint.h5"));

  // A complete run resumed with another scenario is refused, as an incomplete one is.
  RunOptions other = resume;
  other.overrides = {"run.seed=99"};
  CHECK_THROWS_AS(voidsim::app::run_simulation(other), voidsim::InputError);
}

TEST_CASE("extra output times add frames at exactly those times") {
  const fs::path dir = fresh_dir("output_times");
  RunOptions options = small_run(dir);
  // 7.5 s between the regular frames, 10.0004 s merged with the 10 s frame, 99 s after the end.
  options.overrides = {"run.output_times=[7.5 s, 10.0004 s, 99 s]"};
  REQUIRE(voidsim::app::run_simulation(options) == ExitCode::ok);
  std::istringstream csv(read_text(dir / "porosity.csv"));
  std::string line;
  std::getline(csv, line);  // header
  std::vector<double> times;
  while (std::getline(csv, line)) times.push_back(std::stod(line.substr(0, line.find(','))));
  const std::vector<double> expected{0.0, 5.0, 7.5, 10.0, 15.0, 20.0};
  REQUIRE(times.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k)
    CHECK(times[k] == doctest::Approx(expected[k]).epsilon(1e-12));
}

TEST_CASE("the layer's nanopores are written as nanopore_mask and are not voids at the end state") {
  const fs::path dir = fresh_dir("nanopores");
  RunOptions options = small_run(dir);
  options.overrides = {"surface_layer.nanopores.enabled=true",
                       "surface_layer.vacancy_transport.enabled=true"};
  REQUIRE(voidsim::app::run_simulation(options) == ExitCode::ok);
  const voidsim::io::ResultReader reader(dir / "result.h5");
  REQUIRE(reader.frames().size() == 5);
  for (const auto& frame : reader.frames()) {
    CAPTURE(frame.time_s);
    REQUIRE(reader.has_field(frame, "nanopore_mask"));
    const std::vector<double> mask = reader.read_field(frame, "nanopore_mask");
    const std::vector<double> eta = reader.read_field(frame, "void_order_parameter");
    // 32 nm x 5 nm at 13 % porosity: several painted pores, present in every frame of 20 s.
    std::size_t pore_cells = 0, object_cells = 0;
    for (std::size_t c = 0; c < mask.size(); ++c) {
      CHECK((mask[c] == 0.0 || mask[c] == 1.0));
      pore_cells += mask[c] == 1.0 ? 1 : 0;
      object_cells += eta[c] > 0.5 ? 1 : 0;
      if (mask[c] == 1.0) CHECK(eta[c] > 0.5);
    }
    CHECK(pore_cells > 10);
    CHECK(pore_cells == object_cells);  // no void in 20 s: every object is a pore
  }
  // voidsim validate's end state: the pores are solid there, so there is no void to surround.
  voidsim::RunRecord run = voidsim::read_run_record(dir);
  const voidsim::MeasuredDataset dataset = voidsim::read_measured_dataset(
      fs::path(VOIDSIM_SOURCE_DIR) / "validation/datasets/li2022_nanolett/dataset.yaml");
  voidsim::app::take_end_state(run, dataset, "insitu_biasing");
  CHECK_FALSE(run.layered_void_fraction.has_value());
  REQUIRE(run.unavailable.count(voidsim::ObservedQuantity::layered_void_fraction) == 1);
  CHECK(run.unavailable.at(voidsim::ObservedQuantity::layered_void_fraction) == "no void in the last output");
}
