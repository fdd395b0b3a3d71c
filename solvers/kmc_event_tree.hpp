#pragma once
// Sum tree for rejection-free (BKL / n-fold way) event selection (MODEL.md "The KMC engine"):
// every site (leaf) carries its total propensity, every internal node the sum of its children,
// so the total rate is the root and a site is drawn with probability rate / total by one descent
// from the root, O(log N).
//
// Layout: an implicit tree of fan-out B = 8 in one contiguous, 64-byte aligned buffer, stored
// level by level (root first, leaves last); node j of a level has children B j .. B j + B - 1 of
// the next level, so the B children of a node fill exactly one cache line. Compared with the
// binary heap layout (1 node per cache line touched, log2 N levels) a descent or an update
// touches log8 N = log2 N / 3 cache lines: on 1e6 sites the serial KMC runs ~1.7x faster
// (docs/kmc.md, "Performance").
// An update recomputes each ancestor as the sum of its children in a fixed order instead of
// adding a difference, so the sums never drift from the leaves, however many events run.
#include <cstddef>
#include <new>
#include <vector>

namespace voidsim {

/// Allocator of cache-line (64-byte) aligned arrays, so copies of a tree stay aligned too.
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t alignment{64};
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), alignment)); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, alignment); }
  friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};

class KmcEventTree {
 public:
  static constexpr std::size_t fan_out = 8;

  KmcEventTree() = default;

  /// Builds the tree over n leaves with rates propensity(i) (any callable double(std::size_t)),
  /// in O(n). Rates must be finite and >= 0.
  template <class Propensity>
  void init(std::size_t n, Propensity&& propensity) {
    resize(n);
    double* leaves = nodes_.data() + offset_.back();
    for (std::size_t i = 0; i < n; ++i) leaves[i] = propensity(i);
    rebuild_internal();
  }

  /// Sets leaf `site` to `rate` and recomputes its ancestors; O(log N), nothing if unchanged.
  void update(std::size_t site, double rate) noexcept {
    double* leaf = nodes_.data() + offset_.back() + site;
    if (*leaf == rate) return;
    *leaf = rate;
    std::size_t j = site;
    for (std::size_t level = depth_; level-- > 0;) {
      const double sum = group_sum(nodes_.data() + offset_[level + 1] + (j & ~(fan_out - 1)));
      j /= fan_out;
      double& parent = nodes_[offset_[level] + j];
      // Equal parent sum: everything above is a function of unchanged values.
      if (parent == sum) return;
      parent = sum;
    }
  }

  /// Sum of all leaf rates (the root).
  [[nodiscard]] double total() const noexcept { return nodes_[0]; }
  [[nodiscard]] double rate(std::size_t site) const noexcept { return nodes_[offset_.back() + site]; }
  [[nodiscard]] std::size_t size() const noexcept { return n_; }

  /// The leaf whose cumulative interval [sum of the leaves before it, + its rate) contains
  /// `target`, for target in [0, total()). Requires total() > 0. Round-off can never select a
  /// leaf of rate 0: a child is chosen only if target lies below its cumulative end, which a
  /// zero-rate child shares with the child before it; past the end of a group (round-off) the
  /// descent takes the last positive child.
  [[nodiscard]] std::size_t select(double target) const noexcept { return select(target, target); }
  /// The same, and `offset` = target minus the cumulative rate before the leaf: given the leaf,
  /// offset / rate(leaf) is uniform in [0, 1) (up to round-off), a second draw for free.
  [[nodiscard]] std::size_t select(double target, double& offset) const noexcept {
    std::size_t j = 0;
    for (std::size_t level = 1; level <= depth_; ++level) {
      const std::size_t first = fan_out * j;
      const double* children = nodes_.data() + offset_[level] + first;
      // Branch-free: which child holds target is data dependent, so a compare-and-branch per
      // child mispredicts on almost every level. The cumulative ends are formed pairwise (3
      // dependent additions, not 8; each is >= the one before it, and the last is the parent's
      // group_sum bitwise), then chosen = number of ends <= target.
      const double* c = children;
      const double s01 = c[0] + c[1], s23 = c[2] + c[3], s45 = c[4] + c[5], s67 = c[6] + c[7];
      const double s03 = s01 + s23;
      const double ends[fan_out + 1] = {
          0.0, c[0], s01, s01 + c[2], s03, s03 + c[4], s03 + s45, s03 + (s45 + c[6]), s03 + (s45 + s67)};
      std::size_t chosen = 0;
      for (std::size_t k = 1; k <= fan_out; ++k) chosen += ends[k] <= target ? 1 : 0;
      double before = ends[chosen];  // cumulative rate before the chosen child
      if (chosen == fan_out) [[unlikely]] {
        // Round-off put target at or past the end: stay at the end of the last positive child.
        chosen = fan_out - 1;
        while (chosen > 0 && !(children[chosen] > 0.0)) --chosen;
        before = ends[fan_out] - children[chosen];
      }
      target -= before;
      j = first + chosen;
    }
    offset = target;
    return j;
  }

 private:
  /// Sum of one group of children as a pairwise tree: 3 dependent additions instead of 8 (the
  /// update is latency bound), and the one formula used everywhere so init() and update() give
  /// bitwise the same sums.
  static double group_sum(const double* c) noexcept {
    static_assert(fan_out == 8);
    return ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
  }
  void resize(std::size_t n);
  void rebuild_internal() noexcept;

  std::size_t n_ = 0;
  std::size_t depth_ = 0;                   // levels below the root
  std::vector<std::size_t> offset_{0};      // start of each level in nodes_ (level 0 = root), whole lines
  std::vector<std::size_t> level_size_{1};  // nodes per level without padding
  std::vector<double, CacheLineAllocator<double>> nodes_ =
      std::vector<double, CacheLineAllocator<double>>(fan_out, 0.0);
};

}  // namespace voidsim
