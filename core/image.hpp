#pragma once
// A 2D grayscale image with a physical pixel size: what synthetic microscopy renders, what
// `voidsim analyze` measures, and what io/image_file.hpp reads and writes. Row 0 is the top of
// the picture; in a cross-section image the electrolyte is above the cathode, so depth into the
// cathode grows with the row index.
#include <cstddef>
#include <vector>

namespace voidsim {

struct Image {
  std::size_t width = 0;      // columns (x along the interface)
  std::size_t height = 0;     // rows (top to bottom)
  double pixel_size = 0.0;    // m per pixel, square pixels; 0 when unknown
  std::vector<float> pixels;  // row-major, width * height values

  Image() = default;
  Image(std::size_t width_, std::size_t height_, double pixel_size_, float fill = 0.0f)
      : width(width_), height(height_), pixel_size(pixel_size_), pixels(width_ * height_, fill) {}

  [[nodiscard]] float& at(std::size_t row, std::size_t col) noexcept { return pixels[row * width + col]; }
  [[nodiscard]] float at(std::size_t row, std::size_t col) const noexcept {
    return pixels[row * width + col];
  }
  [[nodiscard]] bool empty() const noexcept { return pixels.empty(); }
};

/// A colour picture (overlays, plots, annotated frames): three planes of equal size, values 0..1.
struct RgbImage {
  Image red, green, blue;

  RgbImage() = default;
  RgbImage(std::size_t width_, std::size_t height_, double pixel_size_, float fill = 1.0f)
      : red(width_, height_, pixel_size_, fill),
        green(width_, height_, pixel_size_, fill),
        blue(width_, height_, pixel_size_, fill) {}
};

}  // namespace voidsim
