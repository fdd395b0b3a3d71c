#include "model/vacancy_lattice_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "model/physical_constants.hpp"

namespace voidsim {

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

void VacancyLatticeParameters::declare(Schema& schema) {
  schema
      .quantity("kmc.lattice_spacing", "0.285 nm", "nm",
                "nearest-neighbour O-O distance a of the O sublattice")
      .min(0.0, true)
      .source("MODEL.md section 3: O-O distance about 0.285 nm");
  schema.quantity("kmc.attempt_frequency", "1e13 s^-1", "s^-1", "attempt frequency nu of every event")
      .min(0.0, true)
      .source("estimate: a typical optical-phonon frequency");
  schema.quantity("kmc.migration_energy", "0.797 eV", "eV", "barrier E_m of an isolated vacancy hop")
      .min(0.0)
      .source(
          "chosen so that an isolated vacancy in 2D has D = Gamma a^2 / (2 d) = 5e-16 cm^2/s at 300 K with "
          "Gamma = 6 nu exp(-E_m/kT), nu = 1e13/s (the continuum D_v of scenarios/insitu_biasing.yaml); "
          "3D (12 neighbours, d = 3) gives 4/3 of that");
  schema
      .quantity("kmc.binding_energy", "0.06 eV", "eV",
                "vacancy-vacancy nearest-neighbour bond eps (attractive if > 0); each bond adds eps to a hop "
                "barrier")
      .source(
          "2 E_f / z with E_f = 0.18 eV (void_model.vacancy_formation_energy) and z = 6 (2D): the lattice "
          "gas's dilute solubility exp(-z eps / 2kT) then equals the continuum's c_eq = exp(-E_f/kT), so "
          "both "
          "engines dissolve the same vacancies (docs/kmc-engine.md); use 0.03 eV in 3D (z = 12). Bond "
          "counting "
          "ties the surface energy to the same eps: about 0.2 J/m^2 instead of the continuum's 0.5");
  schema
      .quantity("kmc.defect_barrier_reduction", "0.2 eV", "eV",
                "barrier lowering of a hop whose start or end site lies on a defect (pipe/fault diffusion)")
      .min(0.0)
      .source(
          "estimate: pipe-diffusion activation energies are typically 0.5-0.7 of the bulk one; 0.2 eV of 0.8 "
          "eV");
  schema
      .quantity("kmc.defect_binding_energy", "0.1 eV", "eV",
                "vacancy site energy lowering on a defect site (segregation to faults and dislocation cores)")
      .source("estimate: vacancy-dislocation binding of order 0.1 eV");
  schema
      .quantity("kmc.escape_energy", "0.797 eV", "eV",
                "barrier for a vacancy on an escape site to be refilled from outside (oxygen loss)")
      .min(0.0)
      .source("estimate: equal to the default migration_energy (the last hop out of the crystal)");
  schema.boolean("kmc.escape_at_interface", false, "vacancies escape at the row/layer facing LiPON (z = 0)")
      .source(
          "the LiPON contact is not a free surface (the continuum engine's vacancy flux there is zero too); "
          "turn on for a vacuum-facing particle surface");
  schema.boolean("kmc.escape_at_bottom", false, "vacancies escape at the deepest row/layer");
  schema.boolean("kmc.escape_at_walls", false,
                 "vacancies escape at the lateral walls (only meaningful when x is not periodic)");
  schema.boolean("kmc.hops_enabled", true, "vacancy hops (diffusion, clustering)");
  schema.boolean("kmc.generation_enabled", true, "vacancy generation at the rates of the continuum coupling");
  schema.boolean("kmc.escape_enabled", true, "vacancy escape (oxygen loss) at the escape sites");
  schema
      .choice("kmc.parallel", "serial", {"serial", "sectors"},
              "serial exact BKL, or sector-parallel (synchronous sublattice, approximate near sector edges)")
      .source("docs/kmc.md, Parallel sectors");
  schema.quantity("kmc.sector_size", "5 nm", "nm", "edge of a sector of the parallel mode")
      .min(0.0, true)
      .source("numerical: >> the 2-shell interaction range (0.6 nm) so edge effects stay small; docs/kmc.md");
}

VacancyLatticeParameters VacancyLatticeParameters::from(const Scenario& scenario) {
  VacancyLatticeParameters p;
  p.lattice_spacing = scenario.real("kmc.lattice_spacing");
  p.attempt_frequency = scenario.real("kmc.attempt_frequency");
  p.migration_energy = scenario.real("kmc.migration_energy");
  p.binding_energy = scenario.real("kmc.binding_energy");
  p.defect_barrier_reduction = scenario.real("kmc.defect_barrier_reduction");
  p.defect_binding_energy = scenario.real("kmc.defect_binding_energy");
  p.escape_energy = scenario.real("kmc.escape_energy");
  p.escape_at_interface = scenario.boolean("kmc.escape_at_interface");
  p.escape_at_bottom = scenario.boolean("kmc.escape_at_bottom");
  p.escape_at_walls = scenario.boolean("kmc.escape_at_walls");
  p.hops_enabled = scenario.boolean("kmc.hops_enabled");
  p.generation_enabled = scenario.boolean("kmc.generation_enabled");
  p.escape_enabled = scenario.boolean("kmc.escape_enabled");
  p.parallel_sectors = scenario.string("kmc.parallel") == "sectors";
  p.sector_size = scenario.real("kmc.sector_size");
  return p;
}

std::vector<Diagnostic> VacancyLatticeParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const VacancyLatticeParameters p = from(scenario);
  if (!(p.defect_barrier_reduction < p.migration_energy)) {
    problems.push_back(scenario.diagnostic("kmc.defect_barrier_reduction",
                                           "defect_barrier_reduction must be below kmc.migration_energy "
                                           "(a hop on a defect would have no barrier)"));
  }
  // The sectors must hold several interaction ranges (2 shells) each; solvers/kmc_solver.cpp
  // merges sectors narrower than 6 sites.
  if (p.parallel_sectors && p.sector_size < 6.0 * p.lattice_spacing) {
    problems.push_back(
        scenario.diagnostic("kmc.sector_size", "sector_size must be at least 6 lattice spacings (" +
                                                   std::to_string(6.0 * p.lattice_spacing * 1e9) + " nm)"));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

VacancyLatticeModel::VacancyLatticeModel(const OxygenLattice& lattice,
                                         const VacancyLatticeParameters& parameters, double temperature)
    : lattice_(lattice), p_(parameters), temperature_(temperature), z_(lattice.coordination()) {
  if (!(temperature > 0.0)) throw std::invalid_argument("VacancyLatticeModel: temperature must be positive");
  const std::size_t n = lattice_.size();
  occupancy_.assign(n, 0);
  flags_.assign(n, 0);

  // Rate tables: the only exp() calls (MODEL.md "The KMC engine": nu exp(-(E_m + binding)/kT)).
  const double kT = constants::boltzmann * temperature;
  const double nu = p_.attempt_frequency;
  for (int k = 0; k <= OxygenLattice::max_coordination; ++k) {
    hop_w_[k] = p_.hops_enabled ? nu * std::exp(-(p_.migration_energy + p_.binding_energy * k) / kT) : 0.0;
    escape_w_[k] = p_.escape_enabled ? nu * std::exp(-(p_.escape_energy + p_.binding_energy * k) / kT) : 0.0;
  }
  for (int ds = 0; ds < 2; ++ds) {
    for (int dt = 0; dt < 2; ++dt) {
      const double reduction = (ds || dt) ? p_.defect_barrier_reduction : 0.0;
      const double e_s = ds ? -p_.defect_binding_energy : 0.0;
      const double e_t = dt ? -p_.defect_binding_energy : 0.0;
      defect_factor_[static_cast<std::size_t>(2 * ds + dt)] =
          std::exp((reduction - std::max(0.0, e_t - e_s)) / kT);
    }
  }

  // Escape sites and the neighbour fast path. Interior sites (not on the first/last index of any
  // direction) have neighbours at fixed index offsets that depend only on the row parity.
  const std::size_t mx = lattice_.mx(), ny = lattice_.ny(), nz = lattice_.nz();
  const bool three_d = lattice_.dimension() == 3;
  auto interior = [&](std::size_t m, std::size_t j, std::size_t k) {
    return m >= 1 && m + 2 <= mx && k >= 1 && k + 2 <= nz && (!three_d || (j >= 1 && j + 2 <= ny));
  };
  std::array<bool, 2> have_offsets{false, false};
  for (std::size_t site = 0; site < n; ++site) {
    const std::size_t m = site % mx, j = (site / mx) % ny, k = site / (mx * ny);
    const std::size_t parity = three_d ? j % 2 : k % 2;
    std::uint8_t f = parity ? parity_bit : 0;
    if (!interior(m, j, k)) f |= boundary_bit;
    if ((p_.escape_at_interface && k == 0) || (p_.escape_at_bottom && k + 1 == nz) ||
        (p_.escape_at_walls && !lattice_.periodic_lateral() && (m == 0 || m + 1 == mx)))
      f |= escape_bit;
    if (!(f & boundary_bit) && !have_offsets[parity]) {
      std::uint32_t nb[OxygenLattice::max_coordination];
      const int count = lattice_.neighbours(site, nb);
      if (count != z_) throw std::logic_error("VacancyLatticeModel: interior site without full coordination");
      for (int q = 0; q < count; ++q)
        offsets_[parity][static_cast<std::size_t>(q)] =
            static_cast<std::int64_t>(nb[q]) - static_cast<std::int64_t>(site);
      have_offsets[parity] = true;
    }
    flags_[site] = f;
  }
}

int VacancyLatticeModel::neighbours(std::size_t site, std::uint32_t* out) const noexcept {
  const std::uint8_t f = flags_[site];
  if (f & boundary_bit) return lattice_.neighbours(site, out);
  const auto& off = offsets_[(f & parity_bit) ? 1 : 0];
  const auto s = static_cast<std::int64_t>(site);
  for (int q = 0; q < z_; ++q) out[q] = static_cast<std::uint32_t>(s + off[static_cast<std::size_t>(q)]);
  return z_;
}

void VacancyLatticeModel::set_vacancy(std::size_t site, bool vacant) noexcept {
  const std::uint8_t v = vacant ? 1 : 0;
  n_set_vacancies_ += static_cast<std::int64_t>(v) - static_cast<std::int64_t>(occupancy_[site]);
  occupancy_[site] = v;
}

void VacancyLatticeModel::set_defect_sites(const std::uint8_t* mask) noexcept {
  n_defects_ = 0;
  for (std::size_t s = 0; s < flags_.size(); ++s) {
    const bool d = mask != nullptr && mask[s] != 0;
    flags_[s] = static_cast<std::uint8_t>((flags_[s] & ~defect_bit) | (d ? defect_bit : 0));
    n_defects_ += d ? 1 : 0;
  }
}

void VacancyLatticeModel::set_defect(std::size_t site, bool defect_site) noexcept {
  const bool was = (flags_[site] & defect_bit) != 0;
  if (was == defect_site) return;
  flags_[site] = static_cast<std::uint8_t>(flags_[site] ^ defect_bit);
  if (defect_site)
    ++n_defects_;
  else
    --n_defects_;
}

void VacancyLatticeModel::set_transport(const double* multiplier) {
  if (multiplier != nullptr)
    for (std::size_t s = 0; s < flags_.size(); ++s)
      if (!(multiplier[s] > 0.0 && multiplier[s] <= 1.0))
        throw std::invalid_argument("VacancyLatticeModel: transport multipliers must lie in (0, 1]");
  n_slow_ = 0;
  transport_root_.assign(multiplier != nullptr ? flags_.size() : 0, 1.0);
  for (std::size_t s = 0; s < flags_.size(); ++s) {
    const bool slow_site = multiplier != nullptr && multiplier[s] < 1.0;
    if (slow_site) transport_root_[s] = std::sqrt(multiplier[s]);
    flags_[s] = static_cast<std::uint8_t>((flags_[s] & ~slow_bit) | (slow_site ? slow_bit : 0));
    n_slow_ += slow_site ? 1 : 0;
  }
  if (n_slow_ == 0) transport_root_.clear();
}

void VacancyLatticeModel::set_generation_rates(const double* per_cell, const std::uint32_t* site_cell) {
  if (per_cell == nullptr) {
    generation_.clear();
    return;
  }
  generation_.resize(occupancy_.size());
  for (std::size_t s = 0; s < generation_.size(); ++s) generation_[s] = per_cell[site_cell[s]];
}

double VacancyLatticeModel::site_propensity(std::size_t site) const noexcept {
  if (occupancy_[site] == 0) return generation_propensity(site);
  std::uint32_t nb[OxygenLattice::max_coordination];
  const int n = neighbours(site, nb);
  const std::uint8_t f = flags_[site];
  int n_v = 0;
  double rate = 0.0;
  if (uniform_hops()) {
    // All pair factors are 1: every hop of this vacancy has the same rate.
    for (int q = 0; q < n; ++q) n_v += occupancy_[nb[q]];
    rate = hop_w_[static_cast<std::size_t>(n_v)] * static_cast<double>(n - n_v);
  } else {
    double factors = 0.0;
    for (int q = 0; q < n; ++q) {
      if (occupancy_[nb[q]])
        ++n_v;
      else
        factors += hop_factor(site, f, nb[q], flags_[nb[q]]);
    }
    rate = hop_w_[static_cast<std::size_t>(n_v)] * factors;
  }
  if (f & escape_bit) rate += escape_w_[static_cast<std::size_t>(n_v)];
  return rate;
}

double VacancyLatticeModel::hop_rate(std::size_t s, std::size_t t) const noexcept {
  if (!occupancy_[s] || occupancy_[t]) return 0.0;
  std::uint32_t nb[OxygenLattice::max_coordination];
  const int n = neighbours(s, nb);
  int n_v = 0;
  bool adjacent = false;
  for (int q = 0; q < n; ++q) {
    n_v += occupancy_[nb[q]];
    adjacent = adjacent || nb[q] == t;
  }
  if (!adjacent) return 0.0;
  return hop_w_[static_cast<std::size_t>(n_v)] *
         (uniform_hops() ? 1.0 : hop_factor(s, flags_[s], t, flags_[t]));
}

double VacancyLatticeModel::escape_rate(std::size_t s) const noexcept {
  if (!occupancy_[s] || !(flags_[s] & escape_bit)) return 0.0;
  std::uint32_t nb[OxygenLattice::max_coordination];
  const int n = neighbours(s, nb);
  int n_v = 0;
  for (int q = 0; q < n; ++q) n_v += occupancy_[nb[q]];
  return escape_w_[static_cast<std::size_t>(n_v)];
}

void VacancyLatticeModel::perform(std::size_t site, double value, bool fraction, Touched& touched,
                                  VacancyEventCounters& counters) noexcept {
  touched.clear();
  const auto s = static_cast<std::uint32_t>(site);
  touched.from = touched.to = s;
  std::uint32_t nb[OxygenLattice::max_coordination];
  const int n = neighbours(site, nb);

  if (occupancy_[site] == 0) {
    // (b) generation: the O atom leaves, the site becomes a vacancy.
    occupancy_[site] = 1;
    ++counters.generated;
    touched.kind = VacancyEventKind::generation;
    touched.add(s);
    for (int q = 0; q < n; ++q)
      if (occupancy_[nb[q]]) touched.add(nb[q]);
    return;
  }

  // The rates in the order: hops to the O neighbours in table order, then escape. They are
  // recomputed exactly as site_propensity() sums them, so u * total (or the offset) falls inside
  // one of them up to round-off (which falls back to the last event).
  const std::uint8_t f = flags_[site];
  int n_v = 0;
  for (int q = 0; q < n; ++q) n_v += occupancy_[nb[q]];
  const double w = hop_w_[static_cast<std::size_t>(n_v)];
  const double escape = (f & escape_bit) ? escape_w_[static_cast<std::size_t>(n_v)] : 0.0;
  double target = value;
  if (fraction) {
    // u scales the site's total; an offset needs no total, so the hops' factors are formed once,
    // in the selection pass below.
    double factors = 0.0;
    for (int q = 0; q < n; ++q)
      if (!occupancy_[nb[q]]) factors += uniform_hops() ? 1.0 : hop_factor(site, f, nb[q], flags_[nb[q]]);
    target = value * (w * factors + escape);
  }
  int chosen = -1, last_hop = -1;
  if (w > 0.0) {
    for (int q = 0; q < n; ++q) {
      if (occupancy_[nb[q]]) continue;
      last_hop = q;
      const double r = w * (uniform_hops() ? 1.0 : hop_factor(site, f, nb[q], flags_[nb[q]]));
      if (target < r) {
        chosen = q;
        break;
      }
      target -= r;
    }
  }
  if (chosen < 0 && !(escape > 0.0)) chosen = last_hop;  // round-off at the end of the hops

  if (chosen >= 0) {
    // (a) hop s -> t: exchange the vacancy with the O atom at t.
    const std::uint32_t t = nb[chosen];
    occupancy_[site] = 0;
    occupancy_[t] = 1;
    ++counters.hops;
    touched.kind = VacancyEventKind::hop;
    touched.to = t;
    touched.add(s);
    touched.add(t);
    for (int q = 0; q < n; ++q)
      if (occupancy_[nb[q]] && nb[q] != t) touched.add(nb[q]);
    std::uint32_t nt[OxygenLattice::max_coordination];
    const int m = neighbours(t, nt);
    for (int q = 0; q < m; ++q)
      if (occupancy_[nt[q]] && nt[q] != t) touched.add(nt[q]);
    return;
  }
  // (c) escape: the vacancy is refilled from outside.
  occupancy_[site] = 0;
  ++counters.escaped;
  touched.kind = VacancyEventKind::escape;
  touched.add(s);
  for (int q = 0; q < n; ++q)
    if (occupancy_[nb[q]]) touched.add(nb[q]);
}

void VacancyLatticeModel::affected_by(std::size_t site, Touched& touched) const noexcept {
  touched.clear();
  const auto s = static_cast<std::uint32_t>(site);
  touched.from = touched.to = s;
  touched.add(s);
  std::uint32_t nb[OxygenLattice::max_coordination];
  const int n = neighbours(site, nb);
  for (int q = 0; q < n; ++q) touched.add(nb[q]);
}

// ---------------------------------------------------------------------------------------------
// Checkpoint
// ---------------------------------------------------------------------------------------------

namespace {

std::vector<std::int64_t> pack_bits(const std::vector<std::uint8_t>& bytes, std::uint8_t mask) {
  std::vector<std::int64_t> words((bytes.size() + 63) / 64, 0);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] & mask) {
      words[i / 64] = static_cast<std::int64_t>(static_cast<std::uint64_t>(words[i / 64]) |
                                                (std::uint64_t{1} << (i % 64)));
    }
  }
  return words;
}

bool bit(const std::vector<std::int64_t>& words, std::size_t i) {
  return ((static_cast<std::uint64_t>(words[i / 64]) >> (i % 64)) & 1u) != 0;
}

}  // namespace

void VacancyLatticeModel::save(StateArchive& archive, const std::string& prefix) const {
  archive.int_arrays[prefix + "occupancy_bits"] = pack_bits(occupancy_, 1);
  archive.int_arrays[prefix + "defect_bits"] = pack_bits(flags_, defect_bit);
  archive.integers[prefix + "sites"] = static_cast<std::int64_t>(occupancy_.size());
  archive.integers[prefix + "hops"] = counters_.hops;
  archive.integers[prefix + "generated"] = counters_.generated;
  archive.integers[prefix + "escaped"] = counters_.escaped;
}

void VacancyLatticeModel::restore(const StateArchive& archive, const std::string& prefix) {
  if (archive.integer(prefix + "sites") != static_cast<std::int64_t>(occupancy_.size()))
    throw IoError("checkpoint: KMC lattice has " + std::to_string(archive.integer(prefix + "sites")) +
                  " sites, the scenario " + std::to_string(occupancy_.size()));
  const auto& occupied = archive.int_array(prefix + "occupancy_bits");
  const auto& defects = archive.int_array(prefix + "defect_bits");
  if (occupied.size() * 64 < occupancy_.size() || defects.size() * 64 < occupancy_.size())
    throw IoError("checkpoint: KMC occupancy or defect arrays are too short");
  std::int64_t n_vacancies = 0;
  n_defects_ = 0;
  for (std::size_t s = 0; s < occupancy_.size(); ++s) {
    occupancy_[s] = bit(occupied, s) ? 1 : 0;
    n_vacancies += occupancy_[s];
    const bool d = bit(defects, s);
    flags_[s] = static_cast<std::uint8_t>((flags_[s] & ~defect_bit) | (d ? defect_bit : 0));
    n_defects_ += d ? 1 : 0;
  }
  counters_.hops = archive.integer(prefix + "hops");
  counters_.generated = archive.integer(prefix + "generated");
  counters_.escaped = archive.integer(prefix + "escaped");
  n_set_vacancies_ = n_vacancies - (counters_.generated - counters_.escaped);
}

}  // namespace voidsim
