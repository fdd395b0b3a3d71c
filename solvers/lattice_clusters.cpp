#include "solvers/lattice_clusters.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "core/error.hpp"

namespace voidsim {

namespace {

constexpr std::uint8_t vacancy = 1;
constexpr std::uint8_t touches_footprint = 1;
constexpr std::uint8_t touches_previous_void = 2;
constexpr std::uint8_t in_nanopore = 4;  // per site, after the labelling

// MODEL.md section 4: equivalent diameter of a void of `measure` m^2 (2D, circle of equal area)
// or m^3 (3D, sphere of equal volume).
double equivalent_diameter(double measure, int dimension) {
  return dimension == 2 ? 2.0 * std::sqrt(measure / std::numbers::pi)
                        : std::cbrt(6.0 * measure / std::numbers::pi);
}

}  // namespace

LatticeClusters::LatticeClusters(const OxygenLattice& lattice, std::size_t min_void_sites)
    : lattice_(&lattice),
      min_void_sites_(min_void_sites),
      layer_spacing_(lattice.length_z() / static_cast<double>(lattice.nz())),
      parent_(lattice.size()),
      size_(lattice.size()),
      void_label_(lattice.size(), -1),
      previous_label_(lattice.size(), -1) {
  if (min_void_sites == 0) throw std::invalid_argument("LatticeClusters: min_void_sites must be at least 1");
  // Void labels are int32: there are at most size() / min_void_sites voids.
  if (lattice.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument("LatticeClusters: more than 2^31 - 1 sites");
}

bool LatticeClusters::in_nanopore_site(std::size_t site) const noexcept {
  return !cluster_flags_.empty() && (cluster_flags_[site] & in_nanopore) != 0;
}

void LatticeClusters::set_nanopore_footprint(std::vector<std::uint8_t> footprint,
                                             std::size_t max_pore_sites) {
  if (!footprint.empty() && footprint.size() != lattice_->size())
    throw std::invalid_argument("LatticeClusters: the nanopore footprint needs one entry per site");
  footprint_ = std::move(footprint);
  max_pore_sites_ = max_pore_sites;
  cluster_flags_.assign(footprint_.empty() ? 0 : lattice_->size(), 0);
}

// Path halving: every visited node skips to its grandparent, so trees stay shallow without a
// second pass or recursion.
std::uint32_t LatticeClusters::find(std::uint32_t site) noexcept {
  while (parent_[site] != site) {
    parent_[site] = parent_[parent_[site]];
    site = parent_[site];
  }
  return site;
}

// Union by size: the smaller tree hangs below the larger root, bounding the depth by log2 N.
void LatticeClusters::unite(std::uint32_t a, std::uint32_t b) noexcept {
  a = find(a);
  b = find(b);
  if (a == b) return;
  if (size_[a] < size_[b]) std::swap(a, b);
  parent_[b] = a;
  size_[a] += size_[b];
}

const LatticeClusterStatistics& LatticeClusters::analyse(const std::uint8_t* occupancy) {
  const OxygenLattice& lattice = *lattice_;
  const std::size_t n = lattice.size();
  // The labels of the last call become the reference for coalescence; the old reference buffer
  // is overwritten below.
  std::swap(previous_label_, void_label_);
  const bool compare = has_labels_;
  const std::size_t n_previous_voids = n_labelled_voids_;

  // Pass 1: one union per bond between two vacancies. Sites are visited in index order and a
  // bond is taken from its higher-index end, so each bond is seen once and every neighbour j < i
  // is already initialised. The neighbour table wraps periodic directions.
  std::uint32_t neighbours[OxygenLattice::max_coordination];
  for (std::size_t i = 0; i < n; ++i) {
    if (occupancy[i] != vacancy) continue;
    const auto site = static_cast<std::uint32_t>(i);
    parent_[i] = site;
    size_[i] = 1;
    const int n_neighbours = lattice.neighbours(i, neighbours);
    for (int q = 0; q < n_neighbours; ++q) {
      const std::uint32_t j = neighbours[q];
      if (j < site && occupancy[j] == vacancy) unite(site, j);
    }
  }

  // Nanopores: which clusters overlap the footprint, and which hold a site of a previous void.
  const bool pores = !footprint_.empty();
  if (pores) {
    std::fill(cluster_flags_.begin(), cluster_flags_.end(), std::uint8_t{0});
    for (std::size_t i = 0; i < n; ++i) {
      if (occupancy[i] != vacancy) continue;
      const std::uint32_t root = find(static_cast<std::uint32_t>(i));
      if (footprint_[i] != 0) cluster_flags_[root] |= touches_footprint;
      if (compare && previous_label_[i] >= 0) cluster_flags_[root] |= touches_previous_void;
    }
  }

  // Pass 2: label voids in order of their lowest site. The root's entry of void_label_ holds the
  // void's label as soon as any of its sites is met (the root is itself a site of that void).
  LatticeClusterStatistics& s = statistics_;
  s.n_vacancy_sites = s.n_clusters = s.n_voids = s.n_void_sites = 0;
  s.n_nanopores = s.n_nanopore_sites = 0;
  s.void_sizes.clear();
  s.void_depths.clear();
  s.void_diameters.clear();
  s.void_sites_per_layer.assign(lattice.nz(), 0);
  std::fill(void_label_.begin(), void_label_.end(), -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (occupancy[i] != vacancy) continue;
    ++s.n_vacancy_sites;
    const std::uint32_t root = find(static_cast<std::uint32_t>(i));
    if (root == i) ++s.n_clusters;
    if (size_[root] < min_void_sites_) continue;
    if (pores && (cluster_flags_[root] & (touches_footprint | touches_previous_void)) == touches_footprint &&
        size_[root] < max_pore_sites_) {
      if (root == i) ++s.n_nanopores;
      ++s.n_nanopore_sites;
      footprint_[i] = 1;
      cluster_flags_[i] |= in_nanopore;
      continue;
    }
    std::int32_t& root_label = void_label_[root];
    if (root_label < 0) {
      root_label = static_cast<std::int32_t>(s.n_voids++);
      s.void_sizes.push_back(size_[root]);
      s.void_depths.push_back(0.0);
    }
    void_label_[i] = root_label;
    ++s.n_void_sites;
    const std::size_t layer = lattice.layer(i);
    ++s.void_sites_per_layer[layer];
    // Depth of the bottom of the site's row/layer: position z + half a layer spacing.
    double& depth = s.void_depths[static_cast<std::size_t>(root_label)];
    depth = std::max(depth, static_cast<double>(layer + 1) * layer_spacing_);
  }

  double diameter_sum = 0.0;
  s.deepest_void_depth = 0.0;
  for (std::size_t v = 0; v < s.n_voids; ++v) {
    const double measure = static_cast<double>(s.void_sizes[v]) * lattice.site_measure();
    s.void_diameters.push_back(equivalent_diameter(measure, lattice.dimension()));
    diameter_sum += s.void_diameters.back();
    s.deepest_void_depth = std::max(s.deepest_void_depth, s.void_depths[v]);
  }
  s.mean_diameter = s.n_voids > 0 ? diameter_sum / static_cast<double>(s.n_voids) : 0.0;
  s.void_site_fraction = n > 0 ? static_cast<double>(s.n_void_sites) / static_cast<double>(n) : 0.0;
  s.nanopore_site_fraction = n > 0 ? static_cast<double>(s.n_nanopore_sites) / static_cast<double>(n) : 0.0;

  s.coalescence_events = compare ? count_coalescence(n_previous_voids) : 0;
  total_coalescence_events_ += s.coalescence_events;
  has_labels_ = true;
  n_labelled_voids_ = s.n_voids;
  return s;
}

// A void of this call containing sites of k >= 2 distinct voids of the previous call is k - 1
// merges. The void sites are grouped by new label with a counting sort into parent_ (free after
// the labelling), then each group marks the previous labels it meets: O(N + voids).
std::size_t LatticeClusters::count_coalescence(std::size_t n_previous_voids) {
  const LatticeClusterStatistics& s = statistics_;
  const std::size_t n = lattice_->size();
  // group_offset_[v] starts as the first slot of void v and ends as one past its last slot.
  group_offset_.resize(s.n_voids);
  std::size_t offset = 0;
  for (std::size_t v = 0; v < s.n_voids; ++v) {
    group_offset_[v] = offset;
    offset += s.void_sizes[v];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t v = void_label_[i];
    if (v >= 0) parent_[group_offset_[static_cast<std::size_t>(v)]++] = static_cast<std::uint32_t>(i);
  }
  seen_in_void_.assign(n_previous_voids, -1);
  std::size_t events = 0;
  std::size_t begin = 0;
  for (std::size_t v = 0; v < s.n_voids; ++v) {
    std::size_t distinct = 0;
    for (std::size_t slot = begin; slot < group_offset_[v]; ++slot) {
      const std::int32_t p = previous_label_[parent_[slot]];
      if (p < 0 || seen_in_void_[static_cast<std::size_t>(p)] == static_cast<std::int32_t>(v)) continue;
      seen_in_void_[static_cast<std::size_t>(p)] = static_cast<std::int32_t>(v);
      ++distinct;
    }
    if (distinct >= 2) events += distinct - 1;
    begin = group_offset_[v];
  }
  return events;
}

void LatticeClusters::save(StateArchive& archive, const std::string& prefix) const {
  auto& labels = archive.int_arrays[prefix + "void_label"];
  labels.clear();
  if (has_labels_) labels.assign(void_label_.begin(), void_label_.end());
  archive.integers[prefix + "coalescence_events"] = static_cast<std::int64_t>(total_coalescence_events_);
  if (!footprint_.empty()) {
    auto& sites = archive.int_arrays[prefix + "nanopore_footprint"];
    sites.clear();
    for (std::size_t i = 0; i < footprint_.size(); ++i)
      if (footprint_[i] != 0) sites.push_back(static_cast<std::int64_t>(i));
  }
}

void LatticeClusters::restore(const StateArchive& archive, const std::string& prefix) {
  const auto& labels = archive.int_array(prefix + "void_label");
  const std::int64_t total = archive.integer(prefix + "coalescence_events");
  if (total < 0) throw IoError("checkpoint entry " + prefix + "coalescence_events is negative");
  if (labels.empty()) {
    has_labels_ = false;
    n_labelled_voids_ = 0;
    std::fill(void_label_.begin(), void_label_.end(), -1);
  } else {
    if (labels.size() != lattice_->size())
      throw IoError("checkpoint entry " + prefix + "void_label has " + std::to_string(labels.size()) +
                    " sites, the lattice " + std::to_string(lattice_->size()));
    std::int64_t max_label = -1;
    for (const std::int64_t label : labels) {
      if (label < -1 || label >= static_cast<std::int64_t>(lattice_->size()))
        throw IoError("checkpoint entry " + prefix + "void_label holds an invalid label " +
                      std::to_string(label));
      max_label = std::max(max_label, label);
    }
    for (std::size_t i = 0; i < labels.size(); ++i) void_label_[i] = static_cast<std::int32_t>(labels[i]);
    has_labels_ = true;
    n_labelled_voids_ = static_cast<std::size_t>(max_label + 1);
  }
  total_coalescence_events_ = static_cast<std::size_t>(total);
  // Checkpoints written before the footprint was saved keep the one set at construction (the
  // painted pores).
  const auto found = archive.int_arrays.find(prefix + "nanopore_footprint");
  if (!footprint_.empty() && found != archive.int_arrays.end()) {
    std::fill(footprint_.begin(), footprint_.end(), 0);
    for (const std::int64_t site : found->second) {
      if (site < 0 || site >= static_cast<std::int64_t>(footprint_.size()))
        throw IoError("checkpoint entry " + prefix + "nanopore_footprint holds an invalid site " +
                      std::to_string(site));
      footprint_[static_cast<std::size_t>(site)] = 1;
    }
  }
}

}  // namespace voidsim
