// The serial solver's tree over vacancies: slot bookkeeping under hops, generation (with regrowth)
// and escape against a brute-force list, selection by cumulative rates with the within-leaf
// uniform, the order kept by rebuild(), and the select offset of the underlying sum tree.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "solvers/kmc_event_tree.hpp"
#include "solvers/kmc_vacancy_tree.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

// Brute force: the vacancies in slot order with their rates.
struct Reference {
  std::vector<std::uint32_t> sites;
  std::vector<double> rates;

  void check(const KmcVacancyTree& tree, std::size_t n_sites) const {
    REQUIRE(tree.order() == sites);
    double total = 0.0;
    for (const double r : rates) total += r;
    CHECK(close(tree.total(), total, 1e-12));
    for (std::size_t s = 0; s < n_sites; ++s)
      CHECK(tree.contains(s) == (std::find(sites.begin(), sites.end(), s) != sites.end()));
    // The middle of every vacancy's interval selects it, with u = 1/2.
    double before = 0.0;
    for (std::size_t k = 0; k < sites.size(); ++k) {
      if (rates[k] > 0.0) {
        double u = 0.0;
        CHECK(tree.select(before + 0.5 * rates[k], u) == sites[k]);
        CHECK(close(u, 0.5, 1e-9));
      }
      before += rates[k];
    }
  }
};

}  // namespace

TEST_CASE("vacancy tree: hops, generation past the capacity and escape match a brute-force list") {
  const std::size_t n_sites = 5000;
  const CounterRandom rng(3, RandomStream::test);
  std::vector<bool> vacant(n_sites, false);
  for (std::size_t s = 0; s < n_sites; s += 97) vacant[s] = true;
  auto rate_of = [](std::size_t s) { return 1.0 + static_cast<double>(s % 13); };
  KmcVacancyTree tree;
  tree.rebuild(
      n_sites, [&](std::size_t s) { return static_cast<bool>(vacant[s]); }, rate_of);
  Reference ref;
  for (std::size_t s = 0; s < n_sites; ++s)
    if (vacant[s]) {
      ref.sites.push_back(static_cast<std::uint32_t>(s));
      ref.rates.push_back(rate_of(s));
    }
  ref.check(tree, n_sites);

  // 3000 random operations: hops to free sites, generation (the list grows well past the initial
  // 2 x 52 leaves), escape; each followed by setting the rate of the vacancy involved.
  for (std::uint64_t step = 0; step < 3000; ++step) {
    const double kind = rng.uniform(step, 0);
    auto free_site = [&](std::uint32_t slot) {
      auto s = static_cast<std::uint32_t>(rng.uniform(step, slot) * n_sites);
      while (vacant[s]) s = (s + 1) % n_sites;
      return s;
    };
    const double rate = 0.5 + rng.uniform(step, 3);
    if (kind < 0.4 || ref.sites.empty()) {  // generation
      const std::uint32_t s = free_site(1);
      tree.add(s);
      vacant[s] = true;
      ref.sites.push_back(s);
      ref.rates.push_back(rate);
      tree.set_rates(&s, &rate, 1);
    } else {
      const auto k = static_cast<std::size_t>(rng.uniform(step, 2) * static_cast<double>(ref.sites.size()));
      const std::uint32_t s = ref.sites[k];
      if (kind < 0.8) {  // hop to a free site (anywhere: the tree does not know the lattice)
        const std::uint32_t t = free_site(4);
        tree.move(s, t);
        vacant[s] = false;
        vacant[t] = true;
        ref.sites[k] = t;
        ref.rates[k] = rate;
        tree.set_rates(&t, &rate, 1);
      } else {  // escape: the last vacancy takes the slot
        tree.remove(s);
        vacant[s] = false;
        ref.sites[k] = ref.sites.back();
        ref.rates[k] = ref.rates.back();
        ref.sites.pop_back();
        ref.rates.pop_back();
      }
    }
  }
  CHECK(ref.sites.size() > 400);
  ref.check(tree, n_sites);

  // rebuild() keeps the order of the vacancies still there and appends new ones in site order.
  const std::uint32_t gone = ref.sites[1];
  vacant[gone] = false;
  std::uint32_t fresh = 0;
  while (vacant[fresh]) ++fresh;
  vacant[fresh] = true;
  tree.rebuild(
      n_sites, [&](std::size_t s) { return static_cast<bool>(vacant[s]); }, rate_of);
  ref.sites.erase(ref.sites.begin() + 1);
  ref.sites.push_back(fresh);
  ref.rates.clear();
  for (const auto s : ref.sites) ref.rates.push_back(rate_of(s));
  ref.check(tree, n_sites);
}

TEST_CASE("vacancy tree: a checkpointed order restores the same selection") {
  const std::size_t n_sites = 300;
  auto is_vacancy = [](std::size_t s) { return s % 7 == 3; };
  auto rate_of = [](std::size_t s) { return 1.0 + static_cast<double>(s % 5); };
  KmcVacancyTree a;
  a.rebuild(n_sites, is_vacancy, rate_of);
  std::vector<std::uint32_t> order = a.order();
  std::reverse(order.begin(), order.end());
  KmcVacancyTree b;
  b.rebuild(n_sites, is_vacancy, rate_of);
  b.assign_order(order);
  b.rebuild(n_sites, is_vacancy, rate_of);
  CHECK(b.order() == order);
  double u = 0.0;
  CHECK(b.select(0.5, u) == order.front());
  CHECK(a.select(0.5, u) == order.back());
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
