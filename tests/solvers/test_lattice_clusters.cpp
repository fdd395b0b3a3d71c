// Tests of solvers/lattice_clusters.hpp: the union-find labelling must agree site by site with an
// independent breadth-first search on random occupancies (2D/3D, periodic/walls, below and above
// percolation), count clusters wrapping the periodic boundary once, apply the void size threshold,
// give equivalent diameters and the front depth of known shapes, and count coalescence events
// across calls (also after a checkpoint restore).
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <numbers>
#include <vector>

#include "core/error.hpp"
#include "core/random.hpp"
#include "solvers/lattice_clusters.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {

constexpr double a0 = 0.285e-9;  // O-O distance, m

Grid box(int dimension, double length_nm) {
  Grid g;
  g.dimension = dimension;
  g.nx = g.nz = static_cast<std::size_t>(length_nm);
  g.ny = dimension == 3 ? g.nx : 1;
  g.dx = g.dy = g.dz = 1e-9;
  return g;
}

// Reference labelling: breadth-first search over vacancy sites, components numbered in order of
// their lowest site, components smaller than min_sites labelled -1 (the documented convention).
struct Reference {
  std::vector<std::int32_t> label;
  std::vector<std::size_t> sizes;
  std::vector<double> depths;
  std::size_t n_clusters = 0;
};

Reference bfs_labels(const OxygenLattice& l, const std::vector<std::uint8_t>& occ, std::size_t min_sites) {
  const std::size_t n = l.size();
  std::vector<std::int64_t> component(n, -1);
  std::vector<std::vector<std::size_t>> members;
  std::uint32_t nb[OxygenLattice::max_coordination];
  for (std::size_t s = 0; s < n; ++s) {
    if (occ[s] != 1 || component[s] >= 0) continue;
    const auto c = static_cast<std::int64_t>(members.size());
    members.emplace_back();
    std::deque<std::size_t> queue{s};
    component[s] = c;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      members.back().push_back(u);
      const int k = l.neighbours(u, nb);
      for (int q = 0; q < k; ++q) {
        if (occ[nb[q]] == 1 && component[nb[q]] < 0) {
          component[nb[q]] = c;
          queue.push_back(nb[q]);
        }
      }
    }
  }
  Reference r;
  r.label.assign(n, -1);
  r.n_clusters = members.size();
  const double half_layer = 0.5 * l.length_z() / static_cast<double>(l.nz());
  for (const auto& m : members) {
    if (m.size() < min_sites) continue;
    double depth = 0.0;
    for (const std::size_t s : m) {
      r.label[s] = static_cast<std::int32_t>(r.sizes.size());
      depth = std::max(depth, l.position(s)[2] + half_layer);
    }
    r.sizes.push_back(m.size());
    r.depths.push_back(depth);
  }
  return r;
}

std::vector<std::uint8_t> random_occupancy(const OxygenLattice& l, double filling, std::uint64_t seed) {
  const CounterRandom random(seed, RandomStream::test);
  std::vector<std::uint8_t> occ(l.size());
  for (std::size_t s = 0; s < l.size(); ++s) occ[s] = random.uniform(s, 0) < filling ? 1 : 0;
  return occ;
}

// Vacancies on every site within `radius` of (x, z) (2D) or (x, y, z) (3D), no wrapping.
void add_ball(const OxygenLattice& l, std::vector<std::uint8_t>& occ, std::array<double, 3> centre,
              double radius) {
  for (std::size_t s = 0; s < l.size(); ++s) {
    const auto p = l.position(s);
    const double dy = l.dimension() == 3 ? p[1] - centre[1] : 0.0;
    const double d2 =
        (p[0] - centre[0]) * (p[0] - centre[0]) + dy * dy + (p[2] - centre[2]) * (p[2] - centre[2]);
    if (d2 <= radius * radius) occ[s] = 1;
  }
}

}  // namespace

TEST_CASE("labels agree site by site with a breadth-first search on random occupancies") {
  // Fillings straddle the site-percolation thresholds (triangular 0.5, fcc 0.198), so both many
  // small clusters and spanning, boundary-wrapping clusters occur.
  for (const int dimension : {2, 3}) {
    for (const bool periodic : {true, false}) {
      const OxygenLattice l(box(dimension, dimension == 2 ? 12.0 : 4.0), a0, periodic);
      for (const double filling : {0.05, 0.2, 0.45, 0.55, 0.8}) {
        for (const std::size_t min_sites : {std::size_t{1}, std::size_t{4}}) {
          CAPTURE(dimension);
          CAPTURE(periodic);
          CAPTURE(filling);
          CAPTURE(min_sites);
          const auto occ = random_occupancy(l, filling, 17 + static_cast<std::uint64_t>(filling * 100));
          LatticeClusters clusters(l, min_sites);
          const auto& stats = clusters.analyse(occ.data());
          const Reference ref = bfs_labels(l, occ, min_sites);
          // Exact integers: the two labellings must be identical.
          CHECK(stats.n_clusters == ref.n_clusters);
          CHECK(stats.n_voids == ref.sizes.size());
          CHECK(stats.void_sizes == ref.sizes);
          CHECK(clusters.void_label() == ref.label);
          REQUIRE(stats.void_depths.size() == ref.depths.size());
          for (std::size_t v = 0; v < ref.depths.size(); ++v)
            CHECK(close(stats.void_depths[v], ref.depths[v], 1e-12));  // round-off of positions
          std::size_t vacancies = 0, void_sites = 0;
          for (const auto o : occ) vacancies += o;
          for (const auto s : ref.sizes) void_sites += s;
          CHECK(stats.n_vacancy_sites == vacancies);
          CHECK(stats.n_void_sites == void_sites);
          CHECK(stats.void_site_fraction ==
                doctest::Approx(static_cast<double>(void_sites) / static_cast<double>(l.size())));
        }
      }
    }
  }
}

TEST_CASE("a cluster wrapping across the periodic boundary is counted once") {
  SUBCASE("2D: a row of vacancies across x = 0") {
    for (const bool periodic : {true, false}) {
      const OxygenLattice l(box(2, 5.0), a0, periodic);
      std::vector<std::uint8_t> occ(l.size(), 0);
      const std::size_t mx = l.mx(), row = 3 * mx;
      for (const std::size_t m : {mx - 2, mx - 1, std::size_t{0}, std::size_t{1}}) occ[row + m] = 1;
      LatticeClusters clusters(l, 1);
      const auto& stats = clusters.analyse(occ.data());
      CHECK(stats.n_clusters == (periodic ? 1u : 2u));
      CHECK(stats.void_sizes == (periodic ? std::vector<std::size_t>{4} : std::vector<std::size_t>{2, 2}));
    }
  }
  SUBCASE("3D: a full layer is one cluster, a full row across x and y too") {
    const OxygenLattice l(box(3, 3.0), a0, true);
    std::vector<std::uint8_t> occ(l.size(), 0);
    const std::size_t layer = 2 * l.mx() * l.ny();
    for (std::size_t s = 0; s < l.mx() * l.ny(); ++s) occ[layer + s] = 1;
    LatticeClusters clusters(l, 1);
    CHECK(clusters.analyse(occ.data()).n_clusters == 1);
    CHECK(clusters.statistics().void_sizes[0] == l.mx() * l.ny());
  }
}

TEST_CASE("min_void_sites separates voids from small vacancy clusters") {
  const OxygenLattice l(box(2, 6.0), a0, false);
  std::vector<std::uint8_t> occ(l.size(), 0);
  const std::size_t mx = l.mx();
  // Horizontal runs of 1, 2, 3 and 5 vacancies in rows 1, 5, 9, 13 (no bonds between rows).
  const std::array<std::size_t, 4> lengths{1, 2, 3, 5};
  for (std::size_t c = 0; c < lengths.size(); ++c)
    for (std::size_t m = 0; m < lengths[c]; ++m) occ[(1 + 4 * c) * mx + 2 + m] = 1;
  LatticeClusters clusters(l, 3);
  const auto& stats = clusters.analyse(occ.data());
  CHECK(stats.n_clusters == 4);
  CHECK(stats.n_voids == 2);
  CHECK(stats.void_sizes == std::vector<std::size_t>{3, 5});
  CHECK(stats.n_void_sites == 8);
  CHECK(clusters.void_label()[1 * mx + 2] == -1);
  CHECK(clusters.void_label()[5 * mx + 3] == -1);
  CHECK(clusters.void_label()[9 * mx + 4] == 0);
  CHECK(clusters.void_label()[13 * mx + 6] == 1);
  LatticeClusters all(l, 1);
  CHECK(all.analyse(occ.data()).n_voids == 4);
  CHECK_THROWS_AS(LatticeClusters(l, 0), std::invalid_argument);
}

TEST_CASE("equivalent diameter of a disc and a sphere of known size") {
  // A lattice disc's site count differs from pi R^2 / site area by a perimeter term of relative
  // order a / R (about 5 % of the area for R = 3 nm, half that in the diameter): 5 % tolerance.
  const double radius = 3e-9;
  {
    const OxygenLattice l(box(2, 12.0), a0, true);
    std::vector<std::uint8_t> occ(l.size(), 0);
    add_ball(l, occ, {6e-9, 0.0, 6e-9}, radius);
    LatticeClusters clusters(l, 10);
    const auto& stats = clusters.analyse(occ.data());
    REQUIRE(stats.n_voids == 1);
    CHECK(close(stats.void_diameters[0], 2.0 * radius, 0.05));
    CHECK(stats.mean_diameter == doctest::Approx(stats.void_diameters[0]));
    // The diameter follows the stated formula exactly (round-off).
    const double area = static_cast<double>(stats.void_sizes[0]) * l.site_measure();
    CHECK(close(stats.void_diameters[0], 2.0 * std::sqrt(area / std::numbers::pi), 1e-12));
  }
  {
    const OxygenLattice l(box(3, 5.0), a0, true);
    std::vector<std::uint8_t> occ(l.size(), 0);
    add_ball(l, occ, {2.5e-9, 2.5e-9, 2.5e-9}, 1.5e-9);
    LatticeClusters clusters(l, 10);
    const auto& stats = clusters.analyse(occ.data());
    REQUIRE(stats.n_voids == 1);
    CHECK(close(stats.void_diameters[0], 3e-9, 0.05));
  }
}

TEST_CASE("depth of the deepest void site: bottom of its row or layer, small clusters ignored") {
  for (const int dimension : {2, 3}) {
    CAPTURE(dimension);
    const OxygenLattice l(box(dimension, 4.0), a0, true);
    const double spacing = dimension == 2 ? a0 * std::sqrt(3.0) / 2.0 : a0 * std::sqrt(2.0 / 3.0);
    const std::size_t per_layer = l.mx() * l.ny();
    std::vector<std::uint8_t> occ(l.size(), 0);
    LatticeClusters clusters(l, 2);
    CHECK(clusters.analyse(occ.data()).deepest_void_depth == 0.0);  // no void
    // A void of two sites in layer 4 and a single vacancy (below the threshold) in layer 9.
    occ[4 * per_layer + 1] = occ[4 * per_layer + 2] = 1;
    occ[9 * per_layer + 1] = 1;
    const auto& stats = clusters.analyse(occ.data());
    REQUIRE(stats.n_voids == 1);
    CHECK(close(stats.deepest_void_depth, 5.0 * spacing, 1e-12));  // round-off
    CHECK(stats.void_sites_per_layer[4] == 2);
    CHECK(stats.void_sites_per_layer[9] == 0);
  }
}

TEST_CASE("coalescence: two discs merging count one event, splitting and persistence count none") {
  const OxygenLattice l(box(2, 20.0), a0, true);
  auto discs = [&](double radius, std::vector<std::array<double, 3>> centres) {
    std::vector<std::uint8_t> occ(l.size(), 0);
    for (const auto& c : centres) add_ball(l, occ, c, radius);
    return occ;
  };
  const std::array<double, 3> left{7e-9, 0.0, 10e-9}, right{13e-9, 0.0, 10e-9};
  const auto apart = discs(2e-9, {left, right});     // gap 2 nm
  const auto merged = discs(3.2e-9, {left, right});  // overlapping
  LatticeClusters clusters(l, 5);
  CHECK(clusters.analyse(apart.data()).n_voids == 2);
  CHECK(clusters.last_coalescence_events() == 0);
  CHECK(clusters.analyse(merged.data()).n_voids == 1);
  CHECK(clusters.last_coalescence_events() == 1);
  CHECK(clusters.statistics().coalescence_events == 1);
  CHECK(clusters.coalescence_events() == 1);
  CHECK(clusters.analyse(merged.data()).coalescence_events == 0);  // the same void persists
  CHECK(clusters.analyse(apart.data()).coalescence_events == 0);   // a split is no merge
  CHECK(clusters.coalescence_events() == 1);

  // Three discs into one: k = 3 previous voids give 2 merges.
  const std::array<double, 3> below{10e-9, 0.0, 15e-9};
  LatticeClusters three(l, 5);
  CHECK(three.analyse(discs(1.8e-9, {left, right, below}).data()).n_voids == 3);
  CHECK(three.analyse(discs(3.8e-9, {left, right, below}).data()).n_voids == 1);
  CHECK(three.last_coalescence_events() == 2);

  SUBCASE("tracking state survives a checkpoint") {
    LatticeClusters before(l, 5);
    before.analyse(apart.data());
    before.analyse(merged.data());
    before.analyse(apart.data());  // cumulative 1, the last labels hold two voids
    StateArchive archive;
    before.save(archive, "kmc/clusters/");
    CHECK(archive.int_arrays.at("kmc/clusters/void_label").size() == l.size());
    CHECK(archive.integers.at("kmc/clusters/coalescence_events") == 1);
    LatticeClusters after(l, 5);
    after.restore(archive, "kmc/clusters/");
    CHECK(after.void_label() == before.void_label());
    CHECK(after.analyse(merged.data()).coalescence_events == 1);  // compared with the saved labels
    CHECK(after.coalescence_events() == 2);

    // A fresh object saves no labels; restoring it does not compare the next call.
    StateArchive empty;
    LatticeClusters(l, 5).save(empty, "c/");
    LatticeClusters fresh(l, 5);
    fresh.restore(empty, "c/");
    CHECK(fresh.analyse(merged.data()).coalescence_events == 0);

    // A checkpoint of another lattice is refused.
    archive.int_arrays["kmc/clusters/void_label"].pop_back();
    CHECK_THROWS_AS(after.restore(archive, "kmc/clusters/"), IoError);
    CHECK_THROWS_AS(after.restore(archive, "missing/"), IoError);
  }
}

TEST_CASE("nanopores: painted pores stay out of the voids until they merge with one or outgrow the limit") {
  const OxygenLattice l(box(2, 20.0), a0, true);
  auto discs = [&](std::vector<std::pair<std::array<double, 3>, double>> balls) {
    std::vector<std::uint8_t> occ(l.size(), 0);
    for (const auto& [centre, radius] : balls) add_ball(l, occ, centre, radius);
    return occ;
  };
  const std::array<double, 3> pore_centre{5e-9, 0.0, 2e-9}, void_centre{12e-9, 0.0, 10e-9};
  const auto painted = discs({{pore_centre, 1e-9}});  // a 2 nm pore
  std::vector<std::uint8_t> footprint(painted.begin(), painted.end());
  const std::size_t max_pore_sites = 2000;  // ~12 nm: large, so that only the rule under test decides
  LatticeClusters clusters(l, 5);
  clusters.set_nanopore_footprint(footprint, max_pore_sites);

  // The pore and a void: one void, one pore; the pore's sites count apart, and per site.
  const auto both = discs({{pore_centre, 1e-9}, {void_centre, 1.5e-9}});
  const auto& s = clusters.analyse(both.data());
  CHECK(s.n_voids == 1);
  CHECK(s.n_nanopores == 1);
  std::size_t painted_sites = 0;
  for (const auto v : painted) painted_sites += v;
  CHECK(s.n_nanopore_sites == painted_sites);
  CHECK(s.n_void_sites + s.n_nanopore_sites == s.n_vacancy_sites);
  CHECK(s.void_site_fraction == doctest::Approx(static_cast<double>(s.n_void_sites) / l.size()));
  for (std::size_t site = 0; site < l.size(); ++site) {
    CHECK(clusters.in_nanopore_site(site) == (painted[site] == 1));
    if (painted[site]) CHECK(clusters.void_label()[site] == -1);
  }

  // The pore shifts by half a nanometre (overlaps its footprint): still a pore, and the footprint
  // follows it. A grown pore (3 nm, below the limit) is still one.
  const std::array<double, 3> shifted{5.5e-9, 0.0, 2e-9};
  CHECK(clusters.analyse(discs({{shifted, 1e-9}, {void_centre, 1.5e-9}}).data()).n_nanopores == 1);
  CHECK(clusters.nanopore_footprint()[l.size() - 1] == 0);
  CHECK(clusters.analyse(discs({{shifted, 1.5e-9}, {void_centre, 1.5e-9}}).data()).n_voids == 1);

  SUBCASE("a pore that merges with a void is a void") {
    // A disc between them joins both (~900 sites, below the limit): the void of the previous call
    // decides.
    const auto merged = discs({{pore_centre, 1e-9}, {void_centre, 1.5e-9}, {{8.5e-9, 0.0, 6e-9}, 4.5e-9}});
    const auto& m = clusters.analyse(merged.data());
    CHECK(m.n_nanopores == 0);
    CHECK(m.n_voids == 1);
    CHECK(m.n_nanopore_sites == 0);
  }
  SUBCASE("a pore grown past max_pore_sites is a void") {
    const auto& g =
        clusters.analyse(discs({{{5e-9, 0.0, 8.5e-9}, 7e-9}}).data());  // ~2200 sites, over the pore
    CHECK(g.n_nanopores == 0);
    CHECK(g.n_voids == 1);
  }
  SUBCASE("the footprint survives a checkpoint") {
    StateArchive archive;
    clusters.save(archive, "c/");
    LatticeClusters after(l, 5);
    after.set_nanopore_footprint(std::vector<std::uint8_t>(l.size(), 0), max_pore_sites);
    after.restore(archive, "c/");
    CHECK(after.nanopore_footprint() == clusters.nanopore_footprint());
  }
  // Without a footprint the same occupancy has two voids.
  LatticeClusters plain(l, 5);
  CHECK(plain.analyse(both.data()).n_voids == 2);
  CHECK(plain.statistics().n_nanopores == 0);
}
