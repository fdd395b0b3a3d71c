#include "app/timelapse.hpp"

#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

extern char** environ;

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

/// ffmpeg's concat demuxer list: one `file` line per frame (single quotes escaped as the
/// demuxer requires) with its display duration; the last frame is repeated so it is shown too.
std::string concat_list(const std::vector<fs::path>& frames, double frames_per_second) {
  auto quoted = [](const fs::path& p) {
    std::string out = "'";
    for (char c : fs::absolute(p).string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  };
  std::ostringstream list;
  list.precision(17);
  for (const auto& f : frames)
    list << "file " << quoted(f) << "\nduration " << 1.0 / frames_per_second << "\n";
  list << "file " << quoted(frames.back()) << "\n";
  return list.str();
}

int run_and_wait(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int err = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ); err != 0) {
    spdlog::warn("time-lapse: cannot start {}: {}", args[0], std::strerror(err));
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

fs::path find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  std::stringstream entries{std::string(path)};
  std::string dir;
  while (std::getline(entries, dir, ':')) {
    if (dir.empty()) continue;  // an empty entry would mean the current directory: not searched
    const fs::path candidate = fs::path(dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

bool assemble_animation(const std::vector<fs::path>& frame_pngs, const fs::path& output,
                        double frames_per_second) {
  if (frame_pngs.empty() || !(frames_per_second > 0.0)) {
    spdlog::warn("time-lapse: no animation written ({} frames at {} frames/s)", frame_pngs.size(),
                 frames_per_second);
    return false;
  }
  const fs::path ffmpeg = find_on_path("ffmpeg");
  if (ffmpeg.empty()) {
    spdlog::info("time-lapse: ffmpeg not found on PATH; frames written, no animation {}", output.string());
    return false;
  }
  // The list file sits beside the output (same file system, removed afterwards).
  const fs::path list_file =
      output.parent_path() / (output.filename().string() + ".frames." + std::to_string(getpid()) + ".txt");
  {
    std::ofstream list(list_file);
    list << concat_list(frame_pngs, frames_per_second);
    if (!list) {
      spdlog::warn("time-lapse: cannot write {}", list_file.string());
      return false;
    }
  }
  std::vector<std::string> args{
      ffmpeg.string(), "-y", "-hide_banner", "-loglevel",       "error", "-f", "concat",
      "-safe",         "0",  "-i",           list_file.string()};
  std::string extension = output.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string rate = std::to_string(frames_per_second);
  if (extension == ".gif") {
    args.insert(args.end(), {"-vf", "fps=" + rate + ",split[a][b];[a]palettegen[p];[b][p]paletteuse"});
  } else {
    // H.264 in yuv420p needs even dimensions; players expect that pixel format.
    args.insert(args.end(), {"-vf", "fps=" + rate + ",pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264",
                             "-pix_fmt", "yuv420p"});
  }
  args.push_back(output.string());
  const int code = run_and_wait(args);
  std::error_code ignored;
  fs::remove(list_file, ignored);
  if (code != 0) {
    fs::remove(output, ignored);  // no half-written animation
    spdlog::warn("time-lapse: ffmpeg failed (exit code {}) writing {}", code, output.string());
    return false;
  }
  spdlog::info("time-lapse: {} frames -> {}", frame_pngs.size(), output.string());
  return true;
}

}  // namespace voidsim::app
