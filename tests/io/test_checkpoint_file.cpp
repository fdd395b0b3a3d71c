// Checkpoints: bitwise round trip, corruption and truncation detected, fallback to .prev,
// rotation, atomic replacement.
#include <doctest/doctest.h>
#include <hdf5.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <limits>

#include "core/error.hpp"
#include "io/checkpoint_file.hpp"
#include "io/hdf5_handles.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using namespace voidsim::io;
using voidsim::testing::bitwise_equal;
using voidsim::testing::ScratchDir;
namespace fs = std::filesystem;

namespace {

StateArchive sample_state(double seed) {
  StateArchive s;
  s.arrays["c"] = testing::sample_values(1000, seed);
  // A NaN with a payload: only a bitwise path keeps those bits.
  s.arrays["c"][10] = std::bit_cast<double>(0x7ff80000deadbeefULL);
  s.arrays["empty"] = {};
  s.arrays["phase_field/eta"] = testing::sample_values(17, seed + 1);  // '/' in a key
  s.arrays["100%"] = {seed};                                           // '%' in a key
  s.int_arrays["occupancy"] = {0, 1, -1, std::numeric_limits<std::int64_t>::min(),
                               std::numeric_limits<std::int64_t>::max()};
  s.reals["time_s"] = 12.5 * seed;
  s.reals["dt_s"] = std::numeric_limits<double>::denorm_min();
  s.integers["step"] = static_cast<std::int64_t>(1000 * seed);
  s.integers["rng_counter"] = std::numeric_limits<std::int64_t>::max();
  s.strings["engine"] = "phase_field";
  s.strings["note"] = "UTF-8: \u00c5ngstr\u00f6m\nsecond line";
  s.strings["."] = "dot key";
  return s;
}

void check_equal(const StateArchive& a, const StateArchive& b) {
  REQUIRE(a.arrays.size() == b.arrays.size());
  for (const auto& [name, values] : a.arrays) CHECK(bitwise_equal(values, b.array(name)));
  CHECK(a.int_arrays == b.int_arrays);
  REQUIRE(a.reals.size() == b.reals.size());
  for (const auto& [name, value] : a.reals) {
    CHECK(std::bit_cast<std::uint64_t>(value) == std::bit_cast<std::uint64_t>(b.real(name)));
  }
  CHECK(a.integers == b.integers);
  CHECK(a.strings == b.strings);
}

// File offset of the raw (contiguous) data of /arrays/c, so the test corrupts payload, not
// metadata that HDF5 would reject by itself.
haddr_t payload_offset(const fs::path& path) {
  hdf5::ErrorSilencer silence;
  hdf5::File file = hdf5::open_file_read(path);
  hdf5::Dataset d(H5Dopen2(file.get(), "/arrays/c", H5P_DEFAULT));
  const haddr_t offset = H5Dget_offset(d.get());
  REQUIRE(offset != HADDR_UNDEF);
  return offset;
}

void flip_byte(const fs::path& path, std::uint64_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x10);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

std::string error_of(const fs::path& path) {
  try {
    (void)read_checkpoint(path);
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("checkpoint round trip is bitwise for every archive section") {
  ScratchDir dir("checkpoint_round_trip");
  const StateArchive state = sample_state(1.0);
  write_checkpoint(dir / "checkpoint.h5", state);
  check_equal(state, read_checkpoint(dir / "checkpoint.h5"));
  CHECK_FALSE(fs::exists(dir / "checkpoint.h5.prev"));  // nothing to keep on the first write
}

TEST_CASE("the checksum covers values and names") {
  const StateArchive a = sample_state(1.0);
  StateArchive b = a;
  b.arrays["c"][500] = std::nextafter(b.arrays["c"][500], 1.0);  // one ulp
  CHECK(checkpoint_checksum(a) != checkpoint_checksum(b));
  StateArchive c = a;
  c.reals["time_t"] = c.reals["time_s"];
  c.reals.erase("time_s");
  CHECK(checkpoint_checksum(a) != checkpoint_checksum(c));
  CHECK(checkpoint_checksum(a) == checkpoint_checksum(sample_state(1.0)));
}

TEST_CASE("writing a checkpoint keeps the previous one as .prev") {
  ScratchDir dir("checkpoint_rotation");
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint(path, sample_state(1.0));
  write_checkpoint(path, sample_state(2.0));
  check_equal(sample_state(2.0), read_checkpoint(path));
  check_equal(sample_state(1.0), read_checkpoint(previous_checkpoint_path(path)));
  write_checkpoint(path, sample_state(3.0));
  check_equal(sample_state(2.0), read_checkpoint(previous_checkpoint_path(path)));
  CHECK(dir.temporary_files().empty());
}

TEST_CASE("a run killed between keeping .prev and committing leaves no temporary on the next write") {
  // State after such a kill: checkpoint.h5 and checkpoint.h5.prev are hard links of one file.
  ScratchDir dir("checkpoint_same_inode");
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint(path, sample_state(1.0));
  fs::create_hard_link(path, previous_checkpoint_path(path));
  REQUIRE(fs::equivalent(path, previous_checkpoint_path(path)));
  write_checkpoint(path, sample_state(2.0));
  check_equal(sample_state(2.0), read_checkpoint(path));
  check_equal(sample_state(1.0), read_checkpoint(previous_checkpoint_path(path)));
  CHECK(dir.temporary_files().empty());
}

TEST_CASE("a flipped payload byte fails the checksum and the previous checkpoint is used") {
  ScratchDir dir("checkpoint_flip");
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint(path, sample_state(1.0));
  write_checkpoint(path, sample_state(2.0));
  flip_byte(path, payload_offset(path) + 8 * 300 + 3);
  CHECK(error_of(path).find("checksum mismatch") != std::string::npos);
  check_equal(sample_state(1.0), read_latest_valid_checkpoint(path));
}

TEST_CASE("corrupt or foreign files are refused by the file checksum before HDF5 parses them") {
  ScratchDir dir("checkpoint_trailer");
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint(path, sample_state(1.0));
  const auto size = fs::file_size(path);
  // A byte of the HDF5 superblock (offset 20): libhdf5 would parse the damaged header.
  flip_byte(path, 20);
  CHECK(error_of(path).find("file checksum mismatch") != std::string::npos);
  flip_byte(path, 20);
  check_equal(sample_state(1.0), read_checkpoint(path));
  // Without the 24-byte trailer: a format-1 file, or one cut at its end.
  fs::resize_file(path, size - 24);
  CHECK(error_of(path).find("no voidsim file checksum") != std::string::npos);
  // A trailer whose length does not match the file (bytes inserted or lost before it).
  write_checkpoint(path, sample_state(1.0));
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 8));
    const char one = 1;
    f.write(&one, 1);
  }
  CHECK(error_of(path).find("the file checksum covers") != std::string::npos);
}

TEST_CASE("a truncated checkpoint is rejected and the previous checkpoint is used") {
  ScratchDir dir("checkpoint_truncated");
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint(path, sample_state(1.0));
  write_checkpoint(path, sample_state(2.0));
  fs::resize_file(path, fs::file_size(path) / 2);
  CHECK_FALSE(error_of(path).empty());
  check_equal(sample_state(1.0), read_latest_valid_checkpoint(path));
  // Truncated to nothing, too.
  fs::resize_file(path, 0);
  CHECK_THROWS_AS((void)read_checkpoint(path), IoError);
}

TEST_CASE("no valid checkpoint at all is an IoError naming both files") {
  ScratchDir dir("checkpoint_none");
  const fs::path path = dir / "checkpoint.h5";
  CHECK_THROWS_AS((void)read_latest_valid_checkpoint(path), IoError);
  write_checkpoint(path, sample_state(1.0));
  write_checkpoint(path, sample_state(2.0));
  flip_byte(path, payload_offset(path) + 5);
  const fs::path prev = previous_checkpoint_path(path);
  flip_byte(prev, payload_offset(prev) + 5);
  try {
    (void)read_latest_valid_checkpoint(path);
    FAIL("expected IoError");
  } catch (const IoError& e) {
    const std::string message = e.what();
    CHECK(message.find(path.string()) != std::string::npos);
    CHECK(message.find(prev.string()) != std::string::npos);
  }
  testing::write_text(dir / "text.h5", "not hdf5 at all");
  CHECK_THROWS_AS((void)read_checkpoint(dir / "text.h5"), IoError);
}

TEST_CASE("a failed checkpoint commit keeps the old checkpoint readable and leaves no temporary") {
  ScratchDir dir("checkpoint_atomic");
  const fs::path path = dir / "checkpoint.h5";
  write_checkpoint(path, sample_state(1.0));
  testing::fail_every_commit();
  CHECK_THROWS_AS(write_checkpoint(path, sample_state(2.0)), IoError);
  io::set_commit_fault_injector({});
  check_equal(sample_state(1.0), read_checkpoint(path));
  check_equal(sample_state(1.0), read_latest_valid_checkpoint(path));
  CHECK(dir.temporary_files().empty());
}
