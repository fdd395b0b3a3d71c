#include "solvers/kmc_vacancy_bins.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace voidsim {

void KmcVacancyBins::assign_order(std::vector<std::uint32_t> order) {
  for (const std::uint32_t site : slot_site_)
    if (site < site_slot_.size()) site_slot_[site] = no_slot;
  slot_site_ = std::move(order);
  for (std::uint32_t k = 0; k < slot_site_.size(); ++k)
    if (slot_site_[k] < site_slot_.size()) site_slot_[slot_site_[k]] = k;
}

void KmcVacancyBins::rebin() {
  slot_rate_.resize(slot_site_.size());
  for (std::uint32_t k = 0; k < slot_site_.size(); ++k) slot_rate_[k] = member(k).rate;
  file_all();
}

void KmcVacancyBins::file_all() {
  // Only bin 0 and the flagged bins hold members (capacity kept: no allocation in steady state).
  bins_[0].clear();
  for (int w = 0; w < mask_words; ++w) {
    std::uint64_t bits = nonempty_[static_cast<std::size_t>(w)];
    while (bits != 0) {
      const int b = std::countr_zero(bits);
      const auto g = static_cast<std::size_t>(64 * w + b);
      bins_[g].clear();
      sums_[g] = 0.0;
      bits &= bits - 1;
    }
  }
  nonempty_.fill(0);
  top_word_ = 0;
  total_ = 0.0;
  slot_bin_.resize(slot_site_.size());
  slot_pos_.resize(slot_site_.size());
  for (std::uint32_t k = 0; k < slot_site_.size(); ++k) attach(k, slot_rate_[k]);
  resum();
}

void KmcVacancyBins::resum() noexcept {
  // Bins from the largest rates down, each in member order: a fixed order, so the sums are a
  // function of the bins' contents.
  total_ = 0.0;
  for (int w = mask_words - 1; w >= 0; --w) {
    std::uint64_t bits = nonempty_[static_cast<std::size_t>(w)];
    while (bits != 0) {
      const int b = 63 - std::countl_zero(bits);
      const auto g = static_cast<std::size_t>(64 * w + b);
      double sum = 0.0;
      for (const Member& m : bins_[g]) sum += m.rate;
      sums_[g] = sum;
      total_ += sum;
      bits &= ~(std::uint64_t{1} << b);
    }
  }
  updates_since_resum_ = 0;
}

void KmcVacancyBins::attach(std::uint32_t slot, double rate) {
  const int g = bin_of(rate);
  auto& bin = bins_[static_cast<std::size_t>(g)];
  slot_bin_[slot] = static_cast<std::uint16_t>(g);
  slot_pos_[slot] = static_cast<std::uint32_t>(bin.size());
  bin.push_back({slot, rate});
  if (g == 0) return;  // never fires: not summed
  nonempty_[static_cast<std::size_t>(g / 64)] |= std::uint64_t{1} << (g % 64);
  top_word_ = std::max(top_word_, g / 64);
  sums_[static_cast<std::size_t>(g)] += rate;
  total_ += rate;
}

void KmcVacancyBins::detach(std::uint32_t slot) noexcept {
  const std::uint16_t g = slot_bin_[slot];
  auto& bin = bins_[g];
  const std::uint32_t pos = slot_pos_[slot];
  const double rate = bin[pos].rate;
  // Swap-remove: the bin's last member takes the place.
  bin[pos] = bin.back();
  slot_pos_[bin[pos].slot] = pos;
  bin.pop_back();
  if (g == 0) return;
  if (bin.empty()) {
    nonempty_[g / 64u] &= ~(std::uint64_t{1} << (g % 64u));
    sums_[g] = 0.0;
    // Nothing left to fire: the total is exactly 0, not the round-off of the differences.
    if (std::all_of(nonempty_.begin(), nonempty_.end(), [](std::uint64_t w) { return w == 0; })) {
      total_ = 0.0;
      return;
    }
  } else {
    sums_[g] -= rate;
  }
  total_ -= rate;
}

void KmcVacancyBins::set_slot_rate(std::uint32_t slot, double rate) noexcept {
  const std::uint16_t g = slot_bin_[slot];
  Member& m = bins_[g][slot_pos_[slot]];
  const double old = m.rate;
  if (old == rate) return;
  if (bin_of(rate) == g) {
    m.rate = rate;
    if (g != 0) {
      sums_[g] += rate - old;
      total_ += rate - old;
    }
  } else {
    detach(slot);
    attach(slot, rate);  // the bin's capacity grows only past its largest size so far
  }
  if (++updates_since_resum_ == resum_interval) resum();
}

void KmcVacancyBins::add(std::uint32_t site) {
  const auto k = static_cast<std::uint32_t>(slot_site_.size());
  site_slot_[site] = k;
  slot_site_.push_back(site);
  slot_bin_.push_back(0);
  slot_pos_.push_back(0);
  attach(k, 0.0);
}

void KmcVacancyBins::remove(std::uint32_t site) noexcept {
  const std::uint32_t k = site_slot_[site];
  const auto last = static_cast<std::uint32_t>(slot_site_.size() - 1);
  detach(k);
  site_slot_[site] = no_slot;
  if (k != last) {
    // The last slot's vacancy moves into slot k: its bin member follows.
    const std::uint32_t moved = slot_site_[last];
    slot_site_[k] = moved;
    site_slot_[moved] = k;
    slot_bin_[k] = slot_bin_[last];
    slot_pos_[k] = slot_pos_[last];
    bins_[slot_bin_[k]][slot_pos_[k]].slot = k;
  }
  slot_site_.pop_back();
  slot_bin_.pop_back();
  slot_pos_.pop_back();
}

}  // namespace voidsim
