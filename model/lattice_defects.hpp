#pragma once
// Explicit stacking faults and dislocations on the oxygen lattice for the KMC engine (MODEL.md
// section 2, process 3; the defect history of the paper's Figure 5: faults appear, extend and
// vanish, dislocation pairs appear and disappear). docs/kmc-defects.md has the derivations.
//
// Objects live on "columns" (k, m) of the OxygenLattice: k the close-packed row (2D) or layer (3D)
// counted from the interface, m the site index along x within it.
//   - A stacking fault is the segment m = first .. first + length - 1 of row k (periodic along x
//     where the lattice is), bounded by two partial dislocations at its ends.
//   - A full dislocation is a point (2D) at (k, m) with a Burgers sign +-1; it glides along its row
//     and climbs between rows by absorbing or emitting vacancies.
// 3D simplification: every object is straight through the layer, i.e. it covers the sites of
// column (k, m) in all rows j of layer k (a line along the close-packed direction of constant m,
// closed through the periodic y boundary); a fault is a strip of that layer.
//
// The engine calls advance() once per coupling interval. Defect events are rare compared with
// vacancy hops, so each interval draws the number of events of each process from Poisson
// distributions with the interval's rates (documented simplification: only the net displacement of
// each partial or dislocation over the interval is applied, step by step, stopping at obstacles).
// All draws are keyed by (object id or grid cell, interval_index): the result is independent of
// thread count and a restarted run continues identically.
#include <cstdint>
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "core/random.hpp"
#include "core/scenario.hpp"
#include "core/state_archive.hpp"
#include "model/oxygen_lattice.hpp"

namespace voidsim {

/// Section `kmc.defects.` of the scenario. SI inside.
struct LatticeDefectParameters {
  bool enabled = true;

  // Nucleation of fault segments and dislocation dipoles under delithiation strain.
  bool nucleation_enabled = true;
  double generation_coefficient = 8e18;  // k_gen: dislocation line length per volume per unit strain, 1/m^2
  double dipole_fraction = 0.25;         // fraction of nuclei that are full-dislocation dipoles
  double fault_length = 1e-9;            // initial fault segment length, m
  double dipole_separation = 1.5e-9;     // initial distance of the two dislocations of a dipole, m
  double interface_enhancement = 4.0;    // e in the site weight w(z) = 1 + e exp(-z / l)
  double interface_length = 5e-9;        // l, m
  // Only layered lattice hosts the objects (set_host_fraction): nucleation in proportion to a
  // cell's layered fraction, the interface enhancement's depth counted within layered lattice.
  bool layered_host = true;

  // Growth and shrinkage of faults by glide of their bounding partials.
  bool growth_enabled = true;
  double partial_hop_rate = 0.05;       // nu_p: inward hop rate from the fault tension, 1/s
  double reference_strain_rate = 6e-6;  // eps_ref: strain rate whose driving balances the tension, 1/s

  // Glide of full dislocations along their row.
  bool glide_enabled = true;
  double glide_hop_rate = 0.1;  // nu_g: thermal hop rate each way, 1/s

  bool annihilation_enabled = true;  // opposite-sign dislocations on one row within capture distance
  double capture_distance = 0.6e-9;  // m (at least one site is used)

  bool exit_enabled = true;  // dislocations leave through lateral walls and the interface

  bool climb_enabled = true;
  double climb_absorption_rate = 1.0;  // nu_c: per vacant neighbour of the core, 1/s
  double climb_emission_rate = 0.0;    // nu_e: per dislocation, 1/s

  /// Nucleation weight of a site at depth z below the interface: 1 + e exp(-z / l) (the surface
  /// weight of DefectDensityModel, added to a uniform bulk background).
  [[nodiscard]] double interface_weight(double depth) const noexcept;

  static void declare(Schema& schema);
  [[nodiscard]] static LatticeDefectParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

struct StackingFault {
  std::uint64_t id = 0;
  std::uint32_t row = 0;     // k
  std::uint32_t first = 0;   // m of the left partial
  std::uint32_t length = 0;  // sites; the right partial sits at first + length - 1 (mod mx)
};

struct Dislocation {
  std::uint64_t id = 0;
  std::uint32_t row = 0;       // k
  std::uint32_t position = 0;  // m
  std::int32_t sign = 1;       // Burgers sign: +1 glides toward +x and climbs toward the interface
};

/// Cumulative event counts since construction (saved in checkpoints).
struct LatticeDefectCounters {
  std::int64_t nucleation_attempts = 0;  // Poisson draws of nuclei
  std::int64_t nucleation_blocked = 0;   // nuclei that did not fit (overlap, wall, vacant centre)
  std::int64_t faults_nucleated = 0;
  std::int64_t dipoles_nucleated = 0;         // each adds two dislocations
  std::int64_t faults_vanished = 0;           // partials recombined (length reached 0)
  std::int64_t fault_merges = 0;              // facing partials of two faults met
  std::int64_t dislocations_annihilated = 0;  // dislocations removed in opposite-sign pairs (2 per pair)
  std::int64_t dislocations_exited = 0;       // through a lateral wall or the interface
  std::int64_t partial_steps = 0;
  std::int64_t glide_steps = 0;
  std::int64_t vacancies_absorbed = 0;  // by climb
  std::int64_t vacancies_emitted = 0;   // by climb

  [[nodiscard]] std::int64_t nucleated() const noexcept { return faults_nucleated + dipoles_nucleated; }
};

class LatticeDefects {
 public:
  /// `grid` is the grid of strain_rate_per_cell (the lattice was built on the same box).
  LatticeDefects(const OxygenLattice& lattice, const Grid& grid, LatticeDefectParameters parameters,
                 std::uint64_t seed);

  /// One coupling interval [t, t + dt]: moves (partials, glide, climb), annihilation, then
  /// nucleation. strain_rate_per_cell: |d eps/dt| per grid cell, 1/s (nullptr: no strain);
  /// occupancy: per site, 1 = vacancy (nullptr: no climb). The sites whose vacancies climb
  /// absorbed or emitted are listed by absorbed_vacancies() / emitted_vacancies() until the next
  /// call: the caller refills (1 -> 0) or vacates (0 -> 1) them so vacancies are conserved.
  void advance(double t, double dt, std::int64_t interval_index, const double* strain_rate_per_cell,
               const std::uint8_t* occupancy);

  /// Which part of each grid cell is layered lattice, f in [0, 1] (grid order, grid.size()
  /// values; nullptr: all of it). The explicit objects are the stacking faults and dislocations of
  /// the layered O3 stacking (paper Fig. 5); the reconstructed surface layer's spinel-like and
  /// rock-salt lattice hosts none of them. So, with parameters().layered_host, a column nucleates
  /// with weight f w(zeta), zeta its depth counted within layered lattice (the integral of f down
  /// its x column): the interface enhancement starts where the layered lattice does. Without a
  /// layer (f = 1) this is the plain weight w(z). Objects already present are left alone.
  void set_host_fraction(const double* layered_fraction_per_cell);

  /// 1 on the sites of faults and dislocation cores, else 0 (size lattice.size()).
  [[nodiscard]] const std::vector<std::uint8_t>& site_mask() const noexcept { return mask_; }
  /// Whether the last advance() (or load()/add_*) changed site_mask().
  [[nodiscard]] bool mask_changed() const noexcept { return mask_changed_; }
  [[nodiscard]] const std::vector<std::uint32_t>& absorbed_vacancies() const noexcept { return absorbed_; }
  [[nodiscard]] const std::vector<std::uint32_t>& emitted_vacancies() const noexcept { return emitted_; }

  [[nodiscard]] std::size_t n_faults() const noexcept { return faults_.size(); }
  [[nodiscard]] std::size_t n_dislocations() const noexcept { return dislocations_.size(); }
  [[nodiscard]] const std::vector<StackingFault>& faults() const noexcept { return faults_; }
  [[nodiscard]] const std::vector<Dislocation>& dislocations() const noexcept { return dislocations_; }
  [[nodiscard]] const LatticeDefectCounters& counters() const noexcept { return counters_; }
  [[nodiscard]] const LatticeDefectParameters& parameters() const noexcept { return parameters_; }

  /// Places a fault or a dislocation (initial states, tests). False, and nothing placed, if it
  /// would overlap another object or leave the row. Updates the mask.
  bool add_fault(std::uint32_t row, std::uint32_t first, std::uint32_t length);
  bool add_dislocation(std::uint32_t row, std::uint32_t position, int sign);

  /// Dislocation line length per volume per cell of `grid` (1/m^2), partials of faults included:
  /// 2D, 1/(dx dz) per point; 3D, the line's length in the cell over the cell volume. out has
  /// grid.size() entries; `grid` must cover the lattice's box.
  void line_density_per_cell(const Grid& grid, double* out) const;

  /// Checkpoint under names starting with `prefix`.
  void save(StateArchive& archive, const std::string& prefix) const;
  void load(const StateArchive& archive, const std::string& prefix);

 private:
  [[nodiscard]] std::size_t column(std::uint32_t row, std::uint32_t m) const noexcept {
    return static_cast<std::size_t>(row) * lattice_->mx() + m;
  }
  /// m + step along the row; -1 outside a wall.
  [[nodiscard]] std::int64_t shifted(std::uint32_t m, std::int64_t step) const noexcept;
  [[nodiscard]] std::uint32_t poisson(double lambda, std::uint64_t key, std::int64_t interval,
                                      std::uint32_t slot) const;
  void move_faults(double dt, std::int64_t interval);
  void move_dislocations(double dt, std::int64_t interval, const std::uint8_t* occupancy);
  /// Climb of one dislocation by absorbing/emitting vacancies; sets `exited` if it left.
  void climb(Dislocation& d, double dt, std::int64_t interval, const std::uint8_t* occupancy, bool& exited);
  void annihilate_pairs();
  void nucleate(double dt, std::int64_t interval, const std::uint8_t* occupancy);
  [[nodiscard]] bool place_fault(std::uint32_t row, std::int64_t first, std::uint32_t length, bool gap);
  [[nodiscard]] bool place_dislocation(std::uint32_t row, std::int64_t position, int sign);
  void update_mask();
  [[nodiscard]] double column_strain(std::size_t c) const noexcept { return strain_[column_cell_[c]]; }

  const OxygenLattice* lattice_;
  Grid grid_;
  LatticeDefectParameters parameters_;
  CounterRandom random_;
  std::uint32_t capture_sites_ = 1;

  // Column -> x-z cell of the grid (i + k nx), and per x-z cell its columns sorted with the
  // cumulative nucleation weight A_col f w(zeta) (CSR), built by set_host_fraction().
  std::vector<std::uint32_t> column_cell_;
  std::vector<std::uint32_t> cell_start_, cell_columns_;
  std::vector<double> cell_weight_cumulative_;
  std::vector<double> strain_;  // per x-z cell, mean over y, this interval

  std::vector<StackingFault> faults_;
  std::vector<Dislocation> dislocations_;
  std::uint64_t next_id_ = 0;
  LatticeDefectCounters counters_;

  std::vector<std::uint8_t> occupied_;  // per column: 1 if any object covers it
  std::vector<std::uint8_t> mask_;      // per site
  std::vector<std::uint32_t> masked_columns_;
  bool mask_changed_ = false;
  std::vector<std::uint32_t> absorbed_, emitted_;
};

}  // namespace voidsim
