#pragma once
// A micrograph analysed for a dataset's micrograph entry (issue 6): the measured image and each
// run's synthetic image go through the same function, `voidsim analyze`'s pipeline
// (postprocess/micrograph_analysis.hpp) with the entry's options, so the two are measured alike.
#include <filesystem>

#include "core/image.hpp"
#include "postprocess/micrograph_analysis.hpp"
#include "validation/measured_dataset.hpp"

namespace voidsim {

struct AnalysedMicrograph {
  std::filesystem::path image;
  double time = 0.0;  // s: the run's output imaged, or the entry's time for the measured image
  MicrographStats stats;
  RgbImage overlay;  // the image with the detected voids drawn over it (analyze's overlay)
};

/// The analysis options of entry `m` for its measured image (`measured`) or a run's image: pixel
/// size, interface row, inversion and periodicity apply to the measured image only (a synthetic
/// image carries its pixel size and periodicity in its metadata, and its interface is detected).
[[nodiscard]] MicrographAnalysisOptions micrograph_analysis_options(const MeasuredMicrograph& m,
                                                                    bool measured);

/// Reads `image` (PNG/TIFF) and analyses it. IoError naming the file when it cannot be read or has
/// no pixel size; InputError when the entry's interface row lies outside it.
[[nodiscard]] AnalysedMicrograph analyse_micrograph_file(const std::filesystem::path& image,
                                                         const MeasuredMicrograph& m, bool measured);

}  // namespace voidsim
