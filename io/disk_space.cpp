#include "io/disk_space.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;

std::uintmax_t writable_bytes(const fs::path& directory) {
  std::uintmax_t room = std::numeric_limits<std::uintmax_t>::max();
  struct statvfs vfs {};
  if (::statvfs(directory.empty() ? "." : directory.c_str(), &vfs) == 0)
    room = static_cast<std::uintmax_t>(vfs.f_bavail) * static_cast<std::uintmax_t>(vfs.f_frsize);
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    room = std::min<std::uintmax_t>(room, limit.rlim_cur);
  return room;
}

void require_room_for(const fs::path& target, std::uintmax_t bytes) {
  const std::uintmax_t needed = bytes + bytes / 20 + (1u << 20);
  const std::uintmax_t room = writable_bytes(target.parent_path());
  if (needed > room) {
    throw IoError(
        "'" + target.string() + "': not enough room to write it (about " + std::to_string(needed) +
        " bytes needed, " + std::to_string(room) +
        " available on the disk or under the file-size limit); free space and continue with --resume");
  }
}

std::size_t remove_stale_temporaries(const fs::path& directory) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    // "<name>.tmp.<pid>.<counter>": parse the pid between the last two dots after ".tmp.".
    const auto tag = name.rfind(".tmp.");
    if (tag == std::string::npos) continue;
    const std::string rest = name.substr(tag + 5);
    const auto dot = rest.find('.');
    if (dot == std::string::npos) continue;
    long pid = 0;
    const auto [end, err] = std::from_chars(rest.data(), rest.data() + dot, pid);
    if (err != std::errc() || end != rest.data() + dot || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive (or not ours)
    std::error_code remove_error;
    if (fs::remove(entry.path(), remove_error)) ++removed;
  }
  return removed;
}

}  // namespace voidsim::io
