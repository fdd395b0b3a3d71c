#include "io/checkpoint_file.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <bit>
#include <fstream>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"

namespace voidsim::io {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

constexpr const char* format_name = "voidsim-checkpoint";

class Fnv1a64 {
 public:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      hash_ ^= p[i];
      hash_ *= 0x100000001b3ULL;
    }
  }
  // Little-endian regardless of the host, so the checksum is a property of the file's values.
  void u64(std::uint64_t v) {
    unsigned char le[8];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<unsigned char>(v >> (8 * i));
    bytes(le, 8);
  }
  void text(const std::string& s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  [[nodiscard]] std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Percent-encoding of the few characters HDF5 link names cannot hold.
std::string encode_name(const std::string& name) {
  if (name == ".") return "%2E";
  std::string out;
  for (const char c : name) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

std::string decode_name(const std::string& encoded, const fs::path& path) {
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out += encoded[i];
      continue;
    }
    const std::string code = encoded.substr(i + 1, 2);
    if (code == "25") {
      out += '%';
    } else if (code == "2F") {
      out += '/';
    } else if (code == "2E") {
      out += '.';
    } else {
      throw IoError(where(path, "bad entry name '" + encoded + "'"));
    }
    i += 2;
  }
  return out;
}

void write_sections(hid_t root, const StateArchive& state) {
  Group arrays = create_group(root, "arrays");
  for (const auto& [name, values] : state.arrays) {
    write_double_dataset(arrays.get(), encode_name(name), values.data(), {values.size()});
  }
  Group int_arrays = create_group(root, "int_arrays");
  for (const auto& [name, values] : state.int_arrays)
    write_int64_dataset(int_arrays.get(), encode_name(name), values);
  Group reals = create_group(root, "reals");
  for (const auto& [name, value] : state.reals) write_double_scalar(reals.get(), encode_name(name), value);
  Group integers = create_group(root, "integers");
  for (const auto& [name, value] : state.integers)
    write_int64_scalar(integers.get(), encode_name(name), value);
  Group strings = create_group(root, "strings");
  for (const auto& [name, value] : state.strings)
    write_string_scalar(strings.get(), encode_name(name), value);
}

StateArchive read_sections(hid_t root, const fs::path& path) {
  StateArchive state;
  Group arrays = open_group(root, "arrays");
  for (const auto& n : child_names(arrays.get())) {
    std::vector<hsize_t> dims;
    state.arrays[decode_name(n, path)] = read_double_dataset(arrays.get(), n, &dims);
    if (dims.size() != 1) throw IoError(where(path, "/arrays/" + n + " is not 1-D"));
  }
  Group int_arrays = open_group(root, "int_arrays");
  for (const auto& n : child_names(int_arrays.get())) {
    state.int_arrays[decode_name(n, path)] = read_int64_dataset(int_arrays.get(), n);
  }
  Group reals = open_group(root, "reals");
  for (const auto& n : child_names(reals.get())) {
    const std::vector<double> v = read_double_dataset(reals.get(), n);
    if (v.size() != 1) throw IoError(where(path, "/reals/" + n + " is not a scalar"));
    state.reals[decode_name(n, path)] = v.front();
  }
  Group integers = open_group(root, "integers");
  for (const auto& n : child_names(integers.get())) {
    const std::vector<std::int64_t> v = read_int64_dataset(integers.get(), n);
    if (v.size() != 1) throw IoError(where(path, "/integers/" + n + " is not a scalar"));
    state.integers[decode_name(n, path)] = v.front();
  }
  Group strings = open_group(root, "strings");
  for (const auto& n : child_names(strings.get())) {
    state.strings[decode_name(n, path)] = read_string_scalar(strings.get(), n);
  }
  return state;
}

// Keeps the current checkpoint as <path>.prev without ever leaving either name absent or
// half-written: link (or copy) to a temporary name, then rename over .prev.
void keep_previous(const fs::path& path) {
  if (!fs::exists(path)) return;
  const fs::path prev = previous_checkpoint_path(path);
  std::error_code ec;
  // Already the same file (a run killed between keeping .prev and committing the new checkpoint):
  // rename() of one hard link over another of the same inode does nothing and would leave the
  // temporary name behind (found by tests/faults/fault_injection.py kill).
  if (fs::exists(prev) && fs::equivalent(path, prev, ec)) return;
  const fs::path tmp = temporary_path_for(prev);
  fs::create_hard_link(path, tmp, ec);
  if (ec) {
    fs::remove(tmp, ec);
    if (!fs::copy_file(path, tmp, fs::copy_options::overwrite_existing, ec) || ec) {
      fs::remove(tmp, ec);
      throw IoError("cannot keep '" + path.string() + "' as '" + prev.string() + "': " + ec.message());
    }
  }
  fs::rename(tmp, prev, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw IoError("cannot rename '" + tmp.string() + "' to '" + prev.string() + "': " + ec.message());
  }
}

// File trailer: the 8-byte magic, then little-endian u64 FNV-1a-64 of every byte before the
// trailer, then the u64 count of those bytes. Verified before HDF5 sees the file, so a corrupt or
// foreign file never reaches libhdf5, whose parser leaks, overlaps memcpy and grows without bound
// on corrupt headers (fuzz_checkpoint findings 8-9, docs/robustness.md). HDF5 ignores bytes past
// its end-of-allocation address, so the file stays an ordinary HDF5 file for h5py.
constexpr char trailer_magic[8] = {'V', 'S', 'C', 'K', 'P', 'T', '0', '2'};
constexpr std::size_t trailer_size = 24;

std::uint64_t le_u64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// FNV-1a-64 of the first `n` bytes of `in` (from its current position), read in 1 MiB blocks.
std::uint64_t hash_stream(std::istream& in, std::uint64_t n, const fs::path& path) {
  Fnv1a64 h;
  std::vector<char> block(1 << 20);
  while (n > 0) {
    const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(n, block.size()));
    in.read(block.data(), want);
    if (in.gcount() != want) throw IoError(where(path, "cannot read the file to verify its checksum"));
    h.bytes(block.data(), static_cast<std::size_t>(want));
    n -= static_cast<std::uint64_t>(want);
  }
  return h.value();
}

void append_trailer(const fs::path& path) {
  std::error_code ec;
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) throw IoError(where(path, "cannot stat the new checkpoint: " + ec.message()));
  std::uint64_t checksum = 0;
  {
    std::ifstream in(path, std::ios::binary);
    checksum = hash_stream(in, size, path);
  }
  unsigned char trailer[trailer_size];
  std::copy(std::begin(trailer_magic), std::end(trailer_magic), trailer);
  for (int i = 0; i < 8; ++i) {
    trailer[8 + i] = static_cast<unsigned char>(checksum >> (8 * i));
    trailer[16 + i] = static_cast<unsigned char>(size >> (8 * i));
  }
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(reinterpret_cast<const char*>(trailer), trailer_size);
  out.flush();
  if (!out) throw IoError(where(path, "cannot append the file checksum (disk full?)"));
}

void verify_trailer(const fs::path& path) {
  std::error_code ec;
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) throw IoError(where(path, "cannot read: " + ec.message()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(where(path, "cannot open"));
  unsigned char trailer[trailer_size];
  if (size >= trailer_size) {
    in.seekg(static_cast<std::streamoff>(size - trailer_size));
    in.read(reinterpret_cast<char*>(trailer), trailer_size);
  }
  if (size < trailer_size || in.gcount() != static_cast<std::streamsize>(trailer_size) ||
      !std::equal(std::begin(trailer_magic), std::end(trailer_magic), trailer)) {
    throw IoError(where(path,
                        "no voidsim file checksum at the end: truncated, not a voidsim checkpoint, or "
                        "written before checkpoint format 2 (restart that run with --force)"));
  }
  const std::uint64_t stored = le_u64(trailer + 8), length = le_u64(trailer + 16);
  if (length != size - trailer_size)
    throw IoError(where(path, "the file checksum covers " + std::to_string(length) +
                                  " bytes, the file holds " + std::to_string(size - trailer_size) +
                                  ": the checkpoint is corrupt"));
  in.seekg(0);
  if (hash_stream(in, length, path) != stored)
    throw IoError(where(path, "file checksum mismatch: the checkpoint is corrupt"));
}

}  // namespace

fs::path previous_checkpoint_path(const fs::path& path) {
  fs::path prev = path;
  prev += ".prev";
  return prev;
}

std::uint64_t checkpoint_checksum(const StateArchive& state) {
  static_assert(sizeof(double) == 8);
  Fnv1a64 h;
  h.bytes("a", 1);
  for (const auto& [name, values] : state.arrays) {
    h.text(name);
    h.u64(8 * values.size());
    for (const double v : values) h.u64(std::bit_cast<std::uint64_t>(v));
  }
  h.bytes("i", 1);
  for (const auto& [name, values] : state.int_arrays) {
    h.text(name);
    h.u64(8 * values.size());
    for (const std::int64_t v : values) h.u64(static_cast<std::uint64_t>(v));
  }
  h.bytes("r", 1);
  for (const auto& [name, value] : state.reals) {
    h.text(name);
    h.u64(8);
    h.u64(std::bit_cast<std::uint64_t>(value));
  }
  h.bytes("n", 1);
  for (const auto& [name, value] : state.integers) {
    h.text(name);
    h.u64(8);
    h.u64(static_cast<std::uint64_t>(value));
  }
  h.bytes("s", 1);
  for (const auto& [name, value] : state.strings) {
    h.text(name);
    h.text(value);
  }
  return h.value();
}

void write_checkpoint(const fs::path& path, const StateArchive& state) {
  ErrorSilencer silence;
  const std::uint64_t checksum = checkpoint_checksum(state);
  commit_atomic(path, [&](const fs::path& tmp) {
    File file = create_file(tmp, /*with_checksummed_metadata=*/true);
    {
      Group root = open_group(file.get(), "/");
      write_attribute(root.get(), "format", format_name);
      write_attribute(root.get(), "format_version", checkpoint_format_version);
      write_attribute(root.get(), "checksum_algorithm", "FNV-1a-64");
      write_attribute(root.get(), "checksum", checksum);
      write_sections(root.get(), state);
    }
    close_file(file, tmp);
    append_trailer(tmp);
    keep_previous(path);
  });
}

StateArchive read_checkpoint(const fs::path& path) {
  verify_trailer(path);
  ErrorSilencer silence;
  File file = open_file_read(path);
  StateArchive state;
  std::uint64_t stored = 0;
  {
    Group root = open_group(file.get(), "/");
    if (!has_attribute(root.get(), "format") || read_string_attribute(root.get(), "format") != format_name) {
      throw IoError(where(path, "not a voidsim checkpoint"));
    }
    const std::int64_t version = read_int64_attribute(root.get(), "format_version");
    if (version != checkpoint_format_version) {
      throw IoError(where(path, "checkpoint format version " + std::to_string(version) +
                                    ", this build reads " + std::to_string(checkpoint_format_version)));
    }
    stored = read_uint64_attribute(root.get(), "checksum");
    state = read_sections(root.get(), path);
  }
  close_file(file, path);
  if (checkpoint_checksum(state) != stored) {
    throw IoError(where(path, "checksum mismatch: the checkpoint is corrupt"));
  }
  return state;
}

StateArchive read_latest_valid_checkpoint(const fs::path& path) {
  std::string first_error;
  try {
    StateArchive state = read_checkpoint(path);
    spdlog::info("resuming from checkpoint '{}'", path.string());
    return state;
  } catch (const IoError& e) {
    first_error = e.what();
  }
  const fs::path prev = previous_checkpoint_path(path);
  try {
    StateArchive state = read_checkpoint(prev);
    spdlog::warn("checkpoint unusable ({}); resuming from the previous one, '{}'", first_error,
                 prev.string());
    return state;
  } catch (const IoError& e) {
    throw IoError("no valid checkpoint: " + first_error + "; and " + e.what());
  }
}

}  // namespace voidsim::io
