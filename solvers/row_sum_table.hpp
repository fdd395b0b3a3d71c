#pragma once
// Prefix sums of a cell field along x, one row (fixed y, z) at a time: the sum over any run of
// cells of a row costs two lookups. A ball or shell of cells is a set of such runs (one or two
// per row), so its sum costs O(rows) instead of O(cells): the nucleation seeder checks the
// exclusion distance and the vacancy supply of its candidates this way (docs/performance.md,
// "3D").
#include <cstddef>
#include <vector>

#include "core/grid.hpp"

namespace voidsim {

class RowSumTable {
 public:
  /// Builds the table of value(cell) over the cells of `grid` (finite values). Parallel over rows.
  template <class Value>
  void build(const Grid& grid, Value&& value) {
    resize(grid);
    const auto rows = static_cast<std::ptrdiff_t>(grid.ny * grid.nz);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t r = 0; r < rows; ++r) {
      const std::size_t first = static_cast<std::size_t>(r) * nx_;
      double* prefix = sums_.data() + static_cast<std::size_t>(r) * (nx_ + 1);
      double running = 0.0;
      prefix[0] = 0.0;
      for (std::size_t i = 0; i < nx_; ++i) {
        running += value(first + i);
        prefix[i + 1] = running;
      }
    }
    total_ = 0.0;
    for (std::ptrdiff_t r = 0; r < rows; ++r)
      total_ += sums_[static_cast<std::size_t>(r + 1) * (nx_ + 1) - 1];
  }

  /// Sum over the cells i = ic + d, d in [d_first, d_last], of row `row` (= k ny + j). Indices
  /// wrap when `periodic` (then d_last - d_first < nx), and are clipped to the row otherwise.
  [[nodiscard]] double run_sum(std::size_t row, long ic, long d_first, long d_last,
                               bool periodic) const noexcept;

  /// Sum over every cell; differences of prefixes of a row err by at most ~nx eps times its sum.
  [[nodiscard]] double total() const noexcept { return total_; }

 private:
  void resize(const Grid& grid);

  std::size_t nx_ = 0;
  std::vector<double> sums_;  // (nx + 1) per row: the empty prefix, then the running sums
  double total_ = 0.0;
};

}  // namespace voidsim
