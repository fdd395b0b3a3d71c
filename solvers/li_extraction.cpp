#include "solvers/li_extraction.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/ordered_sum.hpp"
#include "model/interfacial_li_flux.hpp"

namespace voidsim {

LiExtraction::LiExtraction(const Grid& grid, bool lateral_periodic, LiTransportParameters li,
                           ElectrochemistryParameters electrochemistry)
    : grid_(grid),
      li_(std::move(li)),
      electrochemistry_(std::move(electrochemistry)),
      stepper_(grid, lateral_periodic),
      interface_(electrochemistry_),
      circuit_(electrochemistry_, li_.initial_li_fraction),
      trial_circuit_(circuit_),
      x_(grid.size()),
      x_old_(grid.size()),
      diffusivity_(grid.size()),
      boundary_rate_(grid.nx * grid.ny) {
  std::fill(x_.data(), x_.data() + grid.size(), li_.initial_li_fraction);
  std::fill(x_old_.data(), x_old_.data() + grid.size(), li_.initial_li_fraction);
  initial_li_ = total_li();
}

void LiExtraction::initialise(const double* solid) {
  sample_ = circuit_.sample(0.0, surface_li_fraction(solid));
}

double LiExtraction::total_li() const {
  const std::size_t n = grid_.size();
  const double* x = x_.data();
  return ordered_sum(n, [x](std::size_t i) { return x[i]; });
}

double LiExtraction::row_li_fraction(std::size_t k, const double* solid) const {
  const std::size_t n_columns = grid_.nx * grid_.ny;
  const std::size_t base = k * n_columns;
  double weighted = 0.0, weight = 0.0;
  for (std::size_t col = 0; col < n_columns; ++col) {
    weighted += solid[base + col] * x_[base + col];
    weight += solid[base + col];
  }
  return weight > 0.0 ? weighted / weight : li_.initial_li_fraction;
}

void LiExtraction::try_step(double time, double dt, const double* solid) {
  const std::size_t n = grid_.size();
  const std::size_t n_columns = grid_.nx * grid_.ny;
  std::copy(x_.data(), x_.data() + n, x_old_.data());
  trial_circuit_ = circuit_;
  trial_sample_ = sample_;
  step_faradaic_current_density_ = 0.0;
  if (!li_.enabled) return;

  double* d = diffusivity_.data();
  const double* x_now = x_.data();
  const double log_ratio = li_.log_ratio();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    // Li does not move through void; a small floor keeps the line systems well conditioned.
    d[i] = li_diffusivity(li_, x_now[i], log_ratio) * std::max(solid[i], 1e-6);
  }
  const auto& ec = electrochemistry_;
  const bool galvanostatic = ec.bias.mode == BiasMode::galvanostatic;
  // The smooth piece of the bias programme this step lies on (engines end steps at the
  // programme's jumps): at a jump voltage(t) already returns the next step's value.
  const double voltage = galvanostatic ? 0.0 : ec.bias.segment(time).voltage(time + dt);
  const double per_current = li_fraction_rate(1.0, grid_.dz);  // dx/dt of the interface cell per A/m^2
  auto boundary = [&](std::size_t column, double x0, double& rate, double& rate_derivative) {
    const double s = solid[column];
    if (galvanostatic) {
      rate = s * per_current * ec.current_density;
      rate_derivative = 0.0;
      return;
    }
    // Forward difference of the quasi-steady current: its Newton solve is converged to round-off,
    // and 1e-7 in x is far below the Li resolution that matters.
    constexpr double step = 1e-7;
    const double i0 = interface_.current_density(voltage, x0);
    const double i1 = interface_.current_density(voltage, x0 + step);
    rate = s * per_current * i0;
    rate_derivative = s * per_current * (i1 - i0) / step;
  };
  stepper_.step(x_.data(), d, dt, boundary, boundary_rate_.data());
  double sum = 0.0;
  for (std::size_t col = 0; col < n_columns; ++col) sum += boundary_rate_[col];
  step_faradaic_current_density_ = sum / static_cast<double>(n_columns) / per_current;
  // The circuit reports the terminal current and voltage for the new surface composition.
  trial_sample_ = trial_circuit_.advance(time, dt, surface_li_fraction(solid));
}

void LiExtraction::accept(double dt) {
  circuit_ = trial_circuit_;
  sample_ = trial_sample_;
  faradaic_charge_ += step_faradaic_current_density_ * electrochemistry_.electrode_area * dt;
}

void LiExtraction::reject() { std::copy(x_old_.data(), x_old_.data() + grid_.size(), x_.data()); }

void LiExtraction::add_scalars(EngineScalars& scalars, const double* solid) const {
  scalars["current_A"] = sample_.current_A;
  scalars["voltage_V"] = sample_.cell_voltage_V;
  scalars["charge_C"] = sample_.charge_C;
  scalars["faradaic_charge_C"] = faradaic_charge_;
  scalars["interface_overpotential_V"] = sample_.interface_overpotential_V;
  scalars["surface_li_fraction"] = surface_li_fraction(solid);
  scalars["li_extracted_fraction"] = 1.0 - total_li() / initial_li_;
}

void LiExtraction::save(StateArchive& archive, const std::string& prefix) const {
  archive.arrays[prefix + "li_fraction"].assign(x_.data(), x_.data() + grid_.size());
  archive.reals[prefix + "initial_li"] = initial_li_;
  archive.reals[prefix + "faradaic_charge"] = faradaic_charge_;
  archive.arrays[prefix + "sample"] = {sample_.time,
                                       sample_.applied_voltage_V,
                                       sample_.cell_voltage_V,
                                       sample_.current_A,
                                       sample_.faradaic_current_density_A_m2,
                                       sample_.mean_faradaic_current_density_A_m2,
                                       sample_.interface_overpotential_V,
                                       sample_.double_layer_voltage_V,
                                       sample_.charge_C,
                                       sample_.faradaic_charge_C};
  circuit_.save(archive, prefix + "circuit.");
}

void LiExtraction::load(const StateArchive& archive, const std::string& prefix) {
  const auto& x = archive.array(prefix + "li_fraction");
  if (x.size() != grid_.size())
    throw IoError("checkpoint array " + prefix + "li_fraction has the wrong size for this grid");
  std::copy(x.begin(), x.end(), x_.data());
  std::copy(x.begin(), x.end(), x_old_.data());
  initial_li_ = archive.real(prefix + "initial_li");
  faradaic_charge_ = archive.real(prefix + "faradaic_charge");
  const auto& s = archive.array(prefix + "sample");
  if (s.size() != 10) throw IoError("checkpoint circuit sample has the wrong length");
  sample_ = {s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]};
  circuit_.load(archive, prefix + "circuit.");
  trial_circuit_ = circuit_;
  trial_sample_ = sample_;
}

}  // namespace voidsim
