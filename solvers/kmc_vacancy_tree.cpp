#include "solvers/kmc_vacancy_tree.hpp"

namespace voidsim {

void KmcVacancyTree::add(std::uint32_t site) {
  const std::size_t k = slot_site_.size();
  if (k == tree_.size()) {
    // Full: regrow to twice the leaves with the current rates (amortised O(1) per generation).
    const KmcEventTree old = tree_;
    tree_.init(capacity_for(k + 1), [&old](std::size_t j) { return j < old.size() ? old.rate(j) : 0.0; });
  }
  site_slot_[site] = static_cast<std::uint32_t>(k);
  slot_site_.push_back(site);
}

void KmcVacancyTree::remove(std::uint32_t site) noexcept {
  const std::uint32_t k = site_slot_[site];
  const auto last = static_cast<std::uint32_t>(slot_site_.size() - 1);
  site_slot_[site] = no_slot;
  if (k != last) {
    const std::uint32_t moved = slot_site_[last];
    slot_site_[k] = moved;
    site_slot_[moved] = k;
    tree_.update(k, tree_.rate(last));
  }
  tree_.update(last, 0.0);
  slot_site_.pop_back();
}

void KmcVacancyTree::set_rates(const std::uint32_t* sites, const double* rates, int n) noexcept {
  std::uint32_t slots[KmcEventTree::max_batch];
  for (int q = 0; q < n; ++q) slots[q] = site_slot_[sites[q]];
  tree_.update(slots, rates, n);
}

}  // namespace voidsim
