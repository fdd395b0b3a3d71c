#include "solvers/nucleation_seeder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <utility>

namespace voidsim {

namespace {

/// (i, j, k) of a cell, signed for offset arithmetic.
std::array<long, 3> cell_coordinates(const Grid& g, std::size_t cell) {
  return {static_cast<long>(cell % g.nx), static_cast<long>((cell / g.nx) % g.ny),
          static_cast<long>(cell / (g.nx * g.ny))};
}

/// The smallest cell spacing: the minimum seed radius is a number of these.
double smallest_spacing(const Grid& g) {
  const double h = std::min(g.dx, g.dz);
  return g.dimension == 3 ? std::min(h, g.dy) : h;
}

/// Cells within `radius` of a centre reach at most this many cells along x, y and z (a periodic
/// lateral axis never more than half the grid, so no cell is visited twice).
void cell_reach(const Grid& g, double radius, bool periodic, long (&reach)[3]) {
  const auto extent = [&](double h, std::size_t n, bool wrap) {
    long m = static_cast<long>(std::ceil(radius / h));
    if (wrap) m = std::min(m, (static_cast<long>(n) - 1) / 2);
    return m;
  };
  reach[0] = extent(g.dx, g.nx, periodic);
  reach[1] = g.dimension == 3 ? extent(g.dy, g.ny, periodic) : 0;
  reach[2] = extent(g.dz, g.nz, false);
}

/// Calls f(index, distance) for every cell whose centre lies strictly within `radius` of the
/// centre of cell `center`. Lateral axes (x, y) wrap when `periodic`; z never wraps (the LiPON
/// interface on one side, the bulk boundary on the other). A periodic axis is visited at most
/// once per cell even when the radius exceeds half the domain.
template <class F>
void for_each_cell_within(const Grid& g, std::size_t center, double radius, bool periodic, F&& f) {
  const auto nx = static_cast<long>(g.nx);
  const auto ny = static_cast<long>(g.ny);
  const auto nz = static_cast<long>(g.nz);
  const auto [ic, jc, kc] = cell_coordinates(g, center);
  long reach[3];
  cell_reach(g, radius, periodic, reach);
  const long mi = reach[0], mj = reach[1], mk = reach[2];
  const double r2max = radius * radius;
  for (long dk = -mk; dk <= mk; ++dk) {
    const long k = kc + dk;
    if (k < 0 || k >= nz) continue;
    const double z2 = (dk * g.dz) * (dk * g.dz);
    for (long dj = -mj; dj <= mj; ++dj) {
      long j = jc + dj;
      if (j < 0 || j >= ny) {
        if (!periodic) continue;
        j = ((j % ny) + ny) % ny;
      }
      const double yz2 = z2 + (dj * g.dy) * (dj * g.dy);
      for (long di = -mi; di <= mi; ++di) {
        long i = ic + di;
        if (i < 0 || i >= nx) {
          if (!periodic) continue;
          i = ((i % nx) + nx) % nx;
        }
        const double r2 = yz2 + (di * g.dx) * (di * g.dx);
        if (r2 < r2max)
          f(g.index(static_cast<std::size_t>(i), static_cast<std::size_t>(j), static_cast<std::size_t>(k)),
            std::sqrt(r2));
      }
    }
  }
}

/// The same cells as for_each_cell_within(g, center, radius, ..) with distance >= `inner`, as
/// runs along x relative to the centre (one or two per row), before clipping and wrapping. Each run
/// end is found with the very expressions for_each_cell_within and the seeder's excess() evaluate,
/// so both visit the same set of cells.
std::vector<RowRun> ball_runs(const Grid& g, double radius, double inner, bool periodic) {
  long reach[3];
  cell_reach(g, radius, periodic, reach);
  const long mi = reach[0], mj = reach[1], mk = reach[2];
  const double r2max = radius * radius;
  const auto r2_at = [&](double yz2, long d) { return yz2 + (d * g.dx) * (d * g.dx); };
  std::vector<RowRun> runs;
  for (long dk = -mk; dk <= mk; ++dk) {
    const double z2 = (dk * g.dz) * (dk * g.dz);
    for (long dj = -mj; dj <= mj; ++dj) {
      const double yz2 = z2 + (dj * g.dy) * (dj * g.dy);
      // Outer end: the largest d <= mi with r^2 < radius^2 (r^2 grows with |d|).
      long d_max = std::min(mi, static_cast<long>(std::sqrt(std::max(0.0, r2max - yz2)) / g.dx) + 1);
      while (d_max >= 0 && !(r2_at(yz2, d_max) < r2max)) --d_max;
      if (d_max < 0) continue;
      // Inner end: the smallest d with r >= inner.
      long d_min = 0;
      if (inner > 0.0) {
        d_min = std::max(0L, static_cast<long>(std::sqrt(std::max(0.0, inner * inner - yz2)) / g.dx) - 1);
        while (d_min <= d_max && !(std::sqrt(r2_at(yz2, d_min)) >= inner)) ++d_min;
        if (d_min > d_max) continue;
      }
      if (d_min == 0) {
        runs.push_back({dj, dk, -d_max, d_max});
      } else {
        runs.push_back({dj, dk, -d_max, -d_min});
        runs.push_back({dj, dk, d_min, d_max});
      }
    }
  }
  return runs;
}

/// Sum of `table` over the runs placed at cell `center` (rows outside z skipped, y wrapped when
/// periodic).
double sum_over_runs(const Grid& g, const RowSumTable& table, const std::vector<RowRun>& runs,
                     std::size_t center, bool periodic) {
  const auto ny = static_cast<long>(g.ny);
  const auto nz = static_cast<long>(g.nz);
  const auto [ic, jc, kc] = cell_coordinates(g, center);
  double total = 0.0;
  for (const RowRun& run : runs) {
    const long k = kc + run.dk;
    if (k < 0 || k >= nz) continue;
    long j = jc + run.dj;
    if (j < 0 || j >= ny) {
      if (!periodic) continue;
      j = ((j % ny) + ny) % ny;
    }
    total += table.run_sum(static_cast<std::size_t>(k * ny + j), ic, run.d_first, run.d_last, periodic);
  }
  return total;
}

}  // namespace

NucleationSeederSettings NucleationSeederSettings::from(const NucleationParameters& nucleation,
                                                        const VoidModelParameters& void_model,
                                                        int dimension) {
  NucleationSeederSettings s;
  s.rate = nucleation.rate_model(dimension, void_model);
  s.interface_width = void_model.interface_width;
  s.exclusion_distance = nucleation.exclusion_distance;
  s.seed_radius_factor = nucleation.seed_radius_factor;
  s.minimum_seed_cells = nucleation.minimum_seed_cells;
  s.maximum_seed_radius = nucleation.maximum_seed_radius;
  s.conserve_vacancies = nucleation.conserve_vacancies;
  s.collection_distance = nucleation.collection_distance;
  return s;
}

NucleationSeeder::NucleationSeeder(NucleationSeederSettings settings) : settings_(std::move(settings)) {}

double NucleationSeeder::cell_volume(const Grid& grid) const noexcept {
  return grid.dimension == 3 ? grid.dx * grid.dy * grid.dz
                             : grid.dx * grid.dz * settings_.rate.section_thickness;
}

void NucleationSeeder::compute_rate(const Grid& grid, const double* c_v, const double* defect_density,
                                    double* rate) const {
  const NucleationRate model = settings_.rate;
  const std::size_t layer = grid.nx * grid.ny;
  const auto n = static_cast<std::ptrdiff_t>(grid.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i) / layer;
    const double depth = grid.z0 + (static_cast<double>(k) + 0.5) * grid.dz;
    const double rho = defect_density != nullptr ? defect_density[i] : 0.0;
    rate[i] = model.rate(c_v[i], rho, depth);
  }
}

std::size_t NucleationSeeder::seed_nuclei(const Grid& grid, double* eta, double* c_v,
                                          const double* rate_per_volume, double dt, std::int64_t step,
                                          const CounterRandom& random) {
  statistics_ = {};
  planted_.clear();
  const std::size_t n_cells = grid.size();
  drawn_.resize(n_cells);
  const double volume_dt = cell_volume(grid) * dt;
  const auto step_key = static_cast<std::uint64_t>(step);

  // 1. Parallel Poisson draws, one per cell: a pure function of (seed, stream, cell, step), so
  //    the flags do not depend on the thread count or schedule. Several events in one cell can
  //    only give one nucleus (they would violate the exclusion distance), so a flag suffices.
  const auto n = static_cast<std::ptrdiff_t>(n_cells);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const double mean = rate_per_volume[i] * volume_dt;
    drawn_[i] = (mean > 0.0 && random.poisson(mean, static_cast<std::uint64_t>(i), step_key) > 0) ? 1 : 0;
  }

  // 2. Deterministic acceptance order: a random priority per candidate (slot 2 of the same
  //    counter), ties by cell index. Random rather than index order so that conflicts do not
  //    systematically favour small z (the storage order), yet independent of threads.
  candidates_.clear();
  for (std::size_t i = 0; i < n_cells; ++i)
    if (drawn_[i] != 0) candidates_.push_back({random.uniform(i, step_key, 2), i});
  std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
    return a.priority < b.priority || (a.priority == b.priority && a.cell < b.cell);
  });
  statistics_.candidates = candidates_.size();

  // 3. Row tables of the void cells and of the solid excess, when the candidates' supply regions
  //    together cover more cells than the grid has (then building them is the cheaper way).
  const NucleationSeederSettings& s = settings_;
  row_tables_valid_ = false;
  if (s.row_sums && !candidates_.empty()) {
    const double h = smallest_spacing(grid);
    long reach[3];
    cell_reach(grid, s.minimum_seed_cells * h + 3.0 * s.interface_width + s.collection_distance,
               s.periodic_lateral, reach);
    const double box_cells =
        static_cast<double>((2 * reach[0] + 1) * (2 * reach[1] + 1) * (2 * reach[2] + 1));
    if (static_cast<double>(candidates_.size()) * box_cells >= static_cast<double>(n_cells)) {
      const double c_eq = s.rate.equilibrium_fraction;
      excess_rows_.build(
          grid, [&](std::size_t i) { return eta[i] < solid_eta ? std::max(0.0, c_v[i] - c_eq) : 0.0; });
      void_rows_.build(grid, [&](std::size_t i) { return eta[i] > s.void_threshold ? 1.0 : 0.0; });
      row_tables_valid_ = true;
      run_stencils_.clear();  // the runs depend on the grid, which may differ from the last call
      profile_cells_.clear();
    }
  }

  // 4. Serial acceptance: each planted nucleus is already in eta when the next one is checked,
  //    which enforces the exclusion distance between new nuclei as well.
  for (const Candidate& c : candidates_) {
    switch (try_plant(grid, c.cell, eta, c_v)) {
      case Outcome::planted:
        ++statistics_.planted;
        break;
      case Outcome::exclusion:
        ++statistics_.rejected_exclusion;
        break;
      case Outcome::too_large:
        ++statistics_.rejected_too_large;
        break;
      case Outcome::supply:
        ++statistics_.rejected_supply;
        break;
    }
  }
  return statistics_.planted;
}

NucleationSeeder::Outcome NucleationSeeder::try_plant(const Grid& grid, std::size_t cell, double* eta,
                                                      double* c_v) {
  const NucleationSeederSettings& s = settings_;
  const double h = smallest_spacing(grid);

  // Radius: slightly supercritical (PFHub benchmark 8: 1.01 r* grows), but never below what the
  // grid resolves. r* is evaluated at the candidate cell's c_v.
  const double r_star = s.rate.critical_radius(c_v[cell]);
  const double radius = std::max(s.seed_radius_factor * r_star, s.minimum_seed_cells * h);
  if (!(radius <= s.maximum_seed_radius)) return Outcome::too_large;

  // The row tables hold this call's fields unless a nucleus planted since lies within reach.
  long reach[3];
  cell_reach(grid, radius + std::max(s.exclusion_distance, 3.0 * s.interface_width + s.collection_distance),
             s.periodic_lateral, reach);
  const bool rows = row_tables_apply(grid, cell, reach);

  bool blocked = false;
  if (rows) {
    // Void cells counted exactly (sums of 0 and 1 are exact in double).
    const double voids = sum_over_runs(
        grid, void_rows_, cached_runs(grid, radius + s.exclusion_distance, 0.0), cell, s.periodic_lateral);
    blocked = voids > 0.5;
  } else {
    for_each_cell_within(grid, cell, radius + s.exclusion_distance, s.periodic_lateral,
                         [&](std::size_t i, double) {
                           if (eta[i] > s.void_threshold) blocked = true;
                         });
  }
  if (blocked) return Outcome::exclusion;

  // Planted profile p(r) = (1 - tanh((r - R)/l))/2, truncated at R + 3 l where it is 0.25 %.
  const double l = s.interface_width;
  const double plant_radius = radius + 3.0 * l;
  const auto profile = [&](double r) { return 0.5 * (1.0 - std::tanh((r - radius) / l)); };

  // A planted cell's void part h(p) is filled (c_v = 1) and its solid part keeps its c_v, h the
  // interpolation of the grand potential (docs/void-model.md section 6). Why h(p) and not p: with p
  // the rim (p < 1/2, where h << p) held a solid c_v several times its surroundings, which drained
  // within a second, faster than any step the change limits accept, and set the step after every
  // nucleation.
  const auto planted_increase = [](double p, double c) {
    return std::max(0.0, interpolation(p) * (1.0 - c));
  };
  double demand = 0.0;  // sum of the c_v increases, in site fraction x cells
  if (rows) {
    // The same cells in the same order, with the profile values tabulated once per radius.
    const std::vector<ProfileCell>& stencil = cached_profile(grid, radius, plant_radius, profile);
    const auto nx = static_cast<long>(grid.nx), ny = static_cast<long>(grid.ny),
               nz = static_cast<long>(grid.nz);
    const auto [ic, jc, kc] = cell_coordinates(grid, cell);
    for (const ProfileCell& q : stencil) {
      const long k = kc + q.dk;
      long j = jc + q.dj, i = ic + q.di;
      if (k < 0 || k >= nz) continue;
      if (j < 0 || j >= ny || i < 0 || i >= nx) {
        if (!s.periodic_lateral) continue;
        j = ((j % ny) + ny) % ny;
        i = ((i % nx) + nx) % nx;
      }
      demand += planted_increase(q.p, c_v[grid.index(static_cast<std::size_t>(i), static_cast<std::size_t>(j),
                                                     static_cast<std::size_t>(k))]);
    }
  } else {
    for_each_cell_within(grid, cell, plant_radius, s.periodic_lateral,
                         [&](std::size_t i, double r) { demand += planted_increase(profile(r), c_v[i]); });
  }

  double supply = 0.0;
  const double c_eq = s.rate.equilibrium_fraction;
  const double outer = plant_radius + s.collection_distance;
  // Only solid cells supply vacancies: the diffuse rim of an existing void (0 < eta < 1/2) holds
  // c_v near 1, and draining it to c_v_eq would leave c_v = 0 next to c_v = 1 (measured: such
  // checkerboards then blew up the next step). `solid_eta` marks the end of the rim.
  const auto excess = [&](std::size_t i, double r) {
    return (r >= plant_radius && eta[i] < solid_eta) ? std::max(0.0, c_v[i] - c_eq) : 0.0;
  };
  if (s.conserve_vacancies) {
    // The shell must keep most of its excess: a nucleus that drains its surroundings to c_v_eq
    // sits below its Gibbs-Thomson concentration and dissolves at once (measured: nuclei planted
    // and dissolved every few steps, time step collapsing). A margin of 1.5 leaves 1/3 of the
    // excess, so the surroundings stay supersaturated and the nucleus grows.
    constexpr double supply_margin = 1.5;
    if (rows) {
      // The same shell from the rows: equal to the cell sum up to round-off, which the slack
      // bounds (a run's prefix difference errs by <= 2 nx eps times its row's sum; adding the
      // runs, and the cell sum itself, by <= eps times the total per term). Only a candidate that
      // may pass goes on to the cell sum, whose value the planting uses.
      const std::vector<RowRun>& shell = cached_runs(grid, outer, plant_radius);
      const double from_rows = sum_over_runs(grid, excess_rows_, shell, cell, s.periodic_lateral);
      const double terms = 4.0 * static_cast<double>(grid.nx) + static_cast<double>(shell.size()) +
                           static_cast<double>((2 * reach[0] + 1) * (2 * reach[1] + 1) * (2 * reach[2] + 1));
      const double slack = terms * std::numeric_limits<double>::epsilon() * excess_rows_.total();
      if (from_rows + slack < supply_margin * demand) {
        ++statistics_.supply_row_rejections;
        return Outcome::supply;
      }
    }
    for_each_cell_within(grid, cell, outer, s.periodic_lateral,
                         [&](std::size_t i, double r) { supply += excess(i, r); });
    if (supply < supply_margin * demand || !(supply > 0.0)) return Outcome::supply;
  }

  // Take the vacancies first (excess() reads the unmodified eta of the shell), proportionally to
  // each shell cell's excess over c_v_eq, so no cell drops below equilibrium.
  if (s.conserve_vacancies) {
    const double share = demand / supply;
    for_each_cell_within(grid, cell, outer, s.periodic_lateral, [&](std::size_t i, double r) {
      const double e = excess(i, r);
      if (e > 0.0) c_v[i] -= share * e;
    });
  }
  for_each_cell_within(grid, cell, plant_radius, s.periodic_lateral, [&](std::size_t i, double r) {
    const double p = profile(r);
    eta[i] = std::max(eta[i], p);
    c_v[i] += planted_increase(p, c_v[i]);
  });

  planted_.push_back({cell, radius, demand * cell_volume(grid) / s.rate.site_volume});
  return Outcome::planted;
}

const std::vector<RowRun>& NucleationSeeder::cached_runs(const Grid& grid, double radius, double inner) {
  for (const RunStencil& stencil : run_stencils_)
    if (stencil.radius == radius && stencil.inner == inner) return stencil.runs;
  // Radii are few (mostly the minimum seed radius), but r* of a dilute candidate varies freely:
  // keep the cache small.
  constexpr std::size_t max_stencils = 16;
  if (run_stencils_.size() == max_stencils) run_stencils_.erase(run_stencils_.begin());
  run_stencils_.push_back({radius, inner, ball_runs(grid, radius, inner, settings_.periodic_lateral)});
  return run_stencils_.back().runs;
}

template <class Profile>
const std::vector<ProfileCell>& NucleationSeeder::cached_profile(const Grid& grid, double radius,
                                                                 double plant_radius,
                                                                 const Profile& profile) {
  if (profile_radius_ == radius && !profile_cells_.empty()) return profile_cells_;
  // for_each_cell_within's order and distances around a centre far from every boundary.
  // A periodic axis keeps its length (it caps the reach); a bounded one gets room for the ball.
  Grid open = grid;
  long reach[3];
  cell_reach(grid, plant_radius, settings_.periodic_lateral, reach);
  if (!settings_.periodic_lateral) {
    open.nx = static_cast<std::size_t>(2 * reach[0] + 1);
    open.ny = static_cast<std::size_t>(2 * reach[1] + 1);
  }
  open.nz = static_cast<std::size_t>(2 * reach[2] + 1);
  const long c[3] = {static_cast<long>(open.nx / 2), static_cast<long>(open.ny / 2), reach[2]};
  profile_cells_.clear();
  const std::size_t center = open.index(static_cast<std::size_t>(c[0]), static_cast<std::size_t>(c[1]),
                                        static_cast<std::size_t>(c[2]));
  for_each_cell_within(open, center, plant_radius, settings_.periodic_lateral, [&](std::size_t i, double r) {
    const long di = static_cast<long>(i % open.nx) - c[0];
    const long dj = static_cast<long>((i / open.nx) % open.ny) - c[1];
    const long dk = static_cast<long>(i / (open.nx * open.ny)) - c[2];
    profile_cells_.push_back({di, dj, dk, profile(r)});
  });
  profile_radius_ = radius;
  return profile_cells_;
}

bool NucleationSeeder::row_tables_apply(const Grid& grid, std::size_t cell, const long (&reach)[3]) const {
  if (!row_tables_valid_) return false;
  const long n[3] = {static_cast<long>(grid.nx), static_cast<long>(grid.ny), static_cast<long>(grid.nz)};
  const double h[3] = {grid.dx, grid.dy, grid.dz};
  const std::array<long, 3> here = cell_coordinates(grid, cell);
  for (const PlantedNucleus& p : planted_) {
    // Planting raised eta and c_v within R + 3 l of p. It also lowered c_v in p's collection
    // shell, which leaves the rows an upper bound of the supply there: harmless.
    const double changed = p.radius + 3.0 * settings_.interface_width;
    const std::array<long, 3> there = cell_coordinates(grid, p.cell);
    bool overlaps = true;
    for (int a = 0; a < 3 && overlaps; ++a) {
      if (n[a] == 1) continue;  // the y axis of a 2D grid
      long d = std::labs(here[static_cast<std::size_t>(a)] - there[static_cast<std::size_t>(a)]);
      if (a < 2 && settings_.periodic_lateral) d = std::min(d, n[a] - d);
      overlaps = d <= reach[a] + static_cast<long>(std::ceil(changed / h[a])) + 1;
    }
    if (overlaps) return false;
  }
  return true;
}

}  // namespace voidsim
