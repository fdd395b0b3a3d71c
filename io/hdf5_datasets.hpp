#pragma once
// Groups and datasets: the few shapes voidsim writes (n-D double fields, 1-D series and integer
// arrays, scalar strings) and reads back. Failures throw IoError naming file and object.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/hdf5_handles.hpp"

namespace voidsim::io::hdf5 {

/// Storage of a double dataset. `compressed`: chunked with shuffle + deflate (level 4), both
/// lossless, used for result fields, the chunks compressed in parallel (hdf5_chunk_writer);
/// otherwise contiguous (checkpoints, series).
struct DatasetStorage {
  bool compressed = false;
};

[[nodiscard]] Group create_group(hid_t parent, const std::string& name);
[[nodiscard]] Group open_group(hid_t parent, const std::string& name);
/// True if every component of the relative or absolute `path` exists under `parent`.
[[nodiscard]] bool path_exists(hid_t parent, const std::string& path);
/// Names of the links directly in `group`, in HDF5's name order.
[[nodiscard]] std::vector<std::string> child_names(hid_t group);

/// True if HDF5 was built with the deflate (zlib) and shuffle filters, encoder enabled.
[[nodiscard]] bool deflate_available();
/// Chunk shape for an n-D field: the whole array if it is at most 256 KiB, else the slowest axes
/// are halved until a chunk is (several chunks per field to compress in parallel, each well
/// inside the default 1 MiB chunk cache).
[[nodiscard]] std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t element_size);

Dataset write_double_dataset(hid_t parent, const std::string& name, const double* data,
                             const std::vector<hsize_t>& dims, DatasetStorage storage = {});
Dataset write_int64_dataset(hid_t parent, const std::string& name, std::span<const std::int64_t> data,
                            DatasetStorage storage = {});
Dataset write_double_scalar(hid_t parent, const std::string& name, double value);
Dataset write_int64_scalar(hid_t parent, const std::string& name, std::int64_t value);
Dataset write_string_scalar(hid_t parent, const std::string& name, const std::string& value);

[[nodiscard]] std::vector<hsize_t> dataset_dims(hid_t dataset);
/// Reads a whole dataset converted to double; `dims` receives its shape if non-null.
[[nodiscard]] std::vector<double> read_double_dataset(hid_t parent, const std::string& name,
                                                      std::vector<hsize_t>* dims = nullptr);
[[nodiscard]] std::vector<std::int64_t> read_int64_dataset(hid_t parent, const std::string& name);
[[nodiscard]] std::string read_string_scalar(hid_t parent, const std::string& name);

}  // namespace voidsim::io::hdf5
