#include "core/state_archive.hpp"

#include "core/error.hpp"

namespace voidsim {

namespace {
template <class Map>
const typename Map::mapped_type& lookup(const Map& map, const std::string& name, const char* what) {
  const auto it = map.find(name);
  if (it == map.end()) {
    throw IoError(std::string("checkpoint has no ") + what + " '" + name +
                  "' (written by another version or engine?)");
  }
  return it->second;
}
}  // namespace

const std::vector<double>& StateArchive::array(const std::string& name) const {
  return lookup(arrays, name, "array");
}
const std::vector<std::int64_t>& StateArchive::int_array(const std::string& name) const {
  return lookup(int_arrays, name, "integer array");
}
double StateArchive::real(const std::string& name) const { return lookup(reals, name, "real"); }
std::int64_t StateArchive::integer(const std::string& name) const {
  return lookup(integers, name, "integer");
}
const std::string& StateArchive::string(const std::string& name) const {
  return lookup(strings, name, "string");
}

}  // namespace voidsim
