#include "solvers/kmc_solver.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace voidsim {

namespace {

static_assert(Touched::capacity <= KmcEventTree::max_batch, "one event's touched sites fit one tree batch");

// Two uniforms in (0, 1) from the four 32-bit words of one Philox block, 53 bits each (as
// CounterRandom::uniform builds its one).
inline double open_uniform(std::uint32_t hi, std::uint32_t lo) noexcept {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ static_cast<std::uint64_t>(lo >> 11);
  return (static_cast<double>(bits & ((1ULL << 53) - 1)) + 0.5) * 0x1.0p-53;
}

// Sectors per direction: about length / sector_size, at least 6 sites wide (> 2 shells plus the
// hop on either side, so sectors of one colour never touch the same site), and an even count
// along a periodic direction so the colouring closes around the period (1 is also fine: a
// single sector only meets itself).
std::size_t blocks_along(std::size_t sites, double length, double sector_size, bool periodic) {
  constexpr std::size_t min_width = 6;
  auto n = static_cast<std::size_t>(std::floor(length / sector_size));
  n = std::min(n, sites / min_width);
  n = std::max<std::size_t>(n, 1);
  if (periodic && n > 1 && n % 2 == 1) --n;
  return n;
}

}  // namespace

KmcSolverSettings KmcSolverSettings::from(const VacancyLatticeParameters& parameters, std::uint64_t seed) {
  KmcSolverSettings s;
  s.seed = seed;
  s.sectors = parameters.parallel_sectors;
  s.sector_size = parameters.sector_size;
  return s;
}

KmcSolver::KmcSolver(VacancyLatticeModel& model, KmcSolverSettings settings)
    : model_(&model),
      settings_(settings),
      selection_rng_(settings.seed, RandomStream::kmc_selection),
      time_rng_(settings.seed, RandomStream::kmc_time) {
  if (settings_.sectors) {
    if (!(settings_.sector_size > 0.0) || !(settings_.events_per_sector_window > 0.0))
      throw std::invalid_argument("KmcSolver: sector_size and events_per_sector_window must be positive");
    build_sectors();
  }
  rebuild();
}

int KmcSolver::n_colours() const noexcept {
  int n = 0;
  for (const auto& c : colour_sectors_) n += c.empty() ? 0 : 1;
  return n;
}

double KmcSolver::total_rate() const noexcept {
  if (!settings_.sectors) return tree_.total();
  double r = 0.0;
  for (const auto& s : sectors_) r += s.tree.total();
  return r;
}

// ---------------------------------------------------------------------------------------------
// Serial exact BKL
// ---------------------------------------------------------------------------------------------

void KmcSolver::rebuild() {
  const VacancyLatticeModel& m = *model_;
  if (!settings_.sectors) {
    tree_.init(m.size(), [&m](std::size_t i) { return m.site_propensity(i); });
    return;
  }
  const auto n = static_cast<std::ptrdiff_t>(sectors_.size());
#pragma omp parallel for schedule(dynamic, 4)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    Sector& sec = sectors_[static_cast<std::size_t>(i)];
    sec.tree.init(sec.sites.size(), [&](std::size_t k) { return m.site_propensity(sec.sites[k]); });
    sec.outgoing.clear();
  }
}

void KmcSolver::refresh(const Touched& touched) {
  for (int q = 0; q < touched.count; ++q) {
    const std::uint32_t site = touched.sites[static_cast<std::size_t>(q)];
    const double rate = model_->site_propensity(site);
    if (settings_.sectors)
      sectors_[place_[site].sector].tree.update(place_[site].local, rate);
    else
      tree_.update(site, rate);
  }
}

std::int64_t KmcSolver::run_until(double t_end, const KmcEventObserver& observer) {
  if (!(t_end >= time_))
    throw std::invalid_argument("KmcSolver::run_until: t_end is before the current time");
  return settings_.sectors ? run_sectors(t_end, observer) : run_serial(t_end, observer);
}

std::int64_t KmcSolver::run_serial(double t_end, const KmcEventObserver& observer) {
  VacancyLatticeModel& m = *model_;
  Touched touched;
  std::int64_t executed = 0;
  for (;;) {
    const double total = tree_.total();
    if (!(total > 0.0)) break;
    // Residence time dt = -ln(u) / R_total (MODEL.md "The KMC engine").
    const auto draw = static_cast<std::uint64_t>(draws_++);
    const double dt = -std::log(time_rng_.uniform(draw, 0)) / total;
    if (time_ + dt > t_end) break;
    time_ += dt;
    const auto w = selection_rng_.words(draw, 0);
    const std::size_t site = tree_.select(open_uniform(w[0], w[1]) * total);
    m.site_event(site, open_uniform(w[2], w[3]), touched);
    double rates[Touched::capacity];
    for (int q = 0; q < touched.count; ++q)
      rates[q] = m.site_propensity(touched.sites[static_cast<std::size_t>(q)]);
    tree_.update(touched.sites.data(), rates, touched.count);
    if (observer) observer(touched);
    ++executed;
  }
  time_ = t_end;
  events_ += executed;
  return executed;
}

// ---------------------------------------------------------------------------------------------
// Sector-parallel (synchronous sublattice) mode
// ---------------------------------------------------------------------------------------------

void KmcSolver::build_sectors() {
  const OxygenLattice& lat = model_->lattice();
  const std::size_t mx = lat.mx(), ny = lat.ny(), nz = lat.nz();
  const bool three_d = lat.dimension() == 3;
  // The layout depends only on the lattice and sector_size, never on the thread count.
  n_blocks_[0] = blocks_along(mx, lat.length_x(), settings_.sector_size, lat.periodic_lateral());
  n_blocks_[1] = three_d ? blocks_along(ny, lat.length_y(), settings_.sector_size, true) : 1;
  n_blocks_[2] = blocks_along(nz, lat.length_z(), settings_.sector_size, false);
  const std::size_t nbx = n_blocks_[0], nby = n_blocks_[1], nbz = n_blocks_[2];
  auto sector_index = [&](std::size_t bx, std::size_t by, std::size_t bz) {
    return static_cast<std::uint32_t>((bz * nby + by) * nbx + bx);
  };
  sectors_.assign(nbx * nby * nbz, Sector{});
  colour_sectors_.assign(8, {});
  for (std::size_t bz = 0; bz < nbz; ++bz) {
    for (std::size_t by = 0; by < nby; ++by) {
      for (std::size_t bx = 0; bx < nbx; ++bx) {
        const std::uint32_t id = sector_index(bx, by, bz);
        // Checkerboard colouring of the sector grid: neighbouring sectors differ in colour, and
        // two sectors of one colour have a whole sector (>= 6 sites) between them.
        const int colour = static_cast<int>((bx % 2) | ((by % 2) << 1) | ((bz % 2) << 2));
        sectors_[id].colour = colour;
        colour_sectors_[static_cast<std::size_t>(colour)].push_back(id);
        auto& adjacent = sectors_[id].adjacent;
        for (int dz = -1; dz <= 1; ++dz) {
          for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
              auto wrap = [](std::size_t b, int d, std::size_t n, bool periodic, std::size_t& out) {
                const auto v = static_cast<std::ptrdiff_t>(b) + d;
                const auto nn = static_cast<std::ptrdiff_t>(n);
                if (v < 0 || v >= nn) {
                  if (!periodic) return false;
                  out = static_cast<std::size_t>((v + nn) % nn);
                  return true;
                }
                out = static_cast<std::size_t>(v);
                return true;
              };
              std::size_t x = 0, y = 0, z = 0;
              if (!wrap(bx, dx, nbx, lat.periodic_lateral(), x) || !wrap(by, dy, nby, true, y) ||
                  !wrap(bz, dz, nbz, false, z))
                continue;
              const std::uint32_t other = sector_index(x, y, z);
              if (other != id && std::find(adjacent.begin(), adjacent.end(), other) == adjacent.end())
                adjacent.push_back(other);
            }
          }
        }
        std::sort(adjacent.begin(), adjacent.end());
      }
    }
  }
  const std::size_t n = lat.size();
  place_.resize(n);
  for (std::size_t site = 0; site < n; ++site) {
    const std::size_t m = site % mx, j = (site / mx) % ny, k = site / (mx * ny);
    const std::uint32_t id = sector_index(m * nbx / mx, j * nby / ny, k * nbz / nz);
    place_[site] = {id, static_cast<std::uint32_t>(sectors_[id].sites.size())};
    sectors_[id].sites.push_back(static_cast<std::uint32_t>(site));
  }
  for (auto& sec : sectors_) sec.outgoing.reserve(256);
}

void KmcSolver::apply_foreign_updates(std::uint32_t sector) {
  const VacancyLatticeModel& m = *model_;
  Sector& sec = sectors_[sector];
  // Sites of this sector touched by adjacent sectors. Those have another colour, so they are idle
  // while this sector runs and their lists stay fixed while we read them.
  for (const std::uint32_t a : sec.adjacent) {
    for (const auto& [owner, site] : sectors_[a].outgoing) {
      if (owner == sector) sec.tree.update(place_[site].local, m.site_propensity(site));
    }
  }
}

void KmcSolver::run_sector(std::uint32_t sector, std::int64_t window, double tau,
                           const KmcEventObserver& observer) {
  VacancyLatticeModel& m = *model_;
  Sector& sec = sectors_[sector];
  apply_foreign_updates(sector);

  Touched touched;
  const auto step = static_cast<std::uint64_t>(window);
  double t = 0.0;
  std::int64_t e = 0;
  for (;;) {
    const double total = sec.tree.total();
    if (!(total > 0.0)) break;
    // Key (sector, event in window) in the 64-bit site word, the window in the step word.
    const std::uint64_t key = static_cast<std::uint64_t>(sector) | (static_cast<std::uint64_t>(e) << 32);
    const double dt = -std::log(time_rng_.uniform(key, step)) / total;
    if (t + dt > tau) break;
    t += dt;
    const auto w = selection_rng_.words(key, step);
    const std::size_t local = sec.tree.select(open_uniform(w[0], w[1]) * total);
    m.site_event(sec.sites[local], open_uniform(w[2], w[3]), touched, sec.counters);
    for (int q = 0; q < touched.count; ++q) {
      const std::uint32_t s = touched.sites[static_cast<std::size_t>(q)];
      const Place where = place_[s];
      const std::uint32_t owner = where.sector;
      if (owner == sector)
        sec.tree.update(where.local, m.site_propensity(s));
      else
        sec.outgoing.push_back({owner, s});  // refreshed by its owner at the start of its phase
    }
    if (observer) observer(touched);
    ++e;
  }
  sec.events = e;
}

std::int64_t KmcSolver::run_sectors(double t_end, const KmcEventObserver& observer) {
  std::int64_t executed = 0;
  while (time_ < t_end) {
    // Window length: events_per_sector_window expected events per sector (from R_total summed in
    // sector order, so tau does not depend on the thread count).
    const double total = total_rate();
    if (!(total > 0.0)) break;
    double tau = settings_.events_per_sector_window * static_cast<double>(sectors_.size()) / total;
    const bool last = !(time_ + tau < t_end);
    if (last) tau = t_end - time_;
    for (const auto& list : colour_sectors_) {
      const auto n = static_cast<std::ptrdiff_t>(list.size());
#pragma omp parallel for schedule(dynamic, 1)
      for (std::ptrdiff_t i = 0; i < n; ++i)
        run_sector(list[static_cast<std::size_t>(i)], windows_, tau, observer);
      for (const std::uint32_t id : list) {
        model_->add_counters(sectors_[id].counters);
        sectors_[id].counters = {};
        executed += sectors_[id].events;
        sectors_[id].events = 0;
      }
    }
    // Bring every tree up to date and empty the lists, so the state between windows is a function
    // of the occupancies alone (a restored run rebuilds exactly these trees).
    const auto n_all = static_cast<std::ptrdiff_t>(sectors_.size());
#pragma omp parallel for schedule(dynamic, 4)
    for (std::ptrdiff_t i = 0; i < n_all; ++i) apply_foreign_updates(static_cast<std::uint32_t>(i));
    for (auto& sec : sectors_) sec.outgoing.clear();
    ++windows_;
    time_ = last ? t_end : time_ + tau;
  }
  time_ = t_end;
  events_ += executed;
  return executed;
}

// ---------------------------------------------------------------------------------------------
// Checkpoint
// ---------------------------------------------------------------------------------------------

void KmcSolver::save(StateArchive& archive, const std::string& prefix) const {
  model_->save(archive, prefix);
  archive.reals[prefix + "time"] = time_;
  archive.integers[prefix + "events"] = events_;
  archive.integers[prefix + "draws"] = draws_;
  archive.integers[prefix + "windows"] = windows_;
}

void KmcSolver::restore(const StateArchive& archive, const std::string& prefix) {
  model_->restore(archive, prefix);
  time_ = archive.real(prefix + "time");
  events_ = archive.integer(prefix + "events");
  draws_ = archive.integer(prefix + "draws");
  windows_ = archive.integer(prefix + "windows");
  rebuild();
}

}  // namespace voidsim
