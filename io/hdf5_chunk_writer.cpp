#include "io/hdf5_chunk_writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>

#include "core/error.hpp"

namespace voidsim::io::hdf5 {

namespace {

// Datasets are stored little-endian (H5T_IEEE_F64LE, H5T_STD_I64LE) and the chunks are the
// in-memory bytes, so the host must be little-endian too.
static_assert(std::endian::native == std::endian::little,
              "the chunk writer stores host bytes as little-endian");

/// Bit i of a chunk's filter mask set = filter i of the pipeline was not applied to it.
constexpr std::uint32_t deflate_skipped = 1U << 1;  // pipeline: 0 shuffle, 1 deflate

struct EncodedChunk {
  std::vector<hsize_t> offset;  // in elements, per axis
  std::vector<unsigned char> bytes;
  std::uint32_t filter_mask = 0;
};

/// Copies chunk `offset` of the array into `out` (chunk-shaped, C order), zero outside the array.
void gather_chunk(const unsigned char* data, std::size_t element_size, const std::vector<hsize_t>& dims,
                  const std::vector<hsize_t>& chunk, const std::vector<hsize_t>& offset,
                  std::vector<unsigned char>& out) {
  const std::size_t rank = dims.size();
  std::fill(out.begin(), out.end(), 0);
  // Runs along the last axis are contiguous in both arrays; walk the leading axes with a counter.
  const std::size_t last = rank - 1;
  const hsize_t run = std::min(chunk[last], dims[last] - offset[last]);
  std::vector<hsize_t> at(rank, 0);  // position within the chunk, leading axes
  for (;;) {
    bool inside = true;
    std::size_t src = 0, dst = 0;
    for (std::size_t a = 0; a < last; ++a) {
      inside = inside && offset[a] + at[a] < dims[a];
      src = src * dims[a] + offset[a] + at[a];
      dst = dst * chunk[a] + at[a];
    }
    if (inside) {
      src = src * dims[last] + offset[last];
      dst = dst * chunk[last];
      std::memcpy(out.data() + dst * element_size, data + src * element_size, run * element_size);
    }
    std::size_t a = last;
    while (a > 0) {
      --a;
      if (++at[a] < chunk[a]) break;
      at[a] = 0;
      if (a == 0) return;
    }
    if (last == 0) return;
  }
}

/// HDF5's shuffle filter: byte b of element i goes to position b * count + i.
void shuffle_bytes(const std::vector<unsigned char>& in, std::size_t element_size,
                   std::vector<unsigned char>& out) {
  const std::size_t count = in.size() / element_size;
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t b = 0; b < element_size; ++b) out[b * count + i] = in[i * element_size + b];
}

/// One zlib stream (what HDF5's deflate filter reads back) of `in`, with the run-length strategy:
/// after shuffling, a double field is byte planes of sign/exponent bytes in long runs and
/// mantissa bytes close to noise, where deflate's string search finds almost nothing. Z_RLE
/// keeps the runs and skips the search: on a 512^2 frame of the in situ run (9 fields, 18.9 MB)
/// it gave 4.1 MB in 49 ms against 3.9 MB in 128 ms for the default strategy at level 4.
int deflate_run_length(const std::vector<unsigned char>& in, int level, std::vector<unsigned char>& out,
                       std::size_t& out_size) {
  z_stream z{};
  int status = deflateInit2(&z, level, Z_DEFLATED, 15, 8, Z_RLE);
  if (status != Z_OK) return status;
  out.resize(deflateBound(&z, static_cast<uLong>(in.size())));
  z.next_in = const_cast<unsigned char*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  status = deflate(&z, Z_FINISH);
  out_size = z.total_out;
  deflateEnd(&z);
  return status == Z_STREAM_END ? Z_OK : (status == Z_OK ? Z_BUF_ERROR : status);
}

}  // namespace

void write_shuffled_deflated_chunks(hid_t dataset, const void* data, std::size_t element_size,
                                    const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                                    int level, const std::string& what) {
  const std::size_t rank = dims.size();
  std::vector<hsize_t> per_axis(rank);
  std::size_t n_chunks = 1, chunk_elements = 1;
  for (std::size_t a = 0; a < rank; ++a) {
    per_axis[a] = (dims[a] + chunk[a] - 1) / chunk[a];
    n_chunks *= per_axis[a];
    chunk_elements *= chunk[a];
  }
  const std::size_t chunk_bytes = chunk_elements * element_size;
  std::vector<EncodedChunk> encoded(n_chunks);
  std::atomic<int> zlib_status{Z_OK};
  const auto* bytes = static_cast<const unsigned char*>(data);

  // Chunks compress at different speeds (bulk vs interface rows), hence the dynamic schedule. The
  // buffers are per thread and per write, outside any solver loop.
#pragma omp parallel
  {
    std::vector<unsigned char> plain(chunk_bytes), shuffled(chunk_bytes);
#pragma omp for schedule(dynamic, 1)
    for (std::size_t c = 0; c < n_chunks; ++c) {
      EncodedChunk& e = encoded[c];
      e.offset.assign(rank, 0);
      std::size_t rest = c;
      for (std::size_t a = rank; a-- > 0;) {
        e.offset[a] = (rest % per_axis[a]) * chunk[a];
        rest /= per_axis[a];
      }
      gather_chunk(bytes, element_size, dims, chunk, e.offset, plain);
      shuffle_bytes(plain, element_size, shuffled);
      std::size_t size = 0;
      const int status = deflate_run_length(shuffled, level, e.bytes, size);
      if (status != Z_OK) {
        zlib_status.store(status);
        continue;
      }
      if (size >= chunk_bytes) {
        // Deflate did not help: keep the shuffled bytes and mark deflate as not applied.
        e.bytes.assign(shuffled.begin(), shuffled.end());
        e.filter_mask = deflate_skipped;
      } else {
        e.bytes.resize(size);
      }
    }
  }
  if (zlib_status.load() != Z_OK)
    throw IoError(what + ": zlib deflate failed with status " + std::to_string(zlib_status.load()));

  for (const EncodedChunk& e : encoded) {
    check_status(
        H5Dwrite_chunk(dataset, H5P_DEFAULT, e.filter_mask, e.offset.data(), e.bytes.size(), e.bytes.data()),
        what + ": cannot write a compressed chunk");
  }
}

}  // namespace voidsim::io::hdf5
