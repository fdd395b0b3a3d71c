#include "postprocess/run_observer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <stdexcept>

#include "postprocess/connected_components.hpp"

namespace voidsim {

namespace {
// The run-directory contract's columns (issue 2), in this order, and their SI unit texts.
const std::vector<std::pair<std::string, std::string>> contract_columns = {
    {"time_s", "s"},     {"void_area_fraction", "1"},    {"void_volume_fraction", "1"},
    {"void_count", "1"}, {"mean_diameter_nm", "nm"},     {"front_depth_nm", "nm"},
    {"current_A", "A"},  {"li_extracted_fraction", "1"},
};
// Projected-image columns, after the contract ones (docs/projected-voids.md).
const std::vector<std::pair<std::string, std::string>> projected_columns = {
    {"projected_area_fraction", "1"}, {"projected_blob_count", "1"}, {"projected_mean_diameter_nm", "nm"}};
const std::size_t n_fixed_columns = contract_columns.size() + projected_columns.size();

std::string unit_from_name(const std::string& name) {
  const auto underscore = name.rfind('_');
  if (underscore == std::string::npos) return "1";
  const std::string suffix = name.substr(underscore + 1);
  static const std::set<std::string> known = {"s", "A", "V", "C", "nm", "m", "J", "K"};
  return known.count(suffix) ? suffix : "1";
}

constexpr double nm = 1e-9;
}  // namespace

RunObserver::RunObserver(ObserverSettings settings, std::vector<std::string> engine_scalar_names)
    : settings_(settings), engine_scalars_(std::move(engine_scalar_names)) {
  for (const auto* fixed : {&contract_columns, &projected_columns}) {
    for (const auto& [name, unit] : *fixed) {
      columns_.push_back(name);
      units_.push_back(unit);
    }
  }
  for (const auto& name : engine_scalars_) {
    if (std::find(columns_.begin(), columns_.end(), name) != columns_.end()) continue;
    columns_.push_back(name);
    units_.push_back(unit_from_name(name));
  }
}

void RunObserver::observe(const Engine& engine) {
  const double* eta_engine = engine.field_data(field_names::void_order_parameter);
  if (eta_engine == nullptr) throw std::logic_error("engine has no void_order_parameter field");
  const Grid& grid = engine.grid();

  // Nanopores (the paper's definition is by origin: holes of the interfacial reaction, not of the
  // bias). At the first output, if it is the initial state, every object smaller than the onset
  // diameter is one; later, an object is one if it overlaps the pores' footprint (every cell that
  // has been part of a nanopore) and no void of the previous output and is below
  // nanopore_max_diameter (a pore that grows a little, e.g. under the beam, stays a nanopore; a
  // void that merges with a pore, or a pore grown to a nanovoid's size, is a void). The footprint
  // and not only the previous output's pores: on 1 nm cells a 1-2 cell pore can fade below the
  // detection threshold for a while and grow back (measured in the 2D in situ run with pores on:
  // a pore at the LiPON contact, eta 0.48, seeded back to 3.4 nm at 263 s and counted as a void
  // inside the rock-salt layer to the end). They are removed (eta = 0) from the copy of the field
  // that every void statistic below measures.
  std::vector<double> eta_voids(eta_engine, eta_engine + grid.size());
  {
    const std::vector<int> all = label_voids(grid, eta_engine, settings_.voids);
    const int n_labels = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    const bool record = !first_output_seen_ && engine.time() <= 0.0;
    const bool have_pores =
        record || std::find(pore_footprint_.begin(), pore_footprint_.end(), 1) != pore_footprint_.end();
    std::vector<double> eta_pores(grid.size(), 0.0);
    if (have_pores) {
      std::vector<std::size_t> size(static_cast<std::size_t>(n_labels) + 1, 0);
      std::vector<unsigned char> touches_pore(size.size(), 0), touches_void(size.size(), 0);
      const bool have_previous = previous_labels_.size() == grid.size();
      for (std::size_t c = 0; c < grid.size(); ++c) {
        const auto l = static_cast<std::size_t>(all[c]);
        if (l == 0) continue;
        ++size[l];
        if (!record && pore_footprint_[c]) touches_pore[l] = 1;
        if (have_previous && previous_labels_[c] > 0) touches_void[l] = 1;
      }
      const double cell = grid.cell_volume();
      auto diameter = [&](std::size_t n_cells) {
        const double v = static_cast<double>(n_cells) * cell;
        return grid.dimension == 2 ? 2.0 * std::sqrt(v / std::numbers::pi)
                                   : std::cbrt(6.0 * v / std::numbers::pi);
      };
      std::vector<unsigned char> is_nanopore(size.size(), 0);
      for (std::size_t l = 1; l < size.size(); ++l) {
        is_nanopore[l] = record ? (diameter(size[l]) < settings_.onset_diameter ? 1 : 0)
                                : (touches_pore[l] && !touches_void[l] &&
                                           diameter(size[l]) < settings_.nanopore_max_diameter
                                       ? 1
                                       : 0);
      }
      nanopore_cells_.assign(grid.size(), 0);
      if (pore_footprint_.size() != grid.size()) pore_footprint_.assign(grid.size(), 0);
      for (std::size_t c = 0; c < grid.size(); ++c) {
        if (all[c] == 0 || !is_nanopore[static_cast<std::size_t>(all[c])]) continue;
        eta_pores[c] = eta_voids[c];
        eta_voids[c] = 0.0;
        nanopore_cells_[c] = 1;
        pore_footprint_[c] = 1;
      }
    }
    latest_nanopores_ = compute_void_statistics(grid, eta_pores.data(), settings_.voids);
    first_output_seen_ = true;
  }
  const double* eta = eta_voids.data();
  latest_ = compute_void_statistics(grid, eta, settings_.voids);
  std::vector<int> labels = label_voids(grid, eta, settings_.voids);

  // Coalescence: a current object overlapping two or more objects of the previous frame.
  if (!coalescence_time_ && object_covers_two_previous(previous_labels_, labels))
    coalescence_time_ = engine.time();
  previous_labels_ = std::move(labels);

  if (!onset_time_ && std::any_of(latest_.voids.begin(), latest_.voids.end(), [&](const VoidObject& v) {
        return v.equivalent_diameter >= settings_.onset_diameter;
      })) {
    onset_time_ = engine.time();
  }

  // The same rule on the blobs of the projected image, from the onset on: before it the video
  // shows no void, so no merging either. Objects below the onset diameter can merge earlier (the
  // lattice engine's 1.5-2 nm clusters do); that is the section's coalescence, not what is seen.
  latest_projected_ = project_voids(grid, eta, settings_.voids, settings_.projection);
  if (!projected_coalescence_time_ && onset_time_ &&
      object_covers_two_previous(previous_blob_labels_, latest_projected_.labels))
    projected_coalescence_time_ = engine.time();
  previous_blob_labels_ = latest_projected_.labels;
  max_void_depth_ = std::max(max_void_depth_, latest_.front_depth);

  const EngineScalars scalars = engine.scalars();
  auto scalar = [&](const std::string& name) {
    const auto it = scalars.find(name);
    return it == scalars.end() ? std::nan("") : it->second;
  };
  std::vector<double> row = {engine.time(),
                             latest_.area_fraction,
                             latest_.volume_fraction,
                             static_cast<double>(latest_.voids.size()),
                             latest_.mean_diameter / nm,
                             latest_.front_depth / nm,
                             scalar("current_A"),
                             scalar("li_extracted_fraction"),
                             latest_projected_.area_fraction,
                             static_cast<double>(latest_projected_.blobs.size()),
                             latest_projected_.mean_diameter / nm};
  for (std::size_t c = n_fixed_columns; c < columns_.size(); ++c) row.push_back(scalar(columns_[c]));
  rows_.push_back(std::move(row));
}

void RunObserver::save_state(StateArchive& archive) const {
  std::vector<double> flat;
  for (const auto& row : rows_) flat.insert(flat.end(), row.begin(), row.end());
  archive.arrays["observer.rows"] = flat;
  archive.integers["observer.n_columns"] = static_cast<std::int64_t>(columns_.size());
  archive.int_arrays["observer.previous_labels"] =
      std::vector<std::int64_t>(previous_labels_.begin(), previous_labels_.end());
  archive.reals["observer.onset_time"] = onset_time_.value_or(-1.0);
  archive.reals["observer.coalescence_time"] = coalescence_time_.value_or(-1.0);
  archive.int_arrays["observer.previous_blob_labels"] =
      std::vector<std::int64_t>(previous_blob_labels_.begin(), previous_blob_labels_.end());
  archive.reals["observer.projected_coalescence_time"] = projected_coalescence_time_.value_or(-1.0);
  archive.reals["observer.max_void_depth"] = max_void_depth_;
  archive.int_arrays["observer.nanopore_cells"] =
      std::vector<std::int64_t>(nanopore_cells_.begin(), nanopore_cells_.end());
  archive.int_arrays["observer.pore_footprint"] =
      std::vector<std::int64_t>(pore_footprint_.begin(), pore_footprint_.end());
}

void RunObserver::load_state(const StateArchive& archive) {
  const auto n_columns = static_cast<std::size_t>(archive.integer("observer.n_columns"));
  if (n_columns != columns_.size())
    throw std::runtime_error("checkpoint has a different set of output columns");
  const auto& flat = archive.array("observer.rows");
  rows_.clear();
  for (std::size_t r = 0; r + n_columns <= flat.size(); r += n_columns) {
    rows_.emplace_back(flat.begin() + static_cast<std::ptrdiff_t>(r),
                       flat.begin() + static_cast<std::ptrdiff_t>(r + n_columns));
  }
  const auto& labels = archive.int_array("observer.previous_labels");
  previous_labels_.assign(labels.begin(), labels.end());
  const double onset = archive.real("observer.onset_time");
  const double coalescence = archive.real("observer.coalescence_time");
  const double projected_coalescence = archive.real("observer.projected_coalescence_time");
  const auto& blob_labels = archive.int_array("observer.previous_blob_labels");
  previous_blob_labels_.assign(blob_labels.begin(), blob_labels.end());
  onset_time_ = onset >= 0 ? std::optional<double>(onset) : std::nullopt;
  coalescence_time_ = coalescence >= 0 ? std::optional<double>(coalescence) : std::nullopt;
  projected_coalescence_time_ =
      projected_coalescence >= 0 ? std::optional<double>(projected_coalescence) : std::nullopt;
  max_void_depth_ = archive.real("observer.max_void_depth");
  nanopore_cells_.clear();
  if (archive.int_arrays.count("observer.nanopore_cells")) {
    const auto& cells = archive.int_array("observer.nanopore_cells");
    nanopore_cells_.assign(cells.begin(), cells.end());
  }
  // Checkpoints written before the footprint existed: the previous output's pores are its start.
  pore_footprint_ = nanopore_cells_;
  if (archive.int_arrays.count("observer.pore_footprint")) {
    const auto& cells = archive.int_array("observer.pore_footprint");
    pore_footprint_.assign(cells.begin(), cells.end());
  }
  first_output_seen_ = !rows_.empty();
}

}  // namespace voidsim
