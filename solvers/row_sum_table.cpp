#include "solvers/row_sum_table.hpp"

namespace voidsim {

void RowSumTable::resize(const Grid& grid) {
  nx_ = grid.nx;
  sums_.resize((nx_ + 1) * grid.ny * grid.nz);
}

double RowSumTable::run_sum(std::size_t row, long ic, long d_first, long d_last,
                            bool periodic) const noexcept {
  const double* prefix = sums_.data() + row * (nx_ + 1);
  const auto n = static_cast<long>(nx_);
  long first = ic + d_first, last = ic + d_last + 1;  // half-open
  if (!periodic) {
    first = first < 0 ? 0 : first;
    last = last > n ? n : last;
    return last > first ? prefix[last] - prefix[first] : 0.0;
  }
  // Shift into [0, n) for the first index; the run then ends before 2 n.
  if (first < 0 || first >= n) first = ((first % n) + n) % n;
  last = first + (d_last - d_first + 1);
  if (last <= n) return prefix[last] - prefix[first];
  return (prefix[n] - prefix[first]) + prefix[last - n];
}

}  // namespace voidsim
