#pragma once
// Parallel sums whose result does not depend on the thread count.
//
// OpenMP's reduction(+) adds each thread's partial sum, and where a thread's share starts is set
// by the team size, so a total over the grid changed in its last digits between --threads 1 and
// --threads 2 (the diagnostic columns of porosity.csv did). Here the range is cut into a fixed
// number of blocks, chosen without looking at the threads; each block is summed in index order and
// the block sums are added in block order. The result is a function of the data alone.
#include <algorithm>
#include <cstddef>

namespace voidsim {

/// Blocks of an ordered sum: enough to keep many threads busy, few enough for the stack.
inline constexpr std::size_t ordered_sum_blocks = 256;

/// Sum of term(i) for i in [0, n), bitwise the same for any number of OpenMP threads. term(i) is
/// called exactly once per index, from the thread that owns its block, so it may also write
/// per-index outputs. Allocation-free.
template <class Term>
double ordered_sum(std::size_t n, Term&& term) {
  double partial[ordered_sum_blocks];
#pragma omp parallel for schedule(static)
  for (std::size_t b = 0; b < ordered_sum_blocks; ++b) {
    const std::size_t begin = n / ordered_sum_blocks * b + std::min(b, n % ordered_sum_blocks);
    const std::size_t end = begin + n / ordered_sum_blocks + (b < n % ordered_sum_blocks ? 1 : 0);
    double s = 0.0;
    for (std::size_t i = begin; i < end; ++i) s += term(i);
    partial[b] = s;
  }
  double total = 0.0;
  for (const double s : partial) total += s;
  return total;
}

/// m <= MaxSums sums in one sweep: term(i, acc) adds index i's contributions into acc[0 .. m).
/// Same blocks and order as ordered_sum, so each sum is bitwise independent of the thread count;
/// one pass over the data instead of m (Anderson acceleration's dot products read several columns
/// at once). Results in out[0 .. m). Allocation-free.
template <int MaxSums, class Term>
void ordered_sums(std::size_t n, int m, Term&& term, double* out) {
  double partial[ordered_sum_blocks][MaxSums];
#pragma omp parallel for schedule(static)
  for (std::size_t b = 0; b < ordered_sum_blocks; ++b) {
    const std::size_t begin = n / ordered_sum_blocks * b + std::min(b, n % ordered_sum_blocks);
    const std::size_t end = begin + n / ordered_sum_blocks + (b < n % ordered_sum_blocks ? 1 : 0);
    double acc[MaxSums] = {};
    for (std::size_t i = begin; i < end; ++i) term(i, acc);
    for (int k = 0; k < m; ++k) partial[b][k] = acc[k];
  }
  for (int k = 0; k < m; ++k) {
    double total = 0.0;
    for (std::size_t b = 0; b < ordered_sum_blocks; ++b) total += partial[b][k];
    out[k] = total;
  }
}

}  // namespace voidsim
