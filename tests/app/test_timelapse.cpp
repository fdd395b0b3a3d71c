// Animation assembly (app/timelapse.hpp): ffmpeg is optional, so without it the call returns false
// cleanly; with a stand-in `ffmpeg` script on PATH we check what would be run: the frame list in
// order with the right duration, quoting of awkward file names, and the codec for .mp4.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/timelapse.hpp"

namespace fs = std::filesystem;

namespace {

/// Sets PATH for the scope of a test and restores it.
class PathGuard {
 public:
  explicit PathGuard(const std::string& value) {
    const char* old = std::getenv("PATH");
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv("PATH", value.c_str(), 1);
  }
  ~PathGuard() {
    if (had_)
      setenv("PATH", old_.c_str(), 1);
    else
      unsetenv("PATH");
  }
  PathGuard(const PathGuard&) = delete;
  PathGuard& operator=(const PathGuard&) = delete;

 private:
  bool had_ = false;
  std::string old_;
};

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests/app/timelapse" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> frames(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const char* name : {"frame_082.png", "frame_263.png", "it's.png"}) {
    out.push_back(dir / name);
    std::ofstream(out.back()) << "png";
  }
  return out;
}

/// A stand-in ffmpeg: records its arguments and the concat list, creates the output, exits `code`.
fs::path fake_ffmpeg(const fs::path& dir, int code) {
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  std::ofstream(bin / "ffmpeg") << "#!/bin/sh\n"
                                << "printf '%s\\n' \"$@\" > '" << (dir / "args.txt").string() << "'\n"
                                << "prev=''\nfor a; do\n  if [ \"$prev\" = -i ]; then cat \"$a\" > '"
                                << (dir / "list.txt").string() << "'; fi\n  prev=$a\ndone\n"
                                << ": > \"$prev\"\nexit " << code << "\n";
  fs::permissions(bin / "ffmpeg", fs::perms::owner_all);
  return bin;
}

}  // namespace

TEST_CASE("without ffmpeg on PATH assemble_animation returns false and writes nothing") {
  const fs::path dir = fresh_dir("absent");
  const auto list = frames(dir);
  PathGuard path("");
  CHECK(voidsim::app::find_on_path("ffmpeg").empty());
  CHECK_FALSE(voidsim::app::assemble_animation(list, dir / "movie.mp4", 4.0));
  CHECK_FALSE(fs::exists(dir / "movie.mp4"));
  for (const auto& f : list) CHECK(fs::exists(f));  // frames untouched
}

TEST_CASE("with ffmpeg the frames go in order at the requested rate") {
  const fs::path dir = fresh_dir("present");
  const auto list = frames(dir);
  const fs::path bin = fake_ffmpeg(dir, 0);
  PathGuard path(bin.string() + ":/usr/bin:/bin");
  CHECK(voidsim::app::find_on_path("ffmpeg") == bin / "ffmpeg");
  REQUIRE(voidsim::app::assemble_animation(list, dir / "movie.mp4", 4.0));
  CHECK(fs::exists(dir / "movie.mp4"));
  const std::string args = read_text(dir / "args.txt");
  CHECK(args.find("libx264\n") != std::string::npos);
  CHECK(args.find("yuv420p\n") != std::string::npos);
  const std::string concat = read_text(dir / "list.txt");
  const auto first = concat.find("frame_082.png"), second = concat.find("frame_263.png");
  REQUIRE(first != std::string::npos);
  CHECK(second > first);
  CHECK(concat.find("duration 0.25\n") != std::string::npos);  // 1 / (4 frames per second)
  CHECK(concat.find("it'\\''s.png'") != std::string::npos);    // quote escaped for the demuxer
  // The list file is removed afterwards.
  for (const auto& entry : fs::directory_iterator(dir))
    CHECK(entry.path().string().find(".frames.") == std::string::npos);
}

TEST_CASE("ffmpeg failing, no frames or a zero rate give false") {
  const fs::path dir = fresh_dir("failing");
  const auto list = frames(dir);
  PathGuard path(fake_ffmpeg(dir, 1).string() + ":/usr/bin:/bin");
  CHECK_FALSE(voidsim::app::assemble_animation(list, dir / "movie.gif", 2.0));
  CHECK_FALSE(voidsim::app::assemble_animation({}, dir / "movie.gif", 2.0));
  CHECK_FALSE(voidsim::app::assemble_animation(list, dir / "movie.gif", 0.0));
}
