#pragma once
// What surrounds each void: the solid within a shell around it, its phases and cation mixing.
// The paper (Figure 4e, S8) sees "no obvious cation mixing or phase transformation near the
// nanovoid", unlike the nanopores of the reconstructed surface layer; this measures the same on
// a simulated state (validation quantity layered_void_fraction, docs/validation-datasets.md).
#include <cstddef>
#include <vector>

#include "core/grid.hpp"
#include "postprocess/void_statistics.hpp"

namespace voidsim {

struct VoidSurroundings {
  std::size_t void_cells = 0;
  std::size_t shell_cells = 0;        // solid cells whose nearest void (in cell steps) is this one
  double non_layered_fraction = 0.0;  // shell mean of spinel + rock-salt fraction
  double cation_mixing = 0.0;         // shell mean of the cation-mixing fraction
};

/// One entry per void of at least options.min_cells (eta > options.threshold, face-connected, as
/// compute_void_statistics labels them), in label order. The shell is every solid cell within
/// `shell_cells` steps (8 neighbours in 2D, 26 in 3D, x periodic when options.periodic_x) of a
/// void cell, given to the nearest void by a breadth-first search from all voids at once.
/// Null phase or mixing fields count as 0 (a run without a surface layer is all layered).
[[nodiscard]] std::vector<VoidSurroundings> void_surroundings(const Grid& grid, const double* eta,
                                                              const double* spinel, const double* rock_salt,
                                                              const double* cation_mixing,
                                                              const VoidStatisticsOptions& options,
                                                              std::size_t shell_cells);

/// Fraction of `voids` whose shell is layered: non-layered fraction and cation mixing both at most
/// `tolerance` ("no obvious" mixing or phase change). 0 when there is no void: callers tell that
/// case apart first.
[[nodiscard]] double layered_fraction_of(const std::vector<VoidSurroundings>& voids, double tolerance);

}  // namespace voidsim
