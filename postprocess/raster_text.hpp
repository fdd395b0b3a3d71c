#pragma once
// Burned-in annotation for images: a built-in bitmap font (printable ASCII) and simple shapes,
// used for scale bars and time stamps on time-lapse frames and for plot labels. No font files:
// the glyphs are compiled in, so rendering is identical on every machine.
#include <cstddef>
#include <string_view>

#include "core/image.hpp"

namespace voidsim {

/// Height and advance (including one column of spacing) of a glyph at `scale` 1, in pixels.
inline constexpr std::size_t glyph_height = 7;
inline constexpr std::size_t glyph_advance = 6;

/// Pixel width of `text` drawn at `scale` (each font pixel becomes scale x scale pixels).
[[nodiscard]] std::size_t text_width(std::string_view text, int scale = 1) noexcept;

/// Draws `text` with its top-left corner at (row, col), setting covered pixels to `value`.
/// Pixels outside the image are skipped. Unknown characters draw as '?'.
void draw_text(Image& image, std::size_t row, std::size_t col, std::string_view text, float value,
               int scale = 1);

/// Filled axis-aligned rectangle [row0, row1) x [col0, col1), clipped to the image.
void fill_rectangle(Image& image, std::size_t row0, std::size_t col0, std::size_t row1, std::size_t col1,
                    float value);

/// A straight line (Bresenham) between two pixel positions, `thickness` pixels wide.
void draw_line(Image& image, double row0, double col0, double row1, double col1, float value,
               int thickness = 1);

}  // namespace voidsim
