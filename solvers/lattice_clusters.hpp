#pragma once
// Cluster analysis of the vacancy sites of an OxygenLattice (MODEL.md "The KMC engine" and section
// 4): vacancy sites joined by nearest-neighbour bonds form clusters (union-find, periodic where the
// lattice is, because the neighbour table already wraps); a cluster of at least min_void_sites
// sites is a void. Each analyse() gives the porosity output of the KMC engine -- void count, sizes,
// equivalent diameters, void site fraction, depth of the deepest void -- and counts coalescence
// events against the voids of the previous call.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/state_archive.hpp"
#include "model/oxygen_lattice.hpp"

namespace voidsim {

/// Result of one LatticeClusters::analyse() call. Per-void vectors are indexed by void label
/// (0 .. n_voids - 1), labels numbered in order of each void's lowest site index.
struct LatticeClusterStatistics {
  std::size_t n_vacancy_sites = 0;      // sites with occupancy 1
  std::size_t n_clusters = 0;           // connected vacancy clusters of any size (isolated vacancies too)
  std::size_t n_voids = 0;              // clusters with at least min_void_sites sites
  std::size_t n_void_sites = 0;         // sites in voids
  std::size_t n_nanopores = 0;          // clusters of at least min_void_sites that are nanopores
  std::size_t n_nanopore_sites = 0;     // sites in them (not in n_void_sites)
  std::vector<std::size_t> void_sizes;  // sites per void
  std::vector<double> void_diameters;   // m: circle of equal area (2D) or sphere of equal volume (3D)
  std::vector<double> void_depths;      // m: deepest point of each void below the interface
  double mean_diameter = 0.0;           // m, mean of void_diameters (0 if no void)
  double void_site_fraction = 0.0;      // n_void_sites / lattice sites: the lattice's porosity
  double nanopore_site_fraction = 0.0;  // n_nanopore_sites / lattice sites
  double deepest_void_depth = 0.0;      // m, max of void_depths (0 if no void): the propagation front
  std::vector<std::size_t> void_sites_per_layer;  // void sites in each row (2D) / layer (3D) along z
  std::size_t coalescence_events = 0;             // merges detected by this call (see coalescence_events())
};

class LatticeClusters {
 public:
  /// `lattice` must outlive this object. min_void_sites >= 1 (1: every cluster is a void).
  /// Allocates the per-site buffers (16 bytes per site) once.
  LatticeClusters(const OxygenLattice& lattice, std::size_t min_void_sites);

  /// Labels the vacancy clusters of `occupancy` (lattice.size() entries, 1 = vacancy) and
  /// returns their statistics; O(N alpha(N)), no allocation per site. Counts coalescence events
  /// against the void labels of the previous call (or of restore()).
  const LatticeClusterStatistics& analyse(const std::uint8_t* occupancy);

  [[nodiscard]] const LatticeClusterStatistics& statistics() const noexcept { return statistics_; }
  /// Void label per site of the last analyse() (or restore()): 0 .. n_voids - 1, -1 if the site
  /// is not in a void.
  [[nodiscard]] const std::vector<std::int32_t>& void_label() const noexcept { return void_label_; }

  /// Cumulative coalescence events over all analyse() calls (and restored runs): a void whose
  /// sites belonged to k >= 2 distinct voids of the previous call adds k - 1.
  [[nodiscard]] std::size_t coalescence_events() const noexcept { return total_coalescence_events_; }
  /// Coalescence events of the last analyse() call.
  [[nodiscard]] std::size_t last_coalescence_events() const noexcept {
    return statistics_.coalescence_events;
  }

  [[nodiscard]] std::size_t min_void_sites() const noexcept { return min_void_sites_; }

  /// Nanopores of the pristine layer are not voids (docs/surface-layer.md; the grid observer's
  /// rule, postprocess/run_observer.hpp). `footprint` (one entry per site, 1 = in a nanopore)
  /// holds the sites of the painted pores; a cluster of at least min_void_sites sites is a
  /// nanopore, not a void, while it overlaps the footprint, holds no site of a void of the
  /// previous call (a void that merges with a pore is a void) and has fewer than max_pore_sites
  /// sites (a pore grown to a nanovoid's size is a void). Its sites join the footprint, so a pore
  /// that changes shape keeps its identity. Without a footprint every such cluster is a void.
  void set_nanopore_footprint(std::vector<std::uint8_t> footprint, std::size_t max_pore_sites);
  [[nodiscard]] const std::vector<std::uint8_t>& nanopore_footprint() const noexcept { return footprint_; }
  /// Whether `site` was in a nanopore at the last analyse() (false for every site without a footprint).
  [[nodiscard]] bool in_nanopore_site(std::size_t site) const noexcept;

  /// Tracking state for checkpoints: int_arrays[prefix + "void_label"] (empty before the first
  /// analyse()), [prefix + "nanopore_footprint"] (its sites, if any) and
  /// integers[prefix + "coalescence_events"].
  void save(StateArchive& archive, const std::string& prefix) const;
  /// Restores what save() wrote; throws IoError if the entries are missing or do not fit this
  /// lattice. statistics() stays as it was until the next analyse().
  void restore(const StateArchive& archive, const std::string& prefix);

 private:
  std::uint32_t find(std::uint32_t site) noexcept;
  void unite(std::uint32_t a, std::uint32_t b) noexcept;
  std::size_t count_coalescence(std::size_t n_previous_voids);

  const OxygenLattice* lattice_;
  std::size_t min_void_sites_;
  double layer_spacing_;  // m, distance between rows (2D) or layers (3D) along z

  // Union-find forest over vacancy sites: parent_ and size_ (valid at roots) per site. After the
  // labelling, parent_ is reused to hold the void sites grouped by label (coalescence counting).
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
  std::vector<std::int32_t> void_label_;
  std::vector<std::int32_t> previous_label_;  // void_label_ of the previous call (swapped, not copied)
  std::vector<std::uint8_t> footprint_;       // nanopore footprint (empty: no nanopores)
  // Per root during analyse() (touches the footprint, a void of the previous call), per site after
  // it (in a nanopore).
  std::vector<std::uint8_t> cluster_flags_;
  std::size_t max_pore_sites_ = 0;
  bool has_labels_ = false;           // void_label_ holds a previous state to compare with
  std::size_t n_labelled_voids_ = 0;  // number of voids in void_label_

  // Small per-void work arrays, reused between calls.
  std::vector<std::size_t> group_offset_;
  std::vector<std::int32_t> seen_in_void_;

  LatticeClusterStatistics statistics_;
  std::size_t total_coalescence_events_ = 0;
};

}  // namespace voidsim
