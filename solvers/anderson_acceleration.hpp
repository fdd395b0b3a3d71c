#pragma once
// Anderson acceleration of a fixed-point iteration x <- G(x) on a field of n doubles (Walker & Ni
// 2011, SIAM J. Numer. Anal. 49, 1715, "type II" with memory m): from the last m differences of
// the residuals f = G(x) - x and of the images g = G(x), the next iterate is
//   x+ = g - sum_j gamma_j dg_j,  gamma = argmin || f - sum_j gamma_j df_j ||_2.
// Why here: the phase-field engine iterates its split (c_v, eta) step to the backward-Euler
// solution of the coupled pair (docs/void-model.md, section 2b). The plain passes contract the slow
// modes (an interface shifting with the vacancies around it) by only 1 - lambda / S each; mixing
// the last few passes converges them in ~7 passes per step at dt = 5 s from the split step's
// result, ~3.5 from the engine's predictor (tests/solvers/test_implicit_coupling.cpp).
//
// Allocation-free after construction; one fused sweep per update computes the new difference
// column, its row of the Gram matrix (the rest is kept) and the right-hand side, as ordered sums,
// so the iterates are bitwise the same for any thread count.
#include <cstddef>

#include "solvers/spectral_transform.hpp"

namespace voidsim {

class AndersonAcceleration {
 public:
  static constexpr int max_depth = 8;

  /// depth 0 is the plain iteration x+ = g; at most max_depth.
  AndersonAcceleration(std::size_t n, int depth);

  /// Forgets the history (call before the first iterate of a new fixed-point problem).
  void reset() noexcept {
    stored_ = 0;
    next_ = 0;  // the solve reads slots 0 .. stored_ - 1: the ring must refill from slot 0
    have_previous_ = false;
  }

  /// x holds the iterate x_k on entry and x_{k+1} on return; g = G(x_k).
  void update(double* x, const double* g);

  [[nodiscard]] int depth() const noexcept { return depth_; }
  /// Columns used by the last update (0 .. depth).
  [[nodiscard]] int columns_used() const noexcept { return used_; }

 private:
  std::size_t n_;
  int depth_;
  int stored_ = 0;  // valid columns in the ring
  int next_ = 0;    // ring slot the next difference goes to
  int used_ = 0;
  bool have_previous_ = false;
  AlignedBuffer df_, dg_;                   // depth columns of n, ring order
  AlignedBuffer f_prev_, g_prev_;           // residual and image of the previous iterate
  double gram_[max_depth][max_depth] = {};  // df columns' dot products, by ring slot
};

}  // namespace voidsim
