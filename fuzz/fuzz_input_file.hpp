#pragma once
// The readers under fuzz take a path (as the CLI hands them one), so each input is written to a
// file in a private folder of this process. A tmpfs folder keeps that cheap.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace voidsim::fuzz {

/// A folder of this process, created once and removed at exit.
inline const std::filesystem::path& private_dir() {
  static const std::filesystem::path dir = [] {
    namespace fs = std::filesystem;
    const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("voidsim-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    static const fs::path to_remove = d;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(to_remove, ec);
    });
    return d;
  }();
  return dir;
}

/// Writes `size` bytes to `name` in the private folder and returns its path.
inline std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                         std::size_t size) {
  const std::filesystem::path path = private_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) std::abort();  // the harness itself failed, not the reader
  return path;
}

}  // namespace voidsim::fuzz
