// Fuzz target: the HDF5 checkpoint reader (io/checkpoint_file.hpp) as `voidsim run --resume`
// calls it. It may only return a verified archive or throw IoError naming the file. libhdf5
// itself (Debian's 1.10) parses the container, so a crash inside libhdf5 is reported here too
// but can only be fixed upstream; docs/robustness.md says how such findings are handled.
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz/fuzz_input_file.hpp"
#include "io/checkpoint_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = voidsim::fuzz::write_input("checkpoint.h5", data, size);
  try {
    const voidsim::StateArchive state = voidsim::io::read_checkpoint(path);
    // A returned archive passed the checksum: recomputing it must agree.
    (void)voidsim::io::checkpoint_checksum(state);
  } catch (const voidsim::IoError&) {
  }
  return 0;
}
