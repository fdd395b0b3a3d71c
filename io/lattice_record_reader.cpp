#include "io/lattice_record_reader.hpp"

#include "core/error.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

Group open_iteration(const File& file, const fs::path& path, std::int64_t iteration) {
  const std::string name = "data/" + std::to_string(iteration);
  if (!path_exists(file.get(), name)) throw IoError(where(path, "/" + name + ": no such iteration"));
  return open_group(file.get(), name);
}

std::size_t read_count(hid_t dataset, const std::string& attribute) {
  const std::int64_t value = read_int64_attribute(dataset, attribute);
  if (value < 0) throw IoError(describe(dataset) + ": attribute " + attribute + " is negative");
  return static_cast<std::size_t>(value);
}

}  // namespace

std::vector<std::string> lattice_record_names(const fs::path& path, std::int64_t iteration) {
  ErrorSilencer silence;
  File file = open_file_read(path);
  std::vector<std::string> names;
  {
    Group it = open_iteration(file, path, iteration);
    if (path_exists(it.get(), "lattice")) {
      Group lattice = open_group(it.get(), "lattice");
      names = child_names(lattice.get());
    }
  }
  close_file(file, path);
  return names;
}

LatticeRecord read_lattice_record(const fs::path& path, std::int64_t iteration, const std::string& name) {
  ErrorSilencer silence;
  File file = open_file_read(path);
  LatticeRecord record;
  record.name = name;
  {
    Group it = open_iteration(file, path, iteration);
    if (!path_exists(it.get(), "lattice/" + name)) {
      throw IoError(where(path, "/data/" + std::to_string(iteration) + "/lattice/" + name +
                                    ": no such lattice record (written by KMC runs only)"));
    }
    Group lattice = open_group(it.get(), "lattice");
    record.sites = read_int64_dataset(lattice.get(), name);
    Dataset dataset(check(H5Dopen2(lattice.get(), name.c_str(), H5P_DEFAULT),
                          where(path, "cannot open lattice record " + name)));
    const hid_t d = dataset.get();
    LatticeGeometry& g = record.geometry;
    g.dimension = static_cast<int>(read_int64_attribute(d, "dimension"));
    g.spacing = read_double_attribute(d, "lattice_spacing");
    g.mx = read_count(d, "mx");
    g.ny = read_count(d, "ny");
    g.nz = read_count(d, "nz");
    g.periodic_lateral = read_int64_attribute(d, "periodic_lateral") != 0;
    record.min_void_sites = read_count(d, "min_void_sites");
    if (has_attribute(d, "description")) record.description = read_string_attribute(d, "description");
    if ((g.dimension != 2 && g.dimension != 3) || !(g.spacing > 0.0) ||
        read_count(d, "site_count") != g.size()) {
      throw IoError(describe(d) + ": inconsistent lattice geometry attributes");
    }
    const auto n = static_cast<std::int64_t>(g.size());
    std::int64_t previous = -1;
    for (const std::int64_t s : record.sites) {
      if (s <= previous || s >= n)
        throw IoError(describe(d) + ": site indices out of range or not increasing");
      previous = s;
    }
  }
  close_file(file, path);
  return record;
}

}  // namespace voidsim::io
