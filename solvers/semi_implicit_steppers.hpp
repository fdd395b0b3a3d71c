#pragma once
// Semi-implicit spectral steppers for the continuum engine (MODEL.md section 2, "Community-standard
// equations for the continuum (phase-field) engine"): Cahn-Hilliard (constant or variable
// mobility), Allen-Cahn and variable-coefficient diffusion with a prescribed flux through the
// z = 0 face. All work in place on double arrays in Grid storage order.
//
// Shape of every stepper (two phases so that the adaptive controller can retry a rejected step
// cheaply):
//   prepare(u, local)      evaluates the point kernels at u^n and transforms the explicit terms;
//                          independent of dt.
//   solve(dt)              applies the dt-dependent implicit symbol and transforms back into the
//                          increment delta = u^{n+1} - u^n (one backward transform).
//   apply(u)               u += delta.
//   step(u, dt, local)     all three.
// Everything is first order in time (linearly implicit Euler); the stabilisers only change the
// O(dt) error constant, not the steady states.
//
// Local physics enters as a point kernel: an object with inline member functions of (cell index,
// value), e.g. dfdc(i, c), mobility(i, c), source(i, c) (see the concepts below). It is a template
// parameter, so the loop drivers (the only `#pragma omp parallel for`, in fv::for_each_cell and
// the symbol loops in the .cpp) inline it: no std::function or virtual call per cell.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <stdexcept>

#include "core/ordered_sum.hpp"
#include "solvers/finite_volume_stencil.hpp"
#include "solvers/spectral_transform.hpp"

namespace voidsim {

// ---- point-kernel concepts ----------------------------------------------------------------------

/// Local part of the chemical potential, df/dc (the bulk free-energy derivative).
template <class K>
concept HasChemicalPotential = requires(const K& k, std::size_t i, double u) {
  { k.dfdc(i, u) } -> std::convertible_to<double>;
};
/// Pointwise source S (rate of the field, 1/s), treated explicitly.
template <class K>
concept HasSource = requires(const K& k, std::size_t i, double u) {
  { k.source(i, u) } -> std::convertible_to<double>;
};
/// Variable Cahn-Hilliard mobility M(c, r); its presence selects the stabilised splitting.
template <class K>
concept HasMobility = requires(const K& k, std::size_t i, double u) {
  { k.mobility(i, u) } -> std::convertible_to<double>;
};
/// Diffusivity D(c, r) of the diffusion stepper (m^2/s).
template <class K>
concept HasDiffusivity = requires(const K& k, std::size_t i, double u) {
  { k.diffusivity(i, u) } -> std::convertible_to<double>;
};
/// Flux INTO the domain through the z = 0 face, per unit area (field units * m/s), for the
/// column (j * nx + i) whose first cell holds u. Li extraction through LiPON is negative.
template <class K>
concept HasBoundaryFluxZ0 = requires(const K& k, std::size_t column, double u) {
  { k.boundary_flux_z0(column, u) } -> std::convertible_to<double>;
};

// ---- parameters ---------------------------------------------------------------------------------

/// Laplacian of the constant-mobility Cahn-Hilliard path: the exact spectral symbol -k^2 (the
/// default: spectral accuracy), or the second-order finite-volume symbol -k_fd^2, with which the
/// step solves the 5-point (7-point in 3D) finite-difference semi-discretisation exactly. Why the
/// second: to run a finite-difference or linear finite-element code's discretisation through the
/// same stepper and compare with its published numbers (validation/pfhub_benchmark1.hpp).
enum class LaplacianSymbol { spectral, finite_volume };

struct CahnHilliardParameters {
  double kappa = 0.0;     // gradient energy coefficient (energy * m^2 / m^3 in SI)
  double mobility = 0.0;  // constant path: M; variable path: reference M0 of the splitting
  // Variable path only: implicit A * M0 * kappa * k^4. Zhu et al. 1999 need A * M0 >= M_max / 2
  // for stability; A = 1 with M0 = max M is safe.
  double stabilisation_a = 1.0;
  // Implicit A2 * M0 * k^2 (both paths; units of f''), damping the explicit f'(c) term. Energy
  // stable for A2 >= max f''/2 (Shen & Yang 2010); 0 is the plain Chen-Shen scheme.
  double stabilisation_a2 = 0.0;
  // Constant path only (the variable path always uses the finite-volume symbol).
  LaplacianSymbol laplacian = LaplacianSymbol::spectral;
};

struct AllenCahnParameters {
  double kinetic_coefficient = 0.0;  // L
  double kappa = 0.0;                // gradient energy coefficient
  double stabilisation = 0.0;        // S_eta: implicit L * S_eta, explicit - L * S_eta
};

struct DiffusionParameters {
  double d_max = 0.0;  // implicit reference diffusivity D0 >= max D(r) (stability needs D <= 2 D0)
};

// ---- Cahn-Hilliard ------------------------------------------------------------------------------

/// dc/dt = div(M grad mu) + S, mu = f'(c) - kappa lap c.
/// Constant mobility (the kernel has no mobility()): Chen & Shen 1998, Comput. Phys. Commun. 108,
/// 147, fully spectral (continuous k, or k_fd with LaplacianSymbol::finite_volume):
///   (1 + dt M (kappa k^4 + A2 k^2)) delta_hat = -dt M k^2 (f'_hat + kappa k^2 c_hat).
/// Variable mobility: Zhu, Chen, Shen, Tikare 1999, Phys. Rev. E 60, 3564, stabilised splitting
/// with finite-volume fluxes and the finite-volume symbol k_fd:
///   (1 + dt M0 (A kappa k_fd^4 + A2 k_fd^2)) delta_hat = dt R_hat,
///   R = div(M grad(f'(c) - kappa lap_fd c)) + S (all explicit).
/// The source S is added as dt * S in real space on the constant path (exact mass bookkeeping
/// without one more transform) and inside R on the variable path.
class CahnHilliardStepper {
 public:
  CahnHilliardStepper(const SpectralTransform& transform, CahnHilliardParameters parameters);

  template <HasChemicalPotential Local>
  void prepare(const double* c, const Local& local);
  void solve(double dt);
  void apply(double* c) const;
  template <HasChemicalPotential Local>
  void step(double* c, double dt, const Local& local) {
    prepare(c, local);
    solve(dt);
    apply(c);
  }

  /// Total free energy: sum over cells of f(c) dV + kappa/2 int |grad c|^2 (spectral gradient, or
  /// the face differences with LaplacianSymbol::finite_volume).
  /// f_density is a callable f(i, c). Uses internal buffers (call between steps).
  template <class Density>
  double free_energy(const double* c, const Density& f_density);

  [[nodiscard]] const double* increment() const noexcept { return delta_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return transform_.size(); }
  [[nodiscard]] const CahnHilliardParameters& parameters() const noexcept { return parameters_; }
  /// Replaces the reference mobility and stabilisers before the next solve(). Why: a stabiliser
  /// fixed at the worst case the model allows over-damps when the fields are far from it (measured:
  /// vacancy diffusion 50x too slow at dt = 5 s); callers that know the current max M f'' set the
  /// tightest energy-stable value each step.
  void set_stabilisation(double reference_mobility, double a, double a2) noexcept {
    parameters_.mobility = reference_mobility;
    parameters_.stabilisation_a = a;
    parameters_.stabilisation_a2 = a2;
  }

 private:
  const SpectralTransform& transform_;
  CahnHilliardParameters parameters_;
  fv::StencilGeometry geometry_;
  bool variable_ = false;  // which path prepare() took
  bool has_source_ = false;
  AlignedBuffer real_a_, real_b_, hat_a_, hat_b_, work_, delta_, source_;
};

// ---- Allen-Cahn ---------------------------------------------------------------------------------

/// deta/dt = -L (f'(eta) - kappa lap eta) + S, spectral, kappa lap eta and S_eta implicit:
///   (1 + dt L (kappa k^2 + S_eta)) delta_hat = -dt L (f'_hat + kappa k^2 eta_hat); + dt S.
/// The kernel's dfdc(i, eta) is f'(eta) (the name is shared with the Cahn-Hilliard concept).
class AllenCahnStepper {
 public:
  AllenCahnStepper(const SpectralTransform& transform, AllenCahnParameters parameters);

  template <HasChemicalPotential Local>
  void prepare(const double* eta, const Local& local);
  void solve(double dt);
  void apply(double* eta) const;
  template <HasChemicalPotential Local>
  void step(double* eta, double dt, const Local& local) {
    prepare(eta, local);
    solve(dt);
    apply(eta);
  }
  [[nodiscard]] const double* increment() const noexcept { return delta_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return transform_.size(); }
  [[nodiscard]] const AllenCahnParameters& parameters() const noexcept { return parameters_; }
  /// Replaces S_eta before the next solve(): callers that know the current max |d f'/d eta| set a
  /// stabiliser that covers it (the phase-field engine: the c_v-eta coupling at fixed c_v).
  void set_stabilisation(double s) noexcept { parameters_.stabilisation = s; }

 private:
  const SpectralTransform& transform_;
  AllenCahnParameters parameters_;
  bool has_source_ = false;
  AlignedBuffer real_a_, hat_a_, hat_b_, work_, delta_, source_;
};

// ---- variable-coefficient diffusion -------------------------------------------------------------

/// dc/dt = div(D grad c) + S (+ prescribed flux J through the z = 0 face), stabilised:
///   (1 + dt D0 k_fd^2) delta_hat = dt R_hat,  R = div_fv(D grad c) + S + J / dz (first row).
/// With D = D0 this is backward Euler of the finite-volume scheme. The k = 0 mode is not damped,
/// so the total changes by exactly dt * (sum S dV + sum J dA) per step.
class VariableDiffusionStepper {
 public:
  VariableDiffusionStepper(const SpectralTransform& transform, DiffusionParameters parameters);

  template <HasDiffusivity Local>
  void prepare(const double* c, const Local& local);
  void solve(double dt);
  void apply(double* c) const;
  template <HasDiffusivity Local>
  void step(double* c, double dt, const Local& local) {
    prepare(c, local);
    solve(dt);
    apply(c);
  }
  [[nodiscard]] const double* increment() const noexcept { return delta_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return transform_.size(); }

 private:
  const SpectralTransform& transform_;
  DiffusionParameters parameters_;
  fv::StencilGeometry geometry_;
  AlignedBuffer coefficient_, rhs_, hat_a_, work_, delta_;
};

// ---- adaptive time step -------------------------------------------------------------------------

struct AdaptiveOptions {
  double dt_initial = 0.0;
  double dt_min = 0.0;
  double dt_max = 0.0;
  double tolerance = 1e-3;  // accepted max-norm local error of one step, field units
  // Plus this fraction of the step's max-norm change: e <= tolerance + relative_tolerance *
  // max|u^{n+1} - u^n|. Needed where the field starts from small perturbations (spinodal
  // decomposition): an absolute tolerance alone would be 10 % of a 0.01 perturbation.
  double relative_tolerance = 0.0;
  double safety = 0.9;
  double max_growth = 2.0;  // dt grows by at most this factor per step
  double max_shrink = 0.2;  // and shrinks by at most this factor per rejection
  // Accept the Richardson extrapolation 2 u_half - u_full (second order in dt, error estimate
  // then conservative) instead of the two-half-step result (first order, keeps the stabilised
  // schemes' energy decrease step by step).
  bool extrapolate = false;
};

struct AdaptiveStepReport {
  double dt = 0.0;      // the step taken
  double error = 0.0;   // its error estimate
  int n_rejected = 0;   // retries before acceptance
  bool forced = false;  // accepted at dt_min with error > tolerance
};

/// Error control for the first-order steppers above, by step doubling: from u^n one full step
/// (delta_full) and two half steps (delta_1 at u^n, delta_2 at u^n + delta_1) are taken; for a
/// first-order method the two-half-step result has local error ~ e = max|delta_1 + delta_2 -
/// delta_full| (its error is C dt^2 / 2, the full step's C dt^2). The step is accepted if
/// e <= tolerance, with the two-half-step result or (options.extrapolate) the Richardson
/// extrapolation 2 u_half - u_full, which is second order. Controller for an order-1
/// estimate: dt_new = dt * clamp(safety sqrt(tol / e), max_shrink, max_growth), bounded by
/// [dt_min, dt_max]; rejected steps are retried with the smaller dt, and a step at dt_min is
/// accepted and flagged. Cost: the full step and the first half step share prepare(), so an
/// accepted step is 2 prepare() + 3 solve() (about 2.3 single steps) for two half steps of
/// progress. Why not the cheaper comparison with the extrapolated previous increment: for the
/// stiff (dt sigma >> 1) modes the semi-implicit increment is ~R/sigma, independent of dt, so
/// delta_n - (dt_n / dt_{n-1}) delta_{n-1} is O(1) whenever dt changes and the controller
/// rejects most steps (measured: 877 rejections in 966 steps on PFHub 1a).
template <class Stepper>
class AdaptiveStepper {
 public:
  AdaptiveStepper(Stepper& stepper, AdaptiveOptions options)
      : stepper_(stepper),
        options_(options),
        full_(stepper.size()),
        half_(stepper.size()),
        first_(stepper.size()),
        dt_(options.dt_initial) {
    if (!(options.dt_min > 0.0) || !(options.dt_max >= options.dt_min) ||
        !(options.dt_initial >= options.dt_min && options.dt_initial <= options.dt_max) ||
        !(options.tolerance > 0.0) || options.relative_tolerance < 0.0)
      throw std::invalid_argument("AdaptiveOptions: need 0 < dt_min <= dt_initial <= dt_max, tolerance > 0");
  }

  /// One accepted step of at most dt_limit (e.g. the time to the next output).
  template <class Local>
  AdaptiveStepReport step(double* u, double dt_limit, const Local& local);

  /// Steps until t == t_end (the last step is shortened to land on it).
  template <class Local>
  void advance(double* u, double& t, double t_end, const Local& local) {
    while (t < t_end) {
      const double remaining = t_end - t;
      const AdaptiveStepReport r = step(u, remaining, local);
      t = (r.dt >= remaining) ? t_end : t + r.dt;
    }
  }

  [[nodiscard]] double dt() const noexcept { return dt_; }  // the proposal for the next step
  [[nodiscard]] long n_accepted() const noexcept { return n_accepted_; }
  [[nodiscard]] long n_rejected() const noexcept { return n_rejected_; }

 private:
  Stepper& stepper_;
  AdaptiveOptions options_;
  AlignedBuffer full_, half_, first_;  // delta_full, u^n + delta_1, delta_1
  double dt_;
  long n_accepted_ = 0, n_rejected_ = 0;
};

// ================================================================================================
// Template definitions
// ================================================================================================

template <HasChemicalPotential Local>
void CahnHilliardStepper::prepare(const double* c, const Local& local) {
  const std::size_t n = size();
  has_source_ = HasSource<Local>;
  double* g = real_a_.data();
  double* s = source_.data();
  if constexpr (!HasMobility<Local>) {
    // Constant mobility: transform c and f'(c); the source stays in real space.
    variable_ = false;
    double* cc = real_b_.data();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      cc[i] = c[i];
      g[i] = local.dfdc(i, c[i]);
      if constexpr (HasSource<Local>) s[i] = local.source(i, c[i]);
    }
    transform_.forward(cc, hat_a_.data());
    transform_.forward(g, hat_b_.data());
  } else {
    // Variable mobility: mu = f'(c) - kappa lap_fd c and M at cells, then R = div(M grad mu) + S.
    variable_ = true;
    double* mu = g;
    double* m = real_b_.data();
    double* r = work_.data();  // scratch real array; work_ is free until solve()
    const double kappa = parameters_.kappa;
    const fv::StencilGeometry& geo = geometry_;
    fv::for_each_cell(geo, [&](std::size_t idx, const std::size_t pos[3]) {
      mu[idx] = local.dfdc(idx, c[idx]) - kappa * fv::flux_divergence_at<true>(geo, nullptr, c, idx, pos);
      m[idx] = local.mobility(idx, c[idx]);
    });
    fv::for_each_cell(geo, [&](std::size_t idx, const std::size_t pos[3]) {
      double rate = fv::flux_divergence_at<false>(geo, m, mu, idx, pos);
      if constexpr (HasSource<Local>) rate += local.source(idx, c[idx]);
      r[idx] = rate;
    });
    has_source_ = false;  // included in R
    transform_.forward(r, hat_a_.data());
  }
}

template <class Density>
double CahnHilliardStepper::free_energy(const double* c, const Density& f_density) {
  const std::size_t n = size();
  double* cc = real_b_.data();
  const double bulk = ordered_sum(n, [&](std::size_t i) {
    cc[i] = c[i];
    return f_density(i, c[i]);
  });
  transform_.forward(cc, work_.data());
  // The gradient energy of the scheme being stepped (the finite-volume one decreases under it).
  const double gradient = parameters_.laplacian == LaplacianSymbol::spectral
                              ? transform_.gradient_norm_squared(work_.data())
                              : transform_.gradient_norm_squared_fd(work_.data());
  return bulk * transform_.grid().cell_volume() + 0.5 * parameters_.kappa * gradient;
}

template <HasChemicalPotential Local>
void AllenCahnStepper::prepare(const double* eta, const Local& local) {
  const std::size_t n = size();
  has_source_ = HasSource<Local>;
  double* g = real_a_.data();
  double* s = source_.data();
  double* e = delta_.data();  // scratch copy of eta (aligned); delta_ is rewritten by solve()
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = eta[i];
    g[i] = local.dfdc(i, eta[i]);
    if constexpr (HasSource<Local>) s[i] = local.source(i, eta[i]);
  }
  transform_.forward(e, hat_a_.data());
  transform_.forward(g, hat_b_.data());
}

template <HasDiffusivity Local>
void VariableDiffusionStepper::prepare(const double* c, const Local& local) {
  double* d = coefficient_.data();
  double* r = rhs_.data();
  const fv::StencilGeometry& geo = geometry_;
  const std::size_t n = size();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) d[i] = local.diffusivity(i, c[i]);
  fv::for_each_cell(geo, [&](std::size_t idx, const std::size_t pos[3]) {
    double rate = fv::flux_divergence_at<false>(geo, d, c, idx, pos);
    if constexpr (HasSource<Local>) rate += local.source(idx, c[idx]);
    r[idx] = rate;
  });
  if constexpr (HasBoundaryFluxZ0<Local>) {
    // Finite-volume face flux of the first cell row: J dA / (dz dA). Only meaningful where the
    // z = 0 face is otherwise closed.
    if (transform_.boundaries().z != Boundary::no_flux)
      throw std::invalid_argument("VariableDiffusionStepper: a z = 0 boundary flux needs a no-flux z axis");
    const std::size_t n_columns = geo.n[0] * geo.n[1];
    const double inv_dz = 1.0 / transform_.grid().dz;
#pragma omp parallel for schedule(static)
    for (std::size_t col = 0; col < n_columns; ++col) r[col] += local.boundary_flux_z0(col, c[col]) * inv_dz;
  }
  transform_.forward(r, hat_a_.data());
}

template <class Stepper>
template <class Local>
AdaptiveStepReport AdaptiveStepper<Stepper>::step(double* u, double dt_limit, const Local& local) {
  AdaptiveStepReport report;
  const std::size_t n = stepper_.size();
  const double proposal = dt_;
  const bool limited = dt_limit < proposal;
  double dt = std::min(dt_, dt_limit);
  double* full = full_.data();
  double* half = half_.data();
  double* first = first_.data();
  for (;;) {
    // Full step and first half step from the same prepare() at u^n.
    stepper_.prepare(u, local);
    stepper_.solve(dt);
    const double* d = stepper_.increment();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) full[i] = d[i];
    stepper_.solve(0.5 * dt);
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      first[i] = d[i];
      half[i] = u[i] + d[i];
    }
    // Second half step.
    stepper_.prepare(half, local);
    stepper_.solve(0.5 * dt);
    double e = 0.0, change = 0.0;
#pragma omp parallel for schedule(static) reduction(max : e, change)
    for (std::size_t i = 0; i < n; ++i) {
      e = std::max(e, std::abs(first[i] + d[i] - full[i]));
      change = std::max(change, std::abs(first[i] + d[i]));
    }
    if (!(e <= 1e300)) e = std::numeric_limits<double>::infinity();  // NaN -> reject
    report.error = e;
    const double tol = options_.tolerance + options_.relative_tolerance * change;
    const double factor = e > 0.0 ? options_.safety * std::sqrt(tol / e) : options_.max_growth;
    if (e <= tol || dt <= options_.dt_min) {
      if (e > tol) {
        if (!std::isfinite(e)) throw std::runtime_error("AdaptiveStepper: non-finite update at dt_min");
        report.forced = true;
      }
      dt_ = std::clamp(dt * std::clamp(factor, options_.max_shrink, options_.max_growth), options_.dt_min,
                       options_.dt_max);
      // A step shortened only to hit dt_limit (an output time) must not shrink the next proposal.
      if (limited && report.n_rejected == 0) dt_ = std::max(dt_, proposal);
      break;
    }
    dt = std::max(options_.dt_min, dt * std::clamp(factor, options_.max_shrink, 1.0));
    ++report.n_rejected;
    ++n_rejected_;
  }
  if (options_.extrapolate) {
    // u^n + 2 (delta_1 + delta_2) - delta_full.
    const double* d = stepper_.increment();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) u[i] += 2.0 * (first[i] + d[i]) - full[i];
  } else {
    // The two-half-step solution.
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) u[i] = half[i];
    stepper_.apply(u);
  }
  ++n_accepted_;
  report.dt = dt;
  return report;
}

}  // namespace voidsim
