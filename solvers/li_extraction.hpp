#pragma once
// Li extraction through the LiPON interface with its external circuit (MODEL.md section 2,
// process 1), shared by the continuum and the KMC engines: the Li field x on the engine's grid,
// dx/dt = div(D_Li(x) s grad x) with s the local solid fraction (Li does not move through void),
// the Faradaic flux leaving the solid part of z = 0 (Butler-Volmer, quasi-steady and implicit in
// the surface composition, QuasiSteadyInterface) and the circuit with its double layer.
//
// A step is tried, then accepted or rejected, so an engine with a change-based step control can
// retry: try_step() updates x and keeps a trial circuit; accept() books the charge and commits the
// circuit; reject() restores x.
#include <string>

#include "core/grid.hpp"
#include "core/state_archive.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/li_diffusivity.hpp"
#include "model/quasi_steady_interface.hpp"
#include "solvers/engine.hpp"
#include "solvers/external_circuit.hpp"
#include "solvers/li_transport_stepper.hpp"
#include "solvers/spectral_transform.hpp"

namespace voidsim {

class LiExtraction {
 public:
  LiExtraction(const Grid& grid, bool lateral_periodic, LiTransportParameters li,
               ElectrochemistryParameters electrochemistry);

  /// The circuit at t = 0 for the surface composition over `solid` (call once the solid fraction
  /// of the initial state is known).
  void initialise(const double* solid);

  /// Advances x from `time` by dt with the solid fraction `solid` (per cell, in [0, 1], frozen
  /// over the step) and a trial circuit. The bias programme's segment containing `time` gives the
  /// voltage (callers end steps at its breakpoints). Without Li transport nothing moves.
  void try_step(double time, double dt, const double* solid);
  /// Commits the trial step: circuit, sample and Faradaic charge.
  void accept(double dt);
  /// Restores x to its value before try_step().
  void reject();

  [[nodiscard]] bool enabled() const noexcept { return li_.enabled; }
  [[nodiscard]] const double* li_fraction() const noexcept { return x_.data(); }
  [[nodiscard]] double* li_fraction() noexcept { return x_.data(); }
  /// x before the step being tried (equal to li_fraction() between steps).
  [[nodiscard]] const double* previous_li_fraction() const noexcept { return x_old_.data(); }

  /// Solid-weighted mean Li content of row k (k = 0 touches LiPON); x0 where all is void.
  [[nodiscard]] double row_li_fraction(std::size_t k, const double* solid) const;
  [[nodiscard]] double surface_li_fraction(const double* solid) const { return row_li_fraction(0, solid); }
  /// Total Li (sum of x over cells) -- for conservation checks.
  [[nodiscard]] double total_li() const;
  [[nodiscard]] const CircuitSample& circuit_sample() const noexcept { return sample_; }
  [[nodiscard]] const LiTransportParameters& parameters() const noexcept { return li_; }
  [[nodiscard]] const ElectrochemistryParameters& electrochemistry() const noexcept {
    return electrochemistry_;
  }

  /// current_A, voltage_V, charge_C, faradaic_charge_C, interface_overpotential_V,
  /// surface_li_fraction, li_extracted_fraction.
  void add_scalars(EngineScalars& scalars, const double* solid) const;

  /// Checkpoint under "<prefix>li_fraction", "<prefix>sample", "<prefix>circuit." and friends.
  void save(StateArchive& archive, const std::string& prefix) const;
  void load(const StateArchive& archive, const std::string& prefix);

 private:
  Grid grid_;
  LiTransportParameters li_;
  ElectrochemistryParameters electrochemistry_;
  LiTransportStepper stepper_;
  QuasiSteadyInterface interface_;
  ExternalCircuit circuit_, trial_circuit_;
  CircuitSample sample_, trial_sample_;
  AlignedBuffer x_, x_old_, diffusivity_, boundary_rate_;
  double initial_li_ = 0.0;
  double faradaic_charge_ = 0.0;                // C, from the Li actually removed
  double step_faradaic_current_density_ = 0.0;  // A/m^2, of the step being tried
};

}  // namespace voidsim
