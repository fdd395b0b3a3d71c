#include "io/image_file.hpp"

#include <png.h>
#include <tiffio.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <csetjmp>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------
// Format and metadata text shared by PNG and TIFF.

enum class Format { png, tiff };

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

Format format_of(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".png") return Format::png;
  if (ext == ".tif" || ext == ".tiff") return Format::tiff;
  throw IoError(quoted(path) + ": unsupported image format '" + ext + "' (expected .png, .tif or .tiff)");
}

// Shortest decimal text that parses back to the same double.
std::string number_text(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

bool parse_number(const std::string& text, double& value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto result = std::from_chars(begin, end, value);
  return result.ec == std::errc() && result.ptr == end;
}

// Metadata as an ordered key-value list; the same keys appear as PNG tEXt keywords and as lines
// "key=value" of the TIFF ImageDescription, so one reader handles both.
std::vector<std::pair<std::string, std::string>> metadata_entries(const ImageMetadata& metadata,
                                                                  double pixel_size) {
  std::vector<std::pair<std::string, std::string>> entries;
  if (!metadata.title.empty()) entries.emplace_back("Title", metadata.title);
  if (!metadata.quantity.empty()) entries.emplace_back("quantity", metadata.quantity);
  if (!metadata.value_unit.empty()) entries.emplace_back("unit", metadata.value_unit);
  entries.emplace_back("value_offset", number_text(metadata.value_offset));
  entries.emplace_back("value_scale", number_text(metadata.value_scale));
  if (pixel_size > 0.0) entries.emplace_back("pixel_size_nm", number_text(pixel_size * 1e9));
  for (const auto& [key, value] : metadata.provenance) entries.emplace_back("provenance." + key, value);
  return entries;
}

// Applies one key-value pair read from a file; returns the pixel size (m) if the key carries it.
void apply_entry(const std::string& key, const std::string& value, ImageMetadata& metadata,
                 double& pixel_size) {
  double number = 0.0;
  if (key == "Title" || key == "title") {
    metadata.title = value;
  } else if (key == "quantity") {
    metadata.quantity = value;
  } else if (key == "unit") {
    metadata.value_unit = value;
  } else if (key == "value_offset" && parse_number(value, number)) {
    metadata.value_offset = number;
  } else if (key == "value_scale" && parse_number(value, number)) {
    metadata.value_scale = number;
  } else if (key == "pixel_size_nm" && parse_number(value, number) && number > 0.0) {
    pixel_size = number * 1e-9;
  } else if (key.rfind("provenance.", 0) == 0) {
    metadata.provenance[key.substr(11)] = value;
  }
}

// Newlines and backslashes are escaped so one entry stays one line of the TIFF description.
std::string escape_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_line(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[i + 1] == 'n' ? '\n' : text[i + 1];
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

void parse_description(const std::string& text, ImageMetadata& metadata, double& pixel_size) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos)
      apply_entry(line.substr(0, eq), unescape_line(line.substr(eq + 1)), metadata, pixel_size);
    start = end + 1;
  }
}

// Gray levels 0..65535 from [low, high]; NaN maps to 0.
std::vector<std::uint16_t> quantise16(const Image& image, double low, double high) {
  std::vector<std::uint16_t> levels(image.pixels.size());
  const double scale = 65535.0 / (high - low);
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double v = image.pixels[i];
    const double g = std::isnan(v) ? 0.0 : std::clamp((v - low) * scale, 0.0, 65535.0);
    levels[i] = static_cast<std::uint16_t>(std::lround(g));
  }
  return levels;
}

void check_image(const fs::path& path, const Image& image) {
  if (image.width == 0 || image.height == 0 || image.pixels.size() != image.width * image.height)
    throw IoError(quoted(path) + ": cannot write an empty or inconsistent image (" +
                  std::to_string(image.width) + " x " + std::to_string(image.height) + ", " +
                  std::to_string(image.pixels.size()) + " pixels)");
  if (image.width > 0x7fffffffu || image.height > 0x7fffffffu)
    throw IoError(quoted(path) + ": image too large");
}

// ---------------------------------------------------------------------------------------------
// PNG through libpng. libpng reports errors by longjmp; every function containing setjmp keeps
// its C++ objects in the caller (passed by reference) so nothing with a destructor is skipped.

struct PngContext {
  std::string error;
  std::string last_warning;  // libpng often warns with the detail, then errors in general terms
};

void png_error_handler(png_structp png, png_const_charp message) {
  auto* context = static_cast<PngContext*>(png_get_error_ptr(png));
  if (context != nullptr)
    context->error = context->last_warning.empty()
                         ? std::string(message)
                         : std::string(message) + " (" + context->last_warning + ")";
  png_longjmp(png, 1);
}

void png_warning_handler(png_structp png, png_const_charp message) {
  auto* context = static_cast<PngContext*>(png_get_error_ptr(png));
  if (context != nullptr) context->last_warning = message;
}

struct PngWriteRequest {
  std::size_t width = 0, height = 0;
  int bit_depth = 16;
  int color_type = PNG_COLOR_TYPE_GRAY;
  double pixel_size = 0.0;
  std::vector<std::pair<std::string, std::string>> text;
  std::vector<png_bytep> rows;   // big-endian samples, as PNG stores them
  std::vector<png_text> chunks;  // filled by png_write_body from `text`
};

// Returns false on a libpng error (message in context.error).
bool png_write_body(std::FILE* file, PngContext& context, PngWriteRequest& request) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, png_error_handler, png_warning_handler);
  if (png == nullptr) {
    context.error = "out of memory";
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    context.error = "out of memory";
    return false;
  }
  request.chunks.assign(request.text.size(), png_text{});
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  // Noisy micrographs barely compress; the fastest level keeps 4k x 4k frames quick to write.
  png_set_compression_level(png, 1);
  png_set_IHDR(png, info, static_cast<png_uint_32>(request.width), static_cast<png_uint_32>(request.height),
               request.bit_depth, request.color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  // pHYs holds integer pixels per metre: pixels below ~0.233 nm overflow 32 bits, and the exact
  // size is always in the pixel_size_nm text chunk anyway.
  if (request.pixel_size > 0.0) {
    const double per_metre = std::round(1.0 / request.pixel_size);
    if (per_metre >= 1.0 && per_metre <= 4294967295.0) {
      const auto ppm = static_cast<png_uint_32>(per_metre);
      png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
  }
  for (std::size_t i = 0; i < request.text.size(); ++i) {
    request.chunks[i].compression = PNG_TEXT_COMPRESSION_NONE;
    request.chunks[i].key = request.text[i].first.data();
    request.chunks[i].text = request.text[i].second.data();
    request.chunks[i].text_length = request.text[i].second.size();
  }
  if (!request.chunks.empty())
    png_set_text(png, info, request.chunks.data(), static_cast<int>(request.chunks.size()));
  png_write_info(png, info);
  png_write_image(png, request.rows.data());
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}

void write_png_file(const fs::path& target, const fs::path& tmp, PngWriteRequest& request) {
  std::FILE* file = std::fopen(tmp.c_str(), "wb");
  if (file == nullptr) throw IoError("cannot create " + quoted(tmp) + ": " + std::strerror(errno));
  PngContext context;
  const bool ok = png_write_body(file, context, request);
  const bool flushed = std::fflush(file) == 0;
  const bool closed = std::fclose(file) == 0;
  if (!ok) throw IoError("cannot write PNG " + quoted(target) + ": " + context.error);
  if (!flushed || !closed) throw IoError("cannot write PNG " + quoted(target) + " (disk full?)");
}

// ---------------------------------------------------------------------------------------------
// TIFF through libtiff. Its error handler is process-wide; messages go to a per-thread buffer
// that the calling function turns into an IoError naming the file.

thread_local std::string tiff_last_error;

void tiff_error_handler(const char* module, const char* format, va_list args) {
  char buffer[512];
  std::vsnprintf(buffer, sizeof buffer, format, args);
  tiff_last_error = (module != nullptr ? std::string(module) + ": " : std::string()) + buffer;
}

void tiff_warning_handler(const char*, const char*, va_list) {}

void install_tiff_handlers() {
  static const bool installed = [] {
    TIFFSetErrorHandler(tiff_error_handler);
    TIFFSetWarningHandler(tiff_warning_handler);
    return true;
  }();
  (void)installed;
}

void write_tiff16(const fs::path& target, const fs::path& tmp, const std::vector<std::uint16_t>& levels,
                  std::size_t width, std::size_t height, double pixel_size, const std::string& description) {
  install_tiff_handlers();
  tiff_last_error.clear();
  TIFF* tif = TIFFOpen(tmp.c_str(), "w");
  if (tif == nullptr) throw IoError("cannot create TIFF " + quoted(target) + ": " + tiff_last_error);
  bool ok = TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(width)) &&
            TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(height)) &&
            TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16) && TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1) &&
            TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT) &&
            TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK) &&
            TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) &&
            TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE) &&
            TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0)) &&
            TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, description.c_str()) &&
            TIFFSetField(tif, TIFFTAG_SOFTWARE, "voidsim");
  if (ok && pixel_size > 0.0) {
    // TIFF resolution is pixels per resolution unit; centimetres are the finest unit TIFF has.
    const float per_cm = static_cast<float>(1.0 / (pixel_size * 100.0));
    ok = TIFFSetField(tif, TIFFTAG_XRESOLUTION, per_cm) && TIFFSetField(tif, TIFFTAG_YRESOLUTION, per_cm) &&
         TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
  }
  std::vector<std::uint16_t> row(width);
  for (std::size_t r = 0; ok && r < height; ++r) {
    std::copy_n(levels.begin() + static_cast<std::ptrdiff_t>(r * width), width, row.begin());
    ok = TIFFWriteScanline(tif, row.data(), static_cast<std::uint32_t>(r), 0) == 1;
  }
  ok = ok && TIFFWriteDirectory(tif);
  TIFFClose(tif);
  if (!ok) throw IoError("cannot write TIFF " + quoted(target) + ": " + tiff_last_error);
}

// ---------------------------------------------------------------------------------------------
// Reading.

// "W x H pixels exceed ..." if a header claims more than the reader accepts, else empty.
std::string size_problem(std::size_t width, std::size_t height) {
  if (width <= max_image_side && height <= max_image_side && width * height <= max_image_pixels) return {};
  return std::to_string(width) + " x " + std::to_string(height) + " pixels exceed the reader's limits (" +
         std::to_string(max_image_side) + " per side, " + std::to_string(max_image_pixels) + " in all)";
}

// Rec. 709 luma weights: the gray a viewer would show for a colour picture.
float luminance(float r, float g, float b) { return 0.2126f * r + 0.7152f * g + 0.0722f * b; }

struct PngReadResult {
  std::size_t width = 0, height = 0;
  int bit_depth = 0;
  int channels = 0;
  std::vector<unsigned char> bytes;
  std::vector<png_bytep> rows;
  std::vector<std::pair<std::string, std::string>> text;
  double pixel_size = 0.0;
};

// Deflate encodes at most 258 bytes in one 2-bit code, so it expands data at most 1032-fold: a file
// of n bytes cannot decode to more than 1032 n bytes of pixel samples.
constexpr std::uintmax_t max_deflate_ratio = 1032;

bool png_read_body(std::FILE* file, std::uintmax_t file_size, PngContext& context, PngReadResult& result) {
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, png_error_handler, png_warning_handler);
  if (png == nullptr) {
    context.error = "out of memory";
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    context.error = "out of memory";
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_user_limits(png, static_cast<png_uint_32>(max_image_side),
                      static_cast<png_uint_32>(max_image_side));
  // Ancillary chunks (text, ICC profile, ...) are buffered whole by libpng: at most 1 MiB each
  // (decompressed zTXt/iCCP included) and 128 of them. png_chunk_layout_problem has already
  // refused chunks longer than the file.
  png_set_chunk_malloc_max(png, png_alloc_size_t{1} << 20);
  png_set_chunk_cache_max(png, 128);
  png_init_io(png, file);
  png_read_info(png, info);
  // Checked before allocating: the header alone decides how much memory the pixels take.
  {
    const std::size_t claimed_width = png_get_image_width(png, info);
    const std::size_t claimed_height = png_get_image_height(png, info);
    context.error = size_problem(claimed_width, claimed_height);
    const std::uintmax_t sample_bytes = std::uintmax_t{png_get_rowbytes(png, info)} * claimed_height;
    if (context.error.empty() && sample_bytes > max_deflate_ratio * file_size)
      context.error = "the header claims " + std::to_string(claimed_width) + " x " +
                      std::to_string(claimed_height) + " pixels (" + std::to_string(sample_bytes) +
                      " bytes of samples), more than " + std::to_string(file_size) +
                      " bytes of compressed data can hold: truncated or corrupt";
    if (!context.error.empty()) {
      png_destroy_read_struct(&png, &info, nullptr);
      return false;
    }
  }
  const int color_type = png_get_color_type(png, info);
  int bit_depth = png_get_bit_depth(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) {
    png_set_palette_to_rgb(png);
    bit_depth = 8;
  }
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
    bit_depth = 8;
  }
  if (color_type & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
  png_set_interlace_handling(png);  // all passes of an interlaced file, not just the first
  png_read_update_info(png, info);
  result.width = png_get_image_width(png, info);
  result.height = png_get_image_height(png, info);
  result.bit_depth = png_get_bit_depth(png, info);
  result.channels = png_get_channels(png, info);
  const std::size_t rowbytes = png_get_rowbytes(png, info);
  result.bytes.resize(rowbytes * result.height);
  result.rows.resize(result.height);
  for (std::size_t r = 0; r < result.height; ++r) result.rows[r] = result.bytes.data() + r * rowbytes;
  png_read_image(png, result.rows.data());
  png_read_end(png, info);
  png_textp text = nullptr;
  int n_text = 0;
  png_get_text(png, info, &text, &n_text);
  for (int i = 0; i < n_text; ++i)
    result.text.emplace_back(text[i].key, std::string(text[i].text, text[i].text_length));
  png_uint_32 res_x = 0, res_y = 0;
  int unit = 0;
  if (png_get_pHYs(png, info, &res_x, &res_y, &unit) != 0 && unit == PNG_RESOLUTION_METER && res_x > 0)
    result.pixel_size = 1.0 / static_cast<double>(res_x);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

// libpng allocates an ancillary chunk's buffer from the length in its header before reading it:
// a corrupt tEXt length of 1.9 GB was allocated whole (found by fuzz/fuzz_image), with or
// without png_set_chunk_malloc_max. So the chunk headers are walked first, without reading any
// chunk data: every chunk up to IEND must fit in the file. Returns the problem, empty if none.
std::string png_chunk_layout_problem(std::FILE* file, std::uintmax_t file_size) {
  std::uintmax_t offset = 8;  // after the signature
  while (offset + 8 <= file_size) {
    unsigned char header[8];
    if (std::fseek(file, static_cast<long>(offset), SEEK_SET) != 0 || std::fread(header, 1, 8, file) != 8)
      return "cannot read the chunk header at byte " + std::to_string(offset);
    const std::uint32_t length = (std::uint32_t{header[0]} << 24) | (std::uint32_t{header[1]} << 16) |
                                 (std::uint32_t{header[2]} << 8) | std::uint32_t{header[3]};
    const std::string type(reinterpret_cast<const char*>(header + 4), 4);
    if (length > 0x7fffffffu || offset + 12 + length > file_size) {
      std::string printable;
      for (const char c : type) printable += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
      return "chunk '" + printable + "' at byte " + std::to_string(offset) + " claims " +
             std::to_string(length) + " bytes, but the file ends " + std::to_string(file_size - offset) +
             " bytes after its start: truncated or corrupt";
    }
    if (type == "IEND") break;
    offset += 12 + std::uintmax_t{length};
  }
  return {};
}

ReadImage read_png(const fs::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw IoError("cannot open " + quoted(path) + ": " + std::strerror(errno));
  unsigned char signature[8] = {};
  const std::size_t n_read = std::fread(signature, 1, sizeof signature, file);
  if (n_read != sizeof signature || png_sig_cmp(signature, 0, sizeof signature) != 0) {
    std::fclose(file);
    throw IoError(quoted(path) + " is not a PNG file");
  }
  std::error_code ec;
  const std::uintmax_t file_size = fs::file_size(path, ec);
  PngContext context;
  if (ec) context.error = ec.message();
  if (context.error.empty()) context.error = png_chunk_layout_problem(file, file_size);
  std::rewind(file);
  PngReadResult result;
  const bool ok = context.error.empty() && png_read_body(file, file_size, context, result);
  std::fclose(file);
  if (!ok) throw IoError("cannot read PNG " + quoted(path) + ": " + context.error);

  ReadImage read;
  read.bits_per_sample = result.bit_depth;
  double pixel_size = result.pixel_size;
  for (const auto& [key, value] : result.text) apply_entry(key, value, read.metadata, pixel_size);
  read.image = Image(result.width, result.height, pixel_size);
  const double max_level = result.bit_depth == 16 ? 65535.0 : 255.0;
  const std::size_t bytes_per_sample = result.bit_depth == 16 ? 2 : 1;
  for (std::size_t r = 0; r < result.height; ++r) {
    const unsigned char* row = result.rows[r];
    for (std::size_t c = 0; c < result.width; ++c) {
      float sample[3] = {0.0f, 0.0f, 0.0f};
      for (int k = 0; k < std::min(result.channels, 3); ++k) {
        const unsigned char* p = row + (c * static_cast<std::size_t>(result.channels) + k) * bytes_per_sample;
        const unsigned level = bytes_per_sample == 2 ? (unsigned(p[0]) << 8) | p[1] : p[0];
        sample[k] = static_cast<float>(level / max_level);
      }
      read.image.at(r, c) = result.channels >= 3 ? luminance(sample[0], sample[1], sample[2]) : sample[0];
    }
  }
  return read;
}

// Largest single allocation libtiff may make while reading: a strip of a maximal image.
constexpr tmsize_t max_tiff_allocation = tmsize_t{256} << 20;
// Samples per pixel accepted (gray, RGB, RGBA and a few extra channels): bounds the scanline.
constexpr std::uint16_t max_tiff_samples = 8;

// The lossless compressions micrographs use, with how far each can expand data at most: PackBits
// 2 bytes -> 128, deflate 1032-fold, LZW one <= 12-bit code -> <= 4096 bytes (bounded by 4096
// here). Other codecs (JPEG, ZSTD, LZMA, LERC, WebP, JBIG, ...) can expand a few bytes to any
// size and are rejected; they also keep libtiff's least tested decoders out of reach.
std::uintmax_t tiff_expansion_limit(std::uint16_t compression) {
  switch (compression) {
    case COMPRESSION_NONE:
      return 1;
    case COMPRESSION_PACKBITS:
      return 64;
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE:
      return max_deflate_ratio;
    case COMPRESSION_LZW:
      return 4096;
    default:
      return 0;
  }
}

ReadImage read_tiff(const fs::path& path) {
  install_tiff_handlers();
  tiff_last_error.clear();
  // libtiff's own buffers (strips, tag arrays) are capped as well: a corrupt strip byte count
  // must not make it allocate gigabytes.
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  if (options == nullptr) throw IoError("cannot read TIFF " + quoted(path) + ": out of memory");
  TIFFOpenOptionsSetMaxSingleMemAlloc(options, max_tiff_allocation);
  TIFF* tif = TIFFOpenExt(path.c_str(), "r", options);
  TIFFOpenOptionsFree(options);
  if (tif == nullptr) throw IoError("cannot read TIFF " + quoted(path) + ": " + tiff_last_error);
  struct Closer {
    TIFF* tif;
    ~Closer() { TIFFClose(tif); }
  } closer{tif};
  std::uint32_t width = 0, height = 0;
  std::uint16_t bits = 0, samples = 1, photometric = PHOTOMETRIC_MINISBLACK, planar = PLANARCONFIG_CONTIG;
  std::uint16_t sample_format = SAMPLEFORMAT_UINT, compression = COMPRESSION_NONE;
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &sample_format);
  TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
  TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
  if (tiff_expansion_limit(compression) == 0)
    throw IoError("cannot read TIFF " + quoted(path) + ": compression " + std::to_string(compression) +
                  " is not supported (expected none, LZW, Deflate or PackBits)");
  const bool gray =
      samples == 1 && (photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE);
  const bool rgb = samples >= 3 && photometric == PHOTOMETRIC_RGB && planar == PLANARCONFIG_CONTIG;
  if (width == 0 || height == 0 || (bits != 8 && bits != 16) || sample_format != SAMPLEFORMAT_UINT ||
      !(gray || rgb) || samples > max_tiff_samples || TIFFIsTiled(tif)) {
    throw IoError(quoted(path) + ": unsupported TIFF (" + std::to_string(bits) + "-bit, " +
                  std::to_string(samples) + " samples, photometric " + std::to_string(photometric) +
                  (TIFFIsTiled(tif) ? ", tiled" : "") + "); expected 8/16-bit grayscale or RGB in strips");
  }

  ReadImage read;
  read.bits_per_sample = bits;
  double pixel_size = 0.0;
  float res_x = 0.0f;
  std::uint16_t res_unit = RESUNIT_INCH;
  if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &res_x) && res_x > 0.0f) {
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &res_unit);
    if (res_unit == RESUNIT_CENTIMETER) pixel_size = 0.01 / res_x;
    if (res_unit == RESUNIT_INCH) pixel_size = 0.0254 / res_x;
  }
  char* description = nullptr;
  if (TIFFGetField(tif, TIFFTAG_IMAGEDESCRIPTION, &description) && description != nullptr)
    parse_description(description, read.metadata, pixel_size);

  if (const std::string problem = size_problem(width, height); !problem.empty())
    throw IoError("cannot read TIFF " + quoted(path) + ": " + problem);
  // Rows are appended as they are decoded (below), so a header claiming many rows that are not
  // in the file costs no memory. The scanline must hold every sample the loop below reads.
  const std::size_t bytes_per_sample = bits / 8;
  const tmsize_t scanline_size = TIFFScanlineSize(tif);
  if (scanline_size <= 0 ||
      static_cast<std::size_t>(scanline_size) < std::size_t{width} * samples * bytes_per_sample)
    throw IoError("cannot read TIFF " + quoted(path) + ": inconsistent scanline size " +
                  std::to_string(scanline_size) + " for " + std::to_string(width) + " pixels of " +
                  std::to_string(samples) + " samples");
  std::error_code ec;
  const std::uintmax_t file_size = fs::file_size(path, ec);
  const std::uintmax_t sample_bytes = std::uintmax_t(scanline_size) * height;
  if (ec || sample_bytes > tiff_expansion_limit(compression) * file_size)
    throw IoError("cannot read TIFF " + quoted(path) + ": the header claims " + std::to_string(width) +
                  " x " + std::to_string(height) + " pixels (" + std::to_string(sample_bytes) +
                  " bytes of samples), more than " + std::to_string(file_size) + " bytes with compression " +
                  std::to_string(compression) + " can hold: truncated or corrupt");
  read.image = Image();
  read.image.width = width;
  read.image.pixel_size = pixel_size;
  std::vector<unsigned char> line(static_cast<std::size_t>(scanline_size));
  const double max_level = bits == 16 ? 65535.0 : 255.0;
  for (std::uint32_t r = 0; r < height; ++r) {
    if (TIFFReadScanline(tif, line.data(), r, 0) != 1)
      throw IoError("cannot read TIFF " + quoted(path) + " at row " + std::to_string(r) + ": " +
                    tiff_last_error);
    read.image.height = std::size_t{r} + 1;
    read.image.pixels.resize(read.image.height * width);  // geometric growth, amortised
    for (std::uint32_t c = 0; c < width; ++c) {
      float sample[3] = {0.0f, 0.0f, 0.0f};
      for (int k = 0; k < (gray ? 1 : 3); ++k) {
        const unsigned char* p = line.data() + (std::size_t(c) * samples + k) * bytes_per_sample;
        std::uint16_t level = p[0];
        if (bytes_per_sample == 2) std::memcpy(&level, p, 2);  // libtiff delivers native byte order
        sample[k] = static_cast<float>(level / max_level);
      }
      float value = gray ? sample[0] : luminance(sample[0], sample[1], sample[2]);
      if (photometric == PHOTOMETRIC_MINISWHITE) value = 1.0f - value;
      read.image.at(r, c) = value;
    }
  }
  return read;
}

}  // namespace

void write_image16(const fs::path& path, const Image& image, double low, double high,
                   ImageMetadata metadata) {
  check_image(path, image);
  const Format format = format_of(path);
  // A constant image (or a degenerate range) still gets a valid mapping: one unit wide.
  if (!std::isfinite(low)) low = 0.0;
  if (!std::isfinite(high) || high <= low) high = low + 1.0;
  metadata.value_offset = low;
  metadata.value_scale = (high - low) / 65535.0;
  const std::vector<std::uint16_t> levels = quantise16(image, low, high);
  const auto entries = metadata_entries(metadata, image.pixel_size);

  if (format == Format::png) {
    commit_atomic(path, [&](const fs::path& tmp) {
      std::vector<unsigned char> bytes(levels.size() * 2);
      for (std::size_t i = 0; i < levels.size(); ++i) {
        bytes[2 * i] = static_cast<unsigned char>(levels[i] >> 8);
        bytes[2 * i + 1] = static_cast<unsigned char>(levels[i] & 0xff);
      }
      PngWriteRequest request;
      request.width = image.width;
      request.height = image.height;
      request.bit_depth = 16;
      request.color_type = PNG_COLOR_TYPE_GRAY;
      request.pixel_size = image.pixel_size;
      request.text = entries;
      request.rows.resize(image.height);
      for (std::size_t r = 0; r < image.height; ++r) request.rows[r] = bytes.data() + r * image.width * 2;
      write_png_file(path, tmp, request);
    });
  } else {
    std::string description;
    for (const auto& [key, value] : entries) description += key + "=" + escape_line(value) + "\n";
    commit_atomic(path, [&](const fs::path& tmp) {
      write_tiff16(path, tmp, levels, image.width, image.height, image.pixel_size, description);
    });
  }
}

void write_image16_autoscaled(const fs::path& path, const Image& image, ImageMetadata metadata) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (float v : image.pixels) {
    if (std::isnan(v)) continue;
    low = std::min(low, double(v));
    high = std::max(high, double(v));
  }
  write_image16(path, image, low, high, std::move(metadata));
}

void write_rgb_png(const fs::path& path, const RgbImage& image, const ImageMetadata& metadata) {
  check_image(path, image.red);
  if (format_of(path) != Format::png) throw IoError(quoted(path) + ": colour images are written as PNG only");
  if (image.green.pixels.size() != image.red.pixels.size() ||
      image.blue.pixels.size() != image.red.pixels.size())
    throw IoError(quoted(path) + ": colour planes differ in size");
  const std::size_t n = image.red.pixels.size();
  std::vector<unsigned char> bytes(3 * n);
  auto level = [](float v) {
    return static_cast<unsigned char>(std::lround(std::clamp(std::isnan(v) ? 0.0f : v, 0.0f, 1.0f) * 255.0f));
  };
  for (std::size_t i = 0; i < n; ++i) {
    bytes[3 * i] = level(image.red.pixels[i]);
    bytes[3 * i + 1] = level(image.green.pixels[i]);
    bytes[3 * i + 2] = level(image.blue.pixels[i]);
  }
  ImageMetadata stored = metadata;
  stored.value_offset = 0.0;
  stored.value_scale = 1.0 / 255.0;
  commit_atomic(path, [&](const fs::path& tmp) {
    PngWriteRequest request;
    request.width = image.red.width;
    request.height = image.red.height;
    request.bit_depth = 8;
    request.color_type = PNG_COLOR_TYPE_RGB;
    request.pixel_size = image.red.pixel_size;
    request.text = metadata_entries(stored, image.red.pixel_size);
    request.rows.resize(request.height);
    for (std::size_t r = 0; r < request.height; ++r) request.rows[r] = bytes.data() + r * request.width * 3;
    write_png_file(path, tmp, request);
  });
}

ReadImage read_grayscale_image(const fs::path& path) {
  if (!fs::exists(path)) throw IoError("cannot open " + quoted(path) + ": no such file");
  return format_of(path) == Format::png ? read_png(path) : read_tiff(path);
}

}  // namespace voidsim::io
