#pragma once
// Connected-component labelling on the grid and the observer's merge rule, shared by the 3D (or
// section) void statistics and the projected-image blobs so both count objects the same way.
#include <cstddef>
#include <vector>

#include "core/grid.hpp"

namespace voidsim {

enum class Connectivity {
  faces,              // 4 in 2D, 6 in 3D: voids in the simulated volume
  faces_and_xz_edges  // adds the x-z diagonals: 8-connectivity of an image in the x-z plane
};

/// Labels the foreground cells (foreground[c] != 0) with union-find, O(N): label per cell,
/// 0 = background, 1..n in order of each object's first cell in storage order. With periodic_x
/// objects wrap around the lateral (x) boundary.
[[nodiscard]] std::vector<int> label_components(const Grid& grid,
                                                const std::vector<unsigned char>& foreground, bool periodic_x,
                                                Connectivity connectivity);

/// The observer's coalescence rule: true when one object of `labels` overlaps two or more
/// distinct objects of `previous_labels` (same grid, same storage order). False when the two
/// label arrays differ in size (no previous frame).
[[nodiscard]] bool object_covers_two_previous(const std::vector<int>& previous_labels,
                                              const std::vector<int>& labels);

}  // namespace voidsim
