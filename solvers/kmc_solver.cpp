#include "solvers/kmc_solver.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/error.hpp"

namespace voidsim {

namespace {

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
  if (!settings_.sectors) {
    // Generation at O sites only: the bound minus the vacancies' share. O(vacancies): diagnostics.
    double vacant_generation = 0.0;
    for (const std::uint32_t site : vacancies_.order()) vacant_generation += generation_bound_.rate(site);
    return vacancies_.total() + std::max(0.0, generation_bound_.total() - vacant_generation);
  }
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
    vacancies_.rebuild(
        m.size(), [&m](std::size_t i) { return m.vacancy(i); },
        [&m](std::size_t i) { return m.site_propensity(i); });
    generation_bound_.init(m.size(), [&m](std::size_t i) { return m.generation_propensity(i); });
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
    if (settings_.sectors) {
      sectors_[place_[site].sector].tree.update(place_[site].local, rate);
      continue;
    }
    // A vacancy set or removed by hand is listed or unlisted.
    const bool vacant = model_->vacancy(site);
    if (vacant && !vacancies_.contains(site)) vacancies_.add(site);
    if (!vacant && vacancies_.contains(site)) vacancies_.remove(site);
    if (vacant) vacancies_.set_rates(&site, &rate, 1);
  }
}

std::int64_t KmcSolver::run_until(double t_end, const KmcEventObserver& observer) {
  if (!(t_end >= time_))
    throw std::invalid_argument("KmcSolver::run_until: t_end is before the current time");
  return settings_.sectors ? run_sectors(t_end, observer) : run_serial(t_end, observer);
}

void KmcSolver::update_vacancies(const Touched& touched) {
  const VacancyLatticeModel& m = *model_;
  switch (touched.kind) {
    case VacancyEventKind::hop:
      vacancies_.move(touched.from, touched.to);
      break;
    case VacancyEventKind::generation:
      vacancies_.add(touched.from);
      break;
    case VacancyEventKind::escape:
      vacancies_.remove(touched.from);
      break;
    case VacancyEventKind::none:
      break;
  }
  // Touched sites are the event's site(s) and the vacancies around them; O sites among them are
  // not listed (their generation bound does not change).
  std::uint32_t sites[Touched::capacity];
  double rates[Touched::capacity];
  int n = 0;
  for (int q = 0; q < touched.count; ++q) {
    const std::uint32_t site = touched.sites[static_cast<std::size_t>(q)];
    if (!m.vacancy(site)) continue;
    sites[n] = site;
    rates[n++] = m.site_propensity(site);
  }
  vacancies_.set_rates(sites, rates, n);
}

std::int64_t KmcSolver::run_serial(double t_end, const KmcEventObserver& observer) {
  VacancyLatticeModel& m = *model_;
  Touched touched;
  std::int64_t executed = 0;
  const double generation = generation_bound_.total();  // static within the call
  // The bins freshly summed, as a restored checkpoint has them (KmcVacancyBins).
  vacancies_.resum();
  for (;;) {
    const double vacancy_rate = vacancies_.total();
    const double total = vacancy_rate + generation;
    if (!(total > 0.0)) break;
    // One Philox block per draw: words 0-1 the residence time dt = E / R with E ~ Exp(1) by the
    // ziggurat (MODEL.md "The KMC engine": -ln(u) / R in distribution; R includes the null
    // events), words 2-3 the event; where the event's target falls within the chosen vacancy's
    // rate selects among that vacancy's hops and escape. The rare further draws are the blocks
    // (draw, attempt) for a rejection within a bin and (draw, k, slot 1) for the ziggurat.
    const auto draw = static_cast<std::uint64_t>(draws_++);
    const auto w = selection_rng_.words(draw, 0);
    const double exposure =
        exponential_.sample((static_cast<std::uint64_t>(w[0]) << 32) | w[1],
                            [&](std::uint32_t k) { return selection_rng_.words(draw, k, 1); });
    const double dt = exposure / total;
    if (time_ + dt > t_end) break;
    time_ += dt;
    const double target = open_uniform(w[2], w[3]) * total;
    std::size_t site = 0;
    double offset = 0.0;  // a generation site has one event
    if (target < vacancy_rate) {
      site = vacancies_.select(target, offset, [&](std::uint32_t attempt) {
        const auto again = selection_rng_.words(draw, attempt);
        return open_uniform(again[0], again[1]);
      });
    } else {
      site = generation_bound_.select(std::min(target - vacancy_rate, generation));
      if (m.vacancy(site)) continue;  // null event: this site's oxygen is already gone
    }
    m.site_event_at(site, offset, touched);
    update_vacancies(touched);
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
  if (!settings_.sectors) {
    // The vacancies' order in the bins decides which vacancy a draw selects: part of the state
    // (the key keeps its name from the sum tree's slots).
    const std::vector<std::uint32_t> order = vacancies_.order();
    archive.int_arrays[prefix + "vacancy_slots"] = std::vector<std::int64_t>(order.begin(), order.end());
  }
}

void KmcSolver::restore(const StateArchive& archive, const std::string& prefix) {
  model_->restore(archive, prefix);
  time_ = archive.real(prefix + "time");
  events_ = archive.integer(prefix + "events");
  draws_ = archive.integer(prefix + "draws");
  windows_ = archive.integer(prefix + "windows");
  if (!settings_.sectors) {
    // Checkpoints without it (written before the vacancy tree) restart in site order; those of
    // the sum tree give its slot order, which is as good an order.
    std::vector<std::uint32_t> order;
    const auto found = archive.int_arrays.find(prefix + "vacancy_slots");
    if (found != archive.int_arrays.end()) {
      order.reserve(found->second.size());
      std::vector<bool> seen(model_->size(), false);
      for (const std::int64_t site : found->second) {
        const auto s = static_cast<std::size_t>(site);
        if (site < 0 || s >= model_->size() || !model_->vacancy(s) || seen[s])
          throw IoError("checkpoint: KMC vacancy slot " + std::to_string(site) +
                        " is not a distinct vacancy of the lattice");
        seen[s] = true;
        order.push_back(static_cast<std::uint32_t>(s));
      }
    }
    vacancies_.assign_order(order);
  }
  rebuild();
}

}  // namespace voidsim
