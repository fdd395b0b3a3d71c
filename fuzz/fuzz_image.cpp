// Fuzz target: the grayscale image reader (io/image_file.hpp, libpng and libtiff underneath) as
// `voidsim analyze` calls it. Inputs that start with the PNG signature go to a .png file, all
// others to a .tif file. The reader may only succeed with a consistent image or throw IoError;
// any other exception (bad_alloc included) is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"
#include "fuzz/fuzz_input_file.hpp"
#include "io/image_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::uint8_t png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  const bool png = size >= 8 && std::memcmp(data, png_signature, 8) == 0;
  const auto path = voidsim::fuzz::write_input(png ? "input.png" : "input.tif", data, size);
  try {
    const voidsim::io::ReadImage read = voidsim::io::read_grayscale_image(path);
    const voidsim::Image& image = read.image;
    if (image.width == 0 || image.height == 0 || image.pixels.size() != image.width * image.height)
      std::abort();
    if (read.bits_per_sample != 8 && read.bits_per_sample != 16) std::abort();
    for (const float v : image.pixels)
      if (!(v >= 0.0f && v <= 1.0f)) std::abort();
    if (!(image.pixel_size >= 0.0) || !std::isfinite(image.pixel_size)) std::abort();
  } catch (const voidsim::IoError&) {
  }
  return 0;
}
