#pragma once
// Event selection over the vacancies only (serial BKL, solvers/kmc_solver): in the lattice model
// only a vacancy has hop and escape events, and vacancies are ~1 % of the sites. A sum tree with
// one leaf per vacancy (a "slot") instead of one per site is ~100x smaller, so the descent and the
// updates of an event stay in L1/L2 instead of missing cache on every level (docs/kmc.md,
// "Performance": 1e6 sites at 1 % vacancies run ~2x faster).
//
// A vacancy keeps its slot while it hops (the slot's site changes, the tree does not grow or
// shrink); a generated vacancy takes a new slot at the end; an escaped one gives its slot to the
// last vacancy (swap-remove). The slot order is therefore history dependent: it is part of the
// state (checkpointed by KmcSolver), so that a restored run draws the same events.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "solvers/kmc_event_tree.hpp"

namespace voidsim {

class KmcVacancyTree {
 public:
  static constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();

  /// Rebuilds the tree for a lattice of n_sites: vacancies that already hold a slot keep their
  /// order, slots of sites that are no longer vacancies are dropped, and new vacancies are appended
  /// in site order. is_vacancy(site) -> bool, rate(site) -> double (>= 0). O(n_sites).
  template <class IsVacancy, class Rate>
  void rebuild(std::size_t n_sites, IsVacancy&& is_vacancy, Rate&& rate) {
    if (site_slot_.size() != n_sites) site_slot_.assign(n_sites, no_slot);
    std::size_t kept = 0;
    for (const std::uint32_t site : slot_site_) {
      site_slot_[site] = no_slot;
      if (is_vacancy(site)) slot_site_[kept++] = site;
    }
    slot_site_.resize(kept);
    for (std::uint32_t k = 0; k < kept; ++k) site_slot_[slot_site_[k]] = k;
    for (std::size_t site = 0; site < n_sites; ++site) {
      if (site_slot_[site] == no_slot && is_vacancy(site)) {
        site_slot_[site] = static_cast<std::uint32_t>(slot_site_.size());
        slot_site_.push_back(static_cast<std::uint32_t>(site));
      }
    }
    tree_.init(capacity_for(slot_site_.size()), [&](std::size_t k) {
      return k < slot_site_.size() ? static_cast<double>(rate(slot_site_[k])) : 0.0;
    });
  }

  /// Replaces the slot order (a checkpoint's); call rebuild() afterwards. Sites must be distinct.
  void assign_order(std::vector<std::uint32_t> order) {
    for (const std::uint32_t site : slot_site_)
      if (site < site_slot_.size()) site_slot_[site] = no_slot;
    slot_site_ = std::move(order);
    for (std::uint32_t k = 0; k < slot_site_.size(); ++k)
      if (slot_site_[k] < site_slot_.size()) site_slot_[slot_site_[k]] = k;
  }
  /// Sites by slot: the order to checkpoint.
  [[nodiscard]] const std::vector<std::uint32_t>& order() const noexcept { return slot_site_; }

  [[nodiscard]] std::size_t size() const noexcept { return slot_site_.size(); }
  [[nodiscard]] bool contains(std::size_t site) const noexcept { return site_slot_[site] != no_slot; }
  /// Sum of the vacancies' rates.
  [[nodiscard]] double total() const noexcept { return tree_.total(); }
  /// The vacancy whose cumulative rate interval holds target, for target in [0, total()), and in
  /// u where target falls within that interval, in (0, 1): uniform and independent of the choice,
  /// so it can select among the vacancy's own events.
  [[nodiscard]] std::uint32_t select(double target, double& u) const noexcept {
    double offset = 0.0;
    const std::size_t k = tree_.select(target, offset);
    u = std::clamp(offset / tree_.rate(k), 0x1.0p-53, 1.0 - 0x1.0p-53);
    return slot_site_[k];
  }

  /// A new vacancy at `site` (rate 0 until set_rates). Requires a rebuild() for the lattice first.
  void add(std::uint32_t site);
  /// The vacancy at `site` is gone: the last slot's vacancy takes its slot.
  void remove(std::uint32_t site) noexcept;
  /// The vacancy at `from` hopped to `to`: same slot, new site (rate unchanged until set_rates).
  void move(std::uint32_t from, std::uint32_t to) noexcept {
    const std::uint32_t k = site_slot_[from];
    site_slot_[from] = no_slot;
    site_slot_[to] = k;
    slot_site_[k] = to;
  }
  /// Sets the rates of n vacancies (n <= KmcEventTree::max_batch; every site must hold a slot).
  void set_rates(const std::uint32_t* sites, const double* rates, int n) noexcept;

 private:
  // Leaves allocated: twice the vacancies (at least 64), so that generation rarely regrows it.
  static std::size_t capacity_for(std::size_t n) noexcept { return n < 32 ? 64 : 2 * n; }

  KmcEventTree tree_;
  std::vector<std::uint32_t> slot_site_;  // slot -> site
  std::vector<std::uint32_t> site_slot_;  // site -> slot, no_slot if the site holds no vacancy
};

}  // namespace voidsim
