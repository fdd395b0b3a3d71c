#include "solvers/phase_field_engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/ordered_sum.hpp"
#include "model/domain_parameters.hpp"
#include "model/interfacial_li_flux.hpp"
#include "model/surface_reconstruction.hpp"
#include "model/void_grand_potential.hpp"
#include "solvers/step_size_controller.hpp"

namespace voidsim {

namespace {

AxisBoundaries boundaries_of(const PhaseFieldNumerics& numerics) {
  const Boundary lateral = numerics.lateral_periodic ? Boundary::periodic : Boundary::no_flux;
  return {lateral, lateral, Boundary::no_flux};
}

// ---- point kernels of the three steppers (MODEL.md section 2) ------------------------------

// Vacancies (MODEL.md section 2, in grand-potential form, model/void_grand_potential.hpp):
//   dc/dt = div(D (1 - h) grad c_s(mu)) + div(D h grad c_v(mu)) + G_v,  c = c(mu, eta) conserved.
// The fluxes are explicit finite-volume fluxes computed by the engine; the stabilised spectral
// stepper adds only the implicit stabiliser D_max k^2 (kernel without chemical potential).
struct VacancyKernel {
  const double* explicit_rate;  // the whole right-hand side, per cell
  double dfdc(std::size_t, double) const { return 0.0; }
  double mobility(std::size_t, double) const { return 1.0; }
  double source(std::size_t i, double) const { return explicit_rate[i]; }
};

// Voids: deta/dt = -L [w g'(eta) + h'(eta) (omega_v(mu) - omega_s(mu))] + L kappa lap eta.
struct VoidKernel {
  double barrier_height;                     // w
  const double* grand_potential_difference;  // omega_v - omega_s per cell
  double dfdc(std::size_t i, double eta) const {
    return barrier_height * double_well_derivative(eta) +
           interpolation_derivative(eta) * grand_potential_difference[i];
  }
};

// The same force minus the backward-Euler lag (eta^n - eta^m) / (dt L) of an implicit-coupling
// pass (PhaseFieldEngine::iterate_implicit_coupling): the linearly implicit stepper then solves for
// the next iterate instead of the next step.
struct LaggedVoidKernel {
  double barrier_height;
  const double* grand_potential_difference;
  const double* lag;
  double dfdc(std::size_t i, double eta) const {
    return barrier_height * double_well_derivative(eta) +
           interpolation_derivative(eta) * grand_potential_difference[i] - lag[i];
  }
};

CahnHilliardParameters vacancy_parameters(const PhaseFieldSetup& s) {
  // Reference mobility and stabilisers are reset every step from the current fields
  // (CahnHilliardStepper::set_stabilisation); these are only the starting values.
  CahnHilliardParameters p;
  p.kappa = s.void_model.vacancy_gradient_coefficient();
  p.mobility = s.void_model.vacancy_mobility(1.0, s.void_model.vacancy_diffusivity);
  return p;
}

// Lower bound of the Allen-Cahn stabiliser: |d^2 f / d eta^2| <= 2 w + max|h''| |f_v - f_s| ~ 2 w + 6 A
// at fixed c_v. The engine raises it every step to the largest d F / d eta of the current fields,
// including the c_v-eta coupling (eta_force_slope below).
double void_stabilisation_floor(const VoidFreeEnergy& f) {
  return 2.0 * f.barrier_height + 6.0 * f.void_well;
}

AllenCahnParameters void_parameters(const PhaseFieldSetup& s, const VoidFreeEnergy& f) {
  AllenCahnParameters p;
  p.kinetic_coefficient = s.void_model.allen_cahn_mobility;
  p.kappa = s.void_model.interface().kappa;
  p.stabilisation = void_stabilisation_floor(f);
  return p;
}

// d F / d eta of the local Allen-Cahn force F = w g'(eta) + h'(eta) (omega_v - omega_s)(mu) at fixed
// c_v (the state the eta step sees: mu is frozen at the step's start while c_v moves only by
// diffusion), an upper bound per cell: w |g''| + |h''| |omega_v - omega_s| + K, K the coupling
// stiffness h'^2 (c_v - c_s)^2 / chi of VoidGrandPotential. Why: the semi-implicit step
// (1 + dt L S) d eta = -dt L F amplifies a local perturbation by 1 - dt L F'/(1 + dt L S), which for
// dt L S >> 1 leaves (-1, 1) once F' > 2 S. With S = 2 w + 6 A alone, K (up to 21.6 A when c_s is
// dilute) exceeded it: at the default dt_max the interface cells locked into a period-2 cycle that
// held the solid at c_v ~ 13 c_eq next to a void (docs/void-model.md, "Gibbs-Thomson").
double eta_force_slope(const VoidGrandPotential& gp, double barrier_height, double eta, double mu,
                       double omega_difference) {
  return barrier_height * std::abs(double_well_second_derivative(eta)) +
         std::abs(interpolation_second_derivative(eta) * omega_difference) + gp.coupling_stiffness(mu, eta);
}

// Length of the stacked (c_v, eta) vector of the implicit coupling; 0 when it is off (no memory).
std::size_t coupled_size(const PhaseFieldSetup& s) {
  return s.numerics.implicit_coupling_iterations > 0 ? 2 * s.grid.size() : 0;
}

// eta below which a cell counts as solid (before and after a step) for the c_v and Li change limits
// and the implicit coupling's c_v convergence: there c_v is a dilute solution (see max_abs_difference).
constexpr double dilute_solid_eta = 0.05;

// eta below which a cell is bulk solid for the grand potential: h(eta) ~ 10 eta^3 < 1e-14.
constexpr double bulk_solid_eta = 1e-5;

// Largest |a - b|; with eta_a/eta_b given, only over cells solid before and after the step
// (eta < solid_eta in both). Why the restriction for c_v: across a void interface c_v jumps from
// ~c_eq to 1 within ~2 cells and follows eta there, so a moving interface changes c_v by O(1) per
// cell it crosses; limiting that would tie the step to the interface speed a second time (already
// bounded by max_change_void). The vacancy field's accuracy is measured where it is a dilute solution.
double max_abs_difference(const double* a, const double* b, std::size_t n, const double* eta_a = nullptr,
                          const double* eta_b = nullptr, double solid_eta = 0.0) {
  double m = 0.0;
#pragma omp parallel for schedule(static) reduction(max : m)
  for (std::size_t i = 0; i < n; ++i) {
    if (eta_a == nullptr || std::max(eta_a[i], eta_b[i]) < solid_eta) m = std::max(m, std::abs(a[i] - b[i]));
  }
  return std::isfinite(m) ? m : std::numeric_limits<double>::infinity();
}

// Index of the first cell outside [lo, hi] (NaN counts as outside), n if none. Serves both the
// step rejection (tight bounds: retry smaller) and the health check (loose bounds: stop the run).
std::size_t first_outside(const double* f, std::size_t n, double lo, double hi) {
  std::size_t bad = n;
#pragma omp parallel for schedule(static) reduction(min : bad)
  for (std::size_t i = 0; i < n; ++i) {
    if (!(f[i] >= lo && f[i] <= hi)) bad = std::min(bad, i);
  }
  return bad;
}

bool all_within(const double* f, std::size_t n, double lo, double hi) {
  return first_outside(f, n, lo, hi) == n;
}

void copy(const AlignedBuffer& from, AlignedBuffer& to) {
  std::copy(from.data(), from.data() + from.size(), to.data());
}

}  // namespace

PhaseFieldSetup PhaseFieldSetup::from(const Scenario& scenario) {
  PhaseFieldSetup s;
  s.grid = DomainParameters::from(scenario).grid;
  s.seed = static_cast<std::uint64_t>(scenario.integer("run.seed"));
  s.numerics = PhaseFieldNumerics::from(scenario);
  s.li = LiTransportParameters::from(scenario);
  s.electrochemistry = ElectrochemistryParameters::from(scenario);
  s.sources = VacancySourceParameters::from(scenario);
  s.defects = DefectParameters::from(scenario);
  s.void_model = VoidModelParameters::from(scenario);
  s.nucleation = NucleationParameters::from(scenario);
  s.surface_layer = SurfaceLayerParameters::from(scenario);
  return s;
}

PhaseFieldEngine::PhaseFieldEngine(PhaseFieldSetup setup)
    : setup_(std::move(setup)),
      free_energy_(setup_.void_model.free_energy()),
      seeder_([&] {
        auto settings =
            NucleationSeederSettings::from(setup_.nucleation, setup_.void_model, setup_.grid.dimension);
        settings.periodic_lateral = setup_.numerics.lateral_periodic;
        return settings;
      }()),
      random_(setup_.seed, RandomStream::nucleation),
      transform_(setup_.grid, boundaries_of(setup_.numerics)),
      li_(setup_.grid, setup_.numerics.lateral_periodic, setup_.li, setup_.electrochemistry),
      vacancy_stepper_(transform_, vacancy_parameters(setup_)),
      void_stepper_(transform_, void_parameters(setup_, free_energy_)),
      c_v_(setup_.grid.size()),
      eta_(setup_.grid.size()),
      rho_(setup_.grid.size()),
      c_v_old_(setup_.grid.size()),
      eta_old_(setup_.grid.size()),
      rho_old_(setup_.grid.size()),
      solid_(setup_.grid.size()),
      source_(setup_.grid.size()),
      nucleation_rate_(setup_.grid.size()),
      surface_weight_(setup_.grid.size()),
      vacancy_solid_(setup_.grid.size()),
      vacancy_void_(setup_.grid.size()),
      vacancy_h_(setup_.grid.size()),
      vacancy_rate_(setup_.grid.size()),
      vacancy_mu_(setup_.grid.size()),
      vacancy_d_solid_(setup_.grid.size()),
      vacancy_geometry_(setup_.grid, boundaries_of(setup_.numerics)),
      anderson_(coupled_size(setup_), setup_.numerics.anderson_depth),
      eta_lag_(coupled_size(setup_) / 2),
      coupled_iterate_(coupled_size(setup_)),
      coupled_image_(coupled_size(setup_)),
      coupled_rate_(coupled_size(setup_)),
      surface_(setup_.grid, setup_.surface_layer),
      dt_(setup_.numerics.dt_initial) {
  const Grid& g = setup_.grid;
  const std::size_t n = g.size();
  const double c0 = setup_.numerics.initial_vacancy_fraction >= 0.0
                        ? setup_.numerics.initial_vacancy_fraction
                        : free_energy_.equilibrium_vacancy_fraction();
  std::fill(c_v_.data(), c_v_.data() + n, c0);
  std::fill(eta_.data(), eta_.data() + n, 0.0);
  std::fill(rho_.data(), rho_.data() + n, setup_.defects.model.initial_density);
  std::fill(vacancy_mu_.data(), vacancy_mu_.data() + n, 0.0);  // Newton start; mu = 0 is c_v_eq
  // Defect escape weight exp(-d / escape_length) from the distance d to the nearest free surface
  // (the LiPON interface, and the side walls if they are free); constant, so tabulated once.
  for (std::size_t k = 0; k < g.nz; ++k) {
    for (std::size_t j = 0; j < g.ny; ++j) {
      for (std::size_t i = 0; i < g.nx; ++i) {
        double d = (static_cast<double>(k) + 0.5) * g.dz;
        if (!setup_.numerics.lateral_periodic) {
          d = std::min(
              {d, (static_cast<double>(i) + 0.5) * g.dx, (static_cast<double>(g.nx - i) - 0.5) * g.dx});
        }
        surface_weight_[g.index(i, j, k)] = setup_.defects.model.surface_weight(d);
      }
    }
  }
  if (setup_.surface_layer.mode == SurfaceLayerMode::painted) paint_surface_layer();
  update_solid_fraction();
  li_.initialise(solid_.data());
  if (setup_.surface_layer.mode == SurfaceLayerMode::process) run_contact_stage();
  surface_.update_vacancy_transport();
  surface_.update(li_.li_fraction());
}

double PhaseFieldEngine::lattice_oxygen_deficiency() const {
  const std::size_t n = setup_.grid.size();
  const double* d = surface_.oxygen_deficiency();
  return ordered_sum(n, [d](std::size_t i) { return 0.5 * d[i]; });  // d O per formula unit of 2 O sites
}

void PhaseFieldEngine::paint_surface_layer() {
  const Grid& g = setup_.grid;
  const PaintedLayer& layer = setup_.surface_layer.painted;
  surface_.paint();
  if (!setup_.surface_layer.reaction.nanopores_enabled) return;
  // Each pore as the void model's equilibrium profile, c_v = 1 inside (the seeder's convention).
  const double width = setup_.void_model.interface_width;
  const bool periodic = setup_.numerics.lateral_periodic;
  for (const Nanopore& pore : place_nanopores(g, layer, setup_.surface_layer.thresholds, setup_.seed)) {
    for (std::size_t k = 0; k < g.nz; ++k) {
      const double z = (static_cast<double>(k) + 0.5) * g.dz;
      if (std::abs(z - pore.z) > 0.5 * pore.diameter + 4.0 * width) continue;
      for (std::size_t j = 0; j < g.ny; ++j) {
        const double y = g.dimension == 3 ? (static_cast<double>(j) + 0.5) * g.dy : 0.0;
        for (std::size_t i = 0; i < g.nx; ++i) {
          const double x = (static_cast<double>(i) + 0.5) * g.dx;
          const double s = distance_to_pore(g, pore, x, y, z, periodic);
          if (s > 4.0 * width) continue;
          const std::size_t c = g.index(i, j, k);
          const double eta = std::max(eta_[c], equilibrium_profile(s, width));
          const double h = interpolation(eta);
          eta_[c] = eta;
          c_v_[c] = std::max(c_v_[c], (1.0 - h) * c_v_[c] + h);
        }
      }
    }
  }
}

double PhaseFieldEngine::exchange_oxygen_at_interface(double dt) {
  // MODEL.md section 2, process 6: O leaves the top cells into the electrolyte side at
  // J = k_r rho_O (1 - c_s / c_contact), i.e. dc_s/dt = (k_r / dz)(1 - c_s / c_contact) in the top
  // cell, slowing as the surface reduces (its vacancies build up towards c_contact); none through
  // a pore's surface. Applied after the step's diffusion as the exact solution of that law over
  // dt, so it is stable for any dt; for dt >> dz c_contact / k_r the surface is held at c_contact
  // (diffusion-limited reaction). Returns the vacancies added (site fractions summed over cells).
  const Grid& g = setup_.grid;
  const SurfaceReaction& r = setup_.surface_layer.reaction;
  if (!r.oxygen_flux_enabled) return 0.0;
  const double* eta = eta_.data();
  double* c = c_v_.data();
  const double relaxation = r.rate_velocity / (g.dz * r.contact_vacancy_fraction);  // 1/s
  const double filled = -std::expm1(-relaxation * dt);
  double added = 0.0;
  for (std::size_t j = 0; j < g.ny; ++j) {
    for (std::size_t i = 0; i < g.nx; ++i) {
      const std::size_t cell = g.index(i, j, 0);
      const double solid = 1.0 - interpolation(std::clamp(eta[cell], 0.0, 1.0));
      const double delta = solid * std::max(0.0, r.contact_vacancy_fraction - c[cell]) * filled;
      c[cell] += delta;
      added += delta;
    }
  }
  return added;
}

void PhaseFieldEngine::accommodate_vacancies(double dt) {
  // The lattice takes supersaturated vacancies into its O deficiency by reducing Mn (charge
  // balance) at dd/dt = 2 k_a (c_v - c_eq)(1 - d / d_sat) in the solid part of each cell, solved
  // exactly over dt for frozen (1 - d / d_sat): never more than the excess, and conserving
  // c_v + d / 2.
  const SurfaceReaction& r = setup_.surface_layer.reaction;
  if (!r.accommodation_enabled || !(r.accommodation_rate > 0.0)) return;
  const std::size_t n = setup_.grid.size();
  const double c_eq = free_energy_.equilibrium_vacancy_fraction();
  double* c = c_v_.data();
  double* d = surface_.oxygen_deficiency();
  const double* eta = eta_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    const double excess = c[i] - c_eq;
    if (!(excess > 0.0)) continue;
    const double solid = 1.0 - interpolation(std::clamp(eta[i], 0.0, 1.0));
    const double capacity = std::max(0.0, 1.0 - d[i] / r.saturation_deficiency);
    const double taken = std::min(solid * excess * -std::expm1(-r.accommodation_rate * capacity * dt),
                                  0.5 * std::max(0.0, r.saturation_deficiency - d[i]));
    c[i] -= taken;
    d[i] += 2.0 * taken;
  }
}

void PhaseFieldEngine::run_contact_stage() {
  // The stage runs on the engine's own clock and step counter, which are reset afterwards so the
  // bias starts at t = 0, step 0. Its nucleation draws come from their own stream.
  const auto& nm = setup_.numerics;
  vacancies_before_contact_ = total_vacancies();
  contact_stage_ = true;
  const double t_end = setup_.surface_layer.reaction.reaction_time;
  while (time_ < t_end) {
    const double remaining = t_end - time_;
    double dt = std::min(dt_, remaining);
    while (!try_step(dt)) {
      if (dt <= nm.dt_min)
        throw NumericalError(
            "phase_field contact stage: a step of dt_min still changes a field by more than "
            "its limit; " +
            rejection_reason_);
      dt = std::max(nm.dt_min, StepSizeController::after_reject(change_ratio_) * dt);
    }
    time_ = dt >= remaining ? t_end : time_ + dt;
    ++step_;
    check_health();
    dt_ = std::clamp(StepSizeController::after_accept(change_ratio_) * dt, nm.dt_min, nm.dt_max);
  }
  contact_stage_ = false;
  contact_steps_ = step_;
  has_coupled_rate_ = false;  // the contact stage's rates do not predict the bias stage
  time_ = 0.0;
  step_ = 0;
  dt_ = nm.dt_initial;
  last_dt_ = 0.0;
}

double PhaseFieldEngine::total_vacancies() const {
  const std::size_t n = setup_.grid.size();
  const double* c = c_v_.data();
  return ordered_sum(n, [c](std::size_t i) { return c[i]; });
}

void PhaseFieldEngine::update_solid_fraction() {
  const std::size_t n = setup_.grid.size();
  const double* eta = eta_.data();
  double* solid = solid_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) solid[i] = 1.0 - interpolation(std::clamp(eta[i], 0.0, 1.0));
}

void PhaseFieldEngine::backup() {
  copy(c_v_, c_v_old_);
  copy(eta_, eta_old_);
  copy(rho_, rho_old_);
}

void PhaseFieldEngine::restore() {
  copy(c_v_old_, c_v_);
  copy(eta_old_, eta_);
  copy(rho_old_, rho_);
}

bool PhaseFieldEngine::try_step(double dt) {
  const Grid& g = setup_.grid;
  const std::size_t n = g.size();
  backup();
  change_ratio_ = std::numeric_limits<double>::infinity();  // until the step is measured

  // 1. Li transport with the Faradaic flux leaving the solid part of z = 0 (LiExtraction), and
  //    the circuit reporting the terminal current and voltage.
  if (!contact_stage_) li_.try_step(time_, dt, solid_.data());

  // 2.-3. Vacancy generation from the local delithiation rate (none inside voids), and the defect
  //       density driven by the strain rate of Li and O removal.
  const double* x = li_.li_fraction();
  const double* x_old = li_.previous_li_fraction();
  const double* eta = eta_.data();
  double* source = source_.data();
  double* rho = rho_.data();
  const double* surface_weight = surface_weight_.data();
  const double* deficiency = surface_.oxygen_deficiency();  // 0 outside the surface layer
  const VacancySourceParameters& sources = setup_.sources;
  const DefectDensityModel& defects = setup_.defects.model;
  double generated = 0.0;
  if (contact_stage_) {
    std::fill(source, source + n, 0.0);  // the interface exchange follows the accepted step
  } else {
    generated = ordered_sum(n, [&](std::size_t i) {
      const double li_rate = (x[i] - x_old[i]) / dt;
      const double solid = 1.0 - interpolation(std::clamp(eta[i], 0.0, 1.0));
      source[i] = solid * sources.rate(x[i], li_rate, deficiency[i]);
      if (defects.enabled) {
        rho[i] = defects.advance(rho[i], defects.strain_rate(li_rate, source[i]), surface_weight[i], dt);
      }
      return source[i];
    });
  }

  // 4. Void model: vacancies (Cahn-Hilliard), then the void order parameter (Allen-Cahn).
  const bool implicit = setup_.numerics.implicit_coupling_iterations > 0;
  if (setup_.void_model.enabled) {
    // The predicted step's first pass evaluates the fields anyway. Its Allen-Cahn stabiliser comes
    // from the last pass of the step that made the current eta and c_v (saves one of the ~1.5
    // evaluations per step); the diffusivity bound is taken afresh, as rho has just moved.
    const bool predicted = implicit && has_coupled_rate_;
    const VacancyState state = predicted && has_accepted_slope_
                                   ? VacancyState{largest_vacancy_diffusivity(), accepted_slope_}
                                   : evaluate_vacancy_state();
    // Implicit D_max k^2 covers the explicit diffusion for any dt (stable for >= D_max / 2).
    vacancy_stepper_.set_stabilisation(1.0, 1.0, state.d_max);
    // S = 2 max F', not the bare one-cell limit max F' / 2: the diffusion step couples neighbouring
    // interface cells through c_v (a cell's mu also moves with its neighbours' eta), which the
    // per-cell bound does not see. Measured on a relaxed 5 nm void (tests/solvers/
    // test_void_gibbs_thomson.cpp, dt = 5 s): S = max F' still leaves a period-2 cycle (c_v amplitude
    // 3e-4, mu spread 30 %), 2 max F' none (mu flat to 0.5 %).
    void_stepper_.set_stabilisation(std::max(void_stabilisation_floor(free_energy_), 2.0 * state.slope_max));
    if (predicted) {
      predict_coupled_step(dt);
    } else {
      // The split step; with the implicit coupling on, the starting iterate of the first step.
      vacancy_rate(dt, false);
      vacancy_stepper_.step(c_v_.data(), dt, VacancyKernel{vacancy_rate_.data()});
      void_stepper_.step(eta_.data(), dt, VoidKernel{free_energy_.barrier_height, nucleation_rate_.data()});
    }
    if (implicit && !iterate_implicit_coupling(dt)) {
      rejection_reason_ =
          "the implicit c_v-eta coupling did not converge within phase_field.implicit_coupling_iterations";
      restore();
      if (!contact_stage_) li_.reject();
      return false;
    }
  } else {
    double* c = c_v_.data();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) c[i] += dt * source[i];
  }

  const auto& nm = setup_.numerics;
  // Li is measured where the lattice is bulk (eta < 0.05 before and after), as c_v is: x is Li per
  // formula unit of the layered oxide. In a void it has no meaning (its value stays frozen behind
  // the floor diffusivity) and in the diffuse rim it follows the interface, which max_change_void
  // bounds. Measured in the default run: a fresh nucleus's cells and rim trade Li with each other,
  // 0.035 (eta 0.88) and 0.025 (eta 0.39) in one 5 s step against < 0.01 in the bulk lattice; limiting
  // that rejected every step after a nucleation.
  const double change_li = contact_stage_
                               ? 0.0
                               : max_abs_difference(li_.li_fraction(), li_.previous_li_fraction(), n,
                                                    eta_.data(), eta_old_.data(), dilute_solid_eta);
  const double change_vacancy =
      max_abs_difference(c_v_.data(), c_v_old_.data(), n, eta_.data(), eta_old_.data(), dilute_solid_eta);
  const double change_void = max_abs_difference(eta_.data(), eta_old_.data(), n);
  const bool in_bounds = all_within(c_v_.data(), n, -0.01, 1.1) && all_within(eta_.data(), n, -0.1, 1.1);
  change_ratio_ = in_bounds ? std::max({change_li / nm.max_change_li, change_vacancy / nm.max_change_vacancy,
                                        change_void / nm.max_change_void})
                            : std::numeric_limits<double>::infinity();
  if (!(change_ratio_ <= 1.0)) {
    char text[256];
    std::snprintf(text, sizeof text,
                  "largest changes: li_fraction %.3g (limit %.3g), vacancy_fraction %.3g (limit %.3g), "
                  "void_order_parameter %.3g (limit %.3g)%s",
                  change_li, nm.max_change_li, change_vacancy, nm.max_change_vacancy, change_void,
                  nm.max_change_void, in_bounds ? "" : "; c_v or eta left [-0.01, 1.1] x [-0.1, 1.1]");
    rejection_reason_ = text;
    restore();
    if (!contact_stage_) li_.reject();
    return false;
  }

  if (implicit) remember_coupled_rate(dt);
  accepted_slope_ = last_pass_slope_;
  has_accepted_slope_ = implicit && setup_.void_model.enabled && !contact_stage_;

  // 5. Stochastic nucleation on the accepted step (random numbers keyed by the step index).
  //    In the contact stage, nanopores nucleate from their own random stream (the bias stage's
  //    step keys restart at 0).
  const bool nucleate = setup_.nucleation.enabled && setup_.void_model.enabled &&
                        (!contact_stage_ || setup_.surface_layer.reaction.nanopores_enabled);
  if (nucleate) {
    const CounterRandom contact_random(setup_.seed, RandomStream::initial_state);
    const double* nucleation_defects = rho_.data();
    if (contact_stage_) {
      // The transformed part of the layer (spinel-like, rock-salt domains and their boundaries)
      // counts as defects for the barrier (paper: nanopores where the phase transformation
      // concentrates strain); vacancy_rate_ is free after the vacancy step.
      const double rho_t = setup_.surface_layer.reaction.transformation_defect_density;
      const ReconstructionThresholds& t = setup_.surface_layer.thresholds;
      double* rho_eff = vacancy_rate_.data();
      const double* d = surface_.oxygen_deficiency();
      const double* rho_now = rho_.data();
#pragma omp parallel for schedule(static)
      for (std::size_t i = 0; i < n; ++i) {
        const ReconstructionState s = reconstruction_from_deficiency(d[i], t);
        rho_eff[i] = rho_now[i] + rho_t * (s.spinel_fraction + s.rock_salt_fraction);
      }
      nucleation_defects = rho_eff;
    }
    seeder_.compute_rate(g, c_v_.data(), nucleation_defects, nucleation_rate_.data());
    n_nuclei_ += seeder_.seed_nuclei(g, eta_.data(), c_v_.data(), nucleation_rate_.data(), dt, step_,
                                     contact_stage_ ? contact_random : random_);
    n_nucleation_candidates_ += seeder_.statistics().candidates;
    if (seeder_.statistics().planted > 0) has_accepted_slope_ = false;  // new interfaces
  }

  if (contact_stage_) {
    // 6. The lattice absorbs part of the supersaturation (after the void step, so pores and the
    //    lattice compete for the same vacancies in every step).
    surface_oxygen_lost_ += exchange_oxygen_at_interface(dt);
    accommodate_vacancies(dt);
  } else {
    li_.accept(dt);
    generated_vacancies_ += generated * dt;
  }
  update_solid_fraction();
  return true;
}

double PhaseFieldEngine::largest_vacancy_diffusivity() const {
  const std::size_t n = setup_.grid.size();
  const double* rho = rho_.data();
  const DefectDensityModel& defects = setup_.defects.model;
  const double* layer = surface_.vacancy_transport();
  const double base = setup_.void_model.vacancy_diffusivity;
  double d_max = 0.0;
#pragma omp parallel for schedule(static) reduction(max : d_max)
  for (std::size_t i = 0; i < n; ++i)
    d_max = std::max(d_max, layer[i] * defects.effective_diffusivity(base, rho[i]));
  return d_max;
}

PhaseFieldEngine::VacancyState PhaseFieldEngine::evaluate_vacancy_state() {
  // Chemical potential from the conserved c (Newton from the last mu), then the solid and void
  // fractions it implies, the diffusivities of both and the Allen-Cahn driving force.
  const std::size_t n = setup_.grid.size();
  const double* c = c_v_.data();
  const double* eta = eta_.data();
  const double* rho = rho_.data();
  double* mu = vacancy_mu_.data();
  double* c_solid = vacancy_solid_.data();
  double* c_void = vacancy_void_.data();
  double* d_solid = vacancy_d_solid_.data();
  double* d_void = vacancy_h_.data();
  double* omega_difference = nucleation_rate_.data();  // free until nucleation
  const DefectDensityModel& defects = setup_.defects.model;
  const double* layer = surface_.vacancy_transport();  // 1 in the contact stage (set after it)
  const double base_diffusivity = contact_stage_ ? setup_.surface_layer.reaction.vacancy_diffusivity
                                                 : setup_.void_model.vacancy_diffusivity;
  const VoidGrandPotential gp(free_energy_);
  const double w = free_energy_.barrier_height;
  double d_max = 0.0, slope_max = 0.0;
#pragma omp parallel for schedule(static) reduction(max : d_max, slope_max)
  for (std::size_t i = 0; i < n; ++i) {
    const double eta_c = std::clamp(eta[i], 0.0, 1.0);
    // In the contact stage D_L is the layer's effective diffusivity (no pipe enhancement).
    const double d = contact_stage_ ? base_diffusivity
                                    : layer[i] * defects.effective_diffusivity(base_diffusivity, rho[i]);
    d_max = std::max(d_max, d);
    if (eta_c <= bulk_solid_eta && c[i] > 0.0 && c[i] < 1.0) {
      // Bulk solid: closed forms instead of the Newton solve (h < 1e-14 is treated as 0, a
      // relative change of c_s below 1e-11 at c_eq; the coupling stiffness K ~ h'^2 / chi is
      // < 1e-20 of the stabiliser floor there and is left out of the slope).
      const VoidGrandPotential::SolidState solid = gp.solid_state_at_fraction(c[i]);
      mu[i] = solid.chemical_potential;
      c_solid[i] = c[i];
      c_void[i] = gp.void_fraction(mu[i]);
      d_solid[i] = d;
      d_void[i] = 0.0;
      omega_difference[i] = gp.void_grand_potential(mu[i]) - solid.grand_potential;
      slope_max =
          std::max(slope_max, w * std::abs(double_well_second_derivative(eta_c)) +
                                  std::abs(interpolation_second_derivative(eta_c) * omega_difference[i]));
      continue;
    }
    const double h = interpolation(eta_c);
    mu[i] = gp.chemical_potential(c[i], h, mu[i]);
    c_solid[i] = gp.solid_fraction(mu[i]);
    c_void[i] = gp.void_fraction(mu[i]);
    d_solid[i] = d * (1.0 - h);
    d_void[i] = d * h;
    omega_difference[i] = gp.void_grand_potential(mu[i]) - gp.solid_grand_potential(mu[i]);
    slope_max = std::max(slope_max, eta_force_slope(gp, w, eta_c, mu[i], omega_difference[i]));
  }
  return {d_max, slope_max};
}

void PhaseFieldEngine::vacancy_rate(double dt, bool backward_euler_lag) {
  double* rate = vacancy_rate_.data();
  const double* c_solid = vacancy_solid_.data();
  const double* c_void = vacancy_void_.data();
  const double* d_solid = vacancy_d_solid_.data();
  const double* d_void = vacancy_h_.data();
  const double* source = source_.data();
  const double* c = c_v_.data();
  const double* c_n = c_v_old_.data();
  const double inv_dt = 1.0 / dt;
  const fv::StencilGeometry& geo = vacancy_geometry_;
  fv::for_each_cell(geo, [&](std::size_t idx, const std::size_t pos[3]) {
    double r = fv::flux_divergence_at<false>(geo, d_solid, c_solid, idx, pos) +
               fv::flux_divergence_at<false>(geo, d_void, c_void, idx, pos) + source[idx];
    if (backward_euler_lag) r -= (c[idx] - c_n[idx]) * inv_dt;
    rate[idx] = r;
  });
}

void PhaseFieldEngine::predict_coupled_step(double dt) {
  // Linear extrapolation from the last accepted step: a growing void's interface moves smoothly,
  // so this starts the passes O(dt^2) from the solution, where the split step (an interface slowed
  // to L / (1 + dt L S)) starts them O(dt). Not clamped: the step controller bounds the last step's
  // change (max_change_*) and the proposal grows by at most 1.5x, so the start stays within 1.5x
  // those limits of accepted fields. Clamping the start (eta to [0, 1], c_v to at least half its
  // value) moved cells off the slightly negative values the spectral steps hold and cost 50 % more
  // passes (default in situ run: 3203 instead of 2109).
  const std::size_t n = setup_.grid.size();
  double* c = c_v_.data();
  double* eta = eta_.data();
  const double* rate = coupled_rate_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    c[i] += dt * rate[i];
    eta[i] += dt * rate[n + i];
  }
}

void PhaseFieldEngine::remember_coupled_rate(double dt) {
  const std::size_t n = setup_.grid.size();
  const double* c = c_v_.data();
  const double* eta = eta_.data();
  const double* c_n = c_v_old_.data();
  const double* eta_n = eta_old_.data();
  double* rate = coupled_rate_.data();
  const double inv_dt = 1.0 / dt;
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    rate[i] = (c[i] - c_n[i]) * inv_dt;
    rate[n + i] = (eta[i] - eta_n[i]) * inv_dt;
  }
  has_coupled_rate_ = true;
}

bool PhaseFieldEngine::iterate_implicit_coupling(double dt) {
  // Backward Euler of the coupled pair at the step's end, solved by fixed-point passes of the two
  // linearly implicit steppers. A pass from the iterate (c^m, eta^m), with mu, the fluxes and the
  // Allen-Cahn force all evaluated there, solves
  //   (1 + dt D0 k^2) (c^{m+1} - c^m)      = dt R(c^m, eta^m) - (c^m - c^n),
  //   (1 + dt L (kappa k^2 + S)) eta^{m+1} = eta^n + dt L (S eta^m - F(c^m, eta^m)),
  // (R the vacancy rate: fluxes plus sources; F the local Allen-Cahn force), whose fixed point is
  //   c = c^n + dt R(c, eta),  eta = eta^n - dt L [F(c, eta) - kappa lap eta].
  // The stabilisers D0 and S of the split step are kept (they make each pass a contraction for the
  // fast modes); Anderson acceleration mixes the passes (slow modes: an interface shifting with the
  // vacancies around it). The first iterate is the predictor (predict_coupled_step) or, on the
  // first step, the split step's result. Nucleation and the change limits act on the converged
  // fields only.
  const std::size_t n = setup_.grid.size();
  const PhaseFieldNumerics& nm = setup_.numerics;
  double* c = c_v_.data();
  double* eta = eta_.data();
  const double* eta_n = eta_old_.data();
  double* lag = eta_lag_.data();
  double* x = coupled_iterate_.data();
  double* image = coupled_image_.data();
  const double inv_dt_l = 1.0 / (dt * setup_.void_model.allen_cahn_mobility);
  anderson_.reset();
  for (int pass = 0; pass < nm.implicit_coupling_iterations; ++pass) {
    last_pass_slope_ = evaluate_vacancy_state().slope_max;
    vacancy_rate(dt, true);
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) lag[i] = (eta_n[i] - eta[i]) * inv_dt_l;
    vacancy_stepper_.prepare(c, VacancyKernel{vacancy_rate_.data()});
    vacancy_stepper_.solve(dt);
    double change_vacancy = 0.0;
    const double* dc = vacancy_stepper_.increment();
#pragma omp parallel for schedule(static) reduction(max : change_vacancy)
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = c[i];
      image[i] = c[i] + dc[i];
      if (std::max(eta[i], eta_n[i]) < dilute_solid_eta)
        change_vacancy = std::max(change_vacancy, std::abs(dc[i]));
    }
    void_stepper_.prepare(eta, LaggedVoidKernel{free_energy_.barrier_height, nucleation_rate_.data(), lag});
    void_stepper_.solve(dt);
    double change_void = 0.0;
    const double* de = void_stepper_.increment();
#pragma omp parallel for schedule(static) reduction(max : change_void)
    for (std::size_t i = 0; i < n; ++i) {
      x[n + i] = eta[i];
      image[n + i] = eta[i] + de[i];
      change_void = std::max(change_void, std::abs(de[i]));
    }
    ++n_coupling_passes_;
    const bool converged = change_void <= nm.implicit_coupling_void_tolerance &&
                           change_vacancy <= nm.implicit_coupling_vacancy_tolerance;
    if (!converged) {
      if (!std::isfinite(change_void) || !std::isfinite(change_vacancy)) return false;
      anderson_.update(x, image);
    }
    const double* next = converged ? image : x;
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      c[i] = next[i];
      eta[i] = next[n + i];
    }
    if (converged) return true;
  }
  return false;
}

void PhaseFieldEngine::advance_to(double t_end, const std::function<bool()>& should_stop) {
  const auto& nm = setup_.numerics;
  while (time_ < t_end) {
    if (should_stop && should_stop()) return;
    // Steps end at the bias programme's jumps and kinks, so no step straddles one.
    const double breakpoint = setup_.electrochemistry.bias.mode == BiasMode::galvanostatic
                                  ? t_end
                                  : std::min(t_end, setup_.electrochemistry.bias.next_breakpoint(time_));
    const double remaining = breakpoint - time_;
    const bool last = dt_ >= remaining;
    double dt = last ? remaining : dt_;
    while (!try_step(dt)) {
      ++n_rejected_steps_;
      if (dt <= nm.dt_min) {
        char text[96];
        std::snprintf(text, sizeof text, "phase_field: a step of dt_min = %.3g s at t = %.6g s (step %lld) ",
                      nm.dt_min, time_, static_cast<long long>(step_));
        throw NumericalError(text + std::string("still changes a field by more than its limit; ") +
                             rejection_reason_);
      }
      dt = std::max(nm.dt_min, StepSizeController::after_reject(change_ratio_) * dt);
    }
    time_ = (dt >= remaining) ? breakpoint : time_ + dt;
    last_dt_ = dt;
    ++step_;
    check_health();
    // The next proposal follows the step's changes (StepSizeController); a step shortened to land
    // on an output time does not set it.
    if (!(last && dt == remaining))
      dt_ = std::clamp(StepSizeController::after_accept(change_ratio_) * dt, nm.dt_min, nm.dt_max);
  }
  surface_.update(li_.li_fraction());
}

void PhaseFieldEngine::check_health() const {
  const Grid& g = setup_.grid;
  struct Check {
    const char* name;
    const double* field;
    double lo, hi;
  };
  // Bounds with slack for the small, self-correcting overshoot of spectral steppers.
  const Check checks[] = {{"li_fraction", li_.li_fraction(), -0.05, 1.25},
                          {"vacancy_fraction", c_v_.data(), -0.05, 1.2},
                          {"void_order_parameter", eta_.data(), -0.2, 1.2},
                          {"defect_density", rho_.data(), 0.0, std::numeric_limits<double>::max()}};
  for (const auto& check : checks) {
    const double* f = check.field;
    const std::size_t bad = first_outside(f, g.size(), check.lo, check.hi);
    if (bad < g.size()) {
      const std::size_t i = bad % g.nx, k = bad / (g.nx * g.ny), j = (bad / g.nx) % g.ny;
      throw NumericalError(std::string("phase_field: ") + check.name + " = " + std::to_string(f[bad]) +
                           " outside [" + std::to_string(check.lo) + ", " + std::to_string(check.hi) +
                           "] at cell (x " + std::to_string(i) + ", y " + std::to_string(j) + ", z " +
                           std::to_string(k) + "), t = " + std::to_string(time_) + " s, step " +
                           std::to_string(step_));
    }
  }
}

std::vector<FieldRef> PhaseFieldEngine::fields() const {
  std::vector<FieldRef> f{
      {std::string(field_names::li_fraction), "Li per formula unit x of Li_x Ni0.2 Mn0.6 O2",
       li_.li_fraction(), Dimension::none(), 1.0},
      {std::string(field_names::vacancy_fraction), "oxygen-vacancy site fraction c_v", c_v_.data(),
       Dimension::none(), 1.0},
      {std::string(field_names::void_order_parameter), "void order parameter eta (0 solid, 1 void)",
       eta_.data(), Dimension::none(), 1.0},
      {std::string(field_names::defect_density), "stacking-fault and dislocation density rho", rho_.data(),
       Dimension::length().pow(-2), 1.0},
  };
  surface_.append_fields(f, "O deficiency d of the lattice, Li_x Ni0.2 Mn0.6 O_(2-d), O per formula unit");
  return f;
}

EngineScalars PhaseFieldEngine::scalars() const {
  const auto n = static_cast<double>(setup_.grid.size());
  EngineScalars scalars{
      {"oxygen_loss_fraction", generated_vacancies_ / n},
      {"mean_vacancy_fraction", total_vacancies() / n},
      {"nuclei_planted", static_cast<double>(n_nuclei_)},
      {"nucleation_candidates", static_cast<double>(n_nucleation_candidates_)},
      {"rejected_steps", static_cast<double>(n_rejected_steps_)},
      {"dt_s", last_dt_},
  };
  add_defect_density_scalars(scalars, setup_.grid, rho_.data());
  if (setup_.numerics.implicit_coupling_iterations > 0)
    scalars["implicit_coupling_passes"] = static_cast<double>(n_coupling_passes_);
  if (setup_.surface_layer.mode != SurfaceLayerMode::none) {
    scalars["surface_layer_lattice_oxygen_loss_fraction"] = lattice_oxygen_deficiency() / n;
    scalars["surface_layer_oxygen_lost_fraction"] = surface_oxygen_lost_ / n;
  }
  li_.add_scalars(scalars, solid_.data());
  return scalars;
}

void PhaseFieldEngine::save_state(StateArchive& archive) const {
  const std::size_t n = setup_.grid.size();
  auto put = [&](const char* name, const double* b) { archive.arrays[name].assign(b, b + n); };
  put("phase_field.vacancy_fraction", c_v_.data());
  put("phase_field.void_order_parameter", eta_.data());
  put("phase_field.defect_density", rho_.data());
  put("phase_field.vacancy_chemical_potential", vacancy_mu_.data());  // Newton start: bitwise resume
  archive.reals["phase_field.time"] = time_;
  archive.reals["phase_field.dt"] = dt_;
  archive.reals["phase_field.last_dt"] = last_dt_;
  archive.reals["phase_field.generated_vacancies"] = generated_vacancies_;
  put("phase_field.oxygen_deficiency", surface_.oxygen_deficiency());
  archive.reals["phase_field.surface_oxygen_lost"] = surface_oxygen_lost_;
  archive.integers["phase_field.step"] = step_;
  archive.integers["phase_field.nuclei"] = static_cast<std::int64_t>(n_nuclei_);
  archive.integers["phase_field.nucleation_candidates"] = static_cast<std::int64_t>(n_nucleation_candidates_);
  archive.integers["phase_field.rejected_steps"] = static_cast<std::int64_t>(n_rejected_steps_);
  archive.integers["phase_field.implicit_coupling_passes"] = static_cast<std::int64_t>(n_coupling_passes_);
  if (has_coupled_rate_) {
    const double* r = coupled_rate_.data();
    archive.arrays["phase_field.implicit_coupling_rate"].assign(r, r + coupled_rate_.size());
  }
  if (has_accepted_slope_) archive.reals["phase_field.stabiliser_slope"] = accepted_slope_;
  li_.save(archive, "phase_field.");
}

void PhaseFieldEngine::load_state(const StateArchive& archive) {
  const std::size_t n = setup_.grid.size();
  auto get = [&](const char* name, double* b, std::size_t size) {
    const auto& v = archive.array(name);
    if (v.size() != size)
      throw IoError(std::string("checkpoint array ") + name + " has the wrong size for this grid");
    std::copy(v.begin(), v.end(), b);
  };
  get("phase_field.vacancy_fraction", c_v_.data(), n);
  get("phase_field.void_order_parameter", eta_.data(), n);
  get("phase_field.defect_density", rho_.data(), n);
  get("phase_field.vacancy_chemical_potential", vacancy_mu_.data(), n);
  time_ = archive.real("phase_field.time");
  dt_ = archive.real("phase_field.dt");
  last_dt_ = archive.real("phase_field.last_dt");
  generated_vacancies_ = archive.real("phase_field.generated_vacancies");
  step_ = archive.integer("phase_field.step");
  n_nuclei_ = static_cast<std::size_t>(archive.integer("phase_field.nuclei"));
  n_nucleation_candidates_ = static_cast<std::size_t>(archive.integer("phase_field.nucleation_candidates"));
  // Absent in checkpoints written before the count existed: it restarts from 0.
  n_rejected_steps_ = archive.integers.count("phase_field.rejected_steps")
                          ? static_cast<std::size_t>(archive.integer("phase_field.rejected_steps"))
                          : 0;
  n_coupling_passes_ = archive.integers.count("phase_field.implicit_coupling_passes")
                           ? static_cast<std::size_t>(archive.integer("phase_field.implicit_coupling_passes"))
                           : 0;
  // The predictor's rate (absent before it existed, or with the coupling off when the checkpoint
  // was written: the next step starts from the split step, converging to the same tolerances).
  has_coupled_rate_ = archive.arrays.count("phase_field.implicit_coupling_rate") &&
                      setup_.numerics.implicit_coupling_iterations > 0;
  if (has_coupled_rate_)
    get("phase_field.implicit_coupling_rate", coupled_rate_.data(), coupled_rate_.size());
  // The Allen-Cahn stabiliser bound (absent before it was kept: the next step evaluates it).
  has_accepted_slope_ = archive.reals.count("phase_field.stabiliser_slope") && has_coupled_rate_;
  if (has_accepted_slope_) accepted_slope_ = archive.real("phase_field.stabiliser_slope");
  // The surface layer's d (absent in checkpoints written before it existed: keep the initial one).
  if (archive.arrays.count("phase_field.oxygen_deficiency"))
    get("phase_field.oxygen_deficiency", surface_.oxygen_deficiency(), n);
  if (archive.reals.count("phase_field.surface_oxygen_lost"))
    surface_oxygen_lost_ = archive.real("phase_field.surface_oxygen_lost");
  li_.load(archive, "phase_field.");
  update_solid_fraction();
  surface_.update_vacancy_transport();
  surface_.update(li_.li_fraction());
}

}  // namespace voidsim
