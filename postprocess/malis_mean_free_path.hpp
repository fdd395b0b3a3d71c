#pragma once
// Total inelastic mean free path for the EELS relative-thickness (t/lambda) map, from the
// Malis-Cheng-Egerton formula (T. Malis, S. C. Cheng, R. F. Egerton, J. Electron Microsc. Tech. 8,
// 193 (1988); R. F. Egerton, Electron Energy-Loss Spectroscopy in the Electron Microscope, 3rd ed.,
// section 5.1): lambda = 106 F E0 / (E_m ln(2 beta E0 / E_m)) nm with E0 in keV, beta in mrad,
// E_m = 7.6 Z_eff^0.36 eV and F = (1 + E0/1022) / (1 + E0/511)^2 the relativistic factor.
// MODEL.md section 3: 116 nm at 200 kV and 136 nm at 300 kV for LNMO, beta = 20 mrad.
namespace voidsim {

struct EelsConditions {
  double beam_energy = 200e3;            // E0, eV (200 kV)
  double collection_semi_angle = 20e-3;  // beta, rad
};

/// E_m = 7.6 Z_eff^0.36, eV.
[[nodiscard]] double malis_mean_energy_loss(double effective_atomic_number);

/// lambda, m, for a material of effective atomic number Z_eff (> 0).
[[nodiscard]] double malis_mean_free_path(double effective_atomic_number, const EelsConditions& conditions);

}  // namespace voidsim
