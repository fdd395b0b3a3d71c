#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;

namespace {

std::function<void(const fs::path&)>& fault_injector() {
  static std::function<void(const fs::path&)> injector;
  return injector;
}

// fsync so that after rename the data, not just the name, survives a crash or power loss.
void sync_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw IoError("cannot open '" + path.string() + "' to sync: " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw IoError("cannot sync '" + path.string() + "': " + std::strerror(err));
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // best effort: some filesystems do not allow opening directories
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

fs::path temporary_path_for(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  fs::path tmp = target;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  return tmp;
}

void commit_atomic(const fs::path& target, const std::function<void(const fs::path&)>& produce) {
  const fs::path tmp = temporary_path_for(target);
  try {
    produce(tmp);
    sync_file(tmp);
    if (fault_injector()) fault_injector()(target);
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec)
      throw IoError("cannot rename '" + tmp.string() + "' to '" + target.string() + "': " + ec.message());
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
  sync_directory(target.parent_path());
}

void write_text_atomic(const fs::path& target, std::string_view contents) {
  commit_atomic(target, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError("cannot create '" + tmp.string() + "': " + std::strerror(errno));
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.flush();
    if (!out) throw IoError("cannot write '" + target.string() + "' (disk full?)");
  });
}

void set_commit_fault_injector(std::function<void(const fs::path&)> injector) {
  fault_injector() = std::move(injector);
}

}  // namespace voidsim::io
