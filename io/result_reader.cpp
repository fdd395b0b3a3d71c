#include "io/result_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

std::string string_or_empty(hid_t object, const std::string& name) {
  return has_attribute(object, name) ? read_string_attribute(object, name) : std::string();
}

std::string meshes_path(const ResultFrame& frame) {
  return "/data/" + std::to_string(frame.iteration) + "/meshes";
}

}  // namespace

ResultReader::ResultReader(fs::path result_file) : path_(std::move(result_file)) {
  ErrorSilencer silence;
  File file = open_file_read(path_);
  Group root = open_group(file.get(), "/");
  const hid_t r = root.get();
  if (!has_attribute(r, "openPMD") || !path_exists(file.get(), "data")) {
    throw IoError(where(path_, "/") + ": not a voidsim result file (no openPMD attribute or /data)");
  }
  metadata_.software = string_or_empty(r, "software");
  metadata_.version = string_or_empty(r, "softwareVersion");
  metadata_.git_commit = string_or_empty(r, "git_commit");
  metadata_.date_iso8601 = string_or_empty(r, "date");
  metadata_.scenario_yaml = string_or_empty(r, "scenario");
  metadata_.argv = string_or_empty(r, "argv");
  metadata_.engine = string_or_empty(r, "engine");
  if (has_attribute(r, "seed")) metadata_.seed = read_uint64_attribute(r, "seed");

  Group data = open_group(file.get(), "data");
  for (const auto& name : child_names(data.get())) {
    ResultFrame frame;
    const auto parsed = std::from_chars(name.data(), name.data() + name.size(), frame.iteration);
    if (parsed.ec != std::errc() || parsed.ptr != name.data() + name.size()) continue;  // not an iteration
    Group it = open_group(data.get(), name);
    const double unit =
        has_attribute(it.get(), "timeUnitSI") ? read_double_attribute(it.get(), "timeUnitSI") : 1.0;
    frame.time_s = read_double_attribute(it.get(), "time") * unit;
    frames_.push_back(frame);
  }
  std::sort(frames_.begin(), frames_.end(), [](const ResultFrame& a, const ResultFrame& b) {
    return a.time_s != b.time_s ? a.time_s < b.time_s : a.iteration < b.iteration;
  });
}

const ResultFrame& ResultReader::nearest_frame(double time_s) const {
  if (frames_.empty()) throw IoError(where(path_, "/data") + ": the run has no output frames");
  const ResultFrame* best = &frames_.front();
  for (const auto& f : frames_) {
    if (std::abs(f.time_s - time_s) < std::abs(best->time_s - time_s)) best = &f;
  }
  return *best;
}

std::vector<std::string> ResultReader::field_names(const ResultFrame& frame) const {
  ErrorSilencer silence;
  File file = open_file_read(path_);
  Group meshes = open_group(file.get(), meshes_path(frame));
  return child_names(meshes.get());
}

bool ResultReader::has_field(const ResultFrame& frame, const std::string& name) const {
  ErrorSilencer silence;
  File file = open_file_read(path_);
  return path_exists(file.get(), meshes_path(frame) + "/" + name);
}

Grid ResultReader::field_grid(const ResultFrame& frame, const std::string& name) const {
  ErrorSilencer silence;
  File file = open_file_read(path_);
  const std::string object = meshes_path(frame) + "/" + name;
  if (!path_exists(file.get(), object)) throw IoError(where(path_, object) + ": no such field");
  Dataset dataset(check(H5Dopen2(file.get(), object.c_str(), H5P_DEFAULT), where(path_, object)));
  const std::vector<hsize_t> dims = dataset_dims(dataset.get());
  const std::vector<double> spacing = read_double_array_attribute(dataset.get(), "gridSpacing");
  const std::vector<double> offset = read_double_array_attribute(dataset.get(), "gridGlobalOffset");
  const double grid_unit =
      has_attribute(dataset.get(), "gridUnitSI") ? read_double_attribute(dataset.get(), "gridUnitSI") : 1.0;
  if ((dims.size() != 2 && dims.size() != 3) || spacing.size() != dims.size() ||
      offset.size() != dims.size()) {
    throw IoError(where(path_, object) +
                  ": expected a 2-D (z, x) or 3-D (z, y, x) mesh with matching "
                  "gridSpacing and gridGlobalOffset");
  }
  Grid grid;
  grid.dimension = static_cast<int>(dims.size());
  grid.nz = dims.front();
  grid.nx = dims.back();
  grid.ny = dims.size() == 3 ? dims[1] : 1;
  grid.dz = spacing.front() * grid_unit;
  grid.dx = spacing.back() * grid_unit;
  grid.dy = dims.size() == 3 ? spacing[1] * grid_unit : grid.dx;
  grid.z0 = offset.front() * grid_unit;
  return grid;
}

Grid ResultReader::grid(const ResultFrame& frame) const {
  const auto names = field_names(frame);
  if (names.empty()) {
    throw IoError(where(path_, meshes_path(frame)) + ": the frame has no fields");
  }
  return field_grid(frame, names.front());
}

std::vector<double> ResultReader::read_field(const ResultFrame& frame, const std::string& name) const {
  ErrorSilencer silence;
  File file = open_file_read(path_);
  const std::string group_path = meshes_path(frame);
  if (!path_exists(file.get(), group_path + "/" + name)) {
    throw IoError(where(path_, group_path + "/" + name) + ": no such field");
  }
  Group meshes = open_group(file.get(), group_path);
  std::vector<double> values = read_double_dataset(meshes.get(), name);
  Dataset dataset(
      check(H5Dopen2(meshes.get(), name.c_str(), H5P_DEFAULT), where(path_, group_path + "/" + name)));
  const double unit_si =
      has_attribute(dataset.get(), "unitSI") ? read_double_attribute(dataset.get(), "unitSI") : 1.0;
  if (unit_si != 1.0) {
    for (double& v : values) v *= unit_si;
  }
  return values;
}

SeriesTable ResultReader::series() const {
  ErrorSilencer silence;
  File file = open_file_read(path_);
  SeriesTable table;
  if (!path_exists(file.get(), "series")) return table;
  Group group = open_group(file.get(), "series");
  std::vector<std::string> names = child_names(group.get());
  // time_s first, the other columns in name order (the writer's column order is not stored).
  const auto time = std::find(names.begin(), names.end(), "time_s");
  if (time == names.end()) throw IoError(where(path_, "/series") + ": no time_s column");
  std::rotate(names.begin(), time, time + 1);
  std::vector<std::vector<double>> columns;
  for (const auto& name : names) {
    columns.push_back(read_double_dataset(group.get(), name));
    Dataset dataset(check(H5Dopen2(group.get(), name.c_str(), H5P_DEFAULT), where(path_, "/series/" + name)));
    table.units.push_back(string_or_empty(dataset.get(), "unit"));
    if (columns.back().size() != columns.front().size()) {
      throw IoError(where(path_, "/series/" + name) + ": length differs from time_s");
    }
  }
  table.columns = names;
  table.rows.assign(columns.front().size(), std::vector<double>(names.size()));
  for (std::size_t c = 0; c < columns.size(); ++c)
    for (std::size_t r = 0; r < columns[c].size(); ++r) table.rows[r][c] = columns[c][r];
  return table;
}

}  // namespace voidsim::io
