// The built-in bitmap font and shapes (postprocess/raster_text.hpp): glyph shapes by pixel count,
// every printable character distinct, text extents, clipping at the image edge, line end points.
// All counts are exact: the font is integer pixels.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "postprocess/raster_text.hpp"

namespace {

using namespace voidsim;

std::size_t ink(const Image& image) {
  std::size_t n = 0;
  for (float v : image.pixels) n += v > 0.5f ? 1 : 0;
  return n;
}

std::size_t ink_of(std::string_view text, int scale = 1) {
  Image image(64, 32, 0.0, 0.0f);
  draw_text(image, 2, 2, text, 1.0f, scale);
  return ink(image);
}

}  // namespace

TEST_CASE("glyph pixel counts match the 5x7 shapes") {
  CHECK(ink_of(" ") == 0);
  CHECK(ink_of("I") == 11);  // 3 + 5 x 1 + 3
  CHECK(ink_of("A") == 18);  // .###. #...# #...# ##### #...# x3
  CHECK(ink_of(".") == 4);   // a 2x2 dot
  CHECK(ink_of("1") == 10);
  CHECK(ink_of("I", 2) == 4 * 11);  // each font pixel becomes scale x scale pixels
  CHECK(ink_of("I", 3) == 9 * 11);
  CHECK(ink_of("IA") == 11 + 18);
}

TEST_CASE("every printable character has its own non-empty glyph, others draw as '?'") {
  std::set<std::vector<float>> shapes;
  for (int c = 33; c <= 126; ++c) {
    Image image(5, 7, 0.0, 0.0f);
    draw_text(image, 0, 0, std::string(1, static_cast<char>(c)), 1.0f);
    CHECK_MESSAGE(ink(image) > 0, "empty glyph for '" << static_cast<char>(c) << "'");
    shapes.insert(image.pixels);
  }
  CHECK(shapes.size() == 94);  // no two characters look the same
  Image unknown(5, 7, 0.0, 0.0f), question(5, 7, 0.0, 0.0f);
  draw_text(unknown, 0, 0, "\x01", 1.0f);
  draw_text(question, 0, 0, "?", 1.0f);
  CHECK(unknown.pixels == question.pixels);
}

TEST_CASE("text_width is the inked extent") {
  CHECK(text_width("") == 0);
  CHECK(text_width("A") == 5);
  CHECK(text_width("AB") == 11);  // 6-pixel advance, no trailing spacing column
  CHECK(text_width("AB", 3) == 33);
  // "HM": both glyphs have ink in their first and last columns.
  Image image(40, 10, 0.0, 0.0f);
  draw_text(image, 1, 3, "HM", 1.0f);
  std::size_t first = image.width, last = 0;
  for (std::size_t r = 0; r < image.height; ++r)
    for (std::size_t c = 0; c < image.width; ++c)
      if (image.at(r, c) > 0.5f) first = std::min(first, c), last = std::max(last, c);
  CHECK(first == 3);
  CHECK(last - first + 1 == text_width("HM"));
}

TEST_CASE("text at the image edge draws its visible part only") {
  // Reference: the same text in a wide image; the narrow one must equal its left columns.
  Image wide(60, 12, 0.0, 0.0f), narrow(40, 12, 0.0, 0.0f);
  draw_text(wide, 3, 30, "WWW", 1.0f, 1);
  draw_text(narrow, 3, 30, "WWW", 1.0f, 1);
  for (std::size_t r = 0; r < narrow.height; ++r)
    for (std::size_t c = 0; c < narrow.width; ++c) CHECK(narrow.at(r, c) == wide.at(r, c));
  CHECK(ink(narrow) > 0);
  CHECK(ink(narrow) < ink(wide));
  // Bottom edge: rows past the image are skipped.
  Image low(60, 10, 0.0, 0.0f);
  draw_text(low, 6, 0, "H", 1.0f);  // rows 6..12, only 6..9 visible: H has 2 + 2 + 2 + 5 ink there
  CHECK(ink(low) == 11);
  // Entirely outside: nothing, no crash.
  draw_text(low, 100, 100, "Hello", 1.0f, 4);
  CHECK(ink(low) == 11);
  fill_rectangle(low, 8, 55, 20, 80, 1.0f);  // clipped to rows 8..9, cols 55..59
  CHECK(ink(low) == 11 + 2 * 5);
}

TEST_CASE("lines reach both end points with the requested thickness") {
  Image image(40, 30, 0.0, 0.0f);
  draw_line(image, 2, 3, 10, 20, 1.0f);
  CHECK(image.at(2, 3) == 1.0f);
  CHECK(image.at(10, 20) == 1.0f);
  CHECK(ink(image) == 18);  // one pixel per step of the longer axis: |20 - 3| + 1

  Image thick(40, 30, 0.0, 0.0f);
  draw_line(thick, 10, 5, 10, 14, 1.0f, 3);
  CHECK(ink(thick) == 3 * 10);  // rows 9..11, columns 5..14
  CHECK(thick.at(9, 5) == 1.0f);
  CHECK(thick.at(11, 14) == 1.0f);
  CHECK(thick.at(12, 10) == 0.0f);

  // Clipped: the diagonal from (-5,-5) to (5,5) shows (0,0)..(5,5).
  Image clipped(8, 8, 0.0, 0.0f);
  draw_line(clipped, -5, -5, 5, 5, 1.0f);
  CHECK(ink(clipped) == 6);
  CHECK(clipped.at(0, 0) == 1.0f);
  CHECK(clipped.at(5, 5) == 1.0f);
  // Rounded end points: 2.4 -> 2, 7.6 -> 8.
  Image rounded(12, 12, 0.0, 0.0f);
  draw_line(rounded, 2.4, 1.0, 7.6, 1.0, 1.0f);
  CHECK(ink(rounded) == 7);
  CHECK(rounded.at(2, 1) == 1.0f);
  CHECK(rounded.at(8, 1) == 1.0f);
}
