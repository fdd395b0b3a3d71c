#include "validation/run_record.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/error.hpp"
#include "io/csv_writer.hpp"

namespace voidsim {

namespace fs = std::filesystem;

namespace {

// File names of the run contract (app/run_pipeline.hpp run_files; validation/ does not import app/).
constexpr const char* porosity_file = "porosity.csv";
constexpr const char* summary_file = "summary.json";
constexpr const char* nanopores_file = "nanopores.csv";

std::vector<double> column(const io::SeriesTable& table, const std::string& name, double scale,
                           const fs::path& file) {
  const auto it = std::find(table.columns.begin(), table.columns.end(), name);
  if (it == table.columns.end()) throw IoError("'" + file.string() + "': no column '" + name + "'");
  const auto c = static_cast<std::size_t>(it - table.columns.begin());
  std::vector<double> values;
  values.reserve(table.rows.size());
  for (const auto& row : table.rows) values.push_back(row[c] * scale);
  return values;
}

std::optional<double> optional_number(const nlohmann::json& j, const char* key, double scale) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>() * scale;
}

}  // namespace

std::vector<double> RunRecord::series(ObservedQuantity quantity) const {
  switch (quantity) {
    case ObservedQuantity::void_count:
      return void_count;
    case ObservedQuantity::void_area_fraction:
      return void_area_fraction;
    case ObservedQuantity::mean_void_diameter:
      return mean_void_diameter;
    case ObservedQuantity::front_depth:
      return front_depth;
    case ObservedQuantity::front_depth_fraction: {
      std::vector<double> f(front_depth.size(), 0.0);
      if (domain_depth && *domain_depth > 0.0)
        std::transform(front_depth.begin(), front_depth.end(), f.begin(),
                       [this](double d) { return d / *domain_depth; });
      return f;
    }
    case ObservedQuantity::current:
      return current;
    case ObservedQuantity::li_extracted_fraction:
      return li_extracted_fraction;
    case ObservedQuantity::stacking_fault_count:
      return stacking_fault_count;
    case ObservedQuantity::dislocation_count:
      return dislocation_count;
    case ObservedQuantity::faults_vanished:
      return faults_vanished;
    case ObservedQuantity::dislocations_annihilated:
      return dislocations_annihilated;
    default:
      throw std::logic_error(std::string("RunRecord::series: ") + quantity_name(quantity) + " is an event");
  }
}

std::optional<double> RunRecord::event(ObservedQuantity quantity) const {
  switch (quantity) {
    case ObservedQuantity::void_onset_time:
      return void_onset_time;
    case ObservedQuantity::coalescence_time:
      return coalescence_time;
    case ObservedQuantity::projected_coalescence_time:
      return projected_coalescence_time;
    default:
      throw std::logic_error(std::string("RunRecord::event: ") + quantity_name(quantity) + " is a series");
  }
}

std::optional<double> VoidSnapshot::mean_fraction(double low, double high) const {
  double sum = 0.0;
  std::size_t rows = 0;
  for (std::size_t k = 0; k < row_depth.size(); ++k) {
    if (row_depth[k] < low || row_depth[k] >= high) continue;
    sum += row_fraction[k];
    ++rows;
  }
  if (rows == 0) return std::nullopt;
  return sum / static_cast<double>(rows);
}

const VoidSnapshot* RunRecord::snapshot(const SnapshotTime& when) const {
  for (const VoidSnapshot& s : snapshots) {
    if (s.requested.at_end != when.at_end) continue;
    if (when.at_end || (s.requested.at && when.at && *s.requested.at == *when.at)) return &s;
  }
  return nullptr;
}

std::optional<double> RunRecord::final_value(ObservedQuantity quantity) const {
  switch (quantity) {
    case ObservedQuantity::nanopore_count:
      return nanopore_count;
    case ObservedQuantity::nanopore_median_diameter:
      return nanopore_median_diameter;
    case ObservedQuantity::nanopore_max_depth:
      return nanopore_max_depth;
    case ObservedQuantity::layered_void_fraction:
      return layered_void_fraction;
    case ObservedQuantity::surface_o_k_preedge:
      return surface_o_k_preedge;
    case ObservedQuantity::surface_mn_l3_l2_ratio:
      return surface_mn_l3_l2_ratio;
    case ObservedQuantity::surface_mn_edge_shift:
      return surface_mn_edge_shift;
    case ObservedQuantity::void_oxygen_contrast:
      return void_oxygen_contrast;
    case ObservedQuantity::void_manganese_contrast:
      return void_manganese_contrast;
    case ObservedQuantity::void_thickness_contrast:
      return void_thickness_contrast;
    default:
      throw std::logic_error(std::string("RunRecord::final_value: ") + quantity_name(quantity) +
                             " is not a final quantity");
  }
}

const RunMicrograph* RunRecord::micrograph(const std::string& id) const {
  for (const RunMicrograph& m : micrographs)
    if (m.id == id) return &m;
  return nullptr;
}

RunRecord read_run_record(const fs::path& run_dir) {
  RunRecord run;
  run.directory = run_dir;
  const fs::path porosity = run_dir / porosity_file;
  const io::SeriesTable table = io::read_csv(porosity);
  if (table.rows.empty()) throw IoError("'" + porosity.string() + "': no outputs");
  run.time = column(table, "time_s", 1.0, porosity);
  run.void_count = column(table, "void_count", 1.0, porosity);
  run.void_area_fraction = column(table, "void_area_fraction", 1.0, porosity);
  run.mean_void_diameter = column(table, "mean_diameter_nm", 1e-9, porosity);
  run.front_depth = column(table, "front_depth_nm", 1e-9, porosity);
  run.current = column(table, "current_A", 1.0, porosity);
  run.li_extracted_fraction = column(table, "li_extracted_fraction", 1.0, porosity);
  const auto has = [&table](const char* name) {
    return std::find(table.columns.begin(), table.columns.end(), name) != table.columns.end();
  };
  if (has("stacking_faults")) {  // a kmc run writes the four together (solvers/kmc_engine)
    run.stacking_fault_count = column(table, "stacking_faults", 1.0, porosity);
    run.dislocation_count = column(table, "dislocations", 1.0, porosity);
    run.faults_vanished = column(table, "faults_vanished", 1.0, porosity);
    run.dislocations_annihilated = column(table, "dislocations_annihilated", 1.0, porosity);
  }

  const fs::path summary_path = run_dir / summary_file;
  std::ifstream in(summary_path);
  if (!in) throw IoError("cannot read '" + summary_path.string() + "' (is this a run directory?)");
  nlohmann::json summary;
  try {
    summary = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw IoError("'" + summary_path.string() + "': not valid JSON (" + e.what() + ")");
  }
  if (!summary.is_object()) throw IoError("'" + summary_path.string() + "': expected a JSON object");
  run.domain_depth = optional_number(summary, "domain_depth_nm", 1e-9);
  run.void_onset_time = optional_number(summary, "void_onset_s", 1.0);
  run.coalescence_time = optional_number(summary, "coalescence_s", 1.0);
  run.projected_coalescence_time = optional_number(summary, "projected_coalescence_s", 1.0);
  if (const auto it = summary.find("seed"); it != summary.end() && it->is_number_integer())
    run.seed = it->get<long long>();
  if (const auto it = summary.find("engine"); it != summary.end() && it->is_string())
    run.engine = it->get<std::string>();

  // nanopores.csv: one row per nanopore (app/run_pipeline.cpp, postprocess/surface_layer_profiles).
  const fs::path pores = run_dir / nanopores_file;
  if (fs::exists(pores)) {
    const io::SeriesTable t = io::read_csv(pores);
    std::vector<double> d = column(t, "equivalent_diameter_nm", 1e-9, pores);
    const std::vector<double> deepest = column(t, "max_depth_nm", 1e-9, pores);
    run.nanopore_count = static_cast<double>(d.size());
    run.nanopore_max_depth = deepest.empty() ? 0.0 : *std::max_element(deepest.begin(), deepest.end());
    if (!d.empty()) {
      std::sort(d.begin(), d.end());
      const std::size_t n = d.size();
      run.nanopore_median_diameter = n % 2 == 1 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
    }
  }
  return run;
}

}  // namespace voidsim
