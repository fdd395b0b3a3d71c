#pragma once
// Checks of a validated scenario against the machine and the numerics, made before the engine
// allocates anything (issue 8, items 1 and 2):
//  - memory: the engine's footprint, estimated from the grid (and the O lattice for kmc), against
//    the memory available now; too large is an input error naming domain.nx, not an OOM kill
//    an hour later on a cluster node;
//  - resolution: warnings where the grid or the domain cannot resolve what the model needs
//    (a void interface thinner than a cell; a domain shallower than the Li diffusion length of
//    the run). Warnings, because the run is still well defined, only less accurate.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scenario.hpp"

namespace voidsim::app {

struct StartupFindings {
  std::vector<Diagnostic> errors;     // refuse to run
  std::vector<std::string> warnings;  // log and run
  double estimated_bytes = 0.0;       // engine memory estimate
};

/// Bytes of memory the engine of `scenario` needs, from per-cell and per-site costs measured on
/// this code (maximum RSS at 256^2 and 512^2: 352 B/cell for phase_field; 65 B per O site plus
/// the continuum fields for kmc), with 25 % margin, plus 64 MiB for the program itself.
[[nodiscard]] double estimated_engine_bytes(const Scenario& scenario);

/// The memory the kernel reports as available now (MemAvailable of /proc/meminfo; physical
/// memory if that is unreadable).
[[nodiscard]] double available_memory_bytes();

[[nodiscard]] StartupFindings startup_checks(const Scenario& scenario, double available_bytes);

}  // namespace voidsim::app
