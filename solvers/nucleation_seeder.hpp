#pragma once
// Explicit stochastic seeding of void nuclei (MODEL.md section 2, process 4): every step, each
// cell draws a Poisson number of nucleation events with mean J(cell) V_cell dt from the
// counter-based generator keyed by (seed, RandomStream::nucleation, cell, step); the candidates
// are then accepted one by one in a deterministic order, subject to an exclusion distance from
// existing voids and from each other, and planted as a tanh-profiled void (its void part filled,
// c_v = 1, its solid part unchanged) whose vacancies are taken from the surrounding
// supersaturation (the inventory is conserved).
// Result: identical for any thread count and visiting order.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/grid.hpp"
#include "core/random.hpp"
#include "model/defect_density.hpp"
#include "model/void_free_energy.hpp"
#include "model/void_nucleation.hpp"
#include "solvers/row_sum_table.hpp"

namespace voidsim {

struct NucleationSeederSettings {
  NucleationRate rate;               // CNT model: J(c_v, rho, depth), r*(c_v), c_v_eq
  double interface_width = 2e-9;     // l of the planted profile (1 - tanh((r - R)/l))/2, m
  double exclusion_distance = 5e-9;  // m, required gap between a nucleus (radius R) and any void
  double seed_radius_factor = 1.1;   // R = max(factor r*, minimum_seed_cells * cell size)
  double minimum_seed_cells = 2.0;
  double maximum_seed_radius = 10e-9;  // candidates needing a larger R are rejected
  bool conserve_vacancies = true;      // take the planted vacancies from the neighbourhood
  double collection_distance = 15e-9;  // m beyond the planted region that supplies them
  double void_threshold = 0.5;         // eta above which a cell counts as void
  bool periodic_lateral = true;        // x (and y) periodic, as the spectral stepper; z bounded
  // Check exclusion and supply from per-row prefix sums (RowSumTable) when many candidates are
  // drawn, and sum the supply cell by cell only for candidates that pass. Same outcomes either
  // way (tests/solvers/test_nucleation_seeder.cpp); off only in the test that proves it.
  bool row_sums = true;

  /// Settings from the scenario blocks for a grid of the given dimension.
  [[nodiscard]] static NucleationSeederSettings from(const NucleationParameters& nucleation,
                                                     const VoidModelParameters& void_model, int dimension);
};

/// One nucleus planted by the last seed_nuclei() call.
struct PlantedNucleus {
  std::size_t cell = 0;    // index of the centre cell
  double radius = 0.0;     // R, m (eta = 1/2 there)
  double vacancies = 0.0;  // vacancy sites moved into the nucleus (sum of delta c_v V_cell / Omega)
};

/// Counters of the last seed_nuclei() call; candidates = planted + the three rejections.
struct SeedingStatistics {
  std::size_t candidates = 0;  // cells whose Poisson draw was >= 1 (one nucleus per cell)
  std::size_t planted = 0;
  std::size_t rejected_exclusion = 0;     // a void (eta > threshold) within R + exclusion_distance
  std::size_t rejected_too_large = 0;     // R would exceed maximum_seed_radius
  std::size_t rejected_supply = 0;        // not enough excess vacancies within the collection region
  std::size_t supply_row_rejections = 0;  // of rejected_supply: decided from the row sums alone
};

/// A run of cells along x, d_first..d_last from a centre, in the row dj, dk away from it.
struct RowRun {
  long dj, dk, d_first, d_last;
};

/// A cell of a planted profile: offset from the centre and profile value there.
struct ProfileCell {
  long di, dj, dk;
  double p;
};

class NucleationSeeder {
 public:
  explicit NucleationSeeder(NucleationSeederSettings settings);

  /// Volume a cell represents for counting nuclei: dx dy dz in 3D, dx dz t (section_thickness) in 2D.
  [[nodiscard]] double cell_volume(const Grid& grid) const noexcept;

  /// rate[i] = J(c_v[i], rho[i], depth of cell i), 1/(m^3 s). `defect_density` may be null
  /// (rho = 0). Parallel over cells.
  void compute_rate(const Grid& grid, const double* c_v, const double* defect_density, double* rate) const;

  /// Draws, accepts and plants nuclei for step `step` of length dt; modifies eta and c_v in place
  /// and returns the number planted. `rate_per_volume` from compute_rate() or the engine.
  std::size_t seed_nuclei(const Grid& grid, double* eta, double* c_v, const double* rate_per_volume,
                          double dt, std::int64_t step, const CounterRandom& random);

  [[nodiscard]] const std::vector<PlantedNucleus>& planted() const noexcept { return planted_; }
  [[nodiscard]] const SeedingStatistics& statistics() const noexcept { return statistics_; }
  [[nodiscard]] const NucleationSeederSettings& settings() const noexcept { return settings_; }

 private:
  struct Candidate {
    double priority;
    std::size_t cell;
  };
  enum class Outcome { planted, exclusion, too_large, supply };

  Outcome try_plant(const Grid& grid, std::size_t cell, double* eta, double* c_v);
  // True when the row tables describe the cells within `reach` (cells per axis) of `cell`: they
  // were built for this call and no nucleus planted since (which changed eta and c_v around it)
  // lies within reach.
  [[nodiscard]] bool row_tables_apply(const Grid& grid, std::size_t cell, const long (&reach)[3]) const;
  // The runs of a ball (inner = 0) or shell, built once per (radius, inner) and call.
  [[nodiscard]] const std::vector<RowRun>& cached_runs(const Grid& grid, double radius, double inner);
  // The cells within R + 3 l of a centre and their profile values, built once per radius R and call.
  template <class Profile>
  [[nodiscard]] const std::vector<ProfileCell>& cached_profile(const Grid& grid, double radius,
                                                               double plant_radius, const Profile& profile);

  // Solid excess max(0, c_v - c_eq) of the cells with eta < solid_eta: what a shell can supply.
  static constexpr double solid_eta = 0.05;

  struct RunStencil {
    double radius, inner;
    std::vector<RowRun> runs;
  };

  NucleationSeederSettings settings_;
  std::vector<std::uint8_t> drawn_;  // per-cell flag of the parallel draw, reused between calls
  std::vector<Candidate> candidates_;
  std::vector<PlantedNucleus> planted_;
  std::vector<RunStencil> run_stencils_;
  std::vector<ProfileCell> profile_cells_;
  double profile_radius_ = -1.0;
  RowSumTable excess_rows_;  // solid excess max(0, c_v - c_eq) where eta < solid_eta
  RowSumTable void_rows_;    // 1 where eta > void_threshold (exact counts)
  bool row_tables_valid_ = false;
  SeedingStatistics statistics_;
};

}  // namespace voidsim
