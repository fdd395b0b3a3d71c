#pragma once
// Grayscale image files: 16-bit PNG and TIFF written atomically with pixel size, units and
// provenance in the file's own metadata; 8- and 16-bit PNG and TIFF read back (for
// `voidsim analyze` and the tests). Formats are chosen by extension (.png, .tif, .tiff).
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

#include "core/image.hpp"

namespace voidsim::io {

/// What a written image says about itself. Stored as PNG tEXt chunks / TIFF tags (resolution in
/// pixels per cm, ImageDescription with the key-value list) so other tools (Fiji, Python) see it.
struct ImageMetadata {
  std::string title;       // e.g. "HAADF-STEM, t = 263 s"
  std::string quantity;    // what the gray levels are, e.g. "HAADF intensity", "t/lambda"
  std::string value_unit;  // unit of the quantity ("1" for dimensionless)
  // Stored gray level g (0..65535) maps back to the quantity as value_offset + g * value_scale.
  double value_offset = 0.0;
  double value_scale = 1.0;
  std::map<std::string, std::string> provenance;  // software, version, git commit, run, time_s, ...
};

/// Writes `image` as a 16-bit grayscale file, mapping [low, high] linearly onto 0..65535
/// (values outside are clipped); sets metadata.value_offset/value_scale from that mapping.
/// Atomic: temporary file in the same folder, then rename. Throws IoError.
void write_image16(const std::filesystem::path& path, const Image& image, double low, double high,
                   ImageMetadata metadata);

/// Same as write_image16 with [low, high] = the image's own minimum and maximum.
void write_image16_autoscaled(const std::filesystem::path& path, const Image& image, ImageMetadata metadata);

/// An RGB 8-bit PNG (overlays, plots, annotated frames), planes 0..1.
void write_rgb_png(const std::filesystem::path& path, const RgbImage& image, const ImageMetadata& metadata);

/// Limits of read_grayscale_image, checked from the file's header before any pixel memory is
/// allocated (a 100-byte file can claim 4 G x 4 G pixels): at most max_image_side pixels per row
/// or column and max_image_pixels in all (1 GiB of float pixels). A PNG must moreover hold enough
/// compressed data for the pixels it claims (deflate expands at most 1032:1), and a TIFF's rows
/// are stored as they are decoded, so memory follows the data actually present.
inline constexpr std::size_t max_image_side = 65536;
inline constexpr std::size_t max_image_pixels = std::size_t{1} << 28;

/// A read image: gray levels scaled to 0..1 by the file's bit depth (8 or 16), pixel size from
/// the file's metadata when present (0 otherwise), and the metadata that was found.
struct ReadImage {
  Image image;
  int bits_per_sample = 0;
  ImageMetadata metadata;
};
/// Reads 8/16-bit grayscale PNG or TIFF (RGB is converted to luminance; 1/2/4-bit gray and
/// palette PNG are expanded to 8 bits). Throws IoError naming the file (and the row, for a
/// truncated TIFF) on anything else: unsupported layouts, truncated or corrupt data, sizes over
/// the limits above.
[[nodiscard]] ReadImage read_grayscale_image(const std::filesystem::path& path);

}  // namespace voidsim::io
