// Image files: values, pixel size and metadata survive a write/read round trip in both formats;
// 8-bit files read; broken files and failed writes fail loudly and leave nothing behind.
#include <doctest/doctest.h>
#include <png.h>

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
