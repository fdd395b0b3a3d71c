#pragma once
// Helpers shared by the result_file suite: a scratch directory per test and sample fields whose
// values exercise every bit of a double (signed zero, subnormals, huge and tiny magnitudes).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace voidsim::testing {

/// Fresh directory under the build tree, removed at the end of the test.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::path(VOIDSIM_BINARY_DIR) / "test_scratch" / "result_file" / name) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    io::set_commit_fault_injector({});
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  /// Names in the directory that look like leftovers of an atomic write.
  [[nodiscard]] std::vector<std::string> temporary_files() const {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".tmp.") != std::string::npos) found.push_back(name);
    }
    return found;
  }

 private:
  std::filesystem::path path_;
};

/// n values: a smooth profile with a few special doubles mixed in, different per `seed`.
inline std::vector<double> sample_values(std::size_t n, double seed) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = std::sin(0.37 * static_cast<double>(i) + seed) / 3.0;
  if (n > 4) {
    v[0] = -0.0;
    v[1] = std::numeric_limits<double>::denorm_min();
    v[2] = 1e300 * seed;
    v[3] = -1.0 / 3.0;
  }
  return v;
}

[[nodiscard]] inline bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

[[nodiscard]] inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Fault injector that fails every commit, as a full disk or a failing rename would.
inline void fail_every_commit() {
  io::set_commit_fault_injector(
      [](const std::filesystem::path& target) { throw IoError("injected failure for " + target.string()); });
}

}  // namespace voidsim::testing
