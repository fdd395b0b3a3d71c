#include "app/run_end_state.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "app/frame_specimen.hpp"
#include "app/run_pipeline.hpp"
#include "app/run_void_snapshots.hpp"
#include "core/error.hpp"
#include "io/result_reader.hpp"
#include "postprocess/eels_edge_models.hpp"
#include "postprocess/eels_signatures.hpp"
#include "postprocess/void_statistics.hpp"
#include "postprocess/void_surroundings.hpp"

namespace voidsim::app {

namespace {

using Q = ObservedQuantity;

bool is_structure(Q q) { return q == Q::layered_void_fraction; }
bool is_surface_spectrum(Q q) {
  return q == Q::surface_o_k_preedge || q == Q::surface_mn_l3_l2_ratio || q == Q::surface_mn_edge_shift;
}
bool is_void_map(Q q) {
  return q == Q::void_oxygen_contrast || q == Q::void_manganese_contrast || q == Q::void_thickness_contrast;
}

using Fields = std::map<std::string, std::vector<double>>;

void take_structure(RunRecord& run, const Grid& grid, const Fields& fields,
                    const VoidStatisticsOptions& detection) {
  const double h = grid.dimension == 3 ? std::min({grid.dx, grid.dy, grid.dz}) : std::min(grid.dx, grid.dz);
  const auto shell = static_cast<std::size_t>(std::max(1.0, std::ceil(void_shell_width / h - 1e-9)));
  // The reconstructed layer's nanopores are not voids (the run's own statistics leave them out):
  // their cells count as solid here. Runs written before the mask existed have none.
  std::vector<double> eta = fields.at("void_order_parameter");
  if (const auto pores = fields.find("nanopore_mask"); pores != fields.end())
    clear_nanopore_cells(eta, pores->second);
  const std::vector<VoidSurroundings> voids = void_surroundings(
      grid, eta.data(), field_or_null(fields, "spinel_fraction"), field_or_null(fields, "rock_salt_fraction"),
      field_or_null(fields, "cation_mixing"), detection, shell);
  if (voids.empty()) {
    run.unavailable[Q::layered_void_fraction] = "no void in the last output";
    return;
  }
  run.layered_void_fraction = layered_fraction_of(voids, layered_tolerance);
}

void take_eels(RunRecord& run, const Grid& grid, const Fields& fields, const LamellaOptions& lamella,
               bool spectrum, bool maps) {
  const ProjectedSpecimen specimen = project_fields(grid, fields, lamella);
  if (spectrum) {
    // Depths in the line scan are below the interface; the window is the paper's 0-40 nm.
    const auto s = summed_spectrum(eels_line_scan(specimen), 0.0, surface_spectrum_depth);
    if (!s) {
      for (Q q : {Q::surface_o_k_preedge, Q::surface_mn_l3_l2_ratio, Q::surface_mn_edge_shift})
        run.unavailable[q] = "no O or Mn within 40 nm of the interface in the last output";
    } else {
      run.surface_o_k_preedge = s->oxygen_k_preedge;  // already relative to the pristine bulk
      run.surface_mn_l3_l2_ratio = s->manganese_l3_l2 / manganese_l3_l2_ratio(4.0);  // bulk: Mn4+
      run.surface_mn_edge_shift = s->manganese_edge_shift * 1.602176634e-19;         // eV -> J
    }
  }
  if (maps) {
    const auto c = void_map_contrast(specimen, 0.01 * specimen.thickness);
    if (!c) {
      for (Q q : {Q::void_oxygen_contrast, Q::void_manganese_contrast, Q::void_thickness_contrast})
        run.unavailable[q] = "no void in the last output's projection";
    } else {
      run.void_oxygen_contrast = c->oxygen;
      run.void_manganese_contrast = c->manganese;
      run.void_thickness_contrast = c->thickness;
    }
  }
}

}  // namespace

void take_end_state(RunRecord& run, const MeasuredDataset& dataset, const std::string& experiment) {
  bool structure = false, spectrum = false, maps = false;
  for (const Observation& o : dataset.observations) {
    if (o.experiment != experiment) continue;
    if (!o.engine.empty() && o.engine != run.engine) continue;
    structure = structure || is_structure(o.quantity);
    spectrum = spectrum || is_surface_spectrum(o.quantity);
    maps = maps || is_void_map(o.quantity);
  }
  if (!structure && !spectrum && !maps) return;
  const io::ResultReader reader(run.directory / run_files::result_h5);
  if (reader.frames().empty()) throw IoError("'" + reader.path().string() + "': no output frame");
  // The last frame's fields and the run's void detection, read once for every quantity.
  Grid grid;
  const Fields fields = read_frame_fields(reader, reader.frames().back(), grid);
  const VoidStatisticsOptions detection = run_void_detection(reader);
  if (structure) take_structure(run, grid, fields, detection);
  if (spectrum || maps) {
    LamellaOptions lamella;
    lamella.thickness = run_lamella_thickness(reader, grid);
    lamella.void_threshold = detection.threshold;
    take_eels(run, grid, fields, lamella, spectrum, maps);
  }
}

}  // namespace voidsim::app
