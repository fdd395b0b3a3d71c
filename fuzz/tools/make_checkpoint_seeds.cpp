// Writes the seed corpus of fuzz_checkpoint with the project's own writer: small checkpoints of
// every section kind (double/int64 arrays, reals, integers, strings, encoded names), one empty.
//   build-fuzz/fuzz/make_checkpoint_seeds fuzz/corpus/checkpoint
#include <filesystem>
#include <iostream>

#include "io/checkpoint_file.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_checkpoint_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  voidsim::StateArchive full;
  full.arrays["eta"] = {0.0, 0.25, 1.0};
  full.arrays["a/b%c"] = {-1.5};
  full.int_arrays["sites"] = {3, 1, 4, 1, 5};
  full.reals["time"] = 263.0;
  full.integers["step"] = 42;
  full.strings["engine"] = "phase_field";
  voidsim::io::write_checkpoint(dir / "full.h5", full);
  voidsim::io::write_checkpoint(dir / "empty.h5", voidsim::StateArchive{});
  voidsim::StateArchive strings_only;
  strings_only.strings["."] = "";
  strings_only.strings["scenario"] = "run:\n  duration: 60 s\n";
  voidsim::io::write_checkpoint(dir / "strings.h5", strings_only);
  // write_checkpoint keeps the previous file as .prev; the seeds need only the current ones.
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".prev") std::filesystem::remove(entry.path());
  return 0;
}
