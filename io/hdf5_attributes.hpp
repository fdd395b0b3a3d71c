#pragma once
// Typed HDF5 attribute writes and reads on any object (file root, group, dataset).
// Strings are variable-length UTF-8, which h5py returns as `str` and openPMD readers accept.
// Reads convert numeric types (an int attribute read as double is fine) and accept fixed- or
// variable-length strings, so files written by other tools can be read too.
// Every failure throws IoError naming the file, the object and the attribute.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace voidsim::io::hdf5 {

/// "'file.h5': /data/10/meshes/c" for messages.
[[nodiscard]] std::string describe(hid_t object);

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, const char* value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, std::span<const double> values);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint32_t value);

[[nodiscard]] bool has_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::string read_string_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::vector<std::string> read_string_array_attribute(hid_t object, const std::string& name);
[[nodiscard]] double read_double_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::vector<double> read_double_array_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::int64_t read_int64_attribute(hid_t object, const std::string& name);
[[nodiscard]] std::uint64_t read_uint64_attribute(hid_t object, const std::string& name);

/// HDF5 class of the stored attribute type (H5T_STRING, H5T_FLOAT, H5T_INTEGER, ...).
[[nodiscard]] H5T_class_t attribute_type_class(hid_t object, const std::string& name);

/// Variable-length UTF-8 string type (caller owns it).
[[nodiscard]] hid_t make_utf8_string_type();

}  // namespace voidsim::io::hdf5
