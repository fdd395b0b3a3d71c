#pragma once
// A run directory made ready for a comparison with a measured dataset (issue 6): its series and
// events (validation/run_record.hpp), the voids of the outputs the dataset's size distributions and
// depth profiles ask about (app/run_void_snapshots.hpp), and for every micrograph entry the run
// imaged as `voidsim image` does and analysed as `voidsim analyze` does; the end-state structure
// and EELS signatures the observations name (app/run_end_state.hpp).
#include <filesystem>
#include <string>

#include "validation/run_record.hpp"

namespace voidsim::app {

/// Images the run for each micrograph entry of `experiment` (HAADF of the nearest output, with the
/// entry's imaging options; pixel size: the entry's imaging.pixel_size, else the measured image's)
/// into `image_dir`/<entry id>/, analyses it and adds it to run.micrographs.
void take_micrographs(RunRecord& run, const MeasuredDataset& dataset, const std::string& experiment,
                      const std::filesystem::path& image_dir);

/// read_run_record, take_void_snapshots, take_end_state and take_micrographs (images under
/// `image_dir`).
[[nodiscard]] RunRecord read_run_for(const std::filesystem::path& run_dir, const MeasuredDataset& dataset,
                                     const std::string& experiment, const std::filesystem::path& image_dir);

/// A directory under the system's temporary folder, removed with everything in it on destruction:
/// where images go when no report keeps them.
class ScratchDirectory {
 public:
  explicit ScratchDirectory(const std::string& prefix);
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace voidsim::app
