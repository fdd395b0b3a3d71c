#pragma once
// Published reference values of the PFHub community benchmarks (CHiMaD/NIST), with sources, so
// every comparison in tests/ and validation/ quotes one place.

namespace voidsim::pfhub {

struct FreeEnergyPoint {
  double time;
  double total_free_energy;  // over the whole 200 x 200 domain, as the source defines it (see each table)
};

/// Benchmark 1a (spinodal decomposition, 200 x 200, periodic): MMSP explicit finite differences
/// (T. Keller, NIST; PFHub MMSP upload, periodic; data table in
/// https://gist.github.com/tkphd/93af8ee482b5a66b04ff7284e61ef716, file "free_energy"):
/// F(0) = 319.094, F(1000) = 84.4573, F(2000) = 60.6159. Accepted within 3 % (the spread of
/// codes near coarsening events; our spectral F(0) = 319.20 differs by 0.03 % from the
/// node-vs-cell-centre sampling of the non-periodic initial condition).
///
/// The values first quoted to the project as "PRISMS-PF 1a", F(1000) = 70.35 and
/// F(10000) = 40.81, are not of this problem: converged runs of this code give 84.9 at t = 1000
/// and 33.2 at t = 10000 (benchmark1a_converged), in agreement with MMSP (84.46 at t = 1000).
/// They are PRISMS-PF's configuration of the square (benchmark1_prisms_pf_published below), which
/// the tests reproduce separately. Published codes spread widely on this problem: HiPerC's CUDA 1a
/// run (T. Keller, gist tkphd/c4523570be7a1615de36f40660d7d4e0, "HiPerC spinodal CUDA results") has
/// F(0) = 326.43, F(1000) = 72.72 and F(10000) = 38.91, i.e. 14 % below MMSP at t = 1000; its
/// different F(0) (2.3 % above the benchmark's initial condition as MMSP and we evaluate it) points
/// to another discretisation of the energy. So 3 % agreement with one code is not a convergence
/// criterion; the grid and time-step convergence of our own answer is (tests/validation).
inline constexpr FreeEnergyPoint benchmark1a_reference[] = {{1000.0, 84.4573}, {2000.0, 60.6159}};
inline constexpr double benchmark1a_relative_tolerance = 0.03;

/// Benchmark 1a converged with this code (regression values, not an external reference):
/// 200 x 200 cell-centred Fourier grid, Chen-Shen step with A2 = 1, Richardson-extrapolated step
/// doubling at max-norm local error 1e-4 (27287 steps; 3e-4 gives 85.08 / 33.34).
inline constexpr FreeEnergyPoint benchmark1a_converged[] = {{1000.0, 84.925}, {10000.0, 33.155}};

/// The values quoted to the project as "PRISMS-PF 1a" (70.35 at t = 1000, 40.81 at t = 10000),
/// traced: PRISMS-PF's CHiMaD_benchmark1a application (github.com/prisms-center/phaseField,
/// applications/CHiMaD_benchmark1a) runs the square with ZERO_DERIVATIVE boundary conditions
/// (benchmark 1b's walls), 2^7 = 128 degree-1 elements per side, explicit steps of 5e-3, and
/// postprocesses f_tot = f_chem + sum_i sum_j kappa/2 c_i c_j, i.e. kappa/2 (c_x + c_y)^2 with a
/// cross term the specification does not have. An independent explicit nodal implementation of
/// exactly that (validation/pfhub/prisms_pf_benchmark1_nodal.cpp: 129^2 nodes, Gauss-Lobatto
/// corner quadrature, dt 5e-3; dt 2.5e-3 agrees to 1e-5) gives 70.352 and 40.811. The same dynamics with the
/// specification's energy give 73.49 and 38.02: the cross term alone moves the published pair by -4.3 % and
/// +7.3 %. So they are reproducible, but of 1b (not 1a), on an under-resolved grid (the interface is ~1.4
/// elements wide) and with another energy: a like-for-like comparison, not the converged answer.
inline constexpr FreeEnergyPoint benchmark1_prisms_pf_published[] = {{1000.0, 70.35}, {10000.0, 40.81}};
inline constexpr double benchmark1_prisms_pf_relative_tolerance = 0.03;

/// Benchmark 1b (the same problem with no-flux walls) converged with this code (regression values,
/// not an external reference): cosine (REDFT10) grid, the adaptive step at max-norm local error
/// 1e-4, on 128^2, 200^2 and 256^2 cells: F(1000) = 74.033 / 74.030 / 74.030 and
/// F(10000) = 38.871 / 38.873 / 38.873. The values quoted to the project for 1a (70.35 and 40.81,
/// see above) match neither variant: 1b differs from them by +5.2 % and -4.8 %.
inline constexpr FreeEnergyPoint benchmark1b_converged[] = {{1000.0, 74.03}, {10000.0, 38.873}};

}  // namespace voidsim::pfhub
