#include "app/run_void_snapshots.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/run_parameters.hpp"
#include "app/run_pipeline.hpp"
#include "app/scenario_schema.hpp"
#include "core/error.hpp"
#include "io/scenario_loader.hpp"

namespace voidsim::app {

VoidStatisticsOptions run_void_detection(const io::ResultReader& reader) {
  auto from_yaml = [](const std::string& yaml, const std::string& name) {
    const RunParameters run = RunParameters::from(io::load_scenario_text(yaml, name, scenario_schema()));
    VoidStatisticsOptions options;
    options.threshold = run.void_threshold;
    options.min_cells = static_cast<std::size_t>(std::max(1LL, run.min_void_cells));
    return options;
  };
  try {
    return from_yaml(reader.scenario_yaml(), reader.path().string() + ":/scenario");
  } catch (const std::exception& e) {
    spdlog::warn("the scenario in {} does not load ({}); default void detection used", reader.path().string(),
                 e.what());
  }
  return from_yaml("{}", "default scenario");
}

VoidSnapshot void_snapshot(const io::ResultReader& reader, const io::ResultFrame& frame,
                           const VoidStatisticsOptions& detection) {
  const std::string field = "void_order_parameter";
  const Grid g = reader.field_grid(frame, field);
  const std::vector<double> eta = reader.read_field(frame, field);
  const VoidStatistics stats = compute_void_statistics(g, eta.data(), detection);
  VoidSnapshot s;
  s.time = frame.time_s;
  for (const auto& v : stats.voids) s.diameters.push_back(v.equivalent_diameter);  // largest first
  s.row_height = g.dz;
  for (std::size_t k = 0; k < g.nz; ++k) {
    s.row_depth.push_back(g.z0 + (static_cast<double>(k) + 0.5) * g.dz);
    s.row_fraction.push_back(stats.porosity_profile[k]);
  }
  return s;
}

void take_void_snapshots(RunRecord& run, const MeasuredDataset& dataset, const std::string& experiment) {
  std::vector<SnapshotTime> wanted;
  const auto want = [&wanted](const SnapshotTime& when) {
    const bool known = std::any_of(wanted.begin(), wanted.end(), [&when](const SnapshotTime& w) {
      return w.at_end == when.at_end && w.at == when.at;
    });
    if (!known) wanted.push_back(when);
  };
  for (const auto& m : dataset.size_distributions)
    if (m.experiment == experiment) want(m.when);
  for (const auto& m : dataset.depth_profiles)
    if (m.experiment == experiment) want(m.when);
  if (wanted.empty()) return;

  const io::ResultReader reader(run.directory / run_files::result_h5);
  if (reader.frames().empty()) throw IoError("'" + reader.path().string() + "': no output frame");
  const VoidStatisticsOptions detection = run_void_detection(reader);
  for (const SnapshotTime& when : wanted) {
    const io::ResultFrame& frame = when.at_end ? reader.frames().back() : reader.nearest_frame(*when.at);
    VoidSnapshot s = void_snapshot(reader, frame, detection);
    s.requested = when;
    run.snapshots.push_back(std::move(s));
  }
}

}  // namespace voidsim::app
