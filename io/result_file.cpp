#include "io/result_file.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <numeric>
#include <set>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/disk_space.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

// HDF5 link names may not contain '/', and "." names the group itself.
bool usable_link_name(const std::string& name) {
  return !name.empty() && name != "." && name.find('/') == std::string::npos;
}

void validate_mesh(const MeshRecord& mesh, const fs::path& path) {
  const std::string context = fmt::format("'{}': mesh '{}': ", path.string(), mesh.name);
  if (!usable_link_name(mesh.name)) throw IoError(context + "name must be non-empty and contain no '/'");
  const std::size_t rank = mesh.shape.size();
  if (rank == 0) throw IoError(context + "shape is empty");
  if (mesh.axis_labels.size() != rank || mesh.grid_spacing.size() != rank ||
      mesh.grid_global_offset.size() != rank) {
    throw IoError(context +
                  "axis_labels, grid_spacing and grid_global_offset must have one entry per axis (" +
                  std::to_string(rank) + ")");
  }
  for (const std::size_t n : mesh.shape) {
    if (n == 0) throw IoError(context + "an axis has zero cells");
  }
  if (mesh.data == nullptr) throw IoError(context + "no data");
}

void write_mesh(hid_t meshes_group, const MeshRecord& mesh) {
  const std::vector<hsize_t> dims(mesh.shape.begin(), mesh.shape.end());
  Dataset dataset =
      write_double_dataset(meshes_group, mesh.name, mesh.data, dims, DatasetStorage{.compressed = true});
  const hid_t d = dataset.get();
  // openPMD 1.1 mesh record attributes; a scalar mesh keeps its record-component attributes
  // (unitSI, position) on the same dataset.
  write_attribute(d, "geometry", "cartesian");
  write_attribute(d, "dataOrder", "C");
  write_attribute(d, "axisLabels", mesh.axis_labels);
  write_attribute(d, "gridSpacing", std::span<const double>(mesh.grid_spacing));
  write_attribute(d, "gridGlobalOffset", std::span<const double>(mesh.grid_global_offset));
  write_attribute(d, "gridUnitSI", 1.0);
  write_attribute(d, "unitDimension", std::span<const double>(mesh.unit_dimension));
  write_attribute(d, "timeOffset", 0.0);
  // Values are cell averages: each sits at the centre of its cell, so the first value is at
  // gridGlobalOffset + 0.5 * gridSpacing on every axis.
  const std::vector<double> position(mesh.shape.size(), 0.5);
  write_attribute(d, "position", std::span<const double>(position));
  write_attribute(d, "unitSI", mesh.unit_si);
  write_attribute(d, "description", mesh.description);
}

void validate_lattice(const LatticeRecord& record, const fs::path& path) {
  const std::string context = fmt::format("'{}': lattice record '{}': ", path.string(), record.name);
  if (!usable_link_name(record.name)) throw IoError(context + "name must be non-empty and contain no '/'");
  const auto n = static_cast<std::int64_t>(record.geometry.size());
  std::int64_t previous = -1;
  for (const std::int64_t s : record.sites) {
    if (s <= previous || s >= n)
      throw IoError(context + "site indices must be increasing and below the site count " +
                    std::to_string(n));
    previous = s;
  }
}

// Layout and attributes: docs/output-format.md, "Lattice records".
void write_lattice(hid_t lattice_group, const LatticeRecord& record) {
  Dataset dataset =
      write_int64_dataset(lattice_group, record.name, record.sites, DatasetStorage{.compressed = true});
  const hid_t d = dataset.get();
  const LatticeGeometry& g = record.geometry;
  const bool three_d = g.dimension == 3;
  write_attribute(d, "description", record.description);
  write_attribute(d, "dimension", std::int64_t{g.dimension});
  write_attribute(d, "lattice_spacing", g.spacing);
  write_attribute(d, "mx", static_cast<std::int64_t>(g.mx));
  write_attribute(d, "ny", static_cast<std::int64_t>(g.ny));
  write_attribute(d, "nz", static_cast<std::int64_t>(g.nz));
  write_attribute(d, "site_count", static_cast<std::int64_t>(g.size()));
  write_attribute(d, "periodic_lateral", std::int64_t{g.periodic_lateral ? 1 : 0});
  write_attribute(d, "stacking", three_d ? "ABC" : "triangular_xz");
  write_attribute(d, "index_order", three_d ? "(k * ny + j) * mx + m" : "k * mx + m");
  write_attribute(d, "min_void_sites", static_cast<std::int64_t>(record.min_void_sites));
}

void write_root_metadata(hid_t root, const RunMetadata& meta) {
  write_attribute(root, "openPMD", "1.1.0");
  write_attribute(root, "openPMDextension", std::uint32_t{0});
  write_attribute(root, "basePath", "/data/%T/");
  write_attribute(root, "meshesPath", "meshes/");
  write_attribute(root, "iterationEncoding", "groupBased");
  write_attribute(root, "iterationFormat", "/data/%T/");
  write_attribute(root, "software", meta.software);
  write_attribute(root, "softwareVersion", meta.version);
  write_attribute(root, "date", meta.date_iso8601);
  write_attribute(root, "git_commit", meta.git_commit);
  write_attribute(root, "scenario", meta.scenario_yaml);
  write_attribute(root, "seed", meta.seed);
  write_attribute(root, "argv", meta.argv);
  write_attribute(root, "engine", meta.engine);
}

void write_series(hid_t root, const SeriesTable& series, const fs::path& path) {
  if (series.columns.empty()) return;
  Group group = create_group(root, "series");
  std::vector<Dataset> datasets;
  std::vector<double> column(series.rows.size());
  for (std::size_t c = 0; c < series.columns.size(); ++c) {
    for (std::size_t r = 0; r < series.rows.size(); ++r) column[r] = series.rows[r][c];
    datasets.push_back(write_double_dataset(group.get(), series.columns[c], column.data(), {column.size()}));
    write_attribute(datasets.back().get(), "unit", series.units[c]);
  }
  // time_s becomes the HDF5 dimension scale of every column, so netCDF-style readers (xarray with
  // h5netcdf) see one dimension "time_s" with coordinate values instead of anonymous axes.
  check_status(H5DSset_scale(datasets.front().get(), "time_s"),
               where(path, "/series/time_s: cannot make scale"));
  for (std::size_t c = 1; c < datasets.size(); ++c) {
    check_status(H5DSattach_scale(datasets[c].get(), datasets.front().get(), 0),
                 where(path, "/series/" + series.columns[c] + ": cannot attach time_s"));
  }
}

}  // namespace

std::string iteration_file_name(std::int64_t iteration) {
  char name[64];
  std::snprintf(name, sizeof name, "iteration_%08lld.h5", static_cast<long long>(iteration));
  return name;
}

namespace {
// Iteration number of a file named by iteration_file_name, or -1 for any other name.
std::int64_t iteration_of(const fs::path& file) {
  const std::string name = file.filename().string();
  constexpr std::string_view prefix = "iteration_";
  constexpr std::string_view suffix = ".h5";
  if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) || !name.ends_with(suffix)) {
    return -1;
  }
  const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  std::int64_t iteration = -1;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), iteration);
  if (result.ec != std::errc() || result.ptr != digits.data() + digits.size() || digits.size() < 8) return -1;
  return iteration;
}
}  // namespace

std::vector<fs::path> list_iteration_files(const fs::path& work_dir) {
  std::vector<std::pair<std::int64_t, fs::path>> found;
  std::error_code ec;
  if (!fs::is_directory(work_dir, ec)) return {};
  for (const auto& entry : fs::directory_iterator(work_dir)) {
    const std::int64_t it = iteration_of(entry.path());
    if (it >= 0 && entry.is_regular_file()) found.emplace_back(it, entry.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> files;
  for (auto& [it, path] : found) files.push_back(std::move(path));
  return files;
}

std::size_t remove_iteration_files_after(const fs::path& work_dir, std::int64_t last_kept) {
  std::size_t n_removed = 0;
  for (const auto& file : list_iteration_files(work_dir)) {
    if (iteration_of(file) <= last_kept) continue;
    std::error_code ec;
    fs::remove(file, ec);
    if (ec) throw IoError("cannot remove '" + file.string() + "': " + ec.message());
    ++n_removed;
  }
  return n_removed;
}

void validate_series(const SeriesTable& series, const std::string& context, std::string_view key_column) {
  if (series.columns.empty()) {
    if (!series.rows.empty()) throw IoError(context + ": series has rows but no columns");
    return;
  }
  if (series.columns.front() != key_column)
    throw IoError(context + ": the first series column must be '" + std::string(key_column) + "'");
  if (series.units.size() != series.columns.size()) {
    throw IoError(context + ": series has " + std::to_string(series.columns.size()) + " columns but " +
                  std::to_string(series.units.size()) + " units");
  }
  std::set<std::string> seen;
  for (const auto& name : series.columns) {
    if (!usable_link_name(name) || name.find_first_of(",\"\n\r") != std::string::npos) {
      throw IoError(context + ": series column name '" + name +
                    "' is not allowed (no '/', ',', quotes, newlines)");
    }
    if (!seen.insert(name).second) throw IoError(context + ": duplicate series column '" + name + "'");
  }
  for (std::size_t r = 0; r < series.rows.size(); ++r) {
    if (series.rows[r].size() != series.columns.size()) {
      throw IoError(context + ": series row " + std::to_string(r) + " has " +
                    std::to_string(series.rows[r].size()) + " values, expected " +
                    std::to_string(series.columns.size()));
    }
  }
}

void write_iteration_file(const fs::path& path, std::int64_t iteration, double time_s, double dt_s,
                          const std::vector<MeshRecord>& meshes, const std::vector<LatticeRecord>& lattices) {
  if (iteration < 0)
    throw IoError("'" + path.string() + "': negative iteration " + std::to_string(iteration));
  std::set<std::string> names;
  for (const auto& mesh : meshes) {
    validate_mesh(mesh, path);
    if (!names.insert(mesh.name).second)
      throw IoError("'" + path.string() + "': duplicate mesh '" + mesh.name + "'");
  }
  std::set<std::string> lattice_names;
  for (const auto& record : lattices) {
    validate_lattice(record, path);
    if (!lattice_names.insert(record.name).second)
      throw IoError("'" + path.string() + "': duplicate lattice record '" + record.name + "'");
  }
  ErrorSilencer silence;
  commit_atomic(path, [&](const fs::path& tmp) {
    File file = create_file(tmp);
    {
      Group data = create_group(file.get(), "data");
      Group it = create_group(data.get(), std::to_string(iteration));
      write_attribute(it.get(), "time", time_s);
      write_attribute(it.get(), "dt", dt_s);
      write_attribute(it.get(), "timeUnitSI", 1.0);
      Group meshes_group = create_group(it.get(), "meshes");
      for (const auto& mesh : meshes) write_mesh(meshes_group.get(), mesh);
      if (!lattices.empty()) {
        Group lattice_group = create_group(it.get(), "lattice");
        for (const auto& record : lattices) write_lattice(lattice_group.get(), record);
      }
    }
    close_file(file, tmp);
  });
}

void assemble_result_file(const fs::path& target, const RunMetadata& meta,
                          const std::vector<fs::path>& iteration_files, const SeriesTable& series) {
  validate_series(series, fmt::format("'{}'", target.string()));
  // The copies below are the iteration files' contents: check they fit before H5Ocopy, whose
  // failure path crashes HDF5 1.10 (io/disk_space.hpp).
  std::uintmax_t bytes = 0;
  for (const auto& source_path : iteration_files) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(source_path, ec);
    if (!ec) bytes += size;
  }
  require_room_for(target, bytes);
  ErrorSilencer silence;
  commit_atomic(target, [&](const fs::path& tmp) {
    File file = create_file(tmp);
    {
      Group root = open_group(file.get(), "/");
      write_root_metadata(root.get(), meta);
      Group data = create_group(file.get(), "data");
      for (const auto& source_path : iteration_files) {
        File source = open_file_read(source_path);
        {
          Group source_data = open_group(source.get(), "data");
          for (const auto& name : child_names(source_data.get())) {
            if (path_exists(data.get(), name)) {
              throw IoError(where(
                  target, "iteration " + name + " appears twice (again in '" + source_path.string() + "')"));
            }
            // Copies the group with its attributes and the datasets' chunks as stored (already
            // compressed), so assembling costs I/O only.
            check_status(
                H5Ocopy(source_data.get(), name.c_str(), data.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                where(target, "cannot copy iteration " + name + " from '" + source_path.string() + "'"));
          }
        }
        close_file(source, source_path);
      }
      write_series(root.get(), series, target);
    }
    close_file(file, tmp);
  });
}

}  // namespace voidsim::io
