// Compile-time sanity of the published reference table (monotone decrease of the free energy).
#include "validation/pfhub_reference.hpp"

namespace voidsim::pfhub {
static_assert(benchmark1a_prisms_pf[0].total_free_energy > benchmark1a_prisms_pf[1].total_free_energy,
              "free energy must decrease during coarsening");
}  // namespace voidsim::pfhub
