#include "solvers/kmc_engine.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "core/random.hpp"
#include "model/domain_parameters.hpp"
#include "model/lattice_snapshot.hpp"
#include "model/phase_field_numerics.hpp"
#include "model/surface_reconstruction.hpp"

namespace voidsim {

namespace {

// Sites of a disc (2D) or sphere (3D) of diameter d: the void size threshold in sites.
std::size_t sites_of_diameter(const OxygenLattice& lattice, double d) {
  const double measure =
      lattice.dimension() == 2 ? std::numbers::pi * d * d / 4.0 : std::numbers::pi * d * d * d / 6.0;
  return std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(measure / lattice.site_measure())));
}

}  // namespace

KmcSetup KmcSetup::from(const Scenario& scenario) {
  KmcSetup s;
  s.grid = DomainParameters::from(scenario).grid;
  s.seed = static_cast<std::uint64_t>(scenario.integer("run.seed"));
  // The lateral boundary is a property of the particle, declared with the phase-field numerics.
  s.lateral_periodic = PhaseFieldNumerics::from(scenario).lateral_periodic;
  s.li = LiTransportParameters::from(scenario);
  s.electrochemistry = ElectrochemistryParameters::from(scenario);
  s.sources = VacancySourceParameters::from(scenario);
  s.continuum_defects = DefectParameters::from(scenario);
  s.lattice = VacancyLatticeParameters::from(scenario);
  s.defects = LatticeDefectParameters::from(scenario);
  s.coupling = KmcCouplingParameters::from(scenario);
  s.surface_layer = SurfaceLayerParameters::from(scenario);
  return s;
}

KmcEngine::KmcEngine(KmcSetup setup)
    : setup_(std::move(setup)),
      lattice_(setup_.grid, setup_.lattice.lattice_spacing, setup_.lateral_periodic),
      li_(setup_.grid, setup_.lateral_periodic, setup_.li, setup_.electrochemistry),
      model_(lattice_, setup_.lattice, setup_.electrochemistry.temperature),
      solver_(model_, KmcSolverSettings::from(setup_.lattice, setup_.seed)),
      defects_(lattice_, setup_.grid, setup_.defects, setup_.seed),
      clusters_(lattice_, sites_of_diameter(lattice_, setup_.coupling.void_minimum_diameter)),
      site_cell_(lattice_.size()),
      sites_per_cell_(setup_.grid.size(), 0.0),
      vacancy_fraction_(setup_.grid.size()),
      void_fraction_(setup_.grid.size()),
      solid_(setup_.grid.size()),
      defect_density_(setup_.grid.size()),
      generation_rate_(setup_.grid.size()),
      strain_rate_(setup_.grid.size()),
      surface_(setup_.grid, setup_.surface_layer) {
  const Grid& g = setup_.grid;
  for (std::size_t s = 0; s < lattice_.size(); ++s) {
    site_cell_[s] = static_cast<std::uint32_t>(lattice_.cell_of(s, g));
    sites_per_cell_[site_cell_[s]] += 1.0;
  }
  // KmcCouplingParameters::validate keeps cells at least two O-O distances wide.
  if (*std::min_element(sites_per_cell_.begin(), sites_per_cell_.end()) < 1.0)
    throw std::invalid_argument("KmcEngine: a grid cell holds no lattice site");
  // Random initial vacancies, keyed by site: the same for any thread count.
  if (setup_.coupling.initial_vacancy_fraction > 0.0) {
    const CounterRandom random(setup_.seed, RandomStream::initial_state);
    for (std::size_t s = 0; s < lattice_.size(); ++s) {
      if (random.uniform(s, 0) < setup_.coupling.initial_vacancy_fraction) model_.set_vacancy(s, true);
    }
  }
  if (setup_.surface_layer.mode == SurfaceLayerMode::painted) paint_surface_layer();
  // The reconstructed layer's slower vacancy transport, per site from its cell (d is painted and
  // constant, so this holds for the whole run and across restarts).
  surface_.update_vacancy_transport();
  if (surface_.active() && setup_.surface_layer.transport.enabled) {
    std::vector<double> per_site(lattice_.size());
    for (std::size_t s = 0; s < lattice_.size(); ++s)
      per_site[s] = surface_.vacancy_transport()[site_cell_[s]];
    model_.set_transport(per_site.data());
  }
  // The explicit faults and dislocations belong to the layered lattice below the layer.
  if (surface_.active()) {
    std::vector<double> layered(g.size());
    surface_.layered_fraction(layered.data());
    defects_.set_host_fraction(layered.data());
  }
  std::fill(generation_rate_.data(), generation_rate_.data() + g.size(), 0.0);
  project_lattice();
  li_.initialise(solid_.data());
  solver_.rebuild();
  surface_.update(li_.li_fraction());
}

void KmcEngine::paint_surface_layer() {
  // The same d(z) and the same nanopores (same seed) as the phase-field engine's painted layer;
  // a pore is its O sites made vacant, so the lattice's cluster analysis sees it.
  const Grid& g = setup_.grid;
  const PaintedLayer& layer = setup_.surface_layer.painted;
  surface_.paint();
  if (!setup_.surface_layer.reaction.nanopores_enabled) return;
  const std::vector<Nanopore> pores = place_nanopores(g, layer, setup_.surface_layer.thresholds, setup_.seed);
  std::vector<std::uint8_t> footprint(lattice_.size(), 0);
  for (std::size_t s = 0; s < lattice_.size(); ++s) {
    const auto p = lattice_.position(s);
    for (const Nanopore& pore : pores) {
      if (distance_to_pore(g, pore, p[0], g.dimension == 3 ? p[1] : 0.0, p[2], setup_.lateral_periodic) <
          0.0) {
        model_.set_vacancy(s, true);
        footprint[s] = 1;
        break;
      }
    }
  }
  // The cluster analysis keeps the pores out of the voids (the lattice's porosity), as the grid
  // observer does; the projection still shows them as holes.
  clusters_.set_nanopore_footprint(std::move(footprint), sites_of_diameter(lattice_, nanopore_max_diameter));
}

void KmcEngine::project_lattice() {
  const Grid& g = setup_.grid;
  const std::size_t n = g.size();
  clusters_.analyse(model_.occupancy().data());
  const std::vector<std::int32_t>& label = clusters_.void_label();
  const std::uint8_t* occupancy = model_.occupancy().data();
  std::fill(vacancy_fraction_.data(), vacancy_fraction_.data() + n, 0.0);
  std::fill(void_fraction_.data(), void_fraction_.data() + n, 0.0);
  for (std::size_t s = 0; s < lattice_.size(); ++s) {
    const std::uint32_t c = site_cell_[s];
    vacancy_fraction_[c] += occupancy[s];
    void_fraction_[c] += label[s] >= 0 || clusters_.in_nanopore_site(s) ? 1.0 : 0.0;
  }
  for (std::size_t c = 0; c < n; ++c) {
    vacancy_fraction_[c] /= sites_per_cell_[c];
    void_fraction_[c] /= sites_per_cell_[c];
    // Li moves through the solid part of a cell; void sites have no Li sublattice around them.
    solid_[c] = 1.0 - void_fraction_[c];
  }
  defects_.line_density_per_cell(g, defect_density_.data());
}

void KmcEngine::coupled_step(double dt) {
  const Grid& g = setup_.grid;
  const std::size_t n = g.size();

  // 1. Li extraction with the solid fraction of the lattice at the start of the interval.
  li_.try_step(time_, dt, solid_.data());
  li_.accept(dt);

  // 2. Vacancy generation per O site from the delithiation rate of this interval (MODEL.md
  //    section 2, process 2); the same source terms as the continuum engine.
  const double* x = li_.li_fraction();
  const double* x_old = li_.previous_li_fraction();
  const double* deficiency = surface_.oxygen_deficiency();  // 0 outside the surface layer
  const VacancySourceParameters& sources = setup_.sources;
  const DefectDensityModel& strain = setup_.continuum_defects.model;
  double* generation = generation_rate_.data();
  double* strain_rate = strain_rate_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t c = 0; c < n; ++c) {
    const double li_rate = (x[c] - x_old[c]) / dt;
    generation[c] = sources.rate(x[c], li_rate, deficiency[c]);
    strain_rate[c] = strain.strain_rate(li_rate, generation[c]);
  }

  // 3. Explicit defects under the strain of the interval; their cores change vacancy rates.
  defects_.advance(time_, dt, step_, strain_rate_.data(), model_.occupancy().data());
  // Climb moves vacancies into and out of dislocation cores: the lattice follows, so vacancies
  // are conserved (counted by the defects as absorbed and emitted).
  for (const std::uint32_t site : defects_.absorbed_vacancies()) model_.set_vacancy(site, false);
  for (const std::uint32_t site : defects_.emitted_vacancies()) model_.set_vacancy(site, true);
  if (defects_.mask_changed()) model_.set_defect_sites(defects_.site_mask().data());

  // 4. Lattice events over the interval with the new rates.
  model_.set_generation_rates(generation_rate_.data(), site_cell_.data());
  solver_.rebuild();
  solver_.run_until(time_ + dt);

  // 5. Voids and grid projections at the end of the interval.
  project_lattice();
}

void KmcEngine::advance_to(double t_end, const std::function<bool()>& should_stop) {
  while (time_ < t_end) {
    if (should_stop && should_stop()) return;
    // Intervals end at the bias programme's jumps and kinks, as in the phase-field engine.
    const double breakpoint = setup_.electrochemistry.bias.mode == BiasMode::galvanostatic
                                  ? t_end
                                  : std::min(t_end, setup_.electrochemistry.bias.next_breakpoint(time_));
    const double remaining = breakpoint - time_;
    const double dt = std::min(setup_.coupling.coupling_interval, remaining);
    coupled_step(dt);
    time_ = (dt >= remaining) ? breakpoint : time_ + dt;
    last_dt_ = dt;
    ++step_;
  }
  surface_.update(li_.li_fraction());
}

std::vector<FieldRef> KmcEngine::fields() const {
  std::vector<FieldRef> f{
      {std::string(field_names::li_fraction), "Li per formula unit x of Li_x Ni0.2 Mn0.6 O2",
       li_.li_fraction(), Dimension::none(), 1.0},
      {std::string(field_names::vacancy_fraction), "vacant O sites per O site of the cell (KMC lattice)",
       vacancy_fraction_.data(), Dimension::none(), 1.0},
      {std::string(field_names::void_order_parameter),
       "fraction of the cell's O sites in voids (vacancy clusters of at least kmc.void_minimum_diameter)",
       void_fraction_.data(), Dimension::none(), 1.0},
      {std::string(field_names::defect_density), "line length of explicit faults and dislocations per area",
       defect_density_.data(), Dimension::length().pow(-2), 1.0},
  };
  surface_.append_fields(f, "O deficiency d of the lattice (painted surface layer), O per formula unit");
  return f;
}

EngineScalars KmcEngine::scalars() const {
  const auto n_sites = static_cast<double>(lattice_.size());
  const LatticeClusterStatistics& stats = clusters_.statistics();
  EngineScalars scalars{
      {"oxygen_loss_fraction", static_cast<double>(model_.counters().generated) / n_sites},
      {"mean_vacancy_fraction", static_cast<double>(model_.vacancy_count()) / n_sites},
      {"kmc_events", static_cast<double>(solver_.events())},
      {"kmc_hops", static_cast<double>(model_.counters().hops)},
      {"kmc_vacancies_escaped", static_cast<double>(model_.counters().escaped)},
      {"lattice_void_count", static_cast<double>(stats.n_voids)},
      {"lattice_void_mean_diameter_nm", stats.mean_diameter * 1e9},
      {"lattice_void_site_fraction", stats.void_site_fraction},
      {"lattice_nanopore_count", static_cast<double>(stats.n_nanopores)},
      {"lattice_nanopore_site_fraction", stats.nanopore_site_fraction},
      {"lattice_front_depth_nm", stats.deepest_void_depth * 1e9},
      {"lattice_coalescence_events", static_cast<double>(clusters_.coalescence_events())},
      {"stacking_faults", static_cast<double>(defects_.n_faults())},
      {"dislocations", static_cast<double>(defects_.n_dislocations())},
      {"faults_nucleated", static_cast<double>(defects_.counters().faults_nucleated)},
      {"faults_vanished", static_cast<double>(defects_.counters().faults_vanished)},
      {"dislocation_dipoles_nucleated", static_cast<double>(defects_.counters().dipoles_nucleated)},
      {"dislocations_annihilated", static_cast<double>(defects_.counters().dislocations_annihilated)},
      {"dislocations_exited", static_cast<double>(defects_.counters().dislocations_exited)},
      {"dt_s", last_dt_},
  };
  add_defect_density_scalars(scalars, setup_.grid, defect_density_.data());
  li_.add_scalars(scalars, solid_.data());
  return scalars;
}

std::vector<LatticeRecord> KmcEngine::lattice_records() const {
  return {vacant_site_record(lattice_, model_.occupancy().data(), clusters_.min_void_sites())};
}

void KmcEngine::save_state(StateArchive& archive) const {
  li_.save(archive, "kmc.");
  solver_.save(archive, "kmc.solver.");  // with the lattice model's state
  defects_.save(archive, "kmc.defects.");
  clusters_.save(archive, "kmc.clusters.");
  archive.reals["kmc.time"] = time_;
  archive.reals["kmc.last_dt"] = last_dt_;
  archive.integers["kmc.step"] = step_;
}

void KmcEngine::load_state(const StateArchive& archive) {
  li_.load(archive, "kmc.");
  solver_.restore(archive, "kmc.solver.");
  defects_.load(archive, "kmc.defects.");
  time_ = archive.real("kmc.time");
  last_dt_ = archive.real("kmc.last_dt");
  step_ = archive.integer("kmc.step");
  // The projections are recomputed from the lattice; the cluster tracking state is then put back
  // so the next analysis counts coalescence against the saved voids, as without the restart.
  project_lattice();
  clusters_.restore(archive, "kmc.clusters.");
  surface_.update(li_.li_fraction());  // d is painted from the scenario; the valence follows x
  // Generation rates are inputs of each interval, set again by the next coupled_step().
}

}  // namespace voidsim
