#include "io/hdf5_datasets.hpp"

#include <functional>
#include <numeric>

#include "core/error.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_chunk_writer.hpp"

namespace voidsim::io::hdf5 {

namespace {

std::string what(hid_t parent, const std::string& action, const std::string& name) {
  return describe(parent) + ": cannot " + action + " '" + name + "'";
}

Dataspace simple_space(hid_t parent, const std::string& name, const std::vector<hsize_t>& dims) {
  return Dataspace(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         what(parent, "create dataspace for", name)));
}

Dataset open_dataset(hid_t parent, const std::string& name) {
  if (!path_exists(parent, name)) throw IoError(describe(parent) + ": missing dataset '" + name + "'");
  return Dataset(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), what(parent, "open dataset", name)));
}

std::size_t element_count(const std::vector<hsize_t>& dims) {
  return std::accumulate(dims.begin(), dims.end(), std::size_t{1}, std::multiplies<>());
}

template <class T>
std::vector<T> read_all(hid_t parent, const std::string& name, hid_t mem_type, H5T_class_t expected,
                        std::vector<hsize_t>* dims_out) {
  Dataset dataset = open_dataset(parent, name);
  Datatype type(check(H5Dget_type(dataset.get()), what(parent, "get type of", name)));
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != expected && !(expected == H5T_FLOAT && cls == H5T_INTEGER)) {
    throw IoError(describe(parent) + ": dataset '" + name + "' has an unexpected type");
  }
  const std::vector<hsize_t> dims = dataset_dims(dataset.get());
  std::vector<T> values(element_count(dims));
  if (!values.empty()) {
    check_status(H5Dread(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                 what(parent, "read dataset", name));
  }
  if (dims_out != nullptr) *dims_out = dims;
  return values;
}

}  // namespace

Group create_group(hid_t parent, const std::string& name) {
  return Group(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     what(parent, "create group", name)));
}

Group open_group(hid_t parent, const std::string& name) {
  if (!path_exists(parent, name)) throw IoError(describe(parent) + ": missing group '" + name + "'");
  return Group(check(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), what(parent, "open group", name)));
}

bool path_exists(hid_t parent, const std::string& path) {
  // H5Lexists needs each intermediate link to exist, so test the prefixes in turn.
  std::string prefix = path.starts_with('/') ? "/" : "";
  std::size_t start = prefix.size();
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start) {
      prefix += path.substr(start, end - start);
      const htri_t exists = H5Lexists(parent, prefix.c_str(), H5P_DEFAULT);
      check_status(exists, what(parent, "look up", prefix));
      if (exists == 0) return false;
      prefix += '/';
    }
    start = end + 1;
  }
  return true;
}

std::vector<std::string> child_names(hid_t group) {
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  check_status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names),
               describe(group) + ": cannot list members");
  return names;
}

bool deflate_available() {
  for (const H5Z_filter_t filter : {H5Z_FILTER_DEFLATE, H5Z_FILTER_SHUFFLE}) {
    if (H5Zfilter_avail(filter) <= 0) return false;
    unsigned int config = 0;
    if (H5Zget_filter_info(filter, &config) < 0) return false;
    if ((config & H5Z_FILTER_CONFIG_ENCODE_ENABLED) == 0) return false;
  }
  return true;
}

namespace {
constexpr int deflate_level = 4;

void set_shuffle_deflate(hid_t dcpl, hid_t parent, const std::string& name) {
  check_status(H5Pset_shuffle(dcpl), what(parent, "set shuffle filter on", name));
  check_status(H5Pset_deflate(dcpl, deflate_level), what(parent, "set deflate filter on", name));
}
}  // namespace

std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t element_size) {
  // 256 KiB: several chunks per field of a 512^2 run, so the chunk writer has work for every
  // thread; deflate's 32 KiB window makes the ratio independent of the chunk size above that.
  constexpr std::size_t max_chunk_bytes = std::size_t{1} << 18;
  std::vector<hsize_t> chunk = dims;
  for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
  const auto bytes = [&] { return element_count(chunk) * element_size; };
  for (std::size_t axis = 0; axis < chunk.size() && bytes() > max_chunk_bytes; ++axis) {
    while (chunk[axis] > 1 && bytes() > max_chunk_bytes) chunk[axis] = (chunk[axis] + 1) / 2;
  }
  return chunk;
}

Dataset write_double_dataset(hid_t parent, const std::string& name, const double* data,
                             const std::vector<hsize_t>& dims, DatasetStorage storage) {
  Dataspace space = simple_space(parent, name, dims);
  PropertyList dcpl(check(H5Pcreate(H5P_DATASET_CREATE), what(parent, "create properties for", name)));
  const bool any_empty = element_count(dims) == 0;
  std::vector<hsize_t> chunk;
  const bool filtered = storage.compressed && !any_empty && !dims.empty() && deflate_available();
  if (storage.compressed && !any_empty && !dims.empty()) {
    chunk = chunk_shape(dims, sizeof(double));
    check_status(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
                 what(parent, "chunk", name));
    // Shuffle groups the bytes of equal significance, which lets deflate find the redundancy in
    // smooth double fields; without deflate it is pointless, so both or neither.
    if (filtered) set_shuffle_deflate(dcpl.get(), parent, name);
  }
  Dataset dataset(check(
      H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      what(parent, "create dataset", name)));
  if (filtered) {
    write_shuffled_deflated_chunks(dataset.get(), data, sizeof(double), dims, chunk, deflate_level,
                                   what(parent, "write dataset", name));
  } else if (!any_empty) {
    check_status(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                 what(parent, "write dataset", name));
  }
  return dataset;
}

Dataset write_int64_dataset(hid_t parent, const std::string& name, std::span<const std::int64_t> data,
                            DatasetStorage storage) {
  const std::vector<hsize_t> dims{data.size()};
  Dataspace space = simple_space(parent, name, dims);
  PropertyList dcpl(check(H5Pcreate(H5P_DATASET_CREATE), what(parent, "create properties for", name)));
  std::vector<hsize_t> chunk;
  const bool filtered = storage.compressed && !data.empty() && deflate_available();
  if (storage.compressed && !data.empty()) {
    chunk = chunk_shape(dims, sizeof(std::int64_t));
    check_status(H5Pset_chunk(dcpl.get(), 1, chunk.data()), what(parent, "chunk", name));
    // Sorted indices: shuffle puts the (mostly equal) high bytes together for deflate.
    if (filtered) set_shuffle_deflate(dcpl.get(), parent, name);
  }
  Dataset dataset(check(
      H5Dcreate2(parent, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      what(parent, "create dataset", name)));
  if (filtered) {
    write_shuffled_deflated_chunks(dataset.get(), data.data(), sizeof(std::int64_t), dims, chunk,
                                   deflate_level, what(parent, "write dataset", name));
  } else if (!data.empty()) {
    check_status(H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
                 what(parent, "write dataset", name));
  }
  return dataset;
}

namespace {
Dataset write_scalar(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type,
                     const void* value) {
  Dataspace space(check(H5Screate(H5S_SCALAR), what(parent, "create dataspace for", name)));
  Dataset dataset(
      check(H5Dcreate2(parent, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            what(parent, "create dataset", name)));
  check_status(H5Dwrite(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, value),
               what(parent, "write dataset", name));
  return dataset;
}
}  // namespace

Dataset write_double_scalar(hid_t parent, const std::string& name, double value) {
  return write_scalar(parent, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

Dataset write_int64_scalar(hid_t parent, const std::string& name, std::int64_t value) {
  return write_scalar(parent, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

Dataset write_string_scalar(hid_t parent, const std::string& name, const std::string& value) {
  Datatype type(make_utf8_string_type());
  const char* text = value.c_str();
  return write_scalar(parent, name, type.get(), type.get(), &text);
}

std::vector<hsize_t> dataset_dims(hid_t dataset) {
  Dataspace space(check(H5Dget_space(dataset), describe(dataset) + ": cannot get dataspace"));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) check_status(-1, describe(dataset) + ": cannot get rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) {
    check_status(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr),
                 describe(dataset) + ": cannot get dimensions");
  }
  return dims;
}

std::vector<double> read_double_dataset(hid_t parent, const std::string& name, std::vector<hsize_t>* dims) {
  return read_all<double>(parent, name, H5T_NATIVE_DOUBLE, H5T_FLOAT, dims);
}

std::vector<std::int64_t> read_int64_dataset(hid_t parent, const std::string& name) {
  return read_all<std::int64_t>(parent, name, H5T_NATIVE_INT64, H5T_INTEGER, nullptr);
}

std::string read_string_scalar(hid_t parent, const std::string& name) {
  Dataset dataset = open_dataset(parent, name);
  Datatype file_type(check(H5Dget_type(dataset.get()), what(parent, "get type of", name)));
  if (H5Tget_class(file_type.get()) != H5T_STRING || H5Tis_variable_str(file_type.get()) <= 0) {
    throw IoError(describe(parent) + ": dataset '" + name + "' is not a variable-length string");
  }
  Datatype mem_type(make_utf8_string_type());
  char* text = nullptr;
  check_status(H5Dread(dataset.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text),
               what(parent, "read dataset", name));
  std::string value = text != nullptr ? text : "";
  Dataspace space(check(H5Dget_space(dataset.get()), what(parent, "get dataspace of", name)));
  H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, &text);
  return value;
}

}  // namespace voidsim::io::hdf5
