#include "validation/pfhub_benchmark1_energy.hpp"

#include <stdexcept>

namespace voidsim::pfhub {

double prisms_pf_postprocessed_free_energy(const double* c, std::size_t n, double dx,
                                           Benchmark1Variant variant, const Benchmark1Spec& spec) {
  if (n < 2)
    throw std::invalid_argument("prisms_pf_postprocessed_free_energy: need at least 2 cells per side");
  const bool periodic = variant == Benchmark1Variant::periodic_1a;
  const auto nn = static_cast<std::ptrdiff_t>(n);
  // Cell index along one axis: wrapped (periodic) or mirrored about the wall (c_{-1} = c_0).
  auto at = [&](std::ptrdiff_t i) -> std::size_t {
    if (periodic) return static_cast<std::size_t>((i + nn) % nn);
    return static_cast<std::size_t>(i < 0 ? 0 : (i >= nn ? nn - 1 : i));
  };
  // Elements [i, i + 1] between cell centres: 0 .. n-1 periodic; -1 .. n-1 with the two
  // straddling the walls at half weight.
  const std::ptrdiff_t first = periodic ? 0 : -1;
  auto element_weight = [&](std::ptrdiff_t i) { return !periodic && (i == -1 || i == nn - 1) ? 0.5 : 1.0; };
  auto value = [&](std::ptrdiff_t i, std::ptrdiff_t j) { return c[at(j) * n + at(i)]; };
  double total = 0.0;
  for (std::ptrdiff_t j = first; j < nn; ++j) {
    for (std::ptrdiff_t i = first; i < nn; ++i) {
      double element = 0.0;
      for (int b = 0; b < 2; ++b) {
        for (int a = 0; a < 2; ++a) {
          const double cx = (value(i + 1, j + b) - value(i, j + b)) / dx;
          const double cy = (value(i + a, j + 1) - value(i + a, j)) / dx;
          const double g = cx + cy;
          element += benchmark1_chemical_density(spec, value(i + a, j + b)) + 0.5 * spec.kappa * g * g;
        }
      }
      total += element * element_weight(i) * element_weight(j);
    }
  }
  return total * 0.25 * dx * dx;
}

}  // namespace voidsim::pfhub
