#pragma once
// A cubic box of n x n (x n) cells of 1 nm for lattice tests: 2D sections have ny = 1.
#include <cstddef>

#include "core/grid.hpp"

namespace voidsim::testing {

inline Grid cubic_box(int dimension, std::size_t n) {
  Grid g;
  g.dimension = dimension;
  g.nx = g.nz = n;
  g.ny = dimension == 3 ? n : 1;
  g.dx = g.dy = g.dz = 1e-9;
  return g;
}

}  // namespace voidsim::testing
