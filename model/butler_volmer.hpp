#pragma once
// Butler-Volmer kinetics of Li extraction at the LiPON/LNMO interface (MODEL.md section 2,
// process 1). Sign convention: eta = phi_cathode - phi_electrolyte - U(x_s) and the current
// density i are positive for the anodic direction at the cathode, i.e. delithiation (charging,
// Li+ leaving the cathode into LiPON).
namespace voidsim {

enum class ExchangeCurrentModel {
  constant,  // i0 = i0_ref, independent of composition
  newman,    // i0 = i0_ref * theta^alpha_c (1 - theta)^alpha_a / 0.5  (Doyle-Fuller-Newman form)
};

struct ButlerVolmer {
  double exchange_current_density = 1.0;  // i0_ref, A/m^2 (value at theta = 1/2 for `newman`)
  double transfer_coefficient = 0.5;      // alpha_a; alpha_c = 1 - alpha_a
  double temperature = 298.15;            // K
  ExchangeCurrentModel model = ExchangeCurrentModel::newman;
  double max_li_fraction = 1.2;     // x at which every Li site is filled (theta = x / x_max)
  double composition_floor = 0.01;  // theta is clamped to [floor, 1 - floor] inside i0 (see .cpp)

  /// alpha_a F / (R T) and alpha_c F / (R T), in 1/V.
  [[nodiscard]] double anodic_factor() const;
  [[nodiscard]] double cathodic_factor() const;

  /// Exchange current density i0(x_s) in A/m^2 at surface Li content x_s (Li per formula unit).
  [[nodiscard]] double exchange_current(double x_surface) const;

  /// i(eta, x_s) = i0(x_s) [exp(alpha_a F eta / RT) - exp(-alpha_c F eta / RT)], A/m^2.
  [[nodiscard]] double current_density(double overpotential, double x_surface) const;
  /// di/deta in S/m^2 (always >= 0: the Faradaic branch is a monotone conductance).
  [[nodiscard]] double conductance(double overpotential, double x_surface) const;

  /// The overpotential eta with current_density(eta, x_s) == i (the inverse, for galvanostatic
  /// operation). Safeguarded Newton iteration inside a bracket from the Tafel bounds, converged
  /// to a few ulps. Throws std::domain_error if i != 0 and i0(x_s) == 0 (no finite eta exists).
  [[nodiscard]] double overpotential(double current_density, double x_surface) const;
};

/// Tafel slope ln(10) R T / (alpha F) in volts per decade, for transfer coefficient `alpha`.
[[nodiscard]] double tafel_slope(double alpha, double temperature);

}  // namespace voidsim
