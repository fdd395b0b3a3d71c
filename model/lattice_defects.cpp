#include "model/lattice_defects.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/error.hpp"

namespace voidsim {

namespace {

// Draw keys: (process tag << 48) | grid cell or object id; the interval index is the counter step.
constexpr std::uint64_t tag_nucleation = 1, tag_fault = 2, tag_dislocation = 3;
constexpr std::uint64_t key(std::uint64_t tag, std::uint64_t index) { return (tag << 48) | index; }

bool contains(const std::vector<std::uint32_t>& v, std::uint32_t value) {
  return std::find(v.begin(), v.end(), value) != v.end();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Parameters

double LatticeDefectParameters::interface_weight(double depth) const noexcept {
  return 1.0 + interface_enhancement * std::exp(-std::max(depth, 0.0) / interface_length);
}

void LatticeDefectParameters::declare(Schema& schema) {
  schema.boolean("kmc.defects.enabled", true,
                 "evolve explicit stacking faults and dislocations on the O lattice");
  schema.boolean("kmc.defects.nucleation.enabled", true,
                 "nucleate fault segments and dislocation dipoles under delithiation strain");
  schema
      .quantity("kmc.defects.nucleation.generation_coefficient", "8e18 m^-2", "m^-2",
                "k_gen: dislocation line length per volume created per unit strain (two lines per nucleus)")
      .min(0.0)
      .source("defects.generation_coefficient of the continuum model (rho_ss ~ 1e16 m^-2 at ~6e-6 /s)");
  schema
      .real("kmc.defects.nucleation.dipole_fraction", 0.25,
            "fraction of nuclei that are full-dislocation dipoles")
      .min(0.0)
      .max(1.0)
      .source("estimate: paper Fig. 5 shows three fault segments and one dislocation pair over 813-2345 s");
  schema
      .quantity("kmc.defects.nucleation.fault_length", "1 nm", "nm",
                "length of a newly nucleated fault segment")
      .min(0.0, true)
      .source("estimate: the smallest fault segments resolved in the HRTEM images of paper Fig. 5");
  schema
      .quantity("kmc.defects.nucleation.dipole_separation", "1.5 nm", "nm",
                "initial distance of the two dislocations of a nucleated dipole")
      .min(0.0, true)
      .source("estimate: the dislocation pair of paper Fig. 5 (1213 s) is a few nm apart");
  schema
      .real("kmc.defects.nucleation.interface_enhancement", 4.0,
            "e in the nucleation weight 1 + e exp(-depth / interface_length)")
      .min(0.0)
      .source("estimate: faults and voids first appear next to the LiPON interface (paper Figs. 3, 5)");
  schema
      .quantity("kmc.defects.nucleation.interface_length", "5 nm", "nm",
                "decay length of the interface enhancement of nucleation")
      .min(0.0, true)
      .source("defects.escape.length of the continuum model");
  schema
      .boolean("kmc.defects.nucleation.layered_host", true,
               "faults and dislocations nucleate only in layered lattice (in proportion to a cell's layered "
               "fraction), the interface enhancement counted from where the layered lattice begins")
      .source(
          "paper Fig. 5: the stacking faults and dislocations are those of the layered O3 stacking, around "
          "the nanovoid in layered lattice; the reconstructed spinel/rock-salt layer has no such stacking "
          "(docs/kmc-defects.md)");
  schema.boolean("kmc.defects.growth.enabled", true,
                 "partials bounding a fault glide: faults extend under strain and shrink by their tension");
  schema
      .quantity("kmc.defects.growth.partial_hop_rate", "0.05 s^-1", "s^-1",
                "nu_p: inward hop rate of a partial (fault tension); outward nu_p eps_dot / eps_ref")
      .min(0.0)
      .source("estimate: a 1-2 nm segment vanishes within ~100 s when driving stops (SI Video 3)");
  schema
      .quantity("kmc.defects.growth.reference_strain_rate", "6e-6 s^-1", "s^-1",
                "eps_ref: strain rate whose driving stress balances the fault tension")
      .min(0.0, true)
      .source(
          "estimate: the paper's delithiation strain rate (docs/void-model.md); faults are then marginal");
  schema.boolean("kmc.defects.glide.enabled", true, "full dislocations glide along their close-packed row");
  schema
      .quantity("kmc.defects.glide.hop_rate", "0.1 s^-1", "s^-1",
                "nu_g: thermal glide hop rate each way; the Burgers direction gains nu_g eps_dot / eps_ref")
      .min(0.0)
      .source("estimate: dislocations in paper Fig. 5 move about 1 nm per 100 s");
  schema.boolean("kmc.defects.annihilation.enabled", true,
                 "opposite-sign dislocations on one row within the capture distance annihilate");
  schema
      .quantity("kmc.defects.annihilation.capture_distance", "0.6 nm", "nm",
                "distance along the row below which an opposite-sign pair annihilates (at least one site)")
      .min(0.0)
      .source(
          "textbook: dipoles closer than a few Burgers vectors annihilate spontaneously (~2 O-O distances)");
  schema.boolean("kmc.defects.exit.enabled", true,
                 "dislocations leave through lateral walls (glide) and the interface (climb)");
  schema.boolean("kmc.defects.climb.enabled", true, "dislocations climb by absorbing (emitting) vacancies");
  schema
      .quantity("kmc.defects.climb.absorption_rate", "1 s^-1", "s^-1",
                "nu_c: rate of absorbing each vacancy adjacent to the dislocation core")
      .min(0.0)
      .source("estimate: a vacancy next to a core is captured fast compared with the coupling interval");
  schema
      .quantity("kmc.defects.climb.emission_rate", "0 s^-1", "s^-1",
                "nu_e: rate at which a dislocation emits a vacancy into an adjacent O site")
      .min(0.0)
      .source("off by default: no source for the core vacancy-formation rate");
}

LatticeDefectParameters LatticeDefectParameters::from(const Scenario& scenario) {
  LatticeDefectParameters p;
  p.enabled = scenario.boolean("kmc.defects.enabled");
  p.nucleation_enabled = scenario.boolean("kmc.defects.nucleation.enabled");
  p.generation_coefficient = scenario.real("kmc.defects.nucleation.generation_coefficient");
  p.dipole_fraction = scenario.real("kmc.defects.nucleation.dipole_fraction");
  p.fault_length = scenario.real("kmc.defects.nucleation.fault_length");
  p.dipole_separation = scenario.real("kmc.defects.nucleation.dipole_separation");
  p.interface_enhancement = scenario.real("kmc.defects.nucleation.interface_enhancement");
  p.interface_length = scenario.real("kmc.defects.nucleation.interface_length");
  p.layered_host = scenario.boolean("kmc.defects.nucleation.layered_host");
  p.growth_enabled = scenario.boolean("kmc.defects.growth.enabled");
  p.partial_hop_rate = scenario.real("kmc.defects.growth.partial_hop_rate");
  p.reference_strain_rate = scenario.real("kmc.defects.growth.reference_strain_rate");
  p.glide_enabled = scenario.boolean("kmc.defects.glide.enabled");
  p.glide_hop_rate = scenario.real("kmc.defects.glide.hop_rate");
  p.annihilation_enabled = scenario.boolean("kmc.defects.annihilation.enabled");
  p.capture_distance = scenario.real("kmc.defects.annihilation.capture_distance");
  p.exit_enabled = scenario.boolean("kmc.defects.exit.enabled");
  p.climb_enabled = scenario.boolean("kmc.defects.climb.enabled");
  p.climb_absorption_rate = scenario.real("kmc.defects.climb.absorption_rate");
  p.climb_emission_rate = scenario.real("kmc.defects.climb.emission_rate");
  return p;
}

std::vector<Diagnostic> LatticeDefectParameters::validate(const Scenario& scenario) {
  std::vector<Diagnostic> problems;
  const auto p = from(scenario);
  // A dipole born inside the capture distance annihilates in the interval after its birth: the
  // nucleation of dipoles would be a no-op that only inflates the counters.
  if (p.enabled && p.nucleation_enabled && p.annihilation_enabled && p.dipole_fraction > 0.0 &&
      p.dipole_separation <= p.capture_distance) {
    problems.push_back(scenario.diagnostic("kmc.defects.nucleation.dipole_separation",
                                           "dipole_separation <= annihilation.capture_distance: every "
                                           "nucleated dipole would annihilate at once"));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Construction and small helpers

LatticeDefects::LatticeDefects(const OxygenLattice& lattice, const Grid& grid,
                               LatticeDefectParameters parameters, std::uint64_t seed)
    : lattice_(&lattice), grid_(grid), parameters_(parameters), random_(seed, RandomStream::defects) {
  const std::size_t mx = lattice.mx(), ny = lattice.ny(), nz = lattice.nz();
  const std::size_t n_columns = mx * nz;
  const double a = lattice.spacing();
  capture_sites_ =
      static_cast<std::uint32_t>(std::max(1.0, std::floor(parameters_.capture_distance / a + 1e-9)));

  // Column -> x-z cell, from the column's j = 0 site (3D lines cross every y cell of the column).
  const std::size_t n_xz = grid.nx * grid.nz;
  column_cell_.resize(n_columns);
  std::vector<std::uint32_t> counts(n_xz + 1, 0);
  for (std::size_t k = 0; k < nz; ++k) {
    for (std::size_t m = 0; m < mx; ++m) {
      const std::size_t cell = lattice.cell_of(k * ny * mx + m, grid);
      const std::size_t i = cell % grid.nx, kc = cell / (grid.nx * grid.ny);
      column_cell_[k * mx + m] = static_cast<std::uint32_t>(kc * grid.nx + i);
      ++counts[kc * grid.nx + i + 1];
    }
  }
  cell_start_.assign(n_xz + 1, 0);
  for (std::size_t q = 0; q < n_xz; ++q) cell_start_[q + 1] = cell_start_[q] + counts[q + 1];
  cell_columns_.resize(n_columns);
  cell_weight_cumulative_.resize(n_columns);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (std::size_t c = 0; c < n_columns; ++c)
    cell_columns_[fill[column_cell_[c]]++] = static_cast<std::uint32_t>(c);
  set_host_fraction(nullptr);
  strain_.assign(n_xz, 0.0);
  occupied_.assign(n_columns, 0);
  mask_.assign(lattice.size(), 0);
}

void LatticeDefects::set_host_fraction(const double* layered_fraction_per_cell) {
  const OxygenLattice& lattice = *lattice_;
  const std::size_t mx = lattice.mx(), ny = lattice.ny();
  const std::size_t n_xz = grid_.nx * grid_.nz;
  // Layered fraction per x-z cell (mean over y: 3D objects span y); 1 without a layer or with
  // the switch off.
  const bool layered = layered_fraction_per_cell != nullptr && parameters_.layered_host;
  std::vector<double> host(n_xz, 1.0);
  if (layered) {
    for (std::size_t k = 0; k < grid_.nz; ++k) {
      for (std::size_t i = 0; i < grid_.nx; ++i) {
        double sum = 0.0;
        for (std::size_t j = 0; j < grid_.ny; ++j)
          sum += std::clamp(layered_fraction_per_cell[grid_.index(i, j, k)], 0.0, 1.0);
        host[k * grid_.nx + i] = sum / static_cast<double>(grid_.ny);
      }
    }
  }
  // Depth within layered lattice at the top of each x-z cell: the integral of f over the cells
  // above it in its x column (cells of height length_z / nz, the map of OxygenLattice::cell_of).
  const double h = lattice.length_z() / static_cast<double>(grid_.nz);
  std::vector<double> top(n_xz, 0.0);
  for (std::size_t i = 0; i < grid_.nx; ++i)
    for (std::size_t k = 1; k < grid_.nz; ++k)
      top[k * grid_.nx + i] = top[(k - 1) * grid_.nx + i] + host[(k - 1) * grid_.nx + i] * h;
  // Cross-section area per column (x-z projection): every column stands for the same area.
  const double column_area = lattice.length_x() * lattice.length_z() / static_cast<double>(mx * lattice.nz());
  for (std::size_t q = 0; q < n_xz; ++q) {
    const double cell_top = static_cast<double>(q / grid_.nx) * h;
    double sum = 0.0;
    for (std::uint32_t p = cell_start_[q]; p < cell_start_[q + 1]; ++p) {
      const std::size_t c = cell_columns_[p];
      const double z = lattice.position((c / mx) * ny * mx + c % mx)[2];
      const double zeta = layered ? top[q] + host[q] * (z - cell_top) : z;
      sum += column_area * host[q] * parameters_.interface_weight(zeta);
      cell_weight_cumulative_[p] = sum;
    }
  }
}

std::int64_t LatticeDefects::shifted(std::uint32_t m, std::int64_t step) const noexcept {
  const auto mx = static_cast<std::int64_t>(lattice_->mx());
  const std::int64_t p = static_cast<std::int64_t>(m) + step;
  if (lattice_->periodic_lateral()) return ((p % mx) + mx) % mx;
  return (p < 0 || p >= mx) ? -1 : p;
}

std::uint32_t LatticeDefects::poisson(double lambda, std::uint64_t k, std::int64_t interval,
                                      std::uint32_t slot) const {
  if (!(lambda > 0.0)) return 0;
  const auto step = static_cast<std::uint64_t>(interval);
  if (lambda < 30.0) {
    // Inversion: one uniform per draw.
    const double u = random_.uniform(k, step, slot);
    double p = std::exp(-lambda), cumulative = p;
    std::uint32_t n = 0;
    while (u > cumulative && n < 1000) {
      ++n;
      p *= lambda / n;
      cumulative += p;
    }
    return n;
  }
  // Large means (long intervals, fast glide): normal approximation, Box-Muller from two uniforms;
  // its relative error in the variance is O(1/lambda) < 3 %.
  const double u1 = random_.uniform(k, step, slot), u2 = random_.uniform(k, step, slot + 1);
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  return static_cast<std::uint32_t>(std::max(0.0, std::round(lambda + std::sqrt(lambda) * z)));
}

// ---------------------------------------------------------------------------------------------
// Placement

namespace {
// Columns first - gap .. first + length - 1 + gap of `row` are inside the row and free; the gap
// columns may lie beyond a wall.
bool columns_free(const std::vector<std::uint8_t>& occupied, std::size_t mx, std::uint32_t row,
                  std::int64_t first, std::uint32_t length, std::uint32_t gap, bool periodic) {
  if (periodic && length + 2 * gap > mx) return false;
  for (std::int64_t i = -static_cast<std::int64_t>(gap); i < static_cast<std::int64_t>(length + gap); ++i) {
    std::int64_t p = first + i;
    if (periodic) {
      const auto n = static_cast<std::int64_t>(mx);
      p = ((p % n) + n) % n;
    } else if (p < 0 || p >= static_cast<std::int64_t>(mx)) {
      if (i >= 0 && i < static_cast<std::int64_t>(length)) return false;
      continue;
    }
    if (occupied[static_cast<std::size_t>(row) * mx + static_cast<std::size_t>(p)]) return false;
  }
  return true;
}
}  // namespace

bool LatticeDefects::place_fault(std::uint32_t row, std::int64_t first, std::uint32_t length, bool gap) {
  const std::size_t mx = lattice_->mx();
  if (row >= lattice_->nz() || length == 0) return false;
  if (!columns_free(occupied_, mx, row, first, length, gap ? 1 : 0, lattice_->periodic_lateral()))
    return false;
  const auto n = static_cast<std::int64_t>(mx);
  const auto start = static_cast<std::uint32_t>(((first % n) + n) % n);
  for (std::uint32_t i = 0; i < length; ++i)
    occupied_[column(row, static_cast<std::uint32_t>(shifted(start, i)))] = 1;
  faults_.push_back({next_id_++, row, start, length});
  return true;
}

bool LatticeDefects::place_dislocation(std::uint32_t row, std::int64_t position, int sign) {
  const std::size_t mx = lattice_->mx();
  if (row >= lattice_->nz() || (sign != 1 && sign != -1)) return false;
  if (!columns_free(occupied_, mx, row, position, 1, 0, lattice_->periodic_lateral())) return false;
  const auto n = static_cast<std::int64_t>(mx);
  const auto m = static_cast<std::uint32_t>(((position % n) + n) % n);
  occupied_[column(row, m)] = 1;
  dislocations_.push_back({next_id_++, row, m, sign});
  return true;
}

bool LatticeDefects::add_fault(std::uint32_t row, std::uint32_t first, std::uint32_t length) {
  const bool placed = place_fault(row, first, length, false);
  if (placed) update_mask();
  return placed;
}

bool LatticeDefects::add_dislocation(std::uint32_t row, std::uint32_t position, int sign) {
  const bool placed = place_dislocation(row, position, sign);
  if (placed) update_mask();
  return placed;
}

// ---------------------------------------------------------------------------------------------
// One coupling interval

void LatticeDefects::advance(double /*t*/, double dt, std::int64_t interval_index,
                             const double* strain_rate_per_cell, const std::uint8_t* occupancy) {
  absorbed_.clear();
  emitted_.clear();
  if (!parameters_.enabled || !(dt > 0.0)) {
    mask_changed_ = false;
    return;
  }
  // Strain rate per x-z cell: mean |eps_dot| over the y cells (3D objects span y).
  std::fill(strain_.begin(), strain_.end(), 0.0);
  if (strain_rate_per_cell != nullptr) {
    for (std::size_t k = 0; k < grid_.nz; ++k)
      for (std::size_t j = 0; j < grid_.ny; ++j)
        for (std::size_t i = 0; i < grid_.nx; ++i)
          strain_[k * grid_.nx + i] += std::abs(strain_rate_per_cell[grid_.index(i, j, k)]);
    for (double& s : strain_) s /= static_cast<double>(grid_.ny);
  }
  if (parameters_.growth_enabled) move_faults(dt, interval_index);
  move_dislocations(dt, interval_index, occupancy);
  annihilate_pairs();
  if (parameters_.nucleation_enabled) nucleate(dt, interval_index, occupancy);
  update_mask();
}

void LatticeDefects::move_faults(double dt, std::int64_t interval) {
  const auto& p = parameters_;
  for (std::size_t f = 0; f < faults_.size(); ++f) {
    StackingFault& F = faults_[f];
    if (F.length == 0) continue;  // merged away earlier in this interval
    const std::uint64_t k = key(tag_fault, F.id);
    for (int side = 0; side < 2 && F.length > 0; ++side) {
      const std::uint32_t end =
          side == 0 ? F.first : static_cast<std::uint32_t>(shifted(F.first, F.length - 1));
      // Driving stress from the strain rate pushes the partial out; the fault tension pulls it in.
      const double drive = column_strain(column(F.row, end)) / p.reference_strain_rate;
      const auto n_out =
          static_cast<std::int64_t>(poisson(p.partial_hop_rate * drive * dt, k, interval, 4 * side));
      const auto n_in =
          static_cast<std::int64_t>(poisson(p.partial_hop_rate * dt, k, interval, 4 * side + 2));
      const std::int64_t net = n_out - n_in;
      for (std::int64_t s = 0; s < std::abs(net); ++s) {
        if (net < 0) {
          // Shrink: the end column is released; length 0 means the partials recombined.
          const std::uint32_t released =
              side == 0 ? F.first : static_cast<std::uint32_t>(shifted(F.first, F.length - 1));
          occupied_[column(F.row, released)] = 0;
          --F.length;
          ++counters_.partial_steps;
          if (F.length == 0) {
            ++counters_.faults_vanished;
            break;
          }
          if (side == 0) F.first = static_cast<std::uint32_t>(shifted(F.first, 1));
          continue;
        }
        const std::int64_t target = side == 0 ? shifted(F.first, -1) : shifted(F.first, F.length);
        if (target < 0) break;  // a wall holds the partial (docs/kmc-defects.md)
        const auto t = static_cast<std::uint32_t>(target);
        if (occupied_[column(F.row, t)]) {
          // Facing partials of two faults recombine: the faults merge into one.
          bool merged = false;
          for (std::size_t g = 0; g < faults_.size() && !merged; ++g) {
            StackingFault& G = faults_[g];
            if (g == f || G.length == 0 || G.row != F.row) continue;
            const bool facing =
                side == 0 ? static_cast<std::uint32_t>(shifted(G.first, G.length - 1)) == t : G.first == t;
            if (!facing) continue;
            if (side == 0) F.first = G.first;
            F.length += G.length;
            G.length = 0;
            merged = true;
          }
          if (!merged) break;  // a dislocation or the fault's own other end blocks it
          ++counters_.fault_merges;
          ++counters_.partial_steps;
          continue;
        }
        occupied_[column(F.row, t)] = 1;
        if (side == 0) F.first = t;
        ++F.length;
        ++counters_.partial_steps;
      }
    }
  }
  std::erase_if(faults_, [](const StackingFault& F) { return F.length == 0; });
}

void LatticeDefects::move_dislocations(double dt, std::int64_t interval, const std::uint8_t* occupancy) {
  const auto& p = parameters_;
  for (std::size_t idx = 0; idx < dislocations_.size(); ++idx) {
    Dislocation& D = dislocations_[idx];
    if (D.sign == 0) continue;  // annihilated earlier in this interval
    const std::uint64_t k = key(tag_dislocation, D.id);
    bool gone = false;
    if (p.glide_enabled) {
      // The resolved stress of the delithiation strain biases glide along the Burgers direction.
      const double drive = column_strain(column(D.row, D.position)) / p.reference_strain_rate;
      const double forward = p.glide_hop_rate * (1.0 + drive) * dt, backward = p.glide_hop_rate * dt;
      const auto n_plus = static_cast<std::int64_t>(poisson(D.sign > 0 ? forward : backward, k, interval, 0));
      const auto n_minus =
          static_cast<std::int64_t>(poisson(D.sign < 0 ? forward : backward, k, interval, 2));
      const std::int64_t net = n_plus - n_minus, direction = net > 0 ? 1 : -1;
      for (std::int64_t s = 0; s < std::abs(net) && !gone; ++s) {
        const std::int64_t target = shifted(D.position, direction);
        if (target < 0) {
          if (!p.exit_enabled) break;
          occupied_[column(D.row, D.position)] = 0;
          D.sign = 0;
          ++counters_.dislocations_exited;
          gone = true;
          break;
        }
        const std::size_t tc = column(D.row, static_cast<std::uint32_t>(target));
        if (occupied_[tc]) {
          if (!p.annihilation_enabled) break;
          bool met = false;
          for (Dislocation& E : dislocations_) {
            if (&E == &D || E.sign != -D.sign || E.row != D.row || E.position != target) continue;
            occupied_[tc] = 0;
            occupied_[column(D.row, D.position)] = 0;
            E.sign = 0;
            D.sign = 0;
            counters_.dislocations_annihilated += 2;
            met = true;
            break;
          }
          if (met) gone = true;
          break;
        }
        occupied_[column(D.row, D.position)] = 0;
        occupied_[tc] = 1;
        D.position = static_cast<std::uint32_t>(target);
        ++counters_.glide_steps;
      }
    }
    if (!gone && p.climb_enabled && occupancy != nullptr) climb(D, dt, interval, occupancy, gone);
  }
  std::erase_if(dislocations_, [](const Dislocation& D) { return D.sign == 0; });
}

void LatticeDefects::climb(Dislocation& D, double dt, std::int64_t interval, const std::uint8_t* occupancy,
                           bool& exited) {
  const auto& p = parameters_;
  const std::size_t mx = lattice_->mx(), ny = lattice_->ny();
  const std::uint64_t k = key(tag_dislocation, D.id);
  // A site's vacancy state during this interval: the caller's occupancy corrected by the sites
  // already absorbed or emitted by climb in this interval.
  auto vacant = [&](std::uint32_t s) {
    return occupancy[s] != 0 ? !contains(absorbed_, s) : contains(emitted_, s);
  };
  // Neighbours of the core sites (all rows j of the layer in 3D), without duplicates, that are
  // vacant (want_vacant) or occupied.
  std::vector<std::uint32_t> candidates;
  auto collect = [&](bool want_vacant) {
    candidates.clear();
    std::uint32_t nb[OxygenLattice::max_coordination];
    for (std::size_t j = 0; j < ny; ++j) {
      const std::size_t site = (static_cast<std::size_t>(D.row) * ny + j) * mx + D.position;
      const int n = lattice_->neighbours(site, nb);
      for (int q = 0; q < n; ++q)
        if (vacant(nb[q]) == want_vacant && !contains(candidates, nb[q])) candidates.push_back(nb[q]);
    }
  };
  // Moves the core by `dk` rows; false if blocked (bottom of the domain, another object, or the
  // interface with exits off). Leaving through the interface removes the dislocation.
  auto can_move = [&](std::int64_t dk) {
    const std::int64_t row = static_cast<std::int64_t>(D.row) + dk;
    if (row < 0) return p.exit_enabled;
    if (row >= static_cast<std::int64_t>(lattice_->nz())) return false;
    return occupied_[column(static_cast<std::uint32_t>(row), D.position)] == 0;
  };
  auto move = [&](std::int64_t dk) {
    occupied_[column(D.row, D.position)] = 0;
    const std::int64_t row = static_cast<std::int64_t>(D.row) + dk;
    if (row < 0) {
      D.sign = 0;
      ++counters_.dislocations_exited;
      exited = true;
      return;
    }
    D.row = static_cast<std::uint32_t>(row);
    occupied_[column(D.row, D.position)] = 1;
  };

  std::uint32_t slot = 8;
  // Absorbing a vacancy removes an atom from the extra half-plane: the core moves one row,
  // toward the interface for sign +1 (docs/kmc-defects.md, sign convention).
  collect(true);
  const std::uint32_t n_absorb =
      poisson(p.climb_absorption_rate * static_cast<double>(candidates.size()) * dt, k, interval, 4);
  for (std::uint32_t e = 0; e < n_absorb && !exited; ++e, ++slot) {
    if (e > 0) collect(true);
    if (candidates.empty() || !can_move(-D.sign)) break;
    const double u = random_.uniform(k, static_cast<std::uint64_t>(interval), slot);
    const std::size_t pick = std::min(candidates.size() - 1, static_cast<std::size_t>(u * candidates.size()));
    absorbed_.push_back(candidates[pick]);
    ++counters_.vacancies_absorbed;
    move(-D.sign);
  }
  if (exited || !(p.climb_emission_rate > 0.0)) return;
  const std::uint32_t n_emit = poisson(p.climb_emission_rate * dt, k, interval, 6);
  for (std::uint32_t e = 0; e < n_emit && !exited; ++e, ++slot) {
    collect(false);
    if (candidates.empty() || !can_move(D.sign)) break;
    const double u = random_.uniform(k, static_cast<std::uint64_t>(interval), slot);
    const std::size_t pick = std::min(candidates.size() - 1, static_cast<std::size_t>(u * candidates.size()));
    emitted_.push_back(candidates[pick]);
    ++counters_.vacancies_emitted;
    move(D.sign);
  }
}

void LatticeDefects::annihilate_pairs() {
  if (!parameters_.annihilation_enabled || dislocations_.size() < 2) return;
  const auto mx = static_cast<std::int64_t>(lattice_->mx());
  const bool periodic = lattice_->periodic_lateral();
  std::vector<std::size_t> order(dislocations_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto &A = dislocations_[a], &B = dislocations_[b];
    return A.row != B.row ? A.row < B.row : A.position < B.position;
  });
  auto try_pair = [&](std::size_t a, std::size_t b) {
    Dislocation &A = dislocations_[a], &B = dislocations_[b];
    if (A.sign == 0 || B.sign == 0 || A.sign != -B.sign || A.row != B.row) return;
    std::int64_t d = std::abs(static_cast<std::int64_t>(A.position) - static_cast<std::int64_t>(B.position));
    if (periodic) d = std::min(d, mx - d);
    if (d > static_cast<std::int64_t>(capture_sites_)) return;
    occupied_[column(A.row, A.position)] = 0;
    occupied_[column(B.row, B.position)] = 0;
    A.sign = B.sign = 0;
    counters_.dislocations_annihilated += 2;
  };
  // Neighbours in the sorted order along each row, then the pair across the periodic boundary.
  std::size_t row_begin = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const bool row_ends =
        i + 1 == order.size() || dislocations_[order[i + 1]].row != dislocations_[order[i]].row;
    if (!row_ends) {
      try_pair(order[i], order[i + 1]);
      continue;
    }
    if (periodic && i > row_begin) try_pair(order[i], order[row_begin]);
    row_begin = i + 1;
  }
  std::erase_if(dislocations_, [](const Dislocation& D) { return D.sign == 0; });
}

void LatticeDefects::nucleate(double dt, std::int64_t interval, const std::uint8_t* occupancy) {
  const auto& p = parameters_;
  const std::size_t mx = lattice_->mx(), ny = lattice_->ny();
  const double a = lattice_->spacing();
  const auto fault_sites = static_cast<std::uint32_t>(std::max(1.0, std::round(p.fault_length / a)));
  const auto separation = static_cast<std::int64_t>(std::max(1.0, std::round(p.dipole_separation / a)));
  const auto step = static_cast<std::uint64_t>(interval);
  for (std::size_t q = 0; q + 1 < cell_start_.size(); ++q) {
    const std::uint32_t begin = cell_start_[q], end = cell_start_[q + 1];
    if (begin == end || !(strain_[q] > 0.0)) continue;
    // Each nucleus carries two dislocation lines (two partials or a dipole), hence k_gen / 2.
    const double total_weight = cell_weight_cumulative_[end - 1];
    const std::uint64_t k = key(tag_nucleation, q);
    const std::uint32_t n =
        poisson(0.5 * p.generation_coefficient * strain_[q] * total_weight * dt, k, interval, 0);
    for (std::uint32_t i = 0; i < n; ++i) {
      ++counters_.nucleation_attempts;
      const double u = random_.uniform(k, step, 2 + 2 * i) * total_weight;
      const auto* first = cell_weight_cumulative_.data() + begin;
      const auto at = std::min<std::size_t>(
          end - begin - 1,
          static_cast<std::size_t>(std::upper_bound(first, first + (end - begin), u) - first));
      const std::uint32_t c = cell_columns_[begin + at];
      const auto row = static_cast<std::uint32_t>(c / mx), m = static_cast<std::uint32_t>(c % mx);
      // No defect nucleates in empty space (a void or a vacancy at the centre).
      if (occupancy != nullptr && occupancy[static_cast<std::size_t>(row) * ny * mx + m] != 0) {
        ++counters_.nucleation_blocked;
        continue;
      }
      const bool dipole = random_.uniform(k, step, 3 + 2 * i) < p.dipole_fraction;
      bool placed = false;
      if (!dipole) {
        placed = place_fault(row, static_cast<std::int64_t>(m) - (fault_sites - 1) / 2, fault_sites, true);
        if (placed) ++counters_.faults_nucleated;
      } else {
        // The -1 sits on the -x side so the driving stress pulls the pair apart (glide bias).
        const std::int64_t minus = static_cast<std::int64_t>(m) - separation / 2, plus = minus + separation;
        const bool periodic = lattice_->periodic_lateral();
        placed = (periodic || (minus >= 0 && plus < static_cast<std::int64_t>(mx))) &&
                 columns_free(occupied_, mx, row, minus, 1, 1, periodic) &&
                 columns_free(occupied_, mx, row, plus, 1, 1, periodic);
        if (placed) {
          placed = place_dislocation(row, minus, -1) && place_dislocation(row, plus, +1);
          ++counters_.dipoles_nucleated;
        }
      }
      if (!placed) ++counters_.nucleation_blocked;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mask, densities, checkpoints

void LatticeDefects::update_mask() {
  std::vector<std::uint32_t> columns;
  for (const auto& F : faults_)
    for (std::uint32_t i = 0; i < F.length; ++i)
      columns.push_back(
          static_cast<std::uint32_t>(column(F.row, static_cast<std::uint32_t>(shifted(F.first, i)))));
  for (const auto& D : dislocations_)
    columns.push_back(static_cast<std::uint32_t>(column(D.row, D.position)));
  std::sort(columns.begin(), columns.end());
  mask_changed_ = columns != masked_columns_;
  if (!mask_changed_) return;
  const std::size_t mx = lattice_->mx(), ny = lattice_->ny();
  auto paint = [&](std::uint32_t c, std::uint8_t value) {
    const std::size_t row = c / mx, m = c % mx;
    for (std::size_t j = 0; j < ny; ++j) mask_[(row * ny + j) * mx + m] = value;
  };
  for (const auto c : masked_columns_) paint(c, 0);
  for (const auto c : columns) paint(c, 1);
  masked_columns_ = std::move(columns);
}

void LatticeDefects::line_density_per_cell(const Grid& grid, double* out) const {
  std::fill(out, out + grid.size(), 0.0);
  const std::size_t mx = lattice_->mx(), ny = lattice_->ny();
  // 2D: a point is a line through unit thickness, 1/(dx dz). 3D: each of the ny core sites of a
  // straight line carries length_y / ny of it.
  const double per_site = lattice_->dimension() == 2
                              ? 1.0 / (grid.dx * grid.dz)
                              : lattice_->length_y() / static_cast<double>(ny) / grid.cell_volume();
  auto add_line = [&](std::uint32_t row, std::uint32_t m) {
    for (std::size_t j = 0; j < ny; ++j) out[lattice_->cell_of((row * ny + j) * mx + m, grid)] += per_site;
  };
  for (const auto& F : faults_) {
    add_line(F.row, F.first);
    add_line(F.row, static_cast<std::uint32_t>(shifted(F.first, F.length - 1)));
  }
  for (const auto& D : dislocations_) add_line(D.row, D.position);
}

void LatticeDefects::save(StateArchive& archive, const std::string& prefix) const {
  auto& faults = archive.int_arrays[prefix + "faults"];
  faults.clear();
  for (const auto& F : faults_)
    faults.insert(faults.end(), {static_cast<std::int64_t>(F.id), F.row, F.first, F.length});
  auto& dislocations = archive.int_arrays[prefix + "dislocations"];
  dislocations.clear();
  for (const auto& D : dislocations_)
    dislocations.insert(dislocations.end(), {static_cast<std::int64_t>(D.id), D.row, D.position, D.sign});
  archive.int_arrays[prefix + "lattice_shape"] = {static_cast<std::int64_t>(lattice_->mx()),
                                                  static_cast<std::int64_t>(lattice_->ny()),
                                                  static_cast<std::int64_t>(lattice_->nz())};
  const auto& c = counters_;
  archive.int_arrays[prefix + "counters"] = {
      c.nucleation_attempts, c.nucleation_blocked, c.faults_nucleated,         c.dipoles_nucleated,
      c.faults_vanished,     c.fault_merges,       c.dislocations_annihilated, c.dislocations_exited,
      c.partial_steps,       c.glide_steps,        c.vacancies_absorbed,       c.vacancies_emitted};
  archive.integers[prefix + "next_id"] = static_cast<std::int64_t>(next_id_);
}

void LatticeDefects::load(const StateArchive& archive, const std::string& prefix) {
  const auto& shape = archive.int_array(prefix + "lattice_shape");
  if (shape.size() != 3 || shape[0] != static_cast<std::int64_t>(lattice_->mx()) ||
      shape[1] != static_cast<std::int64_t>(lattice_->ny()) ||
      shape[2] != static_cast<std::int64_t>(lattice_->nz()))
    throw IoError("checkpoint entry " + prefix + "lattice_shape does not match this run's oxygen lattice");
  const auto& faults = archive.int_array(prefix + "faults");
  const auto& dislocations = archive.int_array(prefix + "dislocations");
  const auto& c = archive.int_array(prefix + "counters");
  if (faults.size() % 4 != 0 || dislocations.size() % 4 != 0 || c.size() != 12)
    throw IoError("checkpoint entries " + prefix + "faults/dislocations/counters have the wrong length");
  faults_.clear();
  dislocations_.clear();
  std::fill(occupied_.begin(), occupied_.end(), 0);
  const auto mx = static_cast<std::int64_t>(lattice_->mx()), nz = static_cast<std::int64_t>(lattice_->nz());
  for (std::size_t i = 0; i < faults.size(); i += 4) {
    if (faults[i + 1] < 0 || faults[i + 1] >= nz || faults[i + 2] < 0 || faults[i + 2] >= mx ||
        faults[i + 3] < 1 || faults[i + 3] > mx)
      throw IoError("checkpoint entry " + prefix + "faults holds a fault outside the lattice");
    StackingFault F{static_cast<std::uint64_t>(faults[i]), static_cast<std::uint32_t>(faults[i + 1]),
                    static_cast<std::uint32_t>(faults[i + 2]), static_cast<std::uint32_t>(faults[i + 3])};
    for (std::uint32_t s = 0; s < F.length; ++s)
      occupied_[column(F.row, static_cast<std::uint32_t>(shifted(F.first, s)))] = 1;
    faults_.push_back(F);
  }
  for (std::size_t i = 0; i < dislocations.size(); i += 4) {
    if (dislocations[i + 1] < 0 || dislocations[i + 1] >= nz || dislocations[i + 2] < 0 ||
        dislocations[i + 2] >= mx || std::abs(dislocations[i + 3]) != 1)
      throw IoError("checkpoint entry " + prefix + "dislocations holds a dislocation outside the lattice");
    Dislocation D{
        static_cast<std::uint64_t>(dislocations[i]), static_cast<std::uint32_t>(dislocations[i + 1]),
        static_cast<std::uint32_t>(dislocations[i + 2]), static_cast<std::int32_t>(dislocations[i + 3])};
    occupied_[column(D.row, D.position)] = 1;
    dislocations_.push_back(D);
  }
  counters_ = {c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]};
  next_id_ = static_cast<std::uint64_t>(archive.integer(prefix + "next_id"));
  absorbed_.clear();
  emitted_.clear();
  update_mask();
  mask_changed_ = true;  // the caller's view of the mask is stale after a load
}

}  // namespace voidsim
