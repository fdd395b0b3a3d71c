#pragma once
// Event selection over the vacancies (serial BKL, solvers/kmc_solver) by composition-rejection
// (Slepoy, Thompson and Plimpton, J. Chem. Phys. 128, 205101 (2008); SPPARKS's "group" solver).
// In the lattice model only a vacancy has hop and escape events, so only vacancies are listed.
//
// Each vacancy sits in the bin of its total rate's binary exponent: bin g holds the rates in
// [2^e, 2^(e+1)), e = g - 1023. A draw first picks a bin by the bins' rate sums, scanning from
// the largest rates down (the fast vacancies on defects carry most of the total, so one to three
// bins are scanned), then a member of the bin uniformly and accepts it with probability
// rate / 2^(e+1) >= 1/2, drawing again within the bin if rejected. That selects each vacancy with
// probability rate / total exactly, in O(1): no descent and no ancestors to update. A sum tree
// over ~1e4 vacancies spent ~30 % of an event in its latency-bound descent and updates
// (docs/kmc.md, "Performance").
//
// Rates below the smallest normal double (~2e-308 /s) count as 0: such an event would wait ~1e300
// years, and a rejection bound that low could reject forever.
//
// Every vacancy also holds a slot, as the sum tree's leaves did: it keeps its slot while it hops,
// a generated vacancy takes a new slot at the end, an escaped one gives its slot to the last
// vacancy. The slot order is the state that is checkpointed: rebin() refiles the bins in slot
// order, and the serial solver calls it at the start of every run, so a restored run (which
// rebuilds from the saved order) draws the same events as one that was not interrupted. Bin sums
// are kept up to date by differences and summed afresh by rebin() and every 2^16 updates, so
// their round-off stays bounded however long a run between rebins is.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace voidsim {

class KmcVacancyBins {
 public:
  static constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();

  /// Rebuilds the bins for a lattice of n_sites: vacancies that already hold a slot keep their
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
    slot_rate_.resize(slot_site_.size());
    for (std::size_t k = 0; k < slot_site_.size(); ++k)
      slot_rate_[k] = static_cast<double>(rate(slot_site_[k]));
    file_all();
  }

  /// Replaces the slot order (a checkpoint's); call rebuild() afterwards. Sites must be distinct.
  void assign_order(std::vector<std::uint32_t> order);
  /// Sites by slot: the order to checkpoint.
  [[nodiscard]] const std::vector<std::uint32_t>& order() const noexcept { return slot_site_; }

  /// Refiles every vacancy in slot order and sums the bins afresh, O(vacancies): afterwards the
  /// bins are a function of the slot order and the rates alone.
  void rebin();

  [[nodiscard]] std::size_t size() const noexcept { return slot_site_.size(); }
  [[nodiscard]] bool contains(std::size_t site) const noexcept { return site_slot_[site] != no_slot; }
  /// Rate of the vacancy at `site` (which must hold a slot).
  [[nodiscard]] double rate(std::size_t site) const noexcept { return member(site_slot_[site]).rate; }
  /// Sum of the vacancies' rates (kept by differences between rebins: round-off ~1e-12 relative).
  [[nodiscard]] double total() const noexcept { return total_; }

  /// The vacancy drawn with probability rate / total, for target uniform in [0, total()).
  /// `fresh(attempt)`, attempt = 1, 2, ..., returns a new uniform in (0, 1) for each rejection
  /// (expected attempts < 1 on average: the first try reuses target). `offset` is uniform in
  /// [0, rate) of the chosen vacancy and independent of the choice, so it can select among that
  /// vacancy's own events. Requires total() > 0.
  template <class Fresh>
  [[nodiscard]] std::uint32_t select(double target, double& offset, Fresh&& fresh) const noexcept {
    const int g = pick_bin(target);
    const std::vector<Member>& members = bins_[static_cast<std::size_t>(g)];
    const auto count = static_cast<double>(members.size());
    const double bound = bin_bound(g);
    // target is uniform in [0, sum of the bin): scaled to [0, count) it gives a member and the
    // fraction past it, which is uniform in [0, 1) and independent of which member.
    double x = target / sums_[static_cast<std::size_t>(g)] * count;
    for (std::uint32_t attempt = 1;; ++attempt) {
      const std::size_t i = std::min(static_cast<std::size_t>(x), members.size() - 1);
      const double accept = (x - static_cast<double>(i)) * bound;
      if (accept < members[i].rate) {
        offset = accept;  // uniform in [0, rate) given acceptance
        return slot_site_[members[i].slot];
      }
      x = fresh(attempt) * count;
    }
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
  /// Sets the rates of n vacancies (every site must hold a slot).
  void set_rates(const std::uint32_t* sites, const double* rates, int n) noexcept {
    for (int q = 0; q < n; ++q) set_slot_rate(site_slot_[sites[q]], rates[q]);
  }

 private:
  static constexpr int n_bins = 2048;  // the biased exponents of a double; bin 0: rates that never fire
  static constexpr int mask_words = n_bins / 64;
  static constexpr std::uint32_t resum_interval = 1u << 16;

  struct Member {
    std::uint32_t slot;
    double rate;
  };

  /// Bin of a rate: its biased binary exponent; 0 for 0 and subnormal rates.
  static int bin_of(double rate) noexcept {
    if (!(rate >= std::numeric_limits<double>::min())) return 0;
    return static_cast<int>(std::bit_cast<std::uint64_t>(rate) >> 52);
  }
  /// Upper bound 2^(e+1) of the rates of bin g (g >= 1).
  static double bin_bound(int g) noexcept {
    return std::bit_cast<double>(static_cast<std::uint64_t>(g + 1) << 52);
  }
  /// The bin in which target falls, scanning the non-empty bins from the largest rates down;
  /// target becomes the offset within that bin's sum. Round-off past the last bin stays in it.
  int pick_bin(double& target) const noexcept {
    int last = 0;
    for (int w = top_word_; w >= 0; --w) {
      std::uint64_t bits = nonempty_[static_cast<std::size_t>(w)];
      while (bits != 0) {
        const int b = 63 - std::countl_zero(bits);
        const int g = 64 * w + b;
        const double sum = sums_[static_cast<std::size_t>(g)];
        if (target < sum) return g;
        target -= sum;
        last = g;
        bits &= ~(std::uint64_t{1} << b);
      }
    }
    target = sums_[static_cast<std::size_t>(last)] * (1.0 - 0x1.0p-52);
    return last;
  }

  [[nodiscard]] const Member& member(std::uint32_t slot) const noexcept {
    return bins_[slot_bin_[slot]][slot_pos_[slot]];
  }
  void set_slot_rate(std::uint32_t slot, double rate) noexcept;
  void attach(std::uint32_t slot, double rate);
  void detach(std::uint32_t slot) noexcept;
  /// Empties the bins and files every slot with slot_rate_, then sums afresh.
  void file_all();
  void resum() noexcept;

  std::array<std::vector<Member>, n_bins> bins_{};
  std::array<double, n_bins> sums_{};
  std::array<std::uint64_t, mask_words> nonempty_{};  // bit g: bin g >= 1 holds a member
  int top_word_ = 0;  // no bit is set above this word of nonempty_ (the scan starts here)
  double total_ = 0.0;
  std::uint32_t updates_since_resum_ = 0;
  std::vector<std::uint32_t> slot_site_;  // slot -> site
  std::vector<std::uint32_t> site_slot_;  // site -> slot, no_slot if the site holds no vacancy
  std::vector<std::uint16_t> slot_bin_;   // slot -> bin
  std::vector<std::uint32_t> slot_pos_;   // slot -> position in its bin
  std::vector<double> slot_rate_;         // scratch of rebuild() and rebin()
};

}  // namespace voidsim
