#include "validation/measured_dataset.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "io/yaml_diagnostics.hpp"
#include "io/yaml_text.hpp"

namespace voidsim {

namespace fs = std::filesystem;

namespace {

struct QuantityInfo {
  ObservedQuantity quantity;
  const char* name;
  bool event;        // one time per run
  bool final_state;  // one value of the run's end state
  const char* unit;  // SI dimension as a unit expression ("" dimensionless)
  const char* display_unit;
};

constexpr std::array<QuantityInfo, 24> quantity_table = {{
    {ObservedQuantity::void_count, "void_count", false, false, "", ""},
    {ObservedQuantity::void_area_fraction, "void_area_fraction", false, false, "", ""},
    {ObservedQuantity::mean_void_diameter, "mean_void_diameter", false, false, "m", "nm"},
    {ObservedQuantity::front_depth, "front_depth", false, false, "m", "nm"},
    {ObservedQuantity::front_depth_fraction, "front_depth_fraction", false, false, "", ""},
    {ObservedQuantity::current, "current", false, false, "A", "A"},
    {ObservedQuantity::li_extracted_fraction, "li_extracted_fraction", false, false, "", ""},
    {ObservedQuantity::void_onset_time, "void_onset_time", true, false, "s", "s"},
    {ObservedQuantity::coalescence_time, "coalescence_time", true, false, "s", "s"},
    {ObservedQuantity::projected_coalescence_time, "projected_coalescence_time", true, false, "s", "s"},
    {ObservedQuantity::nanopore_count, "nanopore_count", false, true, "", ""},
    {ObservedQuantity::nanopore_median_diameter, "nanopore_median_diameter", false, true, "m", "nm"},
    {ObservedQuantity::nanopore_max_depth, "nanopore_max_depth", false, true, "m", "nm"},
    {ObservedQuantity::stacking_fault_count, "stacking_fault_count", false, false, "", ""},
    {ObservedQuantity::dislocation_count, "dislocation_count", false, false, "", ""},
    {ObservedQuantity::faults_vanished, "faults_vanished", false, false, "", ""},
    {ObservedQuantity::dislocations_annihilated, "dislocations_annihilated", false, false, "", ""},
    {ObservedQuantity::layered_void_fraction, "layered_void_fraction", false, true, "", ""},
    {ObservedQuantity::surface_o_k_preedge, "surface_o_k_preedge", false, true, "", ""},
    {ObservedQuantity::surface_mn_l3_l2_ratio, "surface_mn_l3_l2_ratio", false, true, "", ""},
    {ObservedQuantity::surface_mn_edge_shift, "surface_mn_edge_shift", false, true, "eV", "eV"},
    {ObservedQuantity::void_oxygen_contrast, "void_oxygen_contrast", false, true, "", ""},
    {ObservedQuantity::void_manganese_contrast, "void_manganese_contrast", false, true, "", ""},
    {ObservedQuantity::void_thickness_contrast, "void_thickness_contrast", false, true, "", ""},
}};

const QuantityInfo& info(ObservedQuantity q) {
  for (const auto& entry : quantity_table)
    if (entry.quantity == q) return entry;
  return quantity_table[0];  // unreachable: the table lists every enumerator
}

std::vector<std::string> quantity_names() {
  std::vector<std::string> names;
  for (const auto& entry : quantity_table) names.emplace_back(entry.name);
  return names;
}

using Where = io::YamlPlace;

Where at(const YAML::Mark& mark) { return io::place_of(mark); }

// The CSV table of a time series: header names, then numbers (comma separated, '#' comments).
struct CsvTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  std::vector<int> lines;  // file line of each row
};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) {
    const auto first = cell.find_first_not_of(" \t\r");
    const auto last = cell.find_last_not_of(" \t\r");
    cells.push_back(first == std::string::npos ? std::string() : cell.substr(first, last - first + 1));
  }
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

class DatasetReader : io::YamlDiagnostics {
 public:
  explicit DatasetReader(fs::path file) : YamlDiagnostics(std::move(file)) {}

  MeasuredDataset read() {
    const std::string text = read_text(file_, "dataset file");
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      add(at(e.mark), "", "YAML syntax error: " + e.msg);
      throw_if_any();
    }
    MeasuredDataset ds;
    ds.file = file_;
    if (!root.IsMap()) {
      add(at(root.Mark()), "",
          "a dataset file is a mapping (dataset:, observations:, time_series:), got " +
              io::yaml_node_kind(root));
      throw_if_any();
    }
    YAML::Node observations, series, sizes, profiles, micrographs;
    for (const auto& [name, value] : keys_of(root, "",
                                             {"dataset", "observations", "time_series", "size_distributions",
                                              "depth_profiles", "micrographs"})) {
      if (name == "dataset") read_header(value, ds);
      if (name == "observations") observations = value;
      if (name == "time_series") series = value;
      if (name == "size_distributions") sizes = value;
      if (name == "depth_profiles") profiles = value;
      if (name == "micrographs") micrographs = value;
    }
    if (ds.name.empty()) add(at(root.Mark()), "dataset.name", "missing: every dataset has a name");
    std::size_t entries = 0;  // written, whether or not they read without problems
    for (const auto& node : sequence(observations, "observations", entries)) read_observation(node, ds);
    for (const auto& node : sequence(series, "time_series", entries)) read_time_series(node, ds);
    for (const auto& node : sequence(sizes, "size_distributions", entries)) read_size_distribution(node, ds);
    for (const auto& node : sequence(profiles, "depth_profiles", entries)) read_depth_profile(node, ds);
    for (const auto& node : sequence(micrographs, "micrographs", entries)) read_micrograph(node, ds);
    if (entries == 0)
      add(at(root.Mark()), "",
          "the dataset holds no observations, time_series, size_distributions, depth_profiles or "
          "micrographs");
    throw_if_any();
    return ds;
  }

 private:
  // A problem in a CSV table: its own file and line (no column: the row is what the user fixes).
  void add_in(const fs::path& file, int line, std::string key, std::string message) {
    diagnostics_.push_back(Diagnostic{file.string(), line, 0, std::move(key), std::move(message), {}});
  }

  static std::string read_text(const fs::path& file, const char* what) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
      throw IoError(std::string("cannot read ") + what + " '" + file.string() + "'");
    const auto size = fs::file_size(file, ec);
    if (ec) throw IoError(std::string("cannot read ") + what + " '" + file.string() + "': " + ec.message());
    if (size > max_dataset_file_bytes)
      throw IoError("'" + file.string() + "': " + std::to_string(size) + " bytes, more than the " +
                    std::to_string(max_dataset_file_bytes >> 20) + " MiB a dataset file may have");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError(std::string("cannot read ") + what + " '" + file.string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::vector<YAML::Node> sequence(const YAML::Node& node, const std::string& key, std::size_t& entries) {
    std::vector<YAML::Node> items;
    if (!node.IsDefined() || node.IsNull()) return items;
    if (!node.IsSequence()) {
      add(at(node.Mark()), key, "expected a list (one '- ' entry each), got " + io::yaml_node_kind(node));
      ++entries;  // written, if wrongly: "holds nothing" would only add noise
      return items;
    }
    entries += node.size();
    for (const auto& item : node) {
      if (!item.IsMap())
        add(at(item.Mark()), key,
            "each entry is a mapping (id:, quantity:, ...), got " + io::yaml_node_kind(item));
      else
        items.push_back(item);
    }
    return items;
  }

  // A number with the quantity's unit ("330 s", "3 nm", "0.01"); the dimension must match.
  std::optional<double> quantity_value(const YAML::Node& node, const std::string& key,
                                       const Dimension& dimension) {
    const auto text = scalar(node, key);
    if (!text) return std::nullopt;
    try {
      const Quantity q = parse_quantity(*text);
      if (!(q.dimension == dimension)) {
        const DimensionName want = describe_dimension(dimension);
        const DimensionName got = describe_dimension(q.dimension);
        add(at(node.Mark()), key,
            "expected " + want.name +
                (want.example_unit.empty() ? "" : " (e.g. '" + want.example_unit + "')") + ", got " +
                got.name + " ('" + *text + "')");
        return std::nullopt;
      }
      if (!std::isfinite(q.si_value)) {
        add(at(node.Mark()), key, "'" + *text + "' is not a finite number");
        return std::nullopt;
      }
      return q.si_value;
    } catch (const UnitParseError& e) {
      add(at(node.Mark()), key, std::string(e.what()) + " in '" + *text + "'");
      return std::nullopt;
    }
  }

  std::optional<bool> boolean(const YAML::Node& node, const std::string& key) {
    const auto text = scalar(node, key);
    if (!text) return std::nullopt;
    if (*text == "true") return true;
    if (*text == "false") return false;
    add(at(node.Mark()), key, "expected true or false, got '" + *text + "'");
    return std::nullopt;
  }

  void read_header(const YAML::Node& node, MeasuredDataset& ds) {
    if (!node.IsMap()) {
      add(at(node.Mark()), "dataset",
          "expected a mapping (name:, citation:, ...), got " + io::yaml_node_kind(node));
      return;
    }
    for (const auto& [name, value] :
         keys_of(node, "dataset", {"name", "title", "citation", "default_experiment"})) {
      const auto text = scalar(value, "dataset." + name);
      if (!text) continue;
      if (name == "name") ds.name = *text;
      if (name == "title") ds.title = *text;
      if (name == "citation") ds.citation = *text;
      if (name == "default_experiment") ds.default_experiment = *text;
    }
  }

  // id: unique over the whole dataset, a plain name (it is a report anchor and a CLI filter).
  std::string read_id(const YAML::Node& entry, const std::string& section) {
    const YAML::Node node = entry["id"];
    if (!node.IsDefined()) {
      add(at(entry.Mark()), section + ".id", "missing: every entry has an id");
      return {};
    }
    const auto text = scalar(node, section + ".id");
    if (!text) return {};
    const bool plain = !text->empty() && std::all_of(text->begin(), text->end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    if (!plain) {
      add(at(node.Mark()), section + ".id", "'" + *text + "': use letters, digits, '_' and '-' only");
      return {};
    }
    if (!ids_.insert(*text).second) add(at(node.Mark()), section + ".id", "duplicate id '" + *text + "'");
    return *text;
  }

  std::optional<ObservedQuantity> read_quantity(const YAML::Node& entry, const std::string& key) {
    const YAML::Node node = entry["quantity"];
    if (!node.IsDefined()) {
      add(at(entry.Mark()), key, "missing: what is observed (" + io::comma_list(quantity_names()) + ")");
      return std::nullopt;
    }
    const auto text = scalar(node, key);
    if (!text) return std::nullopt;
    for (const auto& e : quantity_table)
      if (*text == e.name) return e.quantity;
    const auto close = closest_match(*text, quantity_names());
    add(at(node.Mark()), key, "unknown quantity '" + *text + "'",
        close ? "did you mean '" + *close + "'?" : "one of " + io::comma_list(quantity_names()));
    return std::nullopt;
  }

  std::string experiment_of(const YAML::Node& entry, const std::string& key, const MeasuredDataset& ds) {
    const YAML::Node node = entry["experiment"];
    if (node.IsDefined()) return scalar(node, key).value_or("");
    if (ds.default_experiment.empty())
      add(at(entry.Mark()), key, "missing, and the dataset has no dataset.default_experiment");
    return ds.default_experiment;
  }

  void read_observation(const YAML::Node& entry, MeasuredDataset& ds) {
    Observation o;
    o.line = entry.Mark().line + 1;
    o.id = read_id(entry, "observations");
    const std::string key = "observations." + (o.id.empty() ? std::string("?") : o.id);
    const auto quantity = read_quantity(entry, key + ".quantity");
    o.experiment = experiment_of(entry, key + ".experiment", ds);
    if (!quantity) return;
    o.quantity = *quantity;
    const Dimension dim = quantity_dimension(o.quantity);
    const Dimension time = Dimension::time();
    Where at_where{}, trend_where{};
    bool bound_written = false;  // min:/max: present, even if unreadable (no second message then)
    const std::vector<std::string> allowed = {"id",       "experiment",     "statement", "source",
                                              "quantity", "measured",       "min",       "max",
                                              "at",       "from",           "to",        "trend",
                                              "slack",    "relative_slack", "min_ratio", "smoothing_frames",
                                              "required", "engine",         "times"};
    for (const auto& [name, value] : keys_of(entry, key, allowed)) {
      const std::string k = key + "." + name;
      if (name == "statement") o.statement = scalar(value, k).value_or("");
      if (name == "source") o.source = scalar(value, k).value_or("");
      if (name == "measured") o.measured = quantity_value(value, k, dim);
      if (name == "min" || name == "max") {
        bound_written = true;
        (name == "min" ? o.min : o.max) = quantity_value(value, k, dim);
      }
      if (name == "at") {
        at_where = at(value.Mark());
        if (value.IsScalar() && value.Scalar() == "end")
          o.at_end = true;
        else
          o.at = quantity_value(value, k, time);
      }
      if (name == "times") {
        if (!value.IsSequence()) {
          add(at(value.Mark()), k,
              "expected a list of times ([300 s, 600 s, ...]), got " + io::yaml_node_kind(value));
        } else {
          for (std::size_t i = 0; i < value.size(); ++i) {
            const auto t = quantity_value(value[i], k + "[" + std::to_string(i) + "]", time);
            if (t) o.times.push_back(*t);
          }
        }
      }
      if (name == "from") o.from = quantity_value(value, k, time);
      if (name == "to") o.to = quantity_value(value, k, time);
      if (name == "trend") {
        trend_where = at(value.Mark());
        const auto text = scalar(value, k);
        if (text && *text == "increasing")
          o.trend = Trend::increasing;
        else if (text && *text == "decreasing")
          o.trend = Trend::decreasing;
        else if (text)
          add(trend_where, k, "unknown trend '" + *text + "'", "increasing or decreasing");
      }
      if (name == "slack") o.slack = quantity_value(value, k, dim).value_or(0.0);
      if (name == "relative_slack")
        o.relative_slack = quantity_value(value, k, Dimension::none()).value_or(0.0);
      if (name == "min_ratio") o.min_ratio = quantity_value(value, k, Dimension::none()).value_or(1.0);
      if (name == "smoothing_frames") {
        const auto n = quantity_value(value, k, Dimension::none());
        if (n && (*n < 1.0 || *n > 1000.0 || std::floor(*n) != *n))
          add(at(value.Mark()), k, "expected a whole number from 1 to 1000");
        else if (n)
          o.smoothing_frames = static_cast<std::size_t>(*n);
      }
      if (name == "required") o.required = boolean(value, k).value_or(true);
      if (name == "engine") {
        o.engine = scalar(value, k).value_or("");
        if (!o.engine.empty() && o.engine != "phase_field" && o.engine != "kmc") {
          add(at(value.Mark()), k, "unknown engine '" + o.engine + "'", "phase_field or kmc");
          o.engine.clear();
        }
      }
    }
    check_observation_form(entry, key, o, at_where, trend_where, bound_written);
    ds.observations.push_back(std::move(o));
  }

  // Exactly one form per observation (measured_dataset.hpp), with what that form needs.
  void check_observation_form(const YAML::Node& entry, const std::string& key, const Observation& o,
                              Where at_where, Where trend_where, bool bound_written) {
    const Where here = at(entry.Mark());
    const bool timed = o.at || o.at_end;
    const bool window = (o.from || o.to) && o.trend == Trend::none;
    if (is_event_quantity(o.quantity) || is_final_quantity(o.quantity)) {
      if (timed || o.from || o.to || o.trend != Trend::none)
        add(here, key,
            std::string(quantity_name(o.quantity)) +
                (is_event_quantity(o.quantity) ? " is one time per run"
                                               : " is one value of the run's end state") +
                ": give min: and/or max:, not at:, from:, to: or trend:");
    } else if (static_cast<int>(timed) + static_cast<int>(window) +
                   static_cast<int>(o.trend != Trend::none) !=
               1) {
      add(here, key, "give exactly one of at: (a time or 'end'), from:/to: (a window) or trend:");
    }
    if (o.trend == Trend::none && !bound_written)
      add(timed ? at_where : here, key, "a bound is missing: give min:, max: or both");
    if (o.trend != Trend::none && bound_written)
      add(trend_where, key, "a trend has no min:/max: (use min_ratio: for the net change)");
    if (o.min && o.max && *o.min > *o.max) add(here, key + ".min", "min is larger than max");
    if (o.from && o.to && *o.from > *o.to) add(here, key + ".from", "from is later than to");
    if (window && !o.to) add(here, key, "a window needs to: (its last time)");
    if (o.slack < 0.0 || o.relative_slack < 0.0) add(here, key, "slack and relative_slack must be >= 0");
    if (o.min_ratio <= 0.0) add(here, key + ".min_ratio", "must be > 0");
    if (entry["times"].IsDefined()) {
      const Where w = at(entry["times"].Mark());
      if (o.trend == Trend::none)
        add(w, key + ".times", "times: belongs to a trend (the outputs it is judged at)");
      else if (o.from || o.to)
        add(w, key + ".times", "give times: or from:/to:, not both");
      else if (o.times.size() < 3 && entry["times"].IsSequence())
        add(w, key + ".times", "a trend needs at least 3 times");
      if (!std::is_sorted(o.times.begin(), o.times.end()) ||
          std::adjacent_find(o.times.begin(), o.times.end()) != o.times.end())
        add(w, key + ".times", "the times must increase");
    }
  }

  // columns: / units: of a table entry: part -> text, only the parts named in `parts`.
  void read_part_map(const YAML::Node& value, const std::string& k, const std::vector<std::string>& parts,
                     std::map<std::string, std::string>& out) {
    if (!value.IsMap()) {
      add(at(value.Mark()), k, "expected a mapping, got " + io::yaml_node_kind(value));
      return;
    }
    for (const auto& [part, v] : keys_of(value, k, parts)) {
      const auto text = scalar(v, k + "." + part);
      if (!text) continue;
      // An empty name would read as "no such column" downstream and index a column never read.
      if (text->empty()) {
        add(at(v.Mark()), k + "." + part, "must not be empty");
        continue;
      }
      out[part] = *text;
    }
  }

  // A table file named relative to the dataset file.
  fs::path table_path(const YAML::Node& value, const std::string& k) {
    const auto text = scalar(value, k);
    return text ? (fs::absolute(file_).parent_path() / *text).lexically_normal() : fs::path();
  }

  SnapshotTime read_when(const YAML::Node& value, const std::string& k) {
    SnapshotTime when;
    if (value.IsScalar() && value.Scalar() == "end")
      when.at_end = true;
    else
      when.at = quantity_value(value, k, Dimension::time());
    return when;
  }

  std::optional<double> positive(const YAML::Node& value, const std::string& k, const Dimension& dim) {
    const auto v = quantity_value(value, k, dim);
    if (v && !(*v > 0.0)) {
      add(at(value.Mark()), k, "must be > 0");
      return std::nullopt;
    }
    return v;
  }

  void read_time_series(const YAML::Node& entry, MeasuredDataset& ds) {
    MeasuredTimeSeries s;
    s.line = entry.Mark().line + 1;
    s.id = read_id(entry, "time_series");
    const std::string key = "time_series." + (s.id.empty() ? std::string("?") : s.id);
    const auto quantity = read_quantity(entry, key + ".quantity");
    s.experiment = experiment_of(entry, key + ".experiment", ds);
    if (!quantity) return;
    s.quantity = *quantity;
    if (is_event_quantity(s.quantity) || is_final_quantity(s.quantity)) {
      add(at(entry["quantity"].Mark()), key + ".quantity",
          std::string(quantity_name(s.quantity)) + " is one value per run, not a curve");
      return;
    }
    const Dimension dim = quantity_dimension(s.quantity);
    std::map<std::string, std::string> columns = {
        {"time", "time_s"}, {"value", "value"}, {"uncertainty", ""}};
    std::map<std::string, std::string> units = {{"time", "s"}, {"value", info(s.quantity).unit}};
    std::optional<double> fixed_uncertainty;
    Where file_where = at(entry.Mark());
    const std::vector<std::string> allowed = {
        "id",   "experiment", "quantity", "source",      "instrument",          "pixel_size",
        "file", "columns",    "units",    "uncertainty", "max_normalised_rmse", "required"};
    for (const auto& [name, value] : keys_of(entry, key, allowed)) {
      const std::string k = key + "." + name;
      if (name == "source") s.source = scalar(value, k).value_or("");
      if (name == "instrument") s.instrument = scalar(value, k).value_or("");
      if (name == "pixel_size") s.pixel_size = quantity_value(value, k, Dimension::length());
      if (name == "file") {
        file_where = at(value.Mark());
        s.file = table_path(value, k);
      }
      if (name == "columns") read_part_map(value, k, {"time", "value", "uncertainty"}, columns);
      if (name == "units") read_part_map(value, k, {"time", "value"}, units);
      if (name == "uncertainty") fixed_uncertainty = quantity_value(value, k, dim);
      if (name == "max_normalised_rmse")
        s.max_normalised_rmse = positive(value, k, Dimension::none()).value_or(s.max_normalised_rmse);
      if (name == "required") s.required = boolean(value, k).value_or(true);
    }
    const double time_scale = unit_scale(units["time"], Dimension::time(), key + ".units.time", entry);
    const double value_scale = unit_scale(units["value"], dim, key + ".units.value", entry);
    if (!table_and_uncertainty_given(entry, key, s.file, columns["uncertainty"], fixed_uncertainty, "curve"))
      return;
    if (time_scale <= 0.0 || value_scale <= 0.0) return;
    const auto table = read_columns(
        s.file, key, file_where,
        {{"time", columns["time"]}, {"value", columns["value"]}, {"uncertainty", columns["uncertainty"]}});
    if (!table) return;
    for (std::size_t r = 0; r < table->lines.size(); ++r) {
      const double sigma = fixed_uncertainty ? *fixed_uncertainty : table->values[2][r] * value_scale;
      const double t = table->values[0][r] * time_scale;
      // The first bad row is reported; the rest of a broken table would only repeat it.
      if (!(sigma > 0.0)) return add_in(s.file, table->lines[r], key, "uncertainty must be > 0");
      if (!s.time.empty() && t <= s.time.back())
        return add_in(s.file, table->lines[r], key, "times must increase from row to row");
      s.time.push_back(t);
      s.value.push_back(table->values[1][r] * value_scale);
      s.uncertainty.push_back(sigma);
    }
    ds.time_series.push_back(std::move(s));
  }

  // The start of an entry about one time: line, id, key ("section.id") and experiment.
  std::string start_snapshot_entry(const YAML::Node& entry, const char* section, SnapshotEntry& e,
                                   const MeasuredDataset& ds) {
    e.line = entry.Mark().line + 1;
    e.id = read_id(entry, section);
    const std::string key = std::string(section) + "." + (e.id.empty() ? std::string("?") : e.id);
    e.experiment = experiment_of(entry, key + ".experiment", ds);
    return key;
  }

  // The keys every entry about one time shares; false for any other key. `file_where` becomes
  // where the file is named (table errors point there).
  bool read_snapshot_key(const std::string& name, const YAML::Node& value, const std::string& k,
                         SnapshotEntry& e, Where& file_where) {
    if (name == "source") {
      e.source = scalar(value, k).value_or("");
    } else if (name == "instrument") {
      e.instrument = scalar(value, k).value_or("");
    } else if (name == "pixel_size") {
      e.pixel_size = positive(value, k, Dimension::length());
    } else if (name == "at") {
      e.when = read_when(value, k);
    } else if (name == "file") {
      file_where = at(value.Mark());
      e.file = table_path(value, k);
    } else if (name == "required") {
      e.required = boolean(value, k).value_or(true);
    } else {
      return false;
    }
    return true;
  }

  void require_time(const YAML::Node& entry, const std::string& key, const char* what) {
    if (!entry["at"].IsDefined())
      add(at(entry.Mark()), key + ".at",
          std::string("missing: the time of the ") + what + " (a time, or 'end')");
  }

  void read_size_distribution(const YAML::Node& entry, MeasuredDataset& ds) {
    MeasuredSizeDistribution s;
    const std::string key = start_snapshot_entry(entry, "size_distributions", s, ds);
    std::map<std::string, std::string> columns, units = {{"diameter", "m"}};
    Where file_where = at(entry.Mark());
    const std::vector<std::string> allowed = {
        "id",           "experiment", "source",      "instrument",      "pixel_size",
        "at",           "file",       "columns",     "units",           "uncertainty",
        "min_diameter", "max_ks",     "min_p_value", "max_wasserstein", "required"};
    for (const auto& [name, value] : keys_of(entry, key, allowed)) {
      const std::string k = key + "." + name;
      if (read_snapshot_key(name, value, k, s, file_where)) continue;
      if (name == "columns") read_part_map(value, k, {"diameter", "low", "high", "count"}, columns);
      if (name == "units") read_part_map(value, k, {"diameter"}, units);
      if (name == "uncertainty") s.uncertainty = positive(value, k, Dimension::length()).value_or(0.0);
      if (name == "min_diameter") s.min_diameter = positive(value, k, Dimension::length());
      read_size_bound(name, value, k, s.max_ks, s.min_p_value, s.max_wasserstein);
    }
    const Where here = at(entry.Mark());
    require_time(entry, key, "sizes");
    if (!entry["max_ks"].IsDefined() && !entry["min_p_value"].IsDefined() &&
        !entry["max_wasserstein"].IsDefined())
      add(here, key, "no criterion: give max_ks:, min_p_value: and/or max_wasserstein:");
    if (!entry["uncertainty"].IsDefined())
      add(here, key + ".uncertainty",
          "missing: one standard deviation of a measured diameter (e.g. '0.5 nm')");
    const bool listed = columns.contains("diameter");
    const bool binned = columns.contains("low") || columns.contains("high") || columns.contains("count");
    if (listed == binned || (binned && columns.size() != 3)) {
      add(here, key + ".columns",
          "give columns: {diameter: NAME} (one void per row) or {low:, high:, count:} (bins)");
      return;
    }
    const double scale = unit_scale(units["diameter"], Dimension::length(), key + ".units.diameter", entry);
    if (s.file.empty()) return add(here, key + ".file", "missing: the CSV table of the sizes");
    if (scale <= 0.0) return;
    if (listed) {
      const auto table = read_columns(s.file, key, file_where, {{"diameter", columns["diameter"]}});
      if (!table) return;
      for (std::size_t r = 0; r < table->lines.size(); ++r) {
        const double d = table->values[0][r] * scale;
        if (!(d > 0.0)) return add_in(s.file, table->lines[r], key, "a diameter must be > 0");
        s.diameters.push_back(d);
      }
    } else {
      const auto table =
          read_columns(s.file, key, file_where,
                       {{"low", columns["low"]}, {"high", columns["high"]}, {"count", columns["count"]}});
      if (!table) return;
      for (std::size_t r = 0; r < table->lines.size(); ++r) {
        const double lo = table->values[0][r] * scale, hi = table->values[1][r] * scale,
                     n = table->values[2][r];
        if (!(lo >= 0.0 && hi > lo))
          return add_in(s.file, table->lines[r], key, "a bin needs 0 <= low < high");
        if (!(n >= 0.0)) return add_in(s.file, table->lines[r], key, "a count must be >= 0");
        if (!s.bin_high.empty() && lo < s.bin_high.back())
          return add_in(s.file, table->lines[r], key, "bins must increase and not overlap");
        s.bin_low.push_back(lo);
        s.bin_high.push_back(hi);
        s.counts.push_back(n);
      }
    }
    ds.size_distributions.push_back(std::move(s));
  }

  void read_depth_profile(const YAML::Node& entry, MeasuredDataset& ds) {
    MeasuredDepthProfile p;
    const std::string key = start_snapshot_entry(entry, "depth_profiles", p, ds);
    std::map<std::string, std::string> columns = {
        {"depth", "depth_nm"}, {"value", "area_fraction"}, {"uncertainty", ""}};
    std::map<std::string, std::string> units = {{"depth", "nm"}, {"value", "1"}};
    std::optional<double> fixed_uncertainty;
    Where file_where = at(entry.Mark());
    const std::vector<std::string> allowed = {
        "id",      "experiment", "source",      "instrument", "pixel_size",          "at",      "file",
        "columns", "units",      "uncertainty", "bin_width",  "max_normalised_rmse", "required"};
    for (const auto& [name, value] : keys_of(entry, key, allowed)) {
      const std::string k = key + "." + name;
      if (read_snapshot_key(name, value, k, p, file_where)) continue;
      if (name == "columns") read_part_map(value, k, {"depth", "value", "uncertainty"}, columns);
      if (name == "units") read_part_map(value, k, {"depth", "value"}, units);
      if (name == "uncertainty") fixed_uncertainty = quantity_value(value, k, Dimension::none());
      if (name == "bin_width") p.bin_width = positive(value, k, Dimension::length()).value_or(0.0);
      if (name == "max_normalised_rmse")
        p.max_normalised_rmse = positive(value, k, Dimension::none()).value_or(p.max_normalised_rmse);
    }
    require_time(entry, key, "profile");
    const double depth_scale = unit_scale(units["depth"], Dimension::length(), key + ".units.depth", entry);
    const double value_scale = unit_scale(units["value"], Dimension::none(), key + ".units.value", entry);
    if (!table_and_uncertainty_given(entry, key, p.file, columns["uncertainty"], fixed_uncertainty,
                                     "profile"))
      return;
    if (depth_scale <= 0.0 || value_scale <= 0.0) return;
    const auto table = read_columns(
        p.file, key, file_where,
        {{"depth", columns["depth"]}, {"value", columns["value"]}, {"uncertainty", columns["uncertainty"]}});
    if (!table) return;
    for (std::size_t r = 0; r < table->lines.size(); ++r) {
      const double sigma = fixed_uncertainty ? *fixed_uncertainty : table->values[2][r] * value_scale;
      const double z = table->values[0][r] * depth_scale;
      if (!(sigma > 0.0)) return add_in(p.file, table->lines[r], key, "uncertainty must be > 0");
      if (!(z >= 0.0) || (!p.depth.empty() && z <= p.depth.back()))
        return add_in(p.file, table->lines[r], key, "depths must be >= 0 and increase from row to row");
      p.depth.push_back(z);
      p.value.push_back(table->values[1][r] * value_scale);
      p.uncertainty.push_back(sigma);
    }
    if (p.bin_width == 0.0) p.bin_width = p.depth.size() > 1 ? p.depth[1] - p.depth[0] : 10e-9;
    ds.depth_profiles.push_back(std::move(p));
  }

  // The bounds a size comparison may give (size distributions and micrographs).
  void read_size_bound(const std::string& name, const YAML::Node& value, const std::string& k,
                       std::optional<double>& max_ks, std::optional<double>& min_p_value,
                       std::optional<double>& max_wasserstein) {
    if (name == "max_ks" || name == "min_p_value") {
      const auto v = quantity_value(value, k, Dimension::none());
      if (v && !(*v >= 0.0 && *v <= 1.0))
        add(at(value.Mark()), k, "must lie in [0, 1]");
      else
        (name == "max_ks" ? max_ks : min_p_value) = v;
    }
    if (name == "max_wasserstein") max_wasserstein = positive(value, k, Dimension::length());
  }

  void read_micrograph(const YAML::Node& entry, MeasuredDataset& ds) {
    MeasuredMicrograph m;
    const std::string key = start_snapshot_entry(entry, "micrographs", m, ds);
    Where file_where = at(entry.Mark());
    const std::vector<std::string> allowed = {
        "id",     "experiment",  "source",          "instrument", "at",
        "file",   "pixel_size",  "analysis",        "imaging",    "max_area_fraction_difference",
        "max_ks", "min_p_value", "max_wasserstein", "required"};
    for (const auto& [name, value] : keys_of(entry, key, allowed)) {
      const std::string k = key + "." + name;
      if (read_snapshot_key(name, value, k, m, file_where)) continue;
      if (name == "analysis") read_micrograph_analysis(value, k, m);
      if (name == "imaging") read_micrograph_imaging(value, k, m);
      if (name == "max_area_fraction_difference") {
        const auto v = quantity_value(value, k, Dimension::none());
        if (v && !(*v >= 0.0 && *v <= 1.0))
          add(at(value.Mark()), k, "must lie in [0, 1]");
        else
          m.max_area_fraction_difference = v;
      }
      read_size_bound(name, value, k, m.max_ks, m.min_p_value, m.max_wasserstein);
    }
    const Where here = at(entry.Mark());
    require_time(entry, key, "micrograph");
    if (m.file.empty()) add(here, key + ".file", "missing: the image (PNG or TIFF)");
    if (!entry["max_area_fraction_difference"].IsDefined() && !entry["max_ks"].IsDefined() &&
        !entry["min_p_value"].IsDefined() && !entry["max_wasserstein"].IsDefined())
      add(here, key,
          "no criterion: give max_area_fraction_difference:, max_ks:, min_p_value: and/or max_wasserstein:");
    std::error_code ec;
    if (!m.file.empty() && !fs::is_regular_file(m.file, ec))
      add(file_where, key + ".file", "cannot read image '" + m.file.string() + "'",
          "the path is relative to the dataset file");
    ds.micrographs.push_back(std::move(m));
  }

  void read_micrograph_analysis(const YAML::Node& value, const std::string& k, MeasuredMicrograph& m) {
    if (!value.IsMap())
      return add(at(value.Mark()), k, "expected a mapping, got " + io::yaml_node_kind(value));
    const std::vector<std::string> parts = {"interface_row", "invert",       "periodic_x",
                                            "min_diameter",  "min_contrast", "background_tile"};
    for (const auto& [part, v] : keys_of(value, k, parts)) {
      const std::string kk = k + "." + part;
      if (part == "interface_row") {
        const auto row = quantity_value(v, kk, Dimension::none());
        if (row && (*row < 0.0 || *row > 1e6 || std::floor(*row) != *row))
          add(at(v.Mark()), kk, "expected a row number from 0 to 1000000");
        else if (row)
          m.interface_row = static_cast<std::size_t>(*row);
      }
      if (part == "invert") m.invert = boolean(v, kk).value_or(false);
      if (part == "periodic_x") m.periodic_x = boolean(v, kk);
      if (part == "min_diameter")
        m.min_diameter = positive(v, kk, Dimension::length()).value_or(m.min_diameter);
      if (part == "min_contrast") {
        const auto c = quantity_value(v, kk, Dimension::none());
        if (c && !(*c >= 0.0 && *c <= 1.0))
          add(at(v.Mark()), kk, "must lie in [0, 1]");
        else if (c)
          m.min_contrast = *c;
      }
      if (part == "background_tile") m.background_tile = positive(v, kk, Dimension::length());
    }
  }

  void read_micrograph_imaging(const YAML::Node& value, const std::string& k, MeasuredMicrograph& m) {
    if (!value.IsMap())
      return add(at(value.Mark()), k, "expected a mapping, got " + io::yaml_node_kind(value));
    const std::vector<std::string> parts = {"pixel_size", "lamella_thickness", "void_depth", "probe_size",
                                            "dose"};
    for (const auto& [part, v] : keys_of(value, k, parts)) {
      const std::string kk = k + "." + part;
      if (part == "pixel_size") m.imaging_pixel_size = positive(v, kk, Dimension::length());
      if (part == "lamella_thickness") m.lamella_thickness = positive(v, kk, Dimension::length());
      if (part == "void_depth") m.void_depth = positive(v, kk, Dimension::length());
      if (part == "probe_size") m.probe_size = positive(v, kk, Dimension::length());
      if (part == "dose") m.dose = positive(v, kk, Dimension::none());
    }
  }

  bool table_and_uncertainty_given(const YAML::Node& entry, const std::string& key, const fs::path& file,
                                   const std::string& uncertainty_column, std::optional<double> fixed,
                                   const char* what) {
    if (file.empty()) {
      add(at(entry.Mark()), key + ".file", std::string("missing: the CSV table of the ") + what);
      return false;
    }
    if (uncertainty_column.empty() && !fixed) {
      add(at(entry.Mark()), key,
          "no uncertainty: give columns.uncertainty (a column) or uncertainty: (one value)");
      return false;
    }
    if (fixed && !(*fixed > 0.0)) {
      add(at(entry["uncertainty"].Mark()), key + ".uncertainty", "must be > 0");
      return false;
    }
    return true;
  }

  double unit_scale(const std::string& unit, const Dimension& dimension, const std::string& key,
                    const YAML::Node& entry) {
    if (unit.empty() || unit == "1") {
      if (dimension == Dimension::none()) return 1.0;
    } else {
      try {
        const Quantity q = parse_unit(unit);
        if (q.dimension == dimension) return q.si_value;
      } catch (const UnitParseError&) {
      }
    }
    add(at(entry.Mark()), key, "'" + unit + "' is not a unit of " + describe_dimension(dimension).name);
    return 0.0;
  }

  // The named columns of a table file, in the order asked; a part with an empty column name is
  // optional and not read (its values stay empty). nullopt after reporting what is wrong.
  struct Columns {
    std::vector<std::vector<double>> values;  // per part asked
    std::vector<int> lines;                   // file line of each row
  };
  std::optional<Columns> read_columns(const fs::path& file, const std::string& key, Where file_where,
                                      const std::vector<std::pair<std::string, std::string>>& parts) {
    std::string text;
    try {
      text = read_text(file, "table");
    } catch (const IoError& e) {
      add(file_where, key + ".file", e.what(), "the path is relative to the dataset file");
      return std::nullopt;
    }
    const CsvTable table = parse_table(file, text, key);
    if (table.columns.empty()) return std::nullopt;
    std::vector<std::optional<std::size_t>> index;
    bool complete = true;
    for (const auto& [part, name] : parts) {
      if (name.empty()) {
        index.emplace_back();
        continue;
      }
      const auto it = std::find(table.columns.begin(), table.columns.end(), name);
      if (it == table.columns.end()) {
        add_in(file, 1, key + ".columns." + part,
               "no column '" + name + "' (the header has " + io::comma_list(table.columns) + ")");
        complete = false;
      }
      index.push_back(static_cast<std::size_t>(it - table.columns.begin()));
    }
    if (!complete) return std::nullopt;
    if (table.rows.empty()) {
      add_in(file, 1, key, "the table has no rows");
      return std::nullopt;
    }
    Columns out;
    out.values.resize(parts.size());
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (!index[p]) continue;
      for (const auto& row : table.rows) out.values[p].push_back(row[*index[p]]);
    }
    out.lines = table.lines;
    return out;
  }

  CsvTable parse_table(const fs::path& file, const std::string& text, const std::string& key) {
    CsvTable table;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos || line[line.find_first_not_of(" \t")] == '#')
        continue;
      std::vector<std::string> cells = split_csv_line(line);
      if (table.columns.empty()) {
        table.columns = std::move(cells);
        continue;
      }
      if (cells.size() != table.columns.size()) {
        add_in(
            file, number, key,
            std::to_string(cells.size()) + " values, the header has " + std::to_string(table.columns.size()));
        return {};
      }
      if (table.rows.size() >= max_table_rows) {
        add_in(file, number, key, "more than " + std::to_string(max_table_rows) + " rows");
        return {};
      }
      std::vector<double> row(cells.size());
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const char* begin = cells[c].data();
        const char* end = begin + cells[c].size();
        const auto result = std::from_chars(begin, end, row[c]);
        if (result.ec != std::errc() || result.ptr != end || !std::isfinite(row[c])) {
          add_in(file, number, key,
                 "'" + cells[c] + "' is not a finite number (column " + table.columns[c] + ")");
          return {};
        }
      }
      table.rows.push_back(std::move(row));
      table.lines.push_back(number);
    }
    if (table.columns.empty()) add_in(file, 1, key, "empty table: expected a header line of column names");
    return table;
  }

  std::set<std::string> ids_;
};

}  // namespace

const char* quantity_name(ObservedQuantity quantity) noexcept { return info(quantity).name; }
bool is_event_quantity(ObservedQuantity quantity) noexcept { return info(quantity).event; }
bool is_final_quantity(ObservedQuantity quantity) noexcept { return info(quantity).final_state; }
Dimension quantity_dimension(ObservedQuantity quantity) noexcept {
  switch (quantity) {
    case ObservedQuantity::mean_void_diameter:
    case ObservedQuantity::front_depth:
    case ObservedQuantity::nanopore_median_diameter:
    case ObservedQuantity::nanopore_max_depth:
      return Dimension::length();
    case ObservedQuantity::current:
      return Dimension::current();
    case ObservedQuantity::surface_mn_edge_shift:
      return dimension_of("eV");
    case ObservedQuantity::void_onset_time:
    case ObservedQuantity::coalescence_time:
    case ObservedQuantity::projected_coalescence_time:
      return Dimension::time();
    default:
      return Dimension::none();
  }
}
const char* quantity_display_unit(ObservedQuantity quantity) noexcept { return info(quantity).display_unit; }
double quantity_display_scale(ObservedQuantity quantity) {
  const std::string unit = info(quantity).display_unit;
  return unit.empty() ? 1.0 : 1.0 / parse_unit(unit).si_value;
}

std::vector<std::string> MeasuredDataset::experiments() const {
  std::vector<std::string> names;
  auto note = [&names](const std::string& experiment) {
    if (!experiment.empty() && std::find(names.begin(), names.end(), experiment) == names.end())
      names.push_back(experiment);
  };
  for (const auto& o : observations) note(o.experiment);
  for (const auto& s : time_series) note(s.experiment);
  for (const auto& s : size_distributions) note(s.experiment);
  for (const auto& p : depth_profiles) note(p.experiment);
  for (const auto& m : micrographs) note(m.experiment);
  return names;
}

MeasuredDataset read_measured_dataset(const fs::path& path) {
  std::error_code ec;
  const fs::path file = fs::is_directory(path, ec) ? path / "dataset.yaml" : path;
  return DatasetReader(file).read();
}

}  // namespace voidsim
