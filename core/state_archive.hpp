#pragma once
// In-memory image of an engine's full state for checkpoints. Engines fill and read it; io/
// writes it to HDF5 bit for bit. Keeping it here lets solvers/ stay ignorant of files.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace voidsim {

struct StateArchive {
  std::map<std::string, std::vector<double>> arrays;
  std::map<std::string, std::vector<std::int64_t>> int_arrays;
  std::map<std::string, double> reals;
  std::map<std::string, std::int64_t> integers;
  std::map<std::string, std::string> strings;

  // Lookups throw IoError naming the missing entry: a checkpoint from another build or scenario.
  [[nodiscard]] const std::vector<double>& array(const std::string& name) const;
  [[nodiscard]] const std::vector<std::int64_t>& int_array(const std::string& name) const;
  [[nodiscard]] double real(const std::string& name) const;
  [[nodiscard]] std::int64_t integer(const std::string& name) const;
  [[nodiscard]] const std::string& string(const std::string& name) const;
};

}  // namespace voidsim
