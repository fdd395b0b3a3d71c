// The sum tree of BKL selection against brute force: totals, selection by cumulative sums,
// no drift under many updates, leaves of rate 0 never selected.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "core/random.hpp"
#include "solvers/kmc_event_tree.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

// Brute force: first leaf whose cumulative sum exceeds target (skipping zeros).
std::size_t linear_select(const std::vector<double>& rates, double target) {
  double cumulative = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    if (!(rates[i] > 0.0)) continue;
    last_positive = i;
    cumulative += rates[i];
    if (target < cumulative) return i;
  }
  return last_positive;
}

std::vector<double> random_rates(std::size_t n, std::uint64_t salt) {
  const CounterRandom rng(7, RandomStream::test);
  std::vector<double> r(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double u = rng.uniform(i, salt);
    // A third of the leaves 0; the rest spread over 12 decades like Arrhenius rates.
    r[i] = u < 1.0 / 3.0 ? 0.0 : std::pow(10.0, 12.0 * rng.uniform(i, salt, 1) - 6.0);
  }
  return r;
}

}  // namespace

TEST_CASE("event tree: total and selection match brute force for sizes around powers of two") {
  for (const std::size_t n : {1u, 2u, 3u, 7u, 8u, 9u, 1000u, 1025u}) {
    std::vector<double> rates = random_rates(n, n);
    rates[n / 2] = 2.5;  // at least one positive leaf
    KmcEventTree tree;
    tree.init(n, [&](std::size_t i) { return rates[i]; });
    const double sum = std::accumulate(rates.begin(), rates.end(), 0.0);
    // Round-off: a sum of n positive terms in another order.
    CHECK(close(tree.total(), sum, 1e-13 * std::log2(static_cast<double>(n) + 2.0)));
    // Targets at the interior of every leaf's interval select it exactly.
    double cumulative = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (rates[i] > 0.0) {
        const double mid = cumulative + 0.5 * rates[i];
        // Leaves smaller than the round-off of the prefix sum cannot be hit reliably.
        if (rates[i] > 1e-10 * sum) REQUIRE(tree.select(mid) == i);
      }
      cumulative += rates[i];
    }
    // Random targets agree with the linear scan except within round-off of an interval end.
    const CounterRandom rng(3, RandomStream::test);
    for (std::uint64_t k = 0; k < 2000; ++k) {
      const double target = rng.uniform(k, n) * tree.total();
      const std::size_t s = tree.select(target);
      REQUIRE(s < n);
      REQUIRE(rates[s] > 0.0);  // never a zero leaf
      const std::size_t b = linear_select(rates, target);
      if (s != b) {
        double lo = 0.0;
        for (std::size_t i = 0; i < std::min(s, b) + 1; ++i) lo += rates[i];
        CHECK(std::abs(lo - target) <= 1e-12 * sum);
      }
    }
  }
}

TEST_CASE("event tree: zero leaves are never selected, even at the very end of the range") {
  std::vector<double> rates = {0.0, 1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0};
  KmcEventTree tree;
  tree.init(rates.size(), [&](std::size_t i) { return rates[i]; });
  CHECK(tree.total() == 3.0);
  CHECK(tree.select(0.0) == 1);
  CHECK(tree.select(0.999) == 1);
  CHECK(tree.select(1.0) == 4);
  CHECK(tree.select(std::nextafter(3.0, 0.0)) == 4);
  CHECK(tree.select(3.0) == 4);  // round-off beyond the total: still the last positive leaf
  CHECK(tree.select(10.0) == 4);
  tree.update(4, 0.0);
  CHECK(tree.total() == 1.0);
  CHECK(tree.select(0.999999) == 1);
}

TEST_CASE("event tree: a million updates leave no drift (sums recomputed, not incremented)") {
  const std::size_t n = 4096;
  const std::vector<double> rates = random_rates(n, 11);
  KmcEventTree tree;
  tree.init(n, [&](std::size_t i) { return rates[i]; });
  const double initial_total = tree.total();
  const CounterRandom rng(5, RandomStream::test);
  for (std::uint64_t k = 0; k < 1000000; ++k) {
    const auto leaf = static_cast<std::size_t>(rng.uniform(k, 0) * n);
    tree.update(leaf, std::pow(10.0, 12.0 * rng.uniform(k, 1) - 6.0));
  }
  // Restore every leaf: the total must be bitwise the initial one. Adding differences instead
  // would leave a drift of ~1e6 round-off units of the largest rate (1e6 * 1e-16 * 1e6 ~ 1e-4).
  for (std::size_t i = 0; i < n; ++i) tree.update(i, rates[i]);
  CHECK(tree.total() == initial_total);
  for (std::size_t i = 0; i < n; ++i) REQUIRE(tree.rate(i) == rates[i]);
}

TEST_CASE("event tree: the select offset lies inside the chosen leaf's rate") {
  const CounterRandom rng(11, RandomStream::test);
  std::vector<double> rates(777);
  for (std::size_t i = 0; i < rates.size(); ++i) rates[i] = i % 3 == 0 ? 0.0 : rng.uniform(i, 0);
  KmcEventTree tree;
  tree.init(rates.size(), [&](std::size_t i) { return rates[i]; });
  for (std::uint64_t k = 0; k < 10000; ++k) {
    const double target = rng.uniform(k, 1) * tree.total();
    double offset = -1.0;
    const std::size_t leaf = tree.select(target, offset);
    REQUIRE(rates[leaf] > 0.0);
    double before = 0.0;
    for (std::size_t i = 0; i < leaf; ++i) before += rates[i];
    CHECK(offset >= -1e-12 * tree.total());
    CHECK(offset <= rates[leaf] + 1e-12 * tree.total());
    CHECK(close(before + offset, target, 1e-11));
  }
}
