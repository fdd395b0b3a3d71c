#pragma once
// Atomic replacement of files: write a temporary file in the same directory, flush it to disk,
// then rename it over the target. A reader (or a crash) sees the old file or the new one, never a
// half-written one. Every output voidsim writes goes through here.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace voidsim::io {

/// Temporary path next to `target` (same filesystem, so rename is atomic), unique per process.
[[nodiscard]] std::filesystem::path temporary_path_for(const std::filesystem::path& target);

/// Writes `contents` to `target` atomically. Throws IoError naming the file on any failure, and
/// then leaves `target` untouched and no temporary file behind.
void write_text_atomic(const std::filesystem::path& target, std::string_view contents);

/// Runs `produce(tmp_path)`, which must create the complete file at tmp_path, then fsyncs and
/// renames it to `target`. If `produce` throws, the temporary file is removed and the exception
/// propagates; `target` is unchanged. Used for HDF5 files, which the HDF5 library writes itself.
void commit_atomic(const std::filesystem::path& target,
                   const std::function<void(const std::filesystem::path& tmp_path)>& produce);

/// Test hook for fault injection: when set, called before each rename with the target path;
/// if it throws, the commit fails as a real disk error would. Pass {} to clear.
void set_commit_fault_injector(std::function<void(const std::filesystem::path& target)> injector);

}  // namespace voidsim::io
