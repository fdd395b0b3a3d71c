#pragma once
// Free-energy evaluations of a PFHub benchmark 1 field on the cell-centred grid of
// run_benchmark1: the benchmark's definition is CahnHilliardStepper::free_energy; this file holds
// the one other code's postprocessing that published numbers depend on.
#include <cstddef>

#include "validation/pfhub_benchmark1.hpp"

namespace voidsim::pfhub {

/// Total free energy as PRISMS-PF's CHiMaD_benchmark1a application postprocesses it
/// (postprocess.cc: f_tot = f_chem + sum over i and j of kappa/2 c_i c_j, i.e. kappa/2 (c_x + c_y)^2
/// in 2D, cross term included, instead of the specification's kappa/2 |grad c|^2), integrated the
/// way its degree-1 elements with Gauss-Lobatto quadrature do: on the bilinear elements spanned by
/// neighbouring cell centres, each corner weighted a quarter of the element, with the gradient of
/// the element's bilinear interpolant at that corner. On no-flux walls the field is mirrored and
/// the elements straddling a wall count half (exact for the mirrored interpolant), so the elements
/// tile the 200 x 200 square; periodic axes wrap. Why: to compare with the numbers that code
/// published, like for like (validation/pfhub_reference.hpp).
/// `c` is n x n in grid order (x fastest), spacing dx.
[[nodiscard]] double prisms_pf_postprocessed_free_energy(const double* c, std::size_t n, double dx,
                                                         Benchmark1Variant variant,
                                                         const Benchmark1Spec& spec = {});

}  // namespace voidsim::pfhub
