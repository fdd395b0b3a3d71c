#pragma once
// Rejection-free kinetic Monte Carlo (BKL / n-fold way; MODEL.md "The KMC engine") for the
// oxygen-vacancy lattice model. Two modes:
//  - serial (exact): composition-rejection bins over the vacancies (KmcVacancyBins: only they hop
//    or escape; O(1) selection and update; the rejection is inside the selection, every step
//    still executes an event) and a static sum tree of the per-site generation rates, which is a
//    bound: generation at a site that already holds a vacancy is a null event (thinning; exact,
//    and rare since vacancies are few). Each step draws an event with probability rate / R,
//    R = R_vacancies + G_bound, performs it, refreshes the rates of the touched vacancies, and
//    advances time by dt = E / R, E ~ Exp(1) (a thinned Poisson process: executed events are
//    exactly those of BKL with the true total rate). Each draw is one Philox block of stream
//    kmc_selection keyed by a global draw counter (dt and the event; rare further blocks keyed
//    by the same counter), so a run is a pure function of the seed.
//  - sectors (approximate, OpenMP): the synchronous sublattice method of Shim & Amar (Phys. Rev.
//    B 71, 125432, 2005) in its operator-splitting form: a fixed decomposition of the lattice into
//    sectors of about sector_size, coloured so that sectors of one colour are independent; per
//    time window tau every colour in turn runs BKL in each of its sectors (own small tree) for
//    tau, in parallel. Draws keyed by (seed, sector, window, event in window): bitwise identical
//    results for any thread count. See docs/kmc.md for the accuracy caveat.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/exponential_ziggurat.hpp"
#include "core/random.hpp"
#include "core/state_archive.hpp"
#include "model/vacancy_lattice_model.hpp"
#include "solvers/kmc_event_tree.hpp"
#include "solvers/kmc_vacancy_bins.hpp"

namespace voidsim {

/// Called after every executed event with the event's Touched record (kind, from, to). In sector
/// mode it is called concurrently from the threads running sectors of one colour; their events
/// touch disjoint sites, so an observer that only updates per-site (or per-tracer) data of
/// touched.from / touched.to needs no locking. solver.time() is not meaningful inside it in
/// sector mode.
using KmcEventObserver = std::function<void(const Touched&)>;

struct KmcSolverSettings {
  std::uint64_t seed = 1;
  bool sectors = false;       // kmc.parallel == sectors
  double sector_size = 5e-9;  // m, target sector edge
  /// Sector mode: tau is chosen so that a sector expects this many events per window.
  double events_per_sector_window = 2.0;

  [[nodiscard]] static KmcSolverSettings from(const VacancyLatticeParameters& parameters, std::uint64_t seed);
};

class KmcSolver {
 public:
  /// Keeps a reference to `model` (which must outlive the solver) and builds the trees.
  KmcSolver(VacancyLatticeModel& model, KmcSolverSettings settings);

  /// Executes events while t + dt <= t_end, then sets t = t_end. The event whose time would pass
  /// t_end is discarded and redrawn on the next call: waiting times are exponential, hence
  /// memoryless, so restarting the clock at t_end is exact (the draw counter still advances, so
  /// the discarded numbers are never reused). Returns the events executed. In serial mode
  /// time() during `observer` is the time of the event being reported.
  std::int64_t run_until(double t_end, const KmcEventObserver& observer = {});

  /// After the caller changed generation rates, defect masks or occupancies: O(N) re-init.
  void rebuild();
  /// After a local change by hand (model.affected_by(site, touched)): refreshes those sites only.
  void refresh(const Touched& touched);

  [[nodiscard]] double time() const noexcept { return time_; }
  [[nodiscard]] std::int64_t events() const noexcept { return events_; }
  /// Current total rate R_total of the events that can happen (null events excluded), 1/s.
  [[nodiscard]] double total_rate() const noexcept;
  [[nodiscard]] const VacancyLatticeModel& model() const noexcept { return *model_; }
  [[nodiscard]] const KmcSolverSettings& settings() const noexcept { return settings_; }

  // Sector decomposition (sector mode; 0 sectors in serial mode).
  [[nodiscard]] std::size_t n_sectors() const noexcept { return sectors_.size(); }
  [[nodiscard]] int n_colours() const noexcept;
  [[nodiscard]] std::uint32_t sector_of(std::size_t site) const noexcept { return place_[site].sector; }
  [[nodiscard]] int colour_of_sector(std::size_t sector) const noexcept { return sectors_[sector].colour; }
  [[nodiscard]] std::int64_t windows() const noexcept { return windows_; }
  /// Sector counts along x, y (1 in 2D) and z.
  [[nodiscard]] std::array<std::size_t, 3> sector_grid() const noexcept { return n_blocks_; }

  /// Time, counters and the model state (KmcSolver::restore rebuilds the trees).
  void save(StateArchive& archive, const std::string& prefix = "kmc.") const;
  void restore(const StateArchive& archive, const std::string& prefix = "kmc.");

 private:
  struct Sector {
    std::vector<std::uint32_t> sites;     // global indices, increasing
    std::vector<std::uint32_t> adjacent;  // sectors whose events can touch this one's sites
    // Foreign sites touched in the current window, with their owner sector (no lookup on reading).
    std::vector<std::array<std::uint32_t, 2>> outgoing;
    KmcEventTree tree;
    VacancyEventCounters counters;  // of the current phase
    std::int64_t events = 0;        // of the current phase
    int colour = 0;
  };

  std::int64_t run_serial(double t_end, const KmcEventObserver& observer);
  /// Serial mode: slot bookkeeping and rates of the touched vacancies after an event.
  void update_vacancies(const Touched& touched);
  std::int64_t run_sectors(double t_end, const KmcEventObserver& observer);
  void build_sectors();
  /// Refreshes the sites of `sector` listed in its adjacent sectors' outgoing lists.
  void apply_foreign_updates(std::uint32_t sector);
  /// Point kernel of the sector mode: one sector's BKL for `tau` in window `window`.
  void run_sector(std::uint32_t sector, std::int64_t window, double tau, const KmcEventObserver& observer);

  VacancyLatticeModel* model_;
  KmcSolverSettings settings_;
  CounterRandom selection_rng_;
  CounterRandom time_rng_;
  // Serial mode.
  ExponentialZiggurat exponential_;  // the residence times' Exp(1) variates
  KmcVacancyBins vacancies_;
  KmcEventTree generation_bound_;  // per site: the generation rate were it occupied by O
  std::vector<Sector> sectors_;
  std::vector<std::vector<std::uint32_t>> colour_sectors_;  // sectors by colour, increasing
  struct Place {
    std::uint32_t sector;  // owner
    std::uint32_t local;   // leaf in the owner's tree
  };
  std::vector<Place> place_;  // per site (sector mode); one array, one cache miss per lookup
  std::array<std::size_t, 3> n_blocks_{1, 1, 1};
  double time_ = 0.0;
  std::int64_t events_ = 0;
  std::int64_t draws_ = 0;  // serial: every dt draw, executed or discarded
  std::int64_t windows_ = 0;
};

}  // namespace voidsim
