// The serial solver's composition-rejection bins over vacancies: bookkeeping under hops,
// generation and escape against a brute-force list, the order rebuild() keeps; draws in proportion to the
// rates over many bins, with the within-vacancy offset uniform; a checkpointed order restores the same draws;
// the total kept to round-off over many updates.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/random.hpp"
#include "solvers/kmc_vacancy_bins.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;
using voidsim::testing::round_off;

namespace {

// Bin of a rate as the bins file it: the binary exponent; 0 for rates that never fire.
// (exponent and the mantissa's quarter octave: four bins per octave).
int bin_key(double rate) {
  if (!(rate >= std::numeric_limits<double>::min())) return 0;
  int e = 0;
  const double m = std::frexp(rate, &e);  // m in [0.5, 1)
  return 4 * (e + 1022) + static_cast<int>(std::floor((2.0 * m - 1.0) * 4.0));
}

// Brute force: the vacancies with their rates.
struct Reference {
  std::vector<std::uint32_t> sites;
  std::vector<double> rates;

  void check(const KmcVacancyBins& bins, std::size_t n_sites) const {
    std::vector<std::uint32_t> listed = bins.order();
    std::vector<std::uint32_t> expected = sites;
    std::sort(listed.begin(), listed.end());
    std::sort(expected.begin(), expected.end());
    REQUIRE(listed == expected);
    CHECK(bins.size() == sites.size());
    double total = 0.0;
    for (const double r : rates) total += r;
    CHECK(close(bins.total(), total, round_off));
    for (std::size_t s = 0; s < n_sites; ++s)
      CHECK(bins.contains(s) == (std::find(sites.begin(), sites.end(), s) != sites.end()));
    for (std::size_t k = 0; k < sites.size(); ++k) CHECK(bins.rate(sites[k]) == rates[k]);
  }
};

// A fresh-uniform source for rejections, keyed by (draw, attempt) as the solver's is.
struct Fresh {
  const CounterRandom* rng;
  std::uint64_t draw;
  double operator()(std::uint32_t attempt) const { return rng->uniform(draw, attempt, 1); }
};

}  // namespace

TEST_CASE("vacancy bins: hops, generation and escape match a brute-force list") {
  const std::size_t n_sites = 5000;
  const CounterRandom rng(3, RandomStream::test);
  std::vector<bool> vacant(n_sites, false);
  for (std::size_t s = 0; s < n_sites; s += 97) vacant[s] = true;
  auto rate_of = [](std::size_t s) { return 1.0 + static_cast<double>(s % 13); };
  KmcVacancyBins bins;
  bins.rebuild(
      n_sites, [&](std::size_t s) { return static_cast<bool>(vacant[s]); }, rate_of);
  Reference ref;
  for (std::size_t s = 0; s < n_sites; ++s)
    if (vacant[s]) {
      ref.sites.push_back(static_cast<std::uint32_t>(s));
      ref.rates.push_back(rate_of(s));
    }
  ref.check(bins, n_sites);

  // 3000 random operations: hops to free sites, generation, escape; each followed by setting the
  // rate of the vacancy involved, over six decades (and sometimes 0), so vacancies change bins.
  for (std::uint64_t step = 0; step < 3000; ++step) {
    const double kind = rng.uniform(step, 0);
    auto free_site = [&](std::uint32_t slot) {
      auto s = static_cast<std::uint32_t>(rng.uniform(step, slot) * n_sites);
      while (vacant[s]) s = (s + 1) % n_sites;
      return s;
    };
    const double draw = rng.uniform(step, 3);
    const double rate = draw < 0.05 ? 0.0 : std::pow(10.0, 6.0 * draw - 3.0);
    if (kind < 0.4 || ref.sites.empty()) {  // generation
      const std::uint32_t s = free_site(1);
      bins.add(s);
      CHECK(bins.rate(s) == 0.0);
      vacant[s] = true;
      ref.sites.push_back(s);
      ref.rates.push_back(rate);
      bins.set_rates(&s, &rate, 1);
    } else {
      const auto k = static_cast<std::size_t>(rng.uniform(step, 2) * static_cast<double>(ref.sites.size()));
      const std::uint32_t s = ref.sites[k];
      if (kind < 0.8) {  // hop to a free site (anywhere: the bins do not know the lattice)
        const std::uint32_t t = free_site(4);
        bins.move(s, t);
        vacant[s] = false;
        vacant[t] = true;
        ref.sites[k] = t;
        ref.rates[k] = rate;
        bins.set_rates(&t, &rate, 1);
      } else {  // escape
        bins.remove(s);
        vacant[s] = false;
        ref.sites[k] = ref.sites.back();
        ref.rates[k] = ref.rates.back();
        ref.sites.pop_back();
        ref.rates.pop_back();
      }
    }
  }
  CHECK(ref.sites.size() > 400);
  ref.check(bins, n_sites);
  const std::vector<std::uint32_t> before = bins.order();
  bins.resum();  // summed afresh: the same list in the same order
  ref.check(bins, n_sites);
  CHECK(bins.order() == before);

  // rebuild() keeps the order of the vacancies still there and appends new ones in site order,
  // then files them by rate: order() is that list partitioned stably by bin.
  const std::uint32_t gone = ref.sites[1];
  vacant[gone] = false;
  std::uint32_t fresh = 0;
  while (vacant[fresh]) ++fresh;
  vacant[fresh] = true;
  bins.rebuild(
      n_sites, [&](std::size_t s) { return static_cast<bool>(vacant[s]); }, rate_of);
  std::vector<std::uint32_t> expected;
  for (const std::uint32_t s : before)
    if (s != gone) expected.push_back(s);
  expected.push_back(fresh);
  std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) {
    return bin_key(rate_of(a)) < bin_key(rate_of(b));
  });
  CHECK(bins.order() == expected);
  ref.sites.erase(ref.sites.begin() + 1);
  ref.sites.push_back(fresh);
  ref.rates.clear();
  for (const auto s : ref.sites) ref.rates.push_back(rate_of(s));
  ref.check(bins, n_sites);
}

TEST_CASE("vacancy bins: draws follow rate / total over eighty bins, the offset is uniform") {
  // 60 vacancies with rates spread over six decades (20 octaves, 80 bins), two of rate 0 and one
  // subnormal: those three must never be drawn.
  const std::size_t n_sites = 60;
  const CounterRandom rng(5, RandomStream::test);
  std::vector<double> rates(n_sites);
  for (std::size_t s = 0; s < n_sites; ++s) rates[s] = std::pow(10.0, 6.0 * rng.uniform(s, 0) - 3.0);
  rates[7] = 0.0;
  rates[8] = 0.0;
  rates[9] = std::numeric_limits<double>::denorm_min();
  KmcVacancyBins bins;
  bins.rebuild(
      n_sites, [](std::size_t) { return true; }, [&](std::size_t s) { return rates[s]; });
  double total = 0.0;
  for (const double r : rates) total += r >= std::numeric_limits<double>::min() ? r : 0.0;
  CHECK(close(bins.total(), total, round_off));

  const std::uint64_t draws = 2'000'000;
  std::vector<double> hits(n_sites, 0.0);
  double offset_fraction = 0.0;
  for (std::uint64_t d = 0; d < draws; ++d) {
    double offset = -1.0;
    const std::uint32_t s = bins.select(rng.uniform(d, 1) * bins.total(), offset, Fresh{&rng, d});
    REQUIRE(rates[s] > 0.0);
    REQUIRE(offset >= 0.0);
    REQUIRE(offset < rates[s]);
    hits[s] += 1.0;
    offset_fraction += offset / rates[s];
  }
  CHECK(hits[7] == 0.0);
  CHECK(hits[8] == 0.0);
  CHECK(hits[9] == 0.0);
  // Chi-square over the vacancies that can be drawn (57 - 1 degrees of freedom): below
  // dof + 5 sqrt(2 dof), i.e. a 5-sigma bound.
  double chi2 = 0.0;
  int dof = -1;
  for (std::size_t s = 0; s < n_sites; ++s) {
    const double expected = static_cast<double>(draws) *
                            (rates[s] >= std::numeric_limits<double>::min() ? rates[s] : 0.0) / total;
    if (!(expected > 0.0)) continue;
    chi2 += (hits[s] - expected) * (hits[s] - expected) / expected;
    ++dof;
  }
  CHECK(dof == 56);
  CHECK(chi2 < dof + 5.0 * std::sqrt(2.0 * dof));
  // offset / rate uniform on [0, 1): mean 1/2 within 5 sigma (sigma = 1 / sqrt(12 draws)).
  CHECK(std::abs(offset_fraction / static_cast<double>(draws) - 0.5) <
        5.0 / std::sqrt(12.0 * static_cast<double>(draws)));
}

TEST_CASE("vacancy bins: a checkpointed order restores the same draws") {
  const std::size_t n_sites = 300;
  auto is_vacancy = [](std::size_t s) { return s % 7 == 3; };
  auto rate_of = [](std::size_t s) { return 1.0 + static_cast<double>(s % 5); };
  const CounterRandom rng(9, RandomStream::test);
  KmcVacancyBins a;
  a.rebuild(n_sites, is_vacancy, rate_of);
  // Rates changed one by one move vacancies between bins, which reorders the bins.
  std::vector<double> now(n_sites, 0.0);
  for (std::uint32_t s = 3; s < n_sites; s += 7) now[s] = rate_of(s);
  for (std::uint64_t k = 0; k < 500; ++k) {
    const auto s = static_cast<std::uint32_t>(3 + 7 * static_cast<std::size_t>(rng.uniform(k, 0) * 42.0));
    now[s] = 0.5 + 10.0 * rng.uniform(k, 1);
    a.set_rates(&s, &now[s], 1);
  }
  // A restart: the saved order, rates recomputed from the state.
  KmcVacancyBins b;
  b.rebuild(n_sites, is_vacancy, rate_of);
  b.assign_order(a.order());
  b.rebuild(n_sites, is_vacancy, [&](std::size_t s) { return now[s]; });
  CHECK(b.order() == a.order());
  a.resum();  // what the serial solver does at the start of every run
  CHECK(a.total() == b.total());
  for (std::uint64_t d = 0; d < 2000; ++d) {
    double oa = 0.0, ob = 0.0;
    const double u = rng.uniform(d, 2);
    REQUIRE(a.select(u * a.total(), oa, Fresh{&rng, d}) == b.select(u * b.total(), ob, Fresh{&rng, d}));
    CHECK(oa == ob);
  }
}

TEST_CASE("vacancy bins: the total stays exact to round-off over 300000 updates, and 0 when nothing fires") {
  const std::size_t n_sites = 200;
  const CounterRandom rng(13, RandomStream::test);
  std::vector<double> rates(n_sites, 1.0);
  KmcVacancyBins bins;
  bins.rebuild(
      n_sites, [](std::size_t) { return true; }, [&](std::size_t s) { return rates[s]; });
  // Rates over ten decades, so the differences added to the sums differ by as much; the bins are
  // summed afresh every 2^16 updates (four times here).
  for (std::uint64_t k = 0; k < 300000; ++k) {
    const auto s = static_cast<std::uint32_t>(rng.uniform(k, 0) * static_cast<double>(n_sites));
    rates[s] = std::pow(10.0, 10.0 * rng.uniform(k, 1) - 5.0);
    bins.set_rates(&s, &rates[s], 1);
  }
  double total = 0.0;
  for (const double r : rates) total += r;
  CHECK(close(bins.total(), total, round_off));
  for (std::uint32_t s = 0; s < n_sites; ++s) {
    const double zero = 0.0;
    bins.set_rates(&s, &zero, 1);
  }
  CHECK(bins.total() == 0.0);
}
