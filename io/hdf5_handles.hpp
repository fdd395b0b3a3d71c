#pragma once
// RAII ownership of HDF5 identifiers and conversion of HDF5 failures into IoError.
// Every HDF5 call in voidsim goes through `check(...)`, so a failed call never goes unnoticed and
// its message names the file and the object, plus the innermost message of HDF5's error stack.
#include <hdf5.h>

#include <filesystem>
#include <string>
#include <utility>

namespace voidsim::io::hdf5 {

/// Owns one hid_t and closes it with `Close` (H5Fclose for files, H5Dclose for datasets, ...).
/// Move-only; an invalid id (< 0) is never closed.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) noexcept : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { reset(); }

  [[nodiscard]] hid_t get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }

  /// Closes now (errors on close are ignored here: destructors must not throw). Use
  /// `close_file` for files, where a failed close means lost data.
  void reset() noexcept {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }
  [[nodiscard]] hid_t release() noexcept { return std::exchange(id_, H5I_INVALID_HID); }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropertyList = Handle<H5Pclose>;
using Object = Handle<H5Oclose>;

/// While alive, HDF5 does not print its error stack to stderr (we turn errors into exceptions
/// instead). Restores the previous handler on destruction; nesting is fine.
class ErrorSilencer {
 public:
  ErrorSilencer();
  ~ErrorSilencer();
  ErrorSilencer(const ErrorSilencer&) = delete;
  ErrorSilencer& operator=(const ErrorSilencer&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

/// Innermost description on HDF5's current error stack ("" if empty); clears the stack.
[[nodiscard]] std::string take_error_message();

/// Throws IoError "<what>: <HDF5 message>" if `id` is negative; otherwise returns it.
hid_t check(hid_t id, const std::string& what);
/// Throws IoError "<what>: <HDF5 message>" if `status` is negative.
void check_status(herr_t status, const std::string& what);

/// "'file': object" -- the prefix of every message, so a user knows which file and object failed.
[[nodiscard]] std::string where(const std::filesystem::path& file, const std::string& object);

/// Creates (truncating) a file; `with_checksummed_metadata` selects the 1.8+ object format, whose
/// metadata blocks carry checksums, so corruption of headers is detected on open (checkpoints).
[[nodiscard]] File create_file(const std::filesystem::path& path, bool with_checksummed_metadata = false);
[[nodiscard]] File open_file_read(const std::filesystem::path& path);
/// Closes (which flushes), throwing IoError if HDF5 reports a failure (e.g. disk full on flush).
void close_file(File& file, const std::filesystem::path& path);

/// Stops HDF5 from registering its atexit clean-up; call first thing in main, before any HDF5
/// call. Why: after a failed H5Fclose (disk full on flush) the file stays open inside HDF5, and
/// the library's exit handler then crashes closing it again (measured: SIGSEGV in H5F__close_cb
/// after the I/O error was reported), turning a clean exit code 5 into a segfault. voidsim closes
/// every file it opens itself, so nothing is left for the handler to do.
void disable_exit_handler();

}  // namespace voidsim::io::hdf5
