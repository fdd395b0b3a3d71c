// XDMF sidecar: parsed back as XML (Boost.PropertyTree), every referenced dataset must exist in
// result.h5 with exactly the stated dimensions, topology = cells + 1 nodes, times increasing.
#include <doctest/doctest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "core/error.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "io/result_file.hpp"
#include "io/xdmf_writer.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using namespace voidsim::io;
using voidsim::testing::ScratchDir;
namespace fs = std::filesystem;
namespace pt = boost::property_tree;

namespace {

std::vector<double> numbers(const std::string& text) {
  std::istringstream in(text);
  std::vector<double> out;
  for (double v; in >> v;) out.push_back(v);
  return out;
}

// Writes iterations (given out of order on purpose) of `shape` with two fields each, assembles.
fs::path make_result(const ScratchDir& dir, const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (auto s : shape) n *= s;
  const std::vector<double> a = testing::sample_values(n, 1.0);
  const std::vector<double> b = testing::sample_values(n, 2.0);
  const bool is_3d = shape.size() == 3;
  std::vector<fs::path> files;
  for (const std::int64_t it : {200, 0, 100}) {
    std::vector<MeshRecord> meshes(2);
    for (int k = 0; k < 2; ++k) {
      MeshRecord& m = meshes[k];
      m.name = k == 0 ? "concentration" : "phase";
      m.shape = shape;
      m.axis_labels = is_3d ? std::vector<std::string>{"z", "y", "x"} : std::vector<std::string>{"z", "x"};
      m.grid_spacing = is_3d ? std::vector<double>{3e-9, 2e-9, 1e-9} : std::vector<double>{2e-9, 1e-9};
      m.grid_global_offset = is_3d ? std::vector<double>{-1e-8, 0.0, 5e-9} : std::vector<double>{-1e-8, 5e-9};
      m.data = k == 0 ? a.data() : b.data();
    }
    files.push_back(dir / iteration_file_name(it));
    write_iteration_file(files.back(), it, 0.5 * static_cast<double>(it), 0.5, meshes);
  }
  const fs::path result = dir / "result.h5";
  assemble_result_file(result, RunMetadata{}, files, SeriesTable{});
  return result;
}

void check_xdmf(const fs::path& xdmf, const fs::path& result, const std::vector<std::size_t>& shape) {
  pt::ptree tree;
  REQUIRE_NOTHROW(pt::read_xml(xdmf.string(), tree));  // well-formed XML
  CHECK(tree.get<std::string>("Xdmf.<xmlattr>.Version") == "3.0");
  const pt::ptree& collection = tree.get_child("Xdmf.Domain.Grid");
  CHECK(collection.get<std::string>("<xmlattr>.GridType") == "Collection");
  CHECK(collection.get<std::string>("<xmlattr>.CollectionType") == "Temporal");

  const bool is_3d = shape.size() == 3;
  std::string node_dims, cell_dims;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    node_dims += (i ? " " : "") + std::to_string(shape[i] + 1);
    cell_dims += (i ? " " : "") + std::to_string(shape[i]);
  }

  hdf5::ErrorSilencer silence;
  hdf5::File file = hdf5::open_file_read(result);
  std::vector<double> times;
  int n_attributes = 0;
  for (const auto& [tag, grid] : collection) {
    if (tag != "Grid") continue;
    CHECK(grid.get<std::string>("<xmlattr>.GridType") == "Uniform");
    times.push_back(grid.get<double>("Time.<xmlattr>.Value"));
    CHECK(grid.get<std::string>("Topology.<xmlattr>.TopologyType") ==
          (is_3d ? "3DCoRectMesh" : "2DCoRectMesh"));
    CHECK(grid.get<std::string>("Topology.<xmlattr>.Dimensions") == node_dims);
    CHECK(grid.get<std::string>("Geometry.<xmlattr>.GeometryType") ==
          (is_3d ? "ORIGIN_DXDYDZ" : "ORIGIN_DXDY"));
    std::vector<std::vector<double>> geometry;
    for (const auto& [gtag, item] : grid.get_child("Geometry")) {
      if (gtag == "DataItem") geometry.push_back(numbers(item.data()));
    }
    REQUIRE(geometry.size() == 2);
    // Origin and spacing slowest axis first, exactly the openPMD gridGlobalOffset/gridSpacing.
    CHECK(geometry[0] == (is_3d ? std::vector<double>{-1e-8, 0.0, 5e-9} : std::vector<double>{-1e-8, 5e-9}));
    CHECK(geometry[1] == (is_3d ? std::vector<double>{3e-9, 2e-9, 1e-9} : std::vector<double>{2e-9, 1e-9}));
    for (const auto& [atag, attribute] : grid) {
      if (atag != "Attribute") continue;
      ++n_attributes;
      CHECK(attribute.get<std::string>("<xmlattr>.Center") == "Cell");
      const pt::ptree& item = attribute.get_child("DataItem");
      CHECK(item.get<std::string>("<xmlattr>.Format") == "HDF");
      CHECK(item.get<std::string>("<xmlattr>.NumberType") == "Float");
      CHECK(item.get<std::string>("<xmlattr>.Precision") == "8");
      const std::string stated_dims = item.get<std::string>("<xmlattr>.Dimensions");
      CHECK(stated_dims == cell_dims);
      const std::string ref = item.data();
      const auto colon = ref.find(':');
      REQUIRE(colon != std::string::npos);
      CHECK(ref.substr(0, colon) == "result.h5");  // relative: the run folder can be moved
      const std::string dataset = ref.substr(colon + 1);
      CHECK(dataset.starts_with("/data/"));
      REQUIRE(hdf5::path_exists(file.get(), dataset));
      hdf5::Dataset d(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT));
      std::string actual_dims;
      const auto dims = hdf5::dataset_dims(d.get());
      for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0) actual_dims += ' ';
        actual_dims += std::to_string(dims[i]);
      }
      CHECK(actual_dims == stated_dims);
    }
  }
  // Iterations 0, 100, 200 at t = 0, 50, 100 s, in order although written out of order.
  CHECK(times == std::vector<double>{0.0, 50.0, 100.0});
  CHECK(n_attributes == 6);
}

}  // namespace

TEST_CASE("XDMF for 2-D results is valid XDMF 3 referencing existing datasets") {
  ScratchDir dir("xdmf_2d");
  const fs::path result = make_result(dir, {6, 9});
  write_xdmf(dir / "result.xdmf", result);
  check_xdmf(dir / "result.xdmf", result, {6, 9});
}

TEST_CASE("XDMF for 3-D results is valid XDMF 3 referencing existing datasets") {
  ScratchDir dir("xdmf_3d");
  const fs::path result = make_result(dir, {4, 5, 6});
  write_xdmf(dir / "result.xdmf", result);
  check_xdmf(dir / "result.xdmf", result, {4, 5, 6});
}

TEST_CASE("XDMF names the HDF5 file relative to the XDMF's folder") {
  ScratchDir dir("xdmf_relative");
  const fs::path result = make_result(dir, {3, 3});
  fs::create_directories(dir / "view");
  write_xdmf(dir / "view" / "result.xdmf", result);
  CHECK(testing::read_text(dir / "view" / "result.xdmf").find("../result.h5:/data/0/meshes/concentration") !=
        std::string::npos);
}

TEST_CASE("XDMF is written atomically and a missing result file is an IoError") {
  ScratchDir dir("xdmf_atomic");
  const fs::path result = make_result(dir, {3, 4});
  testing::write_text(dir / "result.xdmf", "old xdmf");
  testing::fail_every_commit();
  CHECK_THROWS_AS(write_xdmf(dir / "result.xdmf", result), IoError);
  io::set_commit_fault_injector({});
  CHECK(testing::read_text(dir / "result.xdmf") == "old xdmf");
  CHECK(dir.temporary_files().empty());
  CHECK_THROWS_AS(write_xdmf(dir / "other.xdmf", dir / "missing.h5"), IoError);
  CHECK_FALSE(fs::exists(dir / "other.xdmf"));
}
