// Compile-time sanity of the published reference tables (monotone decrease of the free energy).
#include "validation/pfhub_reference.hpp"

namespace voidsim::pfhub {
static_assert(benchmark1a_reference[0].total_free_energy > benchmark1a_reference[1].total_free_energy,
              "free energy must decrease during coarsening");
static_assert(benchmark1a_converged[0].total_free_energy > benchmark1a_converged[1].total_free_energy,
              "free energy must decrease during coarsening");
static_assert(benchmark1_prisms_pf_published[0].total_free_energy >
                  benchmark1_prisms_pf_published[1].total_free_energy,
              "free energy must decrease during coarsening");
}  // namespace voidsim::pfhub
