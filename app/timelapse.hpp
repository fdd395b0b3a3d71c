#pragma once
// Time-lapse animation (issue 5, "time-lapse"): annotated frames, written as PNG by the caller,
// assembled into an MP4 or GIF by ffmpeg when it is installed. ffmpeg is optional: without it
// the frames are the result.
#include <filesystem>
#include <string>
#include <vector>

namespace voidsim::app {

/// Absolute path of `program` found on $PATH (executable regular file), or empty.
[[nodiscard]] std::filesystem::path find_on_path(const std::string& program);

/// Runs ffmpeg (from $PATH, started with posix_spawnp: no shell, so no quoting issues) on the
/// frames in order at `frames_per_second`; the container follows the extension of `output`
/// (.mp4: H.264 yuv420p, dimensions padded to even; .gif: palette-optimised). Returns false, with a
/// log line, when ffmpeg is absent, there are no frames, the rate is not positive, or ffmpeg
/// fails (a partial output is removed); the frames are left untouched either way.
bool assemble_animation(const std::vector<std::filesystem::path>& frame_pngs,
                        const std::filesystem::path& output, double frames_per_second);

}  // namespace voidsim::app
