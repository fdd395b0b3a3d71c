#pragma once
// The lattice engine (MODEL.md "The KMC engine"; issue 4): oxygen vacancies on the close-packed O
// sublattice advanced by rejection-free kinetic Monte Carlo, coupled to the continuum Li
// extraction of the same scenario (hybrid coupling):
//   1. Li transport, Butler-Volmer interface and external circuit on the engine grid
//      (LiExtraction, shared with the phase-field engine), with the solid fraction of each cell
//      taken from the lattice voids;
//   2. the vacancy generation rate per O site of each cell from the local delithiation rate of
//      that coupling interval (VacancySourceParameters, the same source as the continuum engine);
//   3. explicit stacking faults and dislocations (LatticeDefects) nucleated by the delithiation
//      strain of the interval; their core sites speed up and bind vacancies;
//   4. BKL events (hops with vacancy-vacancy binding, generation, escape) over the interval;
//   5. union-find cluster analysis: clusters of at least the void size are voids.
// One coupling interval is a Lie splitting in this order (Li first, then the lattice with the
// rates of that interval), as in the phase-field engine. The lattice is projected onto the grid
// for output: vacancy_fraction (vacant sites per cell), void_order_parameter (void sites per cell,
// so the grid-based void statistics measure both engines the same way), defect_density (line
// length per area of the explicit defects).
#include <cstdint>
#include <memory>
#include <vector>

#include "model/defect_density.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/kmc_coupling_parameters.hpp"
#include "model/lattice_defects.hpp"
#include "model/li_diffusivity.hpp"
#include "model/oxygen_lattice.hpp"
#include "model/surface_layer_parameters.hpp"
#include "model/vacancy_lattice_model.hpp"
#include "model/vacancy_sources.hpp"
#include "solvers/engine.hpp"
#include "solvers/kmc_solver.hpp"
#include "solvers/lattice_clusters.hpp"
#include "solvers/li_extraction.hpp"
#include "solvers/surface_layer_fields.hpp"

namespace voidsim {

/// Everything the KMC engine needs, read from a validated scenario.
struct KmcSetup {
  Grid grid;
  std::uint64_t seed = 0;
  bool lateral_periodic = true;
  LiTransportParameters li;
  ElectrochemistryParameters electrochemistry;
  VacancySourceParameters sources;
  DefectParameters continuum_defects;  // its strain-rate model drives the explicit defects
  VacancyLatticeParameters lattice;
  LatticeDefectParameters defects;
  KmcCouplingParameters coupling;
  SurfaceLayerParameters surface_layer;  // painted only (the process runs in the phase-field engine)

  [[nodiscard]] static KmcSetup from(const Scenario& scenario);
};

class KmcEngine final : public Engine {
 public:
  explicit KmcEngine(KmcSetup setup);

  [[nodiscard]] std::string_view name() const override { return "kmc"; }
  [[nodiscard]] const Grid& grid() const override { return setup_.grid; }
  [[nodiscard]] double time() const override { return time_; }
  [[nodiscard]] std::int64_t step() const override { return step_; }
  [[nodiscard]] double last_dt() const override { return last_dt_; }
  void advance_to(double t_end, const std::function<bool()>& should_stop) override;
  [[nodiscard]] std::vector<FieldRef> fields() const override;
  [[nodiscard]] EngineScalars scalars() const override;
  /// "vacant_sites": the vacant O sites with the lattice geometry and the void size in sites.
  [[nodiscard]] std::vector<LatticeRecord> lattice_records() const override;
  void save_state(StateArchive& archive) const override;
  void load_state(const StateArchive& archive) override;

  [[nodiscard]] const OxygenLattice& lattice() const noexcept { return lattice_; }
  [[nodiscard]] const VacancyLatticeModel& lattice_model() const noexcept { return model_; }
  [[nodiscard]] const LatticeClusterStatistics& cluster_statistics() const noexcept {
    return clusters_.statistics();
  }
  [[nodiscard]] const LatticeDefects& defects() const noexcept { return defects_; }
  [[nodiscard]] const LiExtraction& li_extraction() const noexcept { return li_; }
  [[nodiscard]] double* li_fraction() noexcept { return li_.li_fraction(); }

 private:
  /// One coupling interval of length dt from time_.
  void coupled_step(double dt);
  /// Cluster analysis and the grid projections (vacancy, void and solid fractions, defects).
  void project_lattice();
  /// Painted surface layer: d(z) on the grid, nanopore sites vacant (docs/surface-layer.md).
  void paint_surface_layer();
  /// manganese_valence from the current x and d; phases and mixing from d.

  KmcSetup setup_;
  OxygenLattice lattice_;
  LiExtraction li_;
  VacancyLatticeModel model_;
  KmcSolver solver_;
  LatticeDefects defects_;
  LatticeClusters clusters_;

  std::vector<std::uint32_t> site_cell_;  // grid cell of each site (constant)
  std::vector<double> sites_per_cell_;    // constant
  AlignedBuffer vacancy_fraction_, void_fraction_, solid_, defect_density_;  // grid projections
  AlignedBuffer generation_rate_, strain_rate_;                              // per-interval work
  SurfaceLayerFields surface_;  // painted surface layer: d and what follows from it

  double time_ = 0.0;
  double last_dt_ = 0.0;
  std::int64_t step_ = 0;
};

}  // namespace voidsim
