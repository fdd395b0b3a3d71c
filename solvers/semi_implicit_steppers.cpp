// dt-dependent halves of the semi-implicit steppers: apply the implicit symbol to the transformed
// explicit terms, transform back to the increment, add it. See semi_implicit_steppers.hpp for the
// schemes and their sources.
#include "solvers/semi_implicit_steppers.hpp"

#include <stdexcept>

namespace voidsim {

namespace {

void add_increment(double* u, const double* delta, std::size_t n) {
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) u[i] += delta[i];
}

void add_scaled(double* delta, const double* source, double dt, std::size_t n) {
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) delta[i] += dt * source[i];
}

void require_positive(double value, const char* what) {
  if (!(value > 0.0)) throw std::invalid_argument(std::string(what) + " must be > 0");
}

}  // namespace

// ---- Cahn-Hilliard ------------------------------------------------------------------------------

CahnHilliardStepper::CahnHilliardStepper(const SpectralTransform& transform,
                                         CahnHilliardParameters parameters)
    : transform_(transform),
      parameters_(parameters),
      geometry_(transform.grid(), transform.boundaries()),
      real_a_(transform.size()),
      real_b_(transform.size()),
      hat_a_(transform.spectral_size()),
      hat_b_(transform.spectral_size()),
      work_(transform.spectral_size()),  // also a real scratch array in prepare(); spectral_size() >= size()
      delta_(transform.size()),
      source_(transform.size()) {
  require_positive(parameters.mobility, "CahnHilliardParameters.mobility");
  if (parameters.kappa < 0.0 || parameters.stabilisation_a < 0.0 || parameters.stabilisation_a2 < 0.0)
    throw std::invalid_argument("CahnHilliardParameters: kappa and stabilisation must be >= 0");
}

void CahnHilliardStepper::solve(double dt) {
  const std::size_t n = transform_.spectral_size();
  const double scale = transform_.normalisation() * dt;
  const double m0 = parameters_.mobility, kappa = parameters_.kappa, a2 = parameters_.stabilisation_a2;
  double* w = work_.data();
  const double* ch = hat_a_.data();
  if (!variable_) {
    // Chen-Shen: delta_hat = -dt M k^2 (f'_hat + kappa k^2 c_hat) / (1 + dt M (kappa k^4 + A2 k^2)).
    const double* gh = hat_b_.data();
    const double* k2 = parameters_.laplacian == LaplacianSymbol::spectral ? transform_.k_squared()
                                                                          : transform_.k_squared_fd();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      const double q = k2[i];
      w[i] = -scale * m0 * q * (gh[i] + kappa * q * ch[i]) / (1.0 + dt * m0 * q * (kappa * q + a2));
    }
  } else {
    // Zhu et al. 1999: delta_hat = dt R_hat / (1 + dt M0 (A kappa k_fd^4 + A2 k_fd^2)).
    const double a = parameters_.stabilisation_a;
    const double* k2 = transform_.k_squared_fd();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      const double q = k2[i];
      w[i] = scale * ch[i] / (1.0 + dt * m0 * q * (a * kappa * q + a2));
    }
  }
  transform_.backward_unnormalised(w, delta_.data());
  if (has_source_) add_scaled(delta_.data(), source_.data(), dt, size());
}

void CahnHilliardStepper::apply(double* c) const { add_increment(c, delta_.data(), size()); }

// ---- Allen-Cahn ---------------------------------------------------------------------------------

AllenCahnStepper::AllenCahnStepper(const SpectralTransform& transform, AllenCahnParameters parameters)
    : transform_(transform),
      parameters_(parameters),
      real_a_(transform.size()),
      hat_a_(transform.spectral_size()),
      hat_b_(transform.spectral_size()),
      work_(transform.spectral_size()),
      delta_(transform.size()),
      source_(transform.size()) {
  require_positive(parameters.kinetic_coefficient, "AllenCahnParameters.kinetic_coefficient");
  if (parameters.kappa < 0.0 || parameters.stabilisation < 0.0)
    throw std::invalid_argument("AllenCahnParameters: kappa and stabilisation must be >= 0");
}

void AllenCahnStepper::solve(double dt) {
  const std::size_t n = transform_.spectral_size();
  const double scale = transform_.normalisation() * dt;
  const double l = parameters_.kinetic_coefficient, kappa = parameters_.kappa, s = parameters_.stabilisation;
  const double* eh = hat_a_.data();
  const double* gh = hat_b_.data();
  const double* k2 = transform_.k_squared();
  double* w = work_.data();
  // delta_hat = -dt L (f'_hat + kappa k^2 eta_hat) / (1 + dt L (kappa k^2 + S_eta)).
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    const double q = k2[i];
    w[i] = -scale * l * (gh[i] + kappa * q * eh[i]) / (1.0 + dt * l * (kappa * q + s));
  }
  transform_.backward_unnormalised(w, delta_.data());
  if (has_source_) add_scaled(delta_.data(), source_.data(), dt, size());
}

void AllenCahnStepper::apply(double* eta) const { add_increment(eta, delta_.data(), size()); }

// ---- diffusion ----------------------------------------------------------------------------------

VariableDiffusionStepper::VariableDiffusionStepper(const SpectralTransform& transform,
                                                   DiffusionParameters parameters)
    : transform_(transform),
      parameters_(parameters),
      geometry_(transform.grid(), transform.boundaries()),
      coefficient_(transform.size()),
      rhs_(transform.size()),
      hat_a_(transform.spectral_size()),
      work_(transform.spectral_size()),
      delta_(transform.size()) {
  require_positive(parameters.d_max, "DiffusionParameters.d_max");
}

void VariableDiffusionStepper::solve(double dt) {
  const std::size_t n = transform_.spectral_size();
  const double scale = transform_.normalisation() * dt;
  const double d0 = parameters_.d_max;
  const double* rh = hat_a_.data();
  const double* k2 = transform_.k_squared_fd();
  double* w = work_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) w[i] = scale * rh[i] / (1.0 + dt * d0 * k2[i]);
  transform_.backward_unnormalised(w, delta_.data());
}

void VariableDiffusionStepper::apply(double* c) const { add_increment(c, delta_.data(), size()); }

}  // namespace voidsim
