// Image files: values, pixel size and metadata survive a write/read round trip in both formats;
// 8-bit files read; broken files and failed writes fail loudly and leave nothing behind.
#include <doctest/doctest.h>
#include <png.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/image_file.hpp"
#include "tests/tolerance.hpp"

namespace fs = std::filesystem;
using namespace voidsim;

namespace {

fs::path scratch_dir(const std::string& name) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests" / "io" / "image_file" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A smooth ramp plus a checkerboard: every gray level region and both parities of row/column.
Image sample_image(double pixel_size) {
  Image image(37, 23, pixel_size);
  for (std::size_t r = 0; r < image.height; ++r)
    for (std::size_t c = 0; c < image.width; ++c)
      image.at(r, c) =
          static_cast<float>(-2.0 + 0.1 * double(r) + 0.03 * double(c) + ((r + c) % 2 ? 0.5 : 0.0));
  return image;
}

io::ImageMetadata sample_metadata() {
  io::ImageMetadata metadata;
  metadata.title = "HAADF-STEM, t = 263 s";
  metadata.quantity = "HAADF intensity";
  metadata.value_unit = "1";
  metadata.provenance = {{"software", "voidsim"}, {"run", "runs/insitu"}, {"time_s", "263"}};
  return metadata;
}

bool no_file_with_prefix(const fs::path& dir, const std::string& prefix) {
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) return false;
  return true;
}

void check_round_trip(const fs::path& path) {
  const Image image = sample_image(0.25e-9);
  const double low = -2.0, high = 1.0;  // the sample spans about -2 .. 1.78: the top is clipped
  io::write_image16(path, image, low, high, sample_metadata());
  const io::ReadImage read = io::read_grayscale_image(path);
  CHECK(read.bits_per_sample == 16);
  REQUIRE(read.image.width == image.width);
  REQUIRE(read.image.height == image.height);
  // 16-bit quantisation: one level is (high - low) / 65535; rounding gives half a level, and the
  // float storage of the 0..1 value adds ~1e-7 relative.
  const double level = (high - low) / 65535.0;
  double worst = 0.0;
  for (std::size_t i = 0; i < image.pixels.size(); ++i) {
    const double stored =
        read.metadata.value_offset + read.image.pixels[i] * 65535.0 * read.metadata.value_scale;
    const double expected = std::clamp(double(image.pixels[i]), low, high);
    worst = std::max(worst, std::abs(stored - expected));
  }
  CHECK(worst <= 0.5 * level + 1e-6);
  CHECK(worst > 0.0);  // the file really holds quantised levels, not the floats
  // The exact pixel size is in the text metadata; it must come back to round-off.
  CHECK(testing::close(read.image.pixel_size, 0.25e-9, 1e-12));
  CHECK(read.metadata.title == "HAADF-STEM, t = 263 s");
  CHECK(read.metadata.quantity == "HAADF intensity");
  CHECK(read.metadata.value_unit == "1");
  CHECK(read.metadata.value_offset == low);
  CHECK(testing::close(read.metadata.value_scale, level, 1e-15));
  CHECK(read.metadata.provenance.at("run") == "runs/insitu");
  CHECK(read.metadata.provenance.at("time_s") == "263");
  CHECK(read.metadata.provenance.size() == 3);
}

}  // namespace

TEST_CASE("16-bit PNG round trip keeps values to one level, pixel size and metadata") {
  check_round_trip(scratch_dir("png") / "frame.png");
}

TEST_CASE("16-bit TIFF round trip keeps values to one level, pixel size and metadata") {
  check_round_trip(scratch_dir("tiff") / "frame.tif");
}

TEST_CASE("pixel size comes from the standard resolution fields when the text is absent") {
  // Written by another program: PNG pHYs (pixels per metre) only, 8-bit gray, no text chunks.
  const fs::path dir = scratch_dir("phys");
  const fs::path path = dir / "plain8.png";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, file);
  png_set_IHDR(png, info, 4, 3, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs(png, info, 2000000000u, 2000000000u, PNG_RESOLUTION_METER);  // 0.5 nm pixels
  png_write_info(png, info);
  unsigned char rows[3][4] = {{0, 51, 102, 255}, {1, 2, 3, 4}, {10, 20, 30, 40}};
  for (auto& row : rows) png_write_row(png, row);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  std::fclose(file);

  const io::ReadImage read = io::read_grayscale_image(path);
  CHECK(read.bits_per_sample == 8);
  CHECK(read.image.width == 4);
  CHECK(read.image.height == 3);
  CHECK(testing::close(read.image.pixel_size, 0.5e-9, 1e-12));
  // 8-bit levels scale by 255: 51 -> 0.2 exactly up to float storage.
  CHECK(read.image.at(0, 1) == doctest::Approx(0.2).epsilon(1e-6));
  CHECK(read.image.at(0, 3) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(read.image.at(2, 2) == doctest::Approx(30.0 / 255.0).epsilon(1e-6));
}

TEST_CASE("RGB PNG reads back as Rec. 709 luminance") {
  const fs::path path = scratch_dir("rgb") / "overlay.png";
  RgbImage rgb(5, 4, 1e-9, 0.0f);
  rgb.red.at(0, 0) = 1.0f;    // pure red
  rgb.green.at(1, 1) = 1.0f;  // pure green
  rgb.blue.at(2, 2) = 1.0f;   // pure blue
  rgb.red.at(3, 3) = rgb.green.at(3, 3) = rgb.blue.at(3, 3) = 0.6f;
  io::write_rgb_png(path, rgb, sample_metadata());
  const io::ReadImage read = io::read_grayscale_image(path);
  CHECK(read.bits_per_sample == 8);
  CHECK(read.image.at(0, 0) == doctest::Approx(0.2126).epsilon(1e-5));
  CHECK(read.image.at(1, 1) == doctest::Approx(0.7152).epsilon(1e-5));
  CHECK(read.image.at(2, 2) == doctest::Approx(0.0722).epsilon(1e-5));
  // 0.6 * 255 = 153 exactly, so the gray is exact to float storage.
  CHECK(read.image.at(3, 3) == doctest::Approx(0.6).epsilon(1e-5));
  CHECK(read.image.at(0, 1) == 0.0f);
  CHECK(testing::close(read.image.pixel_size, 1e-9, 1e-12));
  CHECK(read.metadata.title == "HAADF-STEM, t = 263 s");
}

TEST_CASE("a truncated or corrupt file is an IoError naming the file") {
  const fs::path dir = scratch_dir("corrupt");
  for (const std::string name : {"frame.png", "frame.tif"}) {
    const fs::path good = dir / name;
    io::write_image16_autoscaled(good, sample_image(1e-9), sample_metadata());
    std::string bytes;
    {
      std::ifstream in(good, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const fs::path truncated = dir / ("truncated_" + name);
    std::ofstream(truncated, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    const fs::path garbage = dir / ("garbage_" + name);
    std::ofstream(garbage, std::ios::binary) << "this is not an image at all\n";
    for (const fs::path& bad : {truncated, garbage}) {
      CAPTURE(bad);
      bool thrown = false;
      try {
        (void)io::read_grayscale_image(bad);
      } catch (const IoError& e) {
        thrown = true;
        CHECK(std::string(e.what()).find(bad.string()) != std::string::npos);
      }
      CHECK(thrown);
    }
  }
  CHECK_THROWS_AS((void)io::read_grayscale_image(dir / "missing.png"), IoError);
  CHECK_THROWS_AS((void)io::read_grayscale_image(dir / "frame.jpg"), IoError);
}

TEST_CASE("a failed write leaves no file, not even a temporary one") {
  const fs::path dir = scratch_dir("failed");
  for (const std::string name : {"frame.png", "frame.tiff"}) {
    // The disk "fails" at the commit: the image was produced completely but never appears.
    io::set_commit_fault_injector([](const fs::path&) { throw IoError("injected: disk full"); });
    CHECK_THROWS_AS(io::write_image16_autoscaled(dir / name, sample_image(1e-9), sample_metadata()), IoError);
    io::set_commit_fault_injector({});
    CHECK(no_file_with_prefix(dir, name));
  }
  // An unwritable destination: the error names the file.
  const fs::path unwritable = dir / "no_such_folder" / "frame.png";
  try {
    io::write_image16_autoscaled(unwritable, sample_image(1e-9), sample_metadata());
    FAIL("write into a missing folder succeeded");
  } catch (const IoError& e) {
    CHECK(std::string(e.what()).find("frame.png") != std::string::npos);
  }
  CHECK_THROWS_AS(io::write_image16_autoscaled(dir / "frame.bmp", sample_image(1e-9), sample_metadata()),
                  IoError);
  CHECK(no_file_with_prefix(dir, "frame.bmp"));
}

// Regressions and limits from fuzz/fuzz_image (docs/robustness.md): a header claiming more
// pixels than the reader accepts, or than the file can hold, is refused before any pixel memory
// is allocated, with an IoError naming the file.
namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

void png_chunk(std::string& out, const char* type, const std::string& payload) {
  put_be32(out, static_cast<std::uint32_t>(payload.size()));
  const std::string body = std::string(type, 4) + payload;
  out += body;
  put_be32(out, static_cast<std::uint32_t>(
                    crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// A PNG whose IHDR claims width x height gray pixels of `bits`, followed by one small IDAT
// (a valid zlib stream of 64 zero bytes): the header is fine, the data is far too short.
std::string png_claiming(std::uint32_t width, std::uint32_t height, int bits) {
  std::string ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr += static_cast<char>(bits);
  ihdr += std::string("\0\0\0\0", 4);  // gray, deflate, adaptive filter, no interlace
  const std::string zeros(64, '\0');
  uLongf packed_size = compressBound(zeros.size());
  std::string packed(packed_size, '\0');
  compress(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
           reinterpret_cast<const Bytef*>(zeros.data()), zeros.size());
  packed.resize(packed_size);
  std::string png = "\x89PNG\r\n\x1a\n";
  png_chunk(png, "IHDR", ihdr);
  png_chunk(png, "IDAT", packed);
  png_chunk(png, "IEND", "");
  return png;
}

void put_le(std::string& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A little-endian 8-bit gray TIFF in one uncompressed strip that claims width x height pixels
// (directory first, then the strip) but holds only `stored` bytes of them: the file ends early.
std::string tiff_claiming(std::uint32_t width, std::uint32_t height, std::uint32_t stored = 16) {
  const std::uint32_t entries[][3] = {
      {256, 4, width}, {257, 4, height}, {258, 3, 8},
      {259, 3, 1},     {262, 3, 1},      {273, 4, 0},
      {277, 3, 1},     {278, 4, height}, {279, 4, width * height},
  };
  const std::uint32_t data_offset = 8 + 2 + 12 * std::size(entries) + 4;
  std::string tif = "II";
  put_le(tif, 42, 2);
  put_le(tif, 8, 4);
  put_le(tif, std::size(entries), 2);
  for (const auto& [tag, type, value] : entries) {
    put_le(tif, tag, 2);
    put_le(tif, type, 2);
    put_le(tif, 1, 4);
    const std::uint32_t v = tag == 273 ? data_offset : value;
    put_le(tif, v, type == 3 ? 2 : 4);
    if (type == 3) put_le(tif, 0, 2);
  }
  put_le(tif, 0, 4);
  tif += std::string(stored, '\x7f');
  return tif;
}

std::string read_error(const fs::path& path) {
  try {
    (void)io::read_grayscale_image(path);
  } catch (const IoError& e) {
    return e.what();
  }
  FAIL("expected an IoError for " << path);
  return {};
}

}  // namespace

TEST_CASE("image headers claiming too many pixels are refused before allocating") {
  const fs::path dir = scratch_dir("limits");
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
  };
  // Over the side limit: libpng's user limit, set to max_image_side.
  const fs::path wide = write("wide.png", png_claiming(70000, 1, 8));
  std::string message = read_error(wide);
  CHECK(message.find(wide.string()) != std::string::npos);
  CHECK(message.find("Invalid IHDR data (Image width exceeds user limit in IHDR)") != std::string::npos);
  // Over the pixel limit (60000^2 = 3.6e9 > 2^28).
  const fs::path huge = write("huge.png", png_claiming(60000, 60000, 16));
  message = read_error(huge);
  CHECK(message.find(huge.string()) != std::string::npos);
  CHECK(message.find("60000 x 60000 pixels exceed the reader's limits (65536 per side, 268435456 in all)") !=
        std::string::npos);
  // Within the limits, but 16000 x 16000 16-bit samples (512 MB) cannot come out of a 100-byte
  // file: deflate expands at most 1032-fold. Before the check this allocated 1.5 GB.
  const fs::path bomb = write("bomb.png", png_claiming(16000, 16000, 16));
  message = read_error(bomb);
  CHECK(message.find(bomb.string()) != std::string::npos);
  CHECK(message.find("claims 16000 x 16000 pixels (512000000 bytes of samples)") != std::string::npos);
  CHECK(message.find("truncated or corrupt") != std::string::npos);
  // The same header with the data present reads (a 2 x 2 image of the 64 zero bytes' worth is
  // not needed: a small claim passes the check and fails only on its short data, as before).
  CHECK(read_error(write("short.png", png_claiming(100, 100, 8))).find("cannot read PNG") == 0);

  // TIFF: over the limits; a size the file cannot hold (uncompressed: one byte per sample, no
  // more); and rows cut short inside a plausible file, reported with the row.
  const fs::path huge_tif = write("huge.tif", tiff_claiming(60000, 60000));
  message = read_error(huge_tif);
  CHECK(message.find(huge_tif.string()) != std::string::npos);
  CHECK(message.find("60000 x 60000 pixels exceed the reader's limits") != std::string::npos);
  const fs::path big_tif = write("big.tif", tiff_claiming(16000, 16000));
  message = read_error(big_tif);
  CHECK(message.find(big_tif.string()) != std::string::npos);
  CHECK(message.find("claims 16000 x 16000 pixels (256000000 bytes of samples)") != std::string::npos);
  const fs::path short_tif = write("short.tif", tiff_claiming(40, 8, 250));  // 320 samples, 250 stored
  message = read_error(short_tif);
  CHECK(message.find(short_tif.string()) != std::string::npos);
  CHECK(message.find("at row ") != std::string::npos);
}

TEST_CASE("a PNG chunk longer than the file is refused before libpng allocates it") {
  // fuzz/fuzz_image found this 248-byte file: a tEXt chunk whose length reads 1920298514 made
  // libpng allocate 1.9 GB (out-of-memory under the fuzzer's 2 GB limit) before failing.
  const fs::path file =
      fs::path(VOIDSIM_SOURCE_DIR) / "tests" / "io" / "data" / "fuzz_png_huge_text_chunk.png";
  REQUIRE(fs::file_size(file) == 248);
  const std::string message = read_error(file);
  CHECK(message.find(file.string()) != std::string::npos);
  CHECK(
      message.find("chunk 'tEXt' at byte 112 claims 1920298514 bytes, but the file ends 136 bytes after its "
                   "start: truncated or corrupt") != std::string::npos);
}
