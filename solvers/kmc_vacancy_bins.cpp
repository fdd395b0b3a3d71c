#include "solvers/kmc_vacancy_bins.hpp"

#include <algorithm>
#include <bit>

namespace voidsim {

void KmcVacancyBins::assign_order(const std::vector<std::uint32_t>& order) {
  clear();
  for (const std::uint32_t site : order)
    if (site < place_.size() && !contains(site)) attach(site, 0.0);
}

std::vector<std::uint32_t> KmcVacancyBins::order() const {
  std::vector<std::uint32_t> list;
  list.reserve(size_);
  for (const auto& bin : bins_)
    for (const Member& m : bin) list.push_back(m.site);
  return list;
}

void KmcVacancyBins::clear() noexcept {
  // Only bin 0 and the flagged bins hold members (capacity kept: no allocation in steady state).
  auto empty = [this](std::size_t g) {
    for (const Member& m : bins_[g]) place_[m.site].bin = no_bin;
    bins_[g].clear();
    sums_[g] = 0.0;
  };
  empty(0);
  for (int w = 0; w < mask_words; ++w) {
    std::uint64_t bits = nonempty_[static_cast<std::size_t>(w)];
    while (bits != 0) {
      empty(static_cast<std::size_t>(64 * w + std::countr_zero(bits)));
      bits &= bits - 1;
    }
  }
  nonempty_.fill(0);
  nonempty_bins_ = 0;
  top_word_ = 0;
  total_ = 0.0;
  size_ = 0;
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

void KmcVacancyBins::attach(std::uint32_t site, double rate) {
  const int g = bin_of(rate);
  auto& bin = bins_[static_cast<std::size_t>(g)];
  place_[site] = {static_cast<std::uint32_t>(bin.size()), static_cast<std::uint16_t>(g)};
  bin.push_back({site, rate});  // the bin's capacity grows only past its largest size so far
  ++size_;
  if (g == 0) return;  // never fires: not summed
  if (bin.size() == 1) ++nonempty_bins_;
  nonempty_[static_cast<std::size_t>(g / 64)] |= std::uint64_t{1} << (g % 64);
  top_word_ = std::max(top_word_, g / 64);
  sums_[static_cast<std::size_t>(g)] += rate;
  total_ += rate;
}

void KmcVacancyBins::detach(std::uint32_t site) noexcept {
  const Place p = place_[site];
  auto& bin = bins_[p.bin];
  const double rate = bin[p.pos].rate;
  // Swap-remove: the bin's last member takes the place.
  bin[p.pos] = bin.back();
  place_[bin[p.pos].site].pos = p.pos;
  bin.pop_back();
  place_[site].bin = no_bin;
  --size_;
  if (p.bin == 0) return;
  if (bin.empty()) {
    nonempty_[p.bin / 64u] &= ~(std::uint64_t{1} << (p.bin % 64u));
    sums_[p.bin] = 0.0;
    // Nothing left to fire: the total is exactly 0, not the round-off of the differences.
    if (--nonempty_bins_ == 0) {
      total_ = 0.0;
      return;
    }
  } else {
    sums_[p.bin] -= rate;
  }
  total_ -= rate;
}

void KmcVacancyBins::set_rate(std::uint32_t site, double rate) noexcept {
  const Place p = place_[site];
  Member& m = bins_[p.bin][p.pos];
  const double old = m.rate;
  if (old == rate) return;
  if (bin_of(rate) == p.bin) {
    m.rate = rate;
    if (p.bin != 0) {
      sums_[p.bin] += rate - old;
      total_ += rate - old;
    }
  } else {
    detach(site);
    attach(site, rate);
  }
  if (++updates_since_resum_ == resum_interval) resum();
}

}  // namespace voidsim
