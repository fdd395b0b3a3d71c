#include "io/hdf5_attributes.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "io/hdf5_handles.hpp"

namespace voidsim::io::hdf5 {

std::string describe(hid_t object) {
  std::string file = "?";
  std::string path = "?";
  const ssize_t n_file = H5Fget_name(object, nullptr, 0);
  if (n_file > 0) {
    file.assign(static_cast<std::size_t>(n_file) + 1, '\0');
    H5Fget_name(object, file.data(), file.size());
    file.resize(static_cast<std::size_t>(n_file));
  }
  const ssize_t n_path = H5Iget_name(object, nullptr, 0);
  if (n_path > 0) {
    path.assign(static_cast<std::size_t>(n_path) + 1, '\0');
    H5Iget_name(object, path.data(), path.size());
    path.resize(static_cast<std::size_t>(n_path));
  }
  H5Eclear2(H5E_DEFAULT);
  return "'" + file + "': " + path;
}

hid_t make_utf8_string_type() {
  hid_t type = check(H5Tcopy(H5T_C_S1), "cannot copy the HDF5 string type");
  Datatype owner(type);
  check_status(H5Tset_size(type, H5T_VARIABLE), "cannot make a variable-length string type");
  check_status(H5Tset_cset(type, H5T_CSET_UTF8), "cannot set UTF-8 on the string type");
  return owner.release();
}

namespace {

std::string what(hid_t object, const std::string& action, const std::string& name) {
  return describe(object) + ": cannot " + action + " attribute '" + name + "'";
}

// Replaces an existing attribute of the same name, so rewriting metadata is idempotent.
Attribute create_attribute(hid_t object, const std::string& name, hid_t type, hid_t space) {
  const htri_t exists = H5Aexists(object, name.c_str());
  check_status(exists, what(object, "query", name));
  if (exists > 0) check_status(H5Adelete(object, name.c_str()), what(object, "replace", name));
  return Attribute(check(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                         what(object, "create", name)));
}

void write_numeric(hid_t object, const std::string& name, hid_t file_type, hid_t mem_type, const void* data,
                   hsize_t n, bool scalar) {
  Dataspace space(scalar
                      ? check(H5Screate(H5S_SCALAR), what(object, "create dataspace for", name))
                      : check(H5Screate_simple(1, &n, nullptr), what(object, "create dataspace for", name)));
  Attribute attr = create_attribute(object, name, file_type, space.get());
  check_status(H5Awrite(attr.get(), mem_type, data), what(object, "write", name));
}

Attribute open_attribute(hid_t object, const std::string& name) {
  const htri_t exists = H5Aexists(object, name.c_str());
  check_status(exists, what(object, "query", name));
  if (exists == 0) throw IoError(describe(object) + ": missing attribute '" + name + "'");
  return Attribute(check(H5Aopen(object, name.c_str(), H5P_DEFAULT), what(object, "open", name)));
}

hssize_t element_count(hid_t object, const std::string& name, hid_t attr) {
  Dataspace space(check(H5Aget_space(attr), what(object, "get dataspace of", name)));
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) check_status(-1, what(object, "size", name));
  return n;
}

void require_numeric(hid_t object, const std::string& name, hid_t attr) {
  Datatype type(check(H5Aget_type(attr), what(object, "get type of", name)));
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    throw IoError(describe(object) + ": attribute '" + name + "' is not numeric");
  }
}

std::vector<std::string> read_strings(hid_t object, const std::string& name) {
  Attribute attr = open_attribute(object, name);
  Datatype file_type(check(H5Aget_type(attr.get()), what(object, "get type of", name)));
  if (H5Tget_class(file_type.get()) != H5T_STRING) {
    throw IoError(describe(object) + ": attribute '" + name + "' is not a string");
  }
  const auto n = static_cast<std::size_t>(element_count(object, name, attr.get()));
  std::vector<std::string> out;
  out.reserve(n);
  const htri_t is_variable = H5Tis_variable_str(file_type.get());
  check_status(is_variable, what(object, "inspect", name));
  if (is_variable > 0) {
    Datatype mem_type(make_utf8_string_type());
    std::vector<char*> buffer(n, nullptr);
    check_status(H5Aread(attr.get(), mem_type.get(), buffer.data()), what(object, "read", name));
    for (char* s : buffer) out.emplace_back(s != nullptr ? s : "");
    Dataspace space(check(H5Aget_space(attr.get()), what(object, "get dataspace of", name)));
    H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, buffer.data());
  } else {
    const std::size_t size = H5Tget_size(file_type.get());
    Datatype mem_type(check(H5Tcopy(H5T_C_S1), what(object, "make type for", name)));
    check_status(H5Tset_size(mem_type.get(), size), what(object, "make type for", name));
    check_status(H5Tset_cset(mem_type.get(), H5Tget_cset(file_type.get())),
                 what(object, "make type for", name));
    std::vector<char> buffer(n * size);
    check_status(H5Aread(attr.get(), mem_type.get(), buffer.data()), what(object, "read", name));
    for (std::size_t i = 0; i < n; ++i) {
      const char* begin = buffer.data() + i * size;
      out.emplace_back(begin, std::find(begin, begin + size, '\0'));
    }
  }
  return out;
}

template <class T>
std::vector<T> read_numbers(hid_t object, const std::string& name, hid_t mem_type) {
  Attribute attr = open_attribute(object, name);
  require_numeric(object, name, attr.get());
  std::vector<T> values(static_cast<std::size_t>(element_count(object, name, attr.get())));
  check_status(H5Aread(attr.get(), mem_type, values.data()), what(object, "read", name));
  return values;
}

template <class T>
T read_scalar(hid_t object, const std::string& name, hid_t mem_type) {
  const std::vector<T> values = read_numbers<T>(object, name, mem_type);
  if (values.size() != 1)
    throw IoError(describe(object) + ": attribute '" + name + "' is not a single value");
  return values.front();
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  Datatype type(make_utf8_string_type());
  Dataspace space(check(H5Screate(H5S_SCALAR), what(object, "create dataspace for", name)));
  Attribute attr = create_attribute(object, name, type.get(), space.get());
  const char* text = value.c_str();
  check_status(H5Awrite(attr.get(), type.get(), &text), what(object, "write", name));
}

void write_attribute(hid_t object, const std::string& name, const char* value) {
  write_attribute(object, name, std::string(value));
}

void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values) {
  Datatype type(make_utf8_string_type());
  const hsize_t n = values.size();
  Dataspace space(check(H5Screate_simple(1, &n, nullptr), what(object, "create dataspace for", name)));
  Attribute attr = create_attribute(object, name, type.get(), space.get());
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (const auto& v : values) texts.push_back(v.c_str());
  check_status(H5Awrite(attr.get(), type.get(), texts.data()), what(object, "write", name));
}

void write_attribute(hid_t object, const std::string& name, double value) {
  write_numeric(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, 1, true);
}

void write_attribute(hid_t object, const std::string& name, std::span<const double> values) {
  write_numeric(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size(), false);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_numeric(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value, 1, true);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  write_numeric(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value, 1, true);
}

void write_attribute(hid_t object, const std::string& name, std::uint32_t value) {
  write_numeric(object, name, H5T_STD_U32LE, H5T_NATIVE_UINT32, &value, 1, true);
}

bool has_attribute(hid_t object, const std::string& name) {
  const htri_t exists = H5Aexists(object, name.c_str());
  check_status(exists, what(object, "query", name));
  return exists > 0;
}

H5T_class_t attribute_type_class(hid_t object, const std::string& name) {
  Attribute attr = open_attribute(object, name);
  Datatype type(check(H5Aget_type(attr.get()), what(object, "get type of", name)));
  return H5Tget_class(type.get());
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  const std::vector<std::string> values = read_strings(object, name);
  if (values.size() != 1)
    throw IoError(describe(object) + ": attribute '" + name + "' is not a single string");
  return values.front();
}

std::vector<std::string> read_string_array_attribute(hid_t object, const std::string& name) {
  return read_strings(object, name);
}

double read_double_attribute(hid_t object, const std::string& name) {
  return read_scalar<double>(object, name, H5T_NATIVE_DOUBLE);
}

std::vector<double> read_double_array_attribute(hid_t object, const std::string& name) {
  return read_numbers<double>(object, name, H5T_NATIVE_DOUBLE);
}

std::int64_t read_int64_attribute(hid_t object, const std::string& name) {
  return read_scalar<std::int64_t>(object, name, H5T_NATIVE_INT64);
}

std::uint64_t read_uint64_attribute(hid_t object, const std::string& name) {
  return read_scalar<std::uint64_t>(object, name, H5T_NATIVE_UINT64);
}

}  // namespace voidsim::io::hdf5
