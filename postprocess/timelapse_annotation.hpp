#pragma once
// Burned-in annotation of time-lapse frames (issue 5, "time-lapse"): a scale bar with its length
// and a time stamp, drawn bright with a dark outline so they read on dark and bright images alike.
#include <cstddef>
#include <string>

#include "core/image.hpp"

namespace voidsim {

/// A round length (1, 2 or 5 x 10^k m) closest, on a log scale, to one fifth of `field_width_m`.
[[nodiscard]] double round_scale_bar_length(double field_width_m);

/// "50 nm", "1 um", "200 pm": the length in the unit that gives a number >= 1 (ASCII "um").
[[nodiscard]] std::string format_length(double length_m);

/// "263 s" (whole seconds from 10 s up, three significant digits below).
[[nodiscard]] std::string format_time_stamp(double time_s);

/// Where annotate_frame put the scale bar (pixels, [row0,row1) x [col0,col1)); empty (all 0)
/// when the frame has no pixel size.
struct ScaleBarPlacement {
  std::size_t row0 = 0, row1 = 0, col0 = 0, col1 = 0;
  double length_m = 0.0;
};

/// Burns in a scale bar (bottom left, with its length above it) and the time stamp (top left).
/// The bar is round(scale_bar_length_m / pixel_size) pixels long; scale_bar_length_m = 0 chooses
/// round_scale_bar_length(width * pixel_size). Marks take the frame's maximum value, their
/// one-pixel outline its minimum. A frame without pixel size (0) gets the time stamp only.
ScaleBarPlacement annotate_frame(Image& frame, double time_s, double scale_bar_length_m = 0.0);

}  // namespace voidsim
