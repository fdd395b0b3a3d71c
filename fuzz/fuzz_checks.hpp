#pragma once
// The property checks the fuzz targets share: a violated property aborts, which libFuzzer reports
// as a crash with the input that caused it.
#include <cstdlib>

#include "core/error.hpp"

namespace voidsim::fuzz {

/// Aborts when a property of the reader's outcome does not hold.
inline void require(bool condition) {
  if (!condition) std::abort();
}

/// A refused input must say what is wrong: at least one diagnostic, each with a message that
/// formats (file, line, column and key where known).
inline void require_described(const InputError& e) {
  require(!e.diagnostics().empty());
  for (const auto& d : e.diagnostics()) {
    require(!d.message.empty());
    (void)d.format();
  }
}

}  // namespace voidsim::fuzz
