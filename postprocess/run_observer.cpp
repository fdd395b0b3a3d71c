#include "postprocess/run_observer.hpp"

#include <algorithm>
#include <cmath>
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
  const double* eta = engine.field_data(field_names::void_order_parameter);
  if (eta == nullptr) throw std::logic_error("engine has no void_order_parameter field");
  const Grid& grid = engine.grid();
  latest_ = compute_void_statistics(grid, eta, settings_.voids);
  std::vector<int> labels = label_voids(grid, eta, settings_.voids);

  // Coalescence: a current object overlapping two or more objects of the previous frame.
  if (!coalescence_time_ && object_covers_two_previous(previous_labels_, labels))
    coalescence_time_ = engine.time();
  previous_labels_ = std::move(labels);

  // The same rule on the blobs of the projected image.
  latest_projected_ = project_voids(grid, eta, settings_.voids, settings_.projection);
  if (!projected_coalescence_time_ &&
      object_covers_two_previous(previous_blob_labels_, latest_projected_.labels))
    projected_coalescence_time_ = engine.time();
  previous_blob_labels_ = latest_projected_.labels;

  if (!onset_time_ && std::any_of(latest_.voids.begin(), latest_.voids.end(), [&](const VoidObject& v) {
        return v.equivalent_diameter >= settings_.onset_diameter;
      })) {
    onset_time_ = engine.time();
  }
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
}

}  // namespace voidsim
