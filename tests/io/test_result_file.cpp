// Result files: iteration files assembled into an openPMD 1.1 result.h5, read back with the
// HDF5 C API. Data must come back bit for bit (shuffle + deflate are lossless and H5Ocopy copies
// the stored chunks), and every documented attribute must be present with its value.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include "core/error.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "io/result_file.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using namespace voidsim::io;
using voidsim::testing::bitwise_equal;
using voidsim::testing::ScratchDir;
namespace fs = std::filesystem;

namespace {

struct SampleIteration {
  std::int64_t iteration;
  double time, dt;
  std::vector<double> concentration, phase;
};

// Two 2-D fields on a 5 x 7 (z, x) grid with a non-zero offset.
MeshRecord mesh_2d(const std::string& name, const std::vector<double>& data) {
  MeshRecord m;
  m.name = name;
  m.description = name + " field";
  m.shape = {5, 7};
  m.axis_labels = {"z", "x"};
  m.grid_spacing = {2.5e-9, 1.25e-9};
  m.grid_global_offset = {1e-8, -3e-9};
  m.unit_dimension = {-3, 0, 0, 0, 0, 1, 0};  // mol m^-3
  m.unit_si = 1.0;
  m.data = data.data();
  return m;
}

std::vector<SampleIteration> sample_iterations() {
  return {{0, 0.0, 0.5, testing::sample_values(35, 1.0), testing::sample_values(35, 2.0)},
          {10, 5.0, 0.5, testing::sample_values(35, 3.0), testing::sample_values(35, 4.0)},
          {20, 10.25, 0.75, testing::sample_values(35, 5.0), testing::sample_values(35, 6.0)}};
}

std::vector<fs::path> write_samples(const ScratchDir& dir, const std::vector<SampleIteration>& samples) {
  std::vector<fs::path> files;
  fs::create_directories(dir / ".work");
  for (const auto& s : samples) {
    files.push_back(dir.path() / ".work" / iteration_file_name(s.iteration));
    write_iteration_file(files.back(), s.iteration, s.time, s.dt,
                         {mesh_2d("concentration", s.concentration), mesh_2d("phase", s.phase)});
  }
  return files;
}

RunMetadata sample_metadata() {
  return {"voidsim",          "0.1.0",
          "abc123def456",     "2026-01-02T03:04:05Z",
          "grid:\n  nx: 7\n", "voidsim run s.yaml",
          "phase_field",      18446744073709551557ULL};
}

SeriesTable sample_series() {
  return {{"time_s", "porosity", "current_A"},
          {"s", "1", "A"},
          {{0.0, 0.0, 1e-3}, {5.0, 0.125, 9.5e-4}, {10.25, 0.25, 9.0e-4}}};
}

std::vector<double> read_vector(hid_t parent, const std::string& name, std::vector<hsize_t>* dims = nullptr) {
  return hdf5::read_double_dataset(parent, name, dims);
}

}  // namespace

TEST_CASE("iteration files assemble into an openPMD 1.1 result.h5 with bitwise data and all attributes") {
  ScratchDir dir("assemble");
  const auto samples = sample_iterations();
  const auto files = write_samples(dir, samples);
  const fs::path result = dir / "result.h5";
  assemble_result_file(result, sample_metadata(), files, sample_series());

  hdf5::ErrorSilencer silence;
  hdf5::File file = hdf5::open_file_read(result);
  hdf5::Group root = hdf5::open_group(file.get(), "/");
  const hid_t r = root.get();
  CHECK(hdf5::read_string_attribute(r, "openPMD") == "1.1.0");
  CHECK(hdf5::read_uint64_attribute(r, "openPMDextension") == 0);
  CHECK(hdf5::read_string_attribute(r, "basePath") == "/data/%T/");
  CHECK(hdf5::read_string_attribute(r, "meshesPath") == "meshes/");
  CHECK(hdf5::read_string_attribute(r, "iterationEncoding") == "groupBased");
  CHECK(hdf5::read_string_attribute(r, "iterationFormat") == "/data/%T/");
  CHECK(hdf5::read_string_attribute(r, "software") == "voidsim");
  CHECK(hdf5::read_string_attribute(r, "softwareVersion") == "0.1.0");
  CHECK(hdf5::read_string_attribute(r, "date") == "2026-01-02T03:04:05Z");
  CHECK(hdf5::read_string_attribute(r, "git_commit") == "abc123def456");
  CHECK(hdf5::read_string_attribute(r, "scenario") == "grid:\n  nx: 7\n");
  CHECK(hdf5::read_string_attribute(r, "argv") == "voidsim run s.yaml");
  CHECK(hdf5::read_string_attribute(r, "engine") == "phase_field");
  // The full 64-bit range must survive (a seed stored as double would lose the low bits).
  CHECK(hdf5::read_uint64_attribute(r, "seed") == 18446744073709551557ULL);
  // h5py maps variable-length UTF-8 strings to str: check the stored type, not just the text.
  {
    hdf5::Attribute attr(H5Aopen(r, "software", H5P_DEFAULT));
    hdf5::Datatype type(H5Aget_type(attr.get()));
    CHECK(H5Tis_variable_str(type.get()) > 0);
    CHECK(H5Tget_cset(type.get()) == H5T_CSET_UTF8);
  }

  hdf5::Group data = hdf5::open_group(r, "data");
  CHECK(hdf5::child_names(data.get()) == std::vector<std::string>{"0", "10", "20"});
  for (const auto& s : samples) {
    hdf5::Group it = hdf5::open_group(data.get(), std::to_string(s.iteration));
    CHECK(hdf5::read_double_attribute(it.get(), "time") == s.time);
    CHECK(hdf5::read_double_attribute(it.get(), "dt") == s.dt);
    CHECK(hdf5::read_double_attribute(it.get(), "timeUnitSI") == 1.0);
    hdf5::Group meshes = hdf5::open_group(it.get(), "meshes");
    CHECK(hdf5::child_names(meshes.get()) == std::vector<std::string>{"concentration", "phase"});
    for (const auto& [name, values] :
         {std::pair{"concentration", &s.concentration}, std::pair{"phase", &s.phase}}) {
      std::vector<hsize_t> dims;
      CHECK(bitwise_equal(read_vector(meshes.get(), name, &dims), *values));
      CHECK(dims == std::vector<hsize_t>{5, 7});
      hdf5::Dataset d(H5Dopen2(meshes.get(), name, H5P_DEFAULT));
      CHECK(hdf5::read_string_attribute(d.get(), "geometry") == "cartesian");
      CHECK(hdf5::read_string_attribute(d.get(), "dataOrder") == "C");
      CHECK(hdf5::read_string_array_attribute(d.get(), "axisLabels") == std::vector<std::string>{"z", "x"});
      CHECK(hdf5::read_double_array_attribute(d.get(), "gridSpacing") ==
            std::vector<double>{2.5e-9, 1.25e-9});
      CHECK(hdf5::read_double_array_attribute(d.get(), "gridGlobalOffset") ==
            std::vector<double>{1e-8, -3e-9});
      CHECK(hdf5::read_double_attribute(d.get(), "gridUnitSI") == 1.0);
      CHECK(hdf5::read_double_array_attribute(d.get(), "unitDimension") ==
            std::vector<double>{-3, 0, 0, 0, 0, 1, 0});
      CHECK(hdf5::read_double_attribute(d.get(), "timeOffset") == 0.0);
      CHECK(hdf5::read_double_array_attribute(d.get(), "position") == std::vector<double>{0.5, 0.5});
      CHECK(hdf5::read_double_attribute(d.get(), "unitSI") == 1.0);
      CHECK(hdf5::read_string_attribute(d.get(), "description") == std::string(name) + " field");
      // Stored chunked with shuffle + deflate (when this HDF5 has zlib), double precision.
      hdf5::PropertyList dcpl(H5Dget_create_plist(d.get()));
      CHECK(H5Pget_layout(dcpl.get()) == H5D_CHUNKED);
      if (hdf5::deflate_available()) {
        REQUIRE(H5Pget_nfilters(dcpl.get()) == 2);
        unsigned flags = 0;
        size_t n_values = 1;
        unsigned level = 0;
        CHECK(H5Pget_filter2(dcpl.get(), 0, &flags, &n_values, &level, 0, nullptr, nullptr) ==
              H5Z_FILTER_SHUFFLE);
        n_values = 1;
        CHECK(H5Pget_filter2(dcpl.get(), 1, &flags, &n_values, &level, 0, nullptr, nullptr) ==
              H5Z_FILTER_DEFLATE);
        CHECK(level == 4);
      }
      hdf5::Datatype type(H5Dget_type(d.get()));
      CHECK(H5Tequal(type.get(), H5T_IEEE_F64LE) > 0);
    }
  }

  // Series: one dataset per column, unit attribute, time_s a dimension scale of every column.
  hdf5::Group series = hdf5::open_group(r, "series");
  const SeriesTable expected = sample_series();
  hdf5::Dataset time(H5Dopen2(series.get(), "time_s", H5P_DEFAULT));
  CHECK(H5DSis_scale(time.get()) > 0);
  for (std::size_t c = 0; c < expected.columns.size(); ++c) {
    std::vector<double> column;
    for (const auto& row : expected.rows) column.push_back(row[c]);
    CHECK(bitwise_equal(read_vector(series.get(), expected.columns[c]), column));
    hdf5::Dataset d(H5Dopen2(series.get(), expected.columns[c].c_str(), H5P_DEFAULT));
    CHECK(hdf5::read_string_attribute(d.get(), "unit") == expected.units[c]);
    if (c > 0) CHECK(H5DSis_attached(d.get(), time.get(), 0) > 0);
  }
}

TEST_CASE("a 3-D field larger than one chunk is split along z and still round-trips bitwise") {
  ScratchDir dir("chunked_3d");
  // 40 x 64 x 64 doubles = 1.25 MiB, above the 256 KiB chunk target: the writer halves z to 5
  // (160 KiB chunks, 8 of them, compressed on all threads).
  const std::vector<double> values = testing::sample_values(40 * 64 * 64, 0.5);
  MeshRecord m;
  m.name = "c";
  m.shape = {40, 64, 64};
  m.axis_labels = {"z", "y", "x"};
  m.grid_spacing = {1e-9, 1e-9, 1e-9};
  m.grid_global_offset = {0, 0, 0};
  m.data = values.data();
  const fs::path file_path = dir / "iteration_00000007.h5";
  write_iteration_file(file_path, 7, 1.0, 0.1, {m});
  const fs::path result = dir / "result.h5";
  assemble_result_file(result, sample_metadata(), {file_path}, SeriesTable{});

  hdf5::ErrorSilencer silence;
  hdf5::File file = hdf5::open_file_read(result);
  hdf5::Group meshes = hdf5::open_group(file.get(), "/data/7/meshes");
  std::vector<hsize_t> dims;
  CHECK(bitwise_equal(read_vector(meshes.get(), "c", &dims), values));
  CHECK(dims == std::vector<hsize_t>{40, 64, 64});
  hdf5::Dataset d(H5Dopen2(meshes.get(), "c", H5P_DEFAULT));
  hdf5::PropertyList dcpl(H5Dget_create_plist(d.get()));
  hsize_t chunk[3] = {0, 0, 0};
  REQUIRE(H5Pget_chunk(dcpl.get(), 3, chunk) == 3);
  CHECK(chunk[0] == 5);
  CHECK(chunk[1] == 64);
  CHECK(chunk[2] == 64);
  // No series columns given: no /series group.
  CHECK_FALSE(hdf5::path_exists(file.get(), "series"));
}

TEST_CASE("assembling the same iteration twice is an error and leaves no result file") {
  ScratchDir dir("duplicate");
  const auto samples = sample_iterations();
  const auto files = write_samples(dir, samples);
  const fs::path result = dir / "result.h5";
  CHECK_THROWS_AS(
      assemble_result_file(result, sample_metadata(), {files[0], files[1], files[0]}, sample_series()),
      IoError);
  CHECK_FALSE(fs::exists(result));
  CHECK(dir.temporary_files().empty());
}

TEST_CASE("inconsistent mesh records and series tables are rejected with IoError") {
  ScratchDir dir("invalid");
  const std::vector<double> values(35, 1.0);
  MeshRecord m = mesh_2d("c", values);
  m.axis_labels = {"x"};
  CHECK_THROWS_AS(write_iteration_file(dir / "a.h5", 0, 0.0, 1.0, {m}), IoError);
  m = mesh_2d("a/b", values);
  CHECK_THROWS_AS(write_iteration_file(dir / "a.h5", 0, 0.0, 1.0, {m}), IoError);
  CHECK_THROWS_AS(
      write_iteration_file(dir / "a.h5", 0, 0.0, 1.0, {mesh_2d("c", values), mesh_2d("c", values)}), IoError);
  CHECK_FALSE(fs::exists(dir / "a.h5"));

  SeriesTable series = sample_series();
  series.rows[1].pop_back();
  CHECK_THROWS_AS(assemble_result_file(dir / "r.h5", sample_metadata(), {}, series), IoError);
  series = sample_series();
  series.columns[0] = "t";
  CHECK_THROWS_AS(assemble_result_file(dir / "r.h5", sample_metadata(), {}, series), IoError);
  CHECK_THROWS_AS(
      assemble_result_file(dir / "r.h5", sample_metadata(), {dir / "missing.h5"}, sample_series()), IoError);
  CHECK_FALSE(fs::exists(dir / "r.h5"));
}

TEST_CASE("result and iteration files are replaced atomically: a failed commit keeps the old file") {
  ScratchDir dir("atomic");
  const auto samples = sample_iterations();
  const auto files = write_samples(dir, samples);
  const fs::path result = dir / "result.h5";
  testing::write_text(result, "old result");
  const fs::path iteration = dir / "iteration_00000030.h5";
  testing::write_text(iteration, "old iteration");

  testing::fail_every_commit();
  CHECK_THROWS_AS(assemble_result_file(result, sample_metadata(), files, sample_series()), IoError);
  CHECK_THROWS_AS(write_iteration_file(iteration, 30, 1.0, 1.0, {mesh_2d("c", samples[0].phase)}), IoError);
  io::set_commit_fault_injector({});

  CHECK(testing::read_text(result) == "old result");
  CHECK(testing::read_text(iteration) == "old iteration");
  CHECK(dir.temporary_files().empty());

  // Without the fault the same calls replace the files.
  assemble_result_file(result, sample_metadata(), files, sample_series());
  CHECK(H5Fis_hdf5(result.c_str()) > 0);
}

TEST_CASE("iteration file names are zero-padded to 8 digits") {
  CHECK(iteration_file_name(42) == "iteration_00000042.h5");
  CHECK(iteration_file_name(123456789) == "iteration_123456789.h5");
}

TEST_CASE("the work folder lists iteration files in iteration order and prunes those past a checkpoint") {
  ScratchDir dir("work_folder");
  const auto samples = sample_iterations();  // iterations 0, 10, 20
  write_samples(dir, samples);
  const fs::path work = dir / ".work";
  testing::write_text(work / (iteration_file_name(5) + ".tmp.123.0"), "leftover");
  testing::write_text(work / "notes.txt", "other");
  testing::write_text(work / iteration_file_name(123456789), "big");  // sorts after 20 numerically
  std::vector<std::string> names;
  for (const auto& f : list_iteration_files(work)) names.push_back(f.filename().string());
  CHECK(names == std::vector<std::string>{"iteration_00000000.h5", "iteration_00000010.h5",
                                          "iteration_00000020.h5", "iteration_123456789.h5"});
  CHECK(remove_iteration_files_after(work, 10) == 2);
  names.clear();
  for (const auto& f : list_iteration_files(work)) names.push_back(f.filename().string());
  CHECK(names == std::vector<std::string>{"iteration_00000000.h5", "iteration_00000010.h5"});
  CHECK(fs::exists(work / "notes.txt"));
  CHECK(list_iteration_files(dir / "no_such_folder").empty());
}
