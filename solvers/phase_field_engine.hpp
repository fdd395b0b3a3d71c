#pragma once
// The continuum engine (MODEL.md section 2): on a 2D cross-section or 3D block below the LiPON
// interface (z = 0), it couples
//   1. Li extraction: dx/dt = div(D_Li(x) (1 - h(eta)) grad x), the Faradaic current (Butler-
//      Volmer + ohmic drops, quasi-steady and implicit in the surface composition) leaving
//      through the z = 0 face; the external circuit with its double layer (Boost.Odeint)
//      reports the terminal current and voltage;
//   2. oxygen-vacancy generation G_v from the local delithiation rate below the O-redox onset,
//      plus the optional beam term;
//   3. the defect density rho (generation by delithiation strain, annihilation) and the pipe-
//      diffusion enhancement of the vacancy diffusivity;
//   4. the void model: Cahn-Hilliard for c_v with variable mobility, Allen-Cahn for eta;
//   5. explicit stochastic nucleation (classical rate, Poisson draw per cell and step,
//      counter-based random numbers);
//   6. the pristine surface reconstruction layer (surface_layer.mode): painted into the initial
//      state, or simulated by a contact stage before t = 0 in which no Li moves, O leaves across
//      z = 0, the lattice absorbs part of the vacancies into its O deficiency d and the rest
//      condenses into nanopores through terms 4-5 (docs/surface-layer.md).
// One coupled step is a Lie splitting in this order, with a change-based adaptive step size.
// Every term has its own `enabled` switch in the scenario.
#include <cstdint>
#include <memory>
#include <optional>

#include "model/defect_density.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/li_diffusivity.hpp"
#include "model/phase_field_numerics.hpp"
#include "model/surface_layer_parameters.hpp"
#include "model/vacancy_sources.hpp"
#include "model/void_free_energy.hpp"
#include "model/void_nucleation.hpp"
#include "solvers/anderson_acceleration.hpp"
#include "solvers/engine.hpp"
#include "solvers/li_extraction.hpp"
#include "solvers/nucleation_seeder.hpp"
#include "solvers/semi_implicit_steppers.hpp"
#include "solvers/spectral_transform.hpp"
#include "solvers/surface_layer_fields.hpp"

namespace voidsim {

/// Everything the engine needs, read from a validated scenario.
struct PhaseFieldSetup {
  Grid grid;
  std::uint64_t seed = 0;
  PhaseFieldNumerics numerics;
  LiTransportParameters li;
  ElectrochemistryParameters electrochemistry;
  VacancySourceParameters sources;
  DefectParameters defects;
  VoidModelParameters void_model;
  NucleationParameters nucleation;
  SurfaceLayerParameters surface_layer;

  [[nodiscard]] static PhaseFieldSetup from(const Scenario& scenario);
};

class PhaseFieldEngine final : public Engine {
 public:
  explicit PhaseFieldEngine(PhaseFieldSetup setup);

  [[nodiscard]] std::string_view name() const override { return "phase_field"; }
  [[nodiscard]] const Grid& grid() const override { return setup_.grid; }
  [[nodiscard]] double time() const override { return time_; }
  [[nodiscard]] std::int64_t step() const override { return step_; }
  [[nodiscard]] double last_dt() const override { return last_dt_; }
  void advance_to(double t_end, const std::function<bool()>& should_stop) override;
  [[nodiscard]] std::vector<FieldRef> fields() const override;
  [[nodiscard]] EngineScalars scalars() const override;
  void save_state(StateArchive& archive) const override;
  void load_state(const StateArchive& archive) override;

  /// Total Li (sum of x over cells, formula units per cell) -- for conservation checks.
  [[nodiscard]] double total_li() const { return li_.total_li(); }
  /// Total vacancy site fraction summed over cells.
  [[nodiscard]] double total_vacancies() const;
  /// Vacancies generated so far (sum over cells of the integrated source).
  [[nodiscard]] double generated_vacancies() const noexcept { return generated_vacancies_; }
  [[nodiscard]] const CircuitSample& circuit_sample() const noexcept { return li_.circuit_sample(); }
  [[nodiscard]] std::size_t nuclei_planted() const noexcept { return n_nuclei_; }

  // Direct field access for tests and initial-state generators.
  [[nodiscard]] double* li_fraction() noexcept { return li_.li_fraction(); }
  [[nodiscard]] double* vacancy_fraction() noexcept { return c_v_.data(); }
  [[nodiscard]] double* void_order_parameter() noexcept { return eta_.data(); }
  [[nodiscard]] double* defect_density() noexcept { return rho_.data(); }
  [[nodiscard]] const double* oxygen_deficiency() const noexcept { return surface_.oxygen_deficiency(); }

  // Oxygen budget of the contact stage (surface_layer.mode = process), in vacancy sites summed
  // over cells as site fractions (like total_vacancies()): lost across z = 0 = lattice deficiency
  // + change of total_vacancies() (dissolved and in pores).
  [[nodiscard]] double surface_oxygen_lost() const noexcept { return surface_oxygen_lost_; }
  /// Sum over cells of d / 2 (O sites per O site missing from the lattice itself).
  [[nodiscard]] double lattice_oxygen_deficiency() const;
  [[nodiscard]] std::int64_t contact_steps() const noexcept { return contact_steps_; }
  /// total_vacancies() before the contact stage (the initial dissolved vacancies).
  [[nodiscard]] double vacancies_before_contact() const noexcept { return vacancies_before_contact_; }

 private:
  /// One coupled step of size dt; false (state restored) if a change limit was exceeded.
  bool try_step(double dt);
  /// solid_ = 1 - h(eta) for the current eta (after every change of eta between steps).
  void update_solid_fraction();
  void backup();
  void restore();
  void check_health() const;
  struct VacancyState {
    double d_max;      // largest vacancy diffusivity, m^2/s
    double slope_max;  // largest d F / d eta of the Allen-Cahn force, J/m^3
  };
  /// mu, solid and void fractions, their diffusivities and omega_v - omega_s (in nucleation_rate_)
  /// of the current c_v and eta.
  VacancyState evaluate_vacancy_state();
  /// VacancyState::d_max alone (bias stage): the largest pipe-enhanced diffusivity over the cells.
  [[nodiscard]] double largest_vacancy_diffusivity() const;
  /// vacancy_rate_ = flux divergence + source from evaluate_vacancy_state()'s fields, minus
  /// (c - c^n) / dt when `backward_euler_lag` (an implicit-coupling pass).
  void vacancy_rate(double dt, bool backward_euler_lag);
  /// Iterates (c_v, eta), from the predictor or the split step's result, to the backward-Euler
  /// solution of the coupled pair (numerics.implicit_coupling_iterations > 0); false if it did not
  /// converge.
  bool iterate_implicit_coupling(double dt);
  /// Starting iterate of the implicit coupling: (c_v, eta)^n + dt x the last accepted step's rate.
  void predict_coupled_step(double dt);
  /// Stores (x - x^n) / dt of the converged, accepted step (before nucleation) for the predictor.
  void remember_coupled_rate(double dt);
  /// Painted layer: d(z) and nanopores (surface_layer.mode = painted).
  void paint_surface_layer();
  /// Simulated layer: the contact stage from -reaction_time to 0 (surface_layer.mode = process).
  void run_contact_stage();
  /// The O flux across z = 0 over dt (contact stage, after a step); returns the vacancies added.
  double exchange_oxygen_at_interface(double dt);
  /// The lattice takes vacancies into its O deficiency over dt (contact stage, after a step).
  void accommodate_vacancies(double dt);
  /// manganese_valence from the current x and d; phases and mixing from d.

  PhaseFieldSetup setup_;
  VoidFreeEnergy free_energy_;
  NucleationSeeder seeder_;
  CounterRandom random_;
  SpectralTransform transform_;
  LiExtraction li_;
  CahnHilliardStepper vacancy_stepper_;
  AllenCahnStepper void_stepper_;

  AlignedBuffer c_v_, eta_, rho_;              // state (x lives in li_)
  AlignedBuffer c_v_old_, eta_old_, rho_old_;  // for rejected steps
  AlignedBuffer solid_;                        // 1 - h(eta) of the current eta
  AlignedBuffer source_, nucleation_rate_;     // per-step work
  AlignedBuffer surface_weight_;               // defect escape weight per cell (constant)
  AlignedBuffer vacancy_solid_, vacancy_void_, vacancy_h_, vacancy_rate_;  // vacancy step work
  AlignedBuffer vacancy_mu_;       // chemical potential, J/m^3 (kept: Newton start of the next step)
  AlignedBuffer vacancy_d_solid_;  // vacancy step work
  fv::StencilGeometry vacancy_geometry_;
  // Implicit coupling (empty when off): Anderson history, (eta^n - eta) / (dt L), the stacked
  // (c_v, eta) iterate and its image under one pass, and the last accepted step's rate of the
  // stacked fields (valid when has_coupled_rate_; checkpointed).
  AndersonAcceleration anderson_;
  AlignedBuffer eta_lag_, coupled_iterate_, coupled_image_, coupled_rate_;
  bool has_coupled_rate_ = false;
  // Allen-Cahn stabiliser bound (VacancyState::slope_max) of the accepted fields, from the last
  // coupling pass of the step that made them (within the pass tolerances of them): the next
  // predicted step uses it instead of evaluating the fields once more. Invalid after a planting,
  // in the contact stage and with the split step; checkpointed.
  double last_pass_slope_ = 0.0;
  double accepted_slope_ = 0.0;
  bool has_accepted_slope_ = false;
  SurfaceLayerFields surface_;  // O deficiency d of the lattice and what follows from it

  double time_ = 0.0;
  double dt_ = 0.0;       // proposal for the next step
  double last_dt_ = 0.0;  // last accepted step
  std::int64_t step_ = 0;
  double generated_vacancies_ = 0.0;
  std::size_t n_nuclei_ = 0;
  std::string rejection_reason_;             // why the last step was rejected, for the error message
  double change_ratio_ = 0.0;                // last try's largest change / its limit (inf: failed)
  std::size_t n_nucleation_candidates_ = 0;  // Poisson draws >= 1, planted or rejected
  std::size_t n_rejected_steps_ = 0;         // tries the step controller refused and retried smaller
  std::size_t n_coupling_passes_ = 0;        // implicit-coupling passes of all tries
  bool contact_stage_ = false;               // inside run_contact_stage(): no Li, O flux at z = 0
  double surface_oxygen_lost_ = 0.0;
  double vacancies_before_contact_ = 0.0;
  std::int64_t contact_steps_ = 0;
};

}  // namespace voidsim
