#include "io/xdmf_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "io/xml_escape.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

struct MeshGeometry {
  std::vector<hsize_t> shape;  // cells, slowest first
  std::vector<double> spacing;
  std::vector<double> offset;
  bool operator==(const MeshGeometry&) const = default;
};

struct IterationLayout {
  std::int64_t iteration = 0;
  double time = 0.0;
  MeshGeometry geometry;
  std::vector<std::string> meshes;
};

std::string number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

template <class T>
std::string joined(const std::vector<T>& values, T add = T{}) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    if constexpr (std::is_floating_point_v<T>) {
      out += number(values[i] + add);
    } else {
      out += std::to_string(values[i] + add);
    }
  }
  return out;
}

std::vector<IterationLayout> read_layout(const fs::path& result_h5) {
  File file = open_file_read(result_h5);
  std::vector<IterationLayout> layout;
  {
    Group data = open_group(file.get(), "data");
    for (const auto& name : child_names(data.get())) {
      IterationLayout it;
      const auto parsed = std::from_chars(name.data(), name.data() + name.size(), it.iteration);
      if (parsed.ec != std::errc() || parsed.ptr != name.data() + name.size()) {
        throw IoError(where(result_h5, "/data/" + name + " is not an iteration number"));
      }
      Group group = open_group(data.get(), name);
      it.time = read_double_attribute(group.get(), "time") * read_double_attribute(group.get(), "timeUnitSI");
      if (!path_exists(group.get(), "meshes")) continue;
      Group meshes = open_group(group.get(), "meshes");
      for (const auto& mesh_name : child_names(meshes.get())) {
        Dataset dataset(check(H5Dopen2(meshes.get(), mesh_name.c_str(), H5P_DEFAULT),
                              where(result_h5, "cannot open /data/" + name + "/meshes/" + mesh_name)));
        MeshGeometry geometry{dataset_dims(dataset.get()),
                              read_double_array_attribute(dataset.get(), "gridSpacing"),
                              read_double_array_attribute(dataset.get(), "gridGlobalOffset")};
        const double grid_unit = read_double_attribute(dataset.get(), "gridUnitSI");
        for (auto& s : geometry.spacing) s *= grid_unit;
        for (auto& o : geometry.offset) o *= grid_unit;
        const std::size_t rank = geometry.shape.size();
        if ((rank != 2 && rank != 3) || geometry.spacing.size() != rank || geometry.offset.size() != rank) {
          throw IoError(where(result_h5, "/data/" + name + "/meshes/" + mesh_name +
                                             ": XDMF output needs 2-D or 3-D meshes with one spacing and "
                                             "offset per axis"));
        }
        if (it.meshes.empty()) {
          it.geometry = geometry;
        } else if (!(geometry == it.geometry)) {
          throw IoError(
              where(result_h5, "/data/" + name + ": meshes '" + it.meshes.front() + "' and '" + mesh_name +
                                   "' have different grids; the XDMF writer needs one grid per iteration"));
        }
        it.meshes.push_back(mesh_name);
      }
      if (!it.meshes.empty()) layout.push_back(std::move(it));
    }
  }
  close_file(file, result_h5);
  std::sort(layout.begin(), layout.end(),
            [](const auto& a, const auto& b) { return a.iteration < b.iteration; });
  return layout;
}

// The heavy-data reference is relative to the XDMF file, so a run directory can be moved or
// copied to another machine and still open in ParaView.
std::string heavy_data_file(const fs::path& xdmf_path, const fs::path& result_h5) {
  const fs::path xdmf_dir = fs::absolute(xdmf_path).parent_path();
  const fs::path relative =
      fs::absolute(result_h5).lexically_normal().lexically_relative(xdmf_dir.lexically_normal());
  return relative.empty() ? fs::absolute(result_h5).generic_string() : relative.generic_string();
}

void append_grid(std::string& xml, const IterationLayout& it, const std::string& h5_name) {
  const MeshGeometry& g = it.geometry;
  const std::size_t rank = g.shape.size();
  const std::string dims = joined(g.shape);
  // Co-rectilinear topologies count nodes, slowest axis first (Z Y X); cells are nodes - 1 per
  // axis, matching the cell-centred datasets. Origin and spacing use the same slowest-first order
  // (VTK's XDMF3 reader reverses all three consistently into x, y, z).
  xml += "      <Grid Name=\"iteration_" + std::to_string(it.iteration) + "\" GridType=\"Uniform\">\n";
  xml += "        <Time Value=\"" + number(it.time) + "\"/>\n";
  xml += "        <Topology TopologyType=\"" + std::string(rank == 2 ? "2DCoRectMesh" : "3DCoRectMesh") +
         "\" Dimensions=\"" + joined(g.shape, hsize_t{1}) + "\"/>\n";
  xml += "        <Geometry GeometryType=\"" + std::string(rank == 2 ? "ORIGIN_DXDY" : "ORIGIN_DXDYDZ") +
         "\">\n";
  xml +=
      "          <DataItem Name=\"Origin\" Format=\"XML\" NumberType=\"Float\" Precision=\"8\" "
      "Dimensions=\"" +
      std::to_string(rank) + "\">" + joined(g.offset) + "</DataItem>\n";
  xml +=
      "          <DataItem Name=\"Spacing\" Format=\"XML\" NumberType=\"Float\" Precision=\"8\" "
      "Dimensions=\"" +
      std::to_string(rank) + "\">" + joined(g.spacing) + "</DataItem>\n";
  xml += "        </Geometry>\n";
  for (const auto& mesh : it.meshes) {
    xml += "        <Attribute Name=\"" + xml_escape(mesh) + "\" AttributeType=\"Scalar\" Center=\"Cell\">\n";
    xml += "          <DataItem Format=\"HDF\" NumberType=\"Float\" Precision=\"8\" Dimensions=\"" + dims +
           "\">" + xml_escape(h5_name + ":/data/" + std::to_string(it.iteration) + "/meshes/" + mesh) +
           "</DataItem>\n";
    xml += "        </Attribute>\n";
  }
  xml += "      </Grid>\n";
}

}  // namespace

void write_xdmf(const fs::path& xdmf_path, const fs::path& result_h5) {
  ErrorSilencer silence;
  const std::vector<IterationLayout> layout = read_layout(result_h5);
  const std::string h5_name = heavy_data_file(xdmf_path, result_h5);
  std::string xml;
  xml += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  xml += "<Xdmf Version=\"3.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n";
  xml += "  <Domain>\n";
  xml += "    <Grid Name=\"voidsim\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (const auto& it : layout) append_grid(xml, it, h5_name);
  xml += "    </Grid>\n";
  xml += "  </Domain>\n";
  xml += "</Xdmf>\n";
  write_text_atomic(xdmf_path, xml);
}

}  // namespace voidsim::io
