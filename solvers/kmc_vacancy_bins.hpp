#pragma once
// Event selection over the vacancies (serial BKL, solvers/kmc_solver) by composition-rejection
// (Slepoy, Thompson and Plimpton, J. Chem. Phys. 128, 205101 (2008); SPPARKS's "group" solver).
// In the lattice model only a vacancy has hop and escape events, so only vacancies are listed.
//
// Each vacancy sits in the bin of its total rate: the rate's binary exponent and the top two bits
// of its mantissa, so bin g holds the rates in [b_g, b_(g+1)) with b_(g+1) / b_g <= 2^(1/4) (four
// bins per octave). A draw first picks a bin by the bins' rate sums, scanning from the largest
// rates down (the fast vacancies on defects carry most of the total, so a few bins are scanned),
// then a member of the bin uniformly and accepts it with probability rate / b_(g+1) >= 0.84,
// drawing again within the bin if rejected. That selects each vacancy with probability
// rate / total exactly, in O(1): no descent and no ancestors to update. A sum tree over ~1e4
// vacancies spent ~30 % of an event in its latency-bound descent and updates (docs/kmc.md,
// "Performance"). Whole octaves (acceptance >= 1/2) cost 1.2-1.3x more per event on bench_kmc's
// 1e6-site lattices, where most vacancies share one rate low in its octave and each rejection
// reads another random member (a cache miss).
//
// Rates below the smallest normal double (~2e-308 /s) count as 0: such an event would wait ~1e300
// years, and a rejection bound that low could reject forever.
//
// The bins' member order is the state that is checkpointed: order() lists the vacancies bin by
// bin (bin 0 first, then by increasing rate) in member order, and rebuild() files them back in
// that order, so a restored run's bins are those of the run that was saved. Bin sums are kept up
// to date by differences and summed afresh by resum() (which the serial solver calls at the start
// of every run, so the restored and the uninterrupted run add the same numbers) and every 2^16
// updates, so their round-off stays bounded however long a run between two calls is.
//
// Layout: one (bin, position) record per site, so that the records an event updates lie next to
// the event's sites in memory, and one (site, rate) member per vacancy in its bin, so a draw reads
// one member and has the site.
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
  /// Rebuilds the bins for a lattice of n_sites: vacancies that are already listed keep their
  /// order (order()), sites that are no longer vacancies are dropped, and new vacancies are
  /// appended in site order. is_vacancy(site) -> bool, rate(site) -> double (>= 0). O(n_sites).
  template <class IsVacancy, class Rate>
  void rebuild(std::size_t n_sites, IsVacancy&& is_vacancy, Rate&& rate) {
    std::vector<std::uint32_t> list = order();
    clear();
    if (place_.size() != n_sites) place_.assign(n_sites, Place{});
    std::size_t kept = 0;
    for (const std::uint32_t site : list)
      if (site < n_sites && is_vacancy(site)) list[kept++] = site;
    list.resize(kept);
    for (const std::uint32_t site : list) attach(site, static_cast<double>(rate(site)));
    for (std::size_t site = 0; site < n_sites; ++site)
      if (!contains(site) && is_vacancy(site))
        attach(static_cast<std::uint32_t>(site), static_cast<double>(rate(site)));
    resum();
  }

  /// Lists `order` (a checkpoint's, distinct sites) as the vacancies in that order, rate 0 until
  /// the rebuild() that must follow.
  void assign_order(const std::vector<std::uint32_t>& order);
  /// The vacancies bin by bin in member order: the order to checkpoint. O(vacancies).
  [[nodiscard]] std::vector<std::uint32_t> order() const;

  /// Sums the bins afresh, O(vacancies): afterwards the sums are a function of the bins' members
  /// and their order alone.
  void resum() noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool contains(std::size_t site) const noexcept { return place_[site].bin != no_bin; }
  /// Rate of the vacancy at `site` (which must be listed).
  [[nodiscard]] double rate(std::size_t site) const noexcept { return member(site).rate; }
  /// Sum of the vacancies' rates (kept by differences between resums: round-off ~1e-12 relative).
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
        return members[i].site;
      }
      x = fresh(attempt) * count;
    }
  }

  /// A new vacancy at `site` (rate 0 until set_rates). Requires a rebuild() for the lattice first.
  void add(std::uint32_t site) { attach(site, 0.0); }
  /// The vacancy at `site` is gone.
  void remove(std::uint32_t site) noexcept { detach(site); }
  /// The vacancy at `from` hopped to `to`: same bin and place, new site (rate unchanged until
  /// set_rates).
  void move(std::uint32_t from, std::uint32_t to) noexcept {
    const Place p = place_[from];
    place_[from].bin = no_bin;
    place_[to] = p;
    bins_[p.bin][p.pos].site = to;
  }
  /// Sets the rates of n vacancies (every site must be listed).
  void set_rates(const std::uint32_t* sites, const double* rates, int n) noexcept {
    for (int q = 0; q < n; ++q) set_rate(sites[q], rates[q]);
  }

 private:
  // Bins per octave = 2^split_bits: a bin spans a factor 2^(1/2^split_bits) of rates.
  static constexpr int split_bits = 2;
  static constexpr int shift = 52 - split_bits;
  static constexpr int n_bins = 2048 << split_bits;  // bin 0: rates that never fire
  static constexpr int mask_words = n_bins / 64;
  static constexpr std::uint32_t resum_interval = 1u << 16;

  static constexpr std::uint16_t no_bin = 0xffff;

  struct Member {
    std::uint32_t site;
    double rate;
  };
  struct Place {
    std::uint32_t pos = 0;       // in the bin
    std::uint16_t bin = no_bin;  // no_bin: the site holds no vacancy
  };

  /// Bin of a rate: its biased binary exponent and the top split_bits of its mantissa; 0 for 0
  /// and subnormal rates.
  static int bin_of(double rate) noexcept {
    if (!(rate >= std::numeric_limits<double>::min())) return 0;
    return static_cast<int>(std::bit_cast<std::uint64_t>(rate) >> shift);
  }
  /// Upper bound b_(g+1) of the rates of bin g (g >= 1): the smallest double of the next bin.
  static double bin_bound(int g) noexcept {
    return std::bit_cast<double>(static_cast<std::uint64_t>(g + 1) << shift);
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

  [[nodiscard]] const Member& member(std::size_t site) const noexcept {
    return bins_[place_[site].bin][place_[site].pos];
  }
  void set_rate(std::uint32_t site, double rate) noexcept;
  void attach(std::uint32_t site, double rate);
  void detach(std::uint32_t site) noexcept;
  /// Empties the bins (the sites' places too).
  void clear() noexcept;

  std::array<std::vector<Member>, n_bins> bins_{};
  std::array<double, n_bins> sums_{};
  std::array<std::uint64_t, mask_words> nonempty_{};  // bit g: bin g >= 1 holds a member
  int top_word_ = 0;       // no bit is set above this word of nonempty_ (the scan starts here)
  int nonempty_bins_ = 0;  // bits set in nonempty_
  double total_ = 0.0;
  std::uint32_t updates_since_resum_ = 0;
  std::size_t size_ = 0;      // vacancies listed
  std::vector<Place> place_;  // per site
};

}  // namespace voidsim
