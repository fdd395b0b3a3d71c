#include "io/hdf5_handles.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace voidsim::io::hdf5 {

namespace fs = std::filesystem;

ErrorSilencer::ErrorSilencer() {
  H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

ErrorSilencer::~ErrorSilencer() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

namespace {
// H5Ewalk visits from the innermost (where the failure happened) outwards when asked for
// H5E_WALK_DOWNWARD; the innermost message is usually the informative one ("file signature not
// found", "can't open file"), the outer ones just repeat "H5Dopen2 failed".
herr_t collect_message(unsigned n, const H5E_error2_t* err, void* client) {
  auto* text = static_cast<std::string*>(client);
  if (err != nullptr && err->desc != nullptr && text->empty()) *text = err->desc;
  (void)n;
  return 0;
}
}  // namespace

std::string take_error_message() {
  std::string text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_message, &text);
  H5Eclear2(H5E_DEFAULT);
  return text;
}

hid_t check(hid_t id, const std::string& what) {
  if (id < 0) {
    const std::string detail = take_error_message();
    throw IoError(what + (detail.empty() ? std::string() : ": " + detail));
  }
  return id;
}

void check_status(herr_t status, const std::string& what) {
  if (status < 0) {
    const std::string detail = take_error_message();
    throw IoError(what + (detail.empty() ? std::string() : ": " + detail));
  }
}

std::string where(const fs::path& file, const std::string& object) {
  return fmt::format("'{}': {}", file.string(), object);
}

namespace {
// "semi" close degree: closing a file with objects still open fails instead of silently keeping
// the file open, so a handle-scoping bug surfaces as an error, not as a file flushed too late.
PropertyList file_access_list(const fs::path& path) {
  PropertyList fapl(check(H5Pcreate(H5P_FILE_ACCESS), where(path, "cannot create file access list")));
  check_status(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), where(path, "cannot set close degree"));
  return fapl;
}
}  // namespace

File create_file(const fs::path& path, bool with_checksummed_metadata) {
  PropertyList fapl = file_access_list(path);
  if (with_checksummed_metadata) {
    check_status(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST),
                 where(path, "cannot select the HDF5 1.8 file format"));
  }
  return File(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                    where(path, "cannot create HDF5 file")));
}

File open_file_read(const fs::path& path) {
  if (!fs::exists(path)) throw IoError("'" + path.string() + "': no such file");
  PropertyList fapl = file_access_list(path);
  return File(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()),
                    where(path, "cannot open as HDF5 (truncated or not an HDF5 file?)")));
}

void close_file(File& file, const fs::path& path) {
  if (!file.valid()) return;
  check_status(H5Fclose(file.release()), where(path, "cannot close file"));
}

void disable_exit_handler() { H5dont_atexit(); }

}  // namespace voidsim::io::hdf5
