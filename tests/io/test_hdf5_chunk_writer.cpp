// Tests of io/hdf5_chunk_writer.cpp (through write_double_dataset / write_int64_dataset): the
// chunks it deflates in parallel must read back bitwise through HDF5's own filter pipeline, with
// padded edge chunks, incompressible chunks stored with deflate masked off, and the same bytes
// on disk for any thread count.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <omp.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "result_test_support.hpp"

using namespace voidsim;
using namespace voidsim::io;
using voidsim::testing::ScratchDir;

namespace {

std::vector<double> read_all(hid_t file, const char* name, std::size_t n) {
  hdf5::Dataset d(H5Dopen2(file, name, H5P_DEFAULT));
  std::vector<double> out(n);
  REQUIRE(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  return out;
}

/// Filter mask and stored size of every chunk, in HDF5's chunk index order.
struct ChunkRecord {
  std::uint32_t mask;
  hsize_t size;
  bool operator==(const ChunkRecord&) const = default;
};
std::vector<ChunkRecord> chunk_records(hid_t file, const char* name) {
  hdf5::Dataset d(H5Dopen2(file, name, H5P_DEFAULT));
  hdf5::Dataspace space(H5Dget_space(d.get()));
  hsize_t n = 0;
  REQUIRE(H5Dget_num_chunks(d.get(), space.get(), &n) >= 0);
  std::vector<ChunkRecord> out;
  for (hsize_t i = 0; i < n; ++i) {
    hsize_t offset[3] = {0, 0, 0};
    unsigned mask = 0;
    haddr_t addr = 0;
    hsize_t size = 0;
    REQUIRE(H5Dget_chunk_info(d.get(), space.get(), i, offset, &mask, &addr, &size) >= 0);
    out.push_back({mask, size});
  }
  return out;
}

/// xorshift64 bits reinterpreted as doubles (finite): no redundancy for deflate to find.
std::vector<double> random_doubles(std::size_t n) {
  std::vector<double> v(n);
  std::uint64_t s = 0x9E3779B97F4A7C15ULL;
  for (auto& x : v) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    const std::uint64_t bits = (s & 0x800FFFFFFFFFFFFFULL) | (std::uint64_t{0x3FF} << 52);  // in [1, 2)
    std::memcpy(&x, &bits, sizeof x);
  }
  return v;
}

}  // namespace

TEST_CASE("edge chunks on two axes are padded and read back bitwise") {
  ScratchDir dir("chunk_writer_edges");
  // 3 x 41 x 1000 doubles (984 KB): z is halved to 1 and y to 21, so y has a 20-row edge chunk.
  const std::vector<hsize_t> dims{3, 41, 1000};
  const std::vector<double> values = testing::sample_values(3 * 41 * 1000, 0.25);
  CHECK(hdf5::chunk_shape(dims, sizeof(double)) == std::vector<hsize_t>{1, 21, 1000});
  {
    hdf5::File f = hdf5::create_file(dir / "edges.h5");
    (void)hdf5::write_double_dataset(f.get(), "u", values.data(), dims, {.compressed = true});
  }
  hdf5::File f = hdf5::open_file_read(dir / "edges.h5");
  CHECK(read_all(f.get(), "u", values.size()) == values);
  const auto records = chunk_records(f.get(), "u");
  CHECK(records.size() == 6);
  for (const auto& r : records) CHECK(r.mask == 0);  // smooth data: every chunk deflated
  hdf5::Dataset d(H5Dopen2(f.get(), "u", H5P_DEFAULT));
  hdf5::PropertyList dcpl(H5Dget_create_plist(d.get()));
  REQUIRE(H5Pget_nfilters(dcpl.get()) == 2);
  unsigned flags = 0, cd[4];
  std::size_t n_cd = 4;
  CHECK(H5Pget_filter2(dcpl.get(), 0, &flags, &n_cd, cd, 0, nullptr, nullptr) == H5Z_FILTER_SHUFFLE);
  n_cd = 4;
  CHECK(H5Pget_filter2(dcpl.get(), 1, &flags, &n_cd, cd, 0, nullptr, nullptr) == H5Z_FILTER_DEFLATE);
}

TEST_CASE("an incompressible chunk is stored shuffled with deflate masked off") {
  ScratchDir dir("chunk_writer_random");
  // Two chunks of 32768 doubles: the first random, the second constant.
  std::vector<double> values = random_doubles(2 * 32768);
  for (std::size_t i = 32768; i < values.size(); ++i) values[i] = 0.125;
  {
    hdf5::File f = hdf5::create_file(dir / "random.h5");
    (void)hdf5::write_double_dataset(f.get(), "u", values.data(), {2, 32768}, {.compressed = true});
  }
  hdf5::File f = hdf5::open_file_read(dir / "random.h5");
  CHECK(read_all(f.get(), "u", values.size()) == values);
  const auto records = chunk_records(f.get(), "u");
  REQUIRE(records.size() == 2);
  // Random mantissas: the shuffled sign/exponent bytes compress, 6 of 8 byte planes do not, so
  // the chunk may or may not shrink; a truly incompressible stream is checked with int64 below.
  CHECK(records[1].mask == 0);
  CHECK(records[1].size < 32768 * 8 / 100);

  std::vector<std::int64_t> noise(32768);
  std::uint64_t s = 88172645463325252ULL;
  for (auto& x : noise) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    x = static_cast<std::int64_t>(s);
  }
  {
    hdf5::File g = hdf5::create_file(dir / "noise.h5");
    (void)hdf5::write_int64_dataset(g.get(), "n", noise, {.compressed = true});
  }
  hdf5::File g = hdf5::open_file_read(dir / "noise.h5");
  hdf5::Dataset d(H5Dopen2(g.get(), "n", H5P_DEFAULT));
  std::vector<std::int64_t> back(noise.size());
  REQUIRE(H5Dread(d.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) >= 0);
  CHECK(back == noise);
  const auto noise_records = chunk_records(g.get(), "n");
  REQUIRE(noise_records.size() == 1);
  CHECK(noise_records[0].mask == 2u);  // bit 1 = deflate (filter 1) not applied
  CHECK(noise_records[0].size == 32768 * 8);
}

TEST_CASE("the stored chunks do not depend on the thread count") {
  ScratchDir dir("chunk_writer_threads");
  const std::vector<hsize_t> dims{64, 2048};  // 1 MiB: 4 chunks
  const std::vector<double> values = testing::sample_values(64 * 2048, 0.75);
  const int saved = omp_get_max_threads();
  std::vector<std::vector<ChunkRecord>> per_thread_count;
  for (const int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    const auto path = dir / (std::to_string(threads) + "_threads.h5");
    {
      hdf5::File f = hdf5::create_file(path);
      (void)hdf5::write_double_dataset(f.get(), "u", values.data(), dims, {.compressed = true});
    }
    hdf5::File f = hdf5::open_file_read(path);
    CHECK(read_all(f.get(), "u", values.size()) == values);
    per_thread_count.push_back(chunk_records(f.get(), "u"));
  }
  omp_set_num_threads(saved);
  CHECK(per_thread_count[0].size() == 4);
  CHECK(per_thread_count[1] == per_thread_count[0]);
  CHECK(per_thread_count[2] == per_thread_count[0]);
}
