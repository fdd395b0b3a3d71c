#include "sweep/sweep_collection.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/units.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_attributes.hpp"
#include "io/hdf5_datasets.hpp"
#include "io/hdf5_handles.hpp"
#include "voidsim/build_info.hpp"

namespace voidsim::sweep {

namespace fs = std::filesystem;
namespace hdf5 = io::hdf5;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// summary.json keys not copied into the table: the task columns already hold them exactly.
bool is_duplicate_of_task_column(const std::string& key) { return key == "seed"; }

/// What one task's files say: its status, failure record and flattened summary scalars.
struct TaskRecord {
  std::string status = task_status::missing;
  double exit_code = not_a_number;
  std::string error;
  std::map<std::string, nlohmann::json> scalars;  // "a.b" -> number, bool, string or null
};

void flatten(const nlohmann::json& value, const std::string& prefix,
             std::map<std::string, nlohmann::json>& out) {
  if (value.is_object()) {
    for (const auto& [name, child] : value.items())
      flatten(child, prefix.empty() ? name : prefix + "." + name, out);
  } else if (!value.is_array() && !prefix.empty()) {
    out[prefix] = value;  // arrays are not scalars: left to the run directory
  }
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot open '" + path.string() + "'");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw IoError("'" + path.string() + "': " + e.what());
  }
}

TaskRecord read_task(const fs::path& sweep_dir, std::size_t index) {
  const std::string name = task_name(index);
  const fs::path runs = sweep_dir / sweep_files::runs_dir;
  const fs::path summary = runs / name / "summary.json";
  const fs::path failure = runs / (name + ".failed.json");
  TaskRecord record;
  if (fs::exists(summary)) {
    try {
      flatten(read_json(summary), "", record.scalars);
      record.status = task_status::complete;
      record.exit_code = 0.0;
      return record;
    } catch (const IoError& e) {
      record.scalars.clear();
      record.status = task_status::failed;
      record.error = std::string("unreadable summary.json: ") + e.what();
      return record;
    }
  }
  if (fs::exists(failure)) {
    record.status = task_status::failed;
    try {
      const nlohmann::json j = read_json(failure);
      if (j.contains("exit_code") && j["exit_code"].is_number())
        record.exit_code = j["exit_code"].get<double>();
      if (j.contains("error") && j["error"].is_string()) record.error = j["error"].get<std::string>();
    } catch (const IoError& e) {
      record.error = e.what();
    }
  }
  return record;
}

SummaryColumn make_column(std::string name, std::string key, std::string unit, ColumnRole role,
                          ColumnType type) {
  SummaryColumn c;
  c.name = std::move(name);
  c.key = std::move(key);
  c.unit = std::move(unit);
  c.role = role;
  c.type = type;
  return c;
}

std::string json_as_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

double json_as_number(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? 1.0 : 0.0;
  if (value.is_number()) return value.get<double>();
  return not_a_number;  // null: the run had no value (e.g. no coalescence)
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string role_name(ColumnRole role) {
  switch (role) {
    case ColumnRole::task:
      return "task";
    case ColumnRole::parameter:
      return "parameter";
    case ColumnRole::summary:
      return "summary";
  }
  return "";
}

std::string dataset_name(const SummaryColumn& column) {
  if (column.key == "index") return "task";  // the dimension coordinate
  std::string name = column.key;
  for (char& ch : name)
    if (ch == '/') ch = '_';  // HDF5 path separator
  return name;
}

hdf5::Dataset create_1d(hid_t file, const std::string& name, hid_t file_type, std::size_t n) {
  const hsize_t dims[1] = {static_cast<hsize_t>(n)};
  const hdf5::Dataspace space(hdf5::check(H5Screate_simple(1, dims, nullptr), "dataspace of " + name));
  return hdf5::Dataset(hdf5::check(
      H5Dcreate2(file, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      "create dataset " + name));
}

hdf5::Dataset write_column(hid_t file, const SummaryColumn& column, std::size_t n_rows) {
  const std::string name = dataset_name(column);
  switch (column.type) {
    case ColumnType::unsigned_integer: {
      hdf5::Dataset d = create_1d(file, name, H5T_STD_U64LE, n_rows);
      hdf5::check_status(
          H5Dwrite(d.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, column.integers.data()),
          "write " + name);
      return d;
    }
    case ColumnType::number:
      return hdf5::write_double_dataset(file, name, column.numbers.data(), {static_cast<hsize_t>(n_rows)});
    case ColumnType::text: {
      const hdf5::Datatype type(hdf5::make_utf8_string_type());
      hdf5::Dataset d = create_1d(file, name, type.get(), n_rows);
      std::vector<const char*> pointers;
      pointers.reserve(n_rows);
      for (const std::string& text : column.texts) pointers.push_back(text.c_str());
      hdf5::check_status(H5Dwrite(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                         "write " + name);
      return d;
    }
  }
  throw IoError("unknown column type of " + name);
}

}  // namespace

const SummaryColumn* SweepSummary::find(std::string_view name_or_key) const {
  for (const SummaryColumn& c : columns)
    if (c.name == name_or_key || c.key == name_or_key) return &c;
  return nullptr;
}

std::string si_unit_text(std::string_view override_text) {
  Dimension dimension;
  try {
    dimension = parse_quantity(override_text).dimension;
  } catch (const UnitParseError&) {
    return "";
  }
  // Coherent SI units with their own name (a subset of core/units.cpp's table), so the column
  // reads "bias [V]" rather than "bias [m^2 kg s^-3 A^-1]".
  auto dim = [](int l, int m, int t, int i) { return Dimension{{l, m, t, i, 0, 0, 0}}; };
  static const std::array<std::pair<Dimension, const char*>, 9> named = {{
      {dim(2, 1, -3, -1), "V"},
      {dim(2, 1, -3, -2), "ohm"},
      {dim(-2, -1, 3, 2), "S"},
      {dim(2, 1, -3, 0), "W"},
      {dim(2, 1, -2, 0), "J"},
      {dim(1, 1, -2, 0), "N"},
      {dim(-1, 1, -2, 0), "Pa"},
      {dim(0, 0, 1, 1), "C"},
      {dim(-2, -1, 4, 2), "F"},
  }};
  for (const auto& [d, symbol] : named)
    if (d == dimension) return symbol;
  return dimension.to_string();
}

std::string summary_key_unit(std::string_view key) {
  const std::size_t dot = key.rfind('.');
  const std::string_view leaf = dot == std::string_view::npos ? key : key.substr(dot + 1);
  for (std::string_view counted : {"steps", "threads", "seed"})
    if (leaf == counted) return "1";
  const std::size_t underscore = leaf.rfind('_');
  if (underscore == std::string_view::npos) return "";
  const std::string_view suffix = leaf.substr(underscore + 1);
  if (suffix == "fraction" || suffix == "count" || suffix == "ratio") return "1";
  // Unit suffixes of summary.json (void_onset_s, max_void_depth_nm, charge_passed_C): only the
  // short symbols, so that an ordinary word that happens to parse as a unit is not taken for one.
  for (std::string_view symbol : {"s", "nm", "um", "m", "C", "A", "V", "K", "eV", "J", "ohm", "Pa"})
    if (suffix == symbol) return std::string(symbol);
  return "";
}

SweepSummary collect_sweep(const SweepPlan& plan, const fs::path& sweep_dir) {
  const std::size_t n = plan.tasks.size();
  std::vector<TaskRecord> records;
  records.reserve(n);
  for (const SweepTask& task : plan.tasks) records.push_back(read_task(sweep_dir, task.index));

  SweepSummary summary;
  summary.n_rows = n;

  // 1. Task identity and status.
  SummaryColumn index = make_column("index", "index", "1", ColumnRole::task, ColumnType::unsigned_integer);
  SummaryColumn point = make_column("point", "point", "1", ColumnRole::task, ColumnType::unsigned_integer);
  SummaryColumn replicate =
      make_column("replicate", "replicate", "1", ColumnRole::task, ColumnType::unsigned_integer);
  SummaryColumn seed = make_column("seed", "seed", "1", ColumnRole::task, ColumnType::unsigned_integer);
  SummaryColumn status = make_column("status", "status", "", ColumnRole::task, ColumnType::text);
  SummaryColumn exit_code = make_column("exit_code", "exit_code", "1", ColumnRole::task, ColumnType::number);
  for (std::size_t row = 0; row < n; ++row) {
    const SweepTask& task = plan.tasks[row];
    index.integers.push_back(task.index);
    point.integers.push_back(task.point);
    replicate.integers.push_back(task.replicate);
    seed.integers.push_back(task.seed);
    status.texts.push_back(records[row].status);
    exit_code.numbers.push_back(records[row].exit_code);
    if (records[row].status == task_status::complete) ++summary.n_complete;
    if (records[row].status == task_status::failed) ++summary.n_failed;
    if (records[row].status == task_status::missing) ++summary.n_missing;
  }
  for (SummaryColumn* c : {&index, &point, &replicate, &seed, &status, &exit_code})
    summary.columns.push_back(std::move(*c));

  // 2. Swept parameters, in the plan's key order: SI values, or the override text when a key is
  //    not numeric at every point (an engine name).
  for (std::size_t p = 0; p < plan.parameter_keys.size(); ++p) {
    const std::string& key = plan.parameter_keys[p];
    bool numeric = n > 0;
    for (const SweepTask& task : plan.tasks)
      numeric = numeric && p < task.parameters.size() && task.parameters[p].si_value.has_value();
    if (numeric) {
      const std::string unit = si_unit_text(plan.tasks.front().parameters[p].text);
      SummaryColumn c = make_column(unit.empty() ? key : key + " [" + unit + "]", key, unit,
                                    ColumnRole::parameter, ColumnType::number);
      for (const SweepTask& task : plan.tasks) c.numbers.push_back(*task.parameters[p].si_value);
      summary.columns.push_back(std::move(c));
    } else {
      SummaryColumn c = make_column(key, key, "", ColumnRole::parameter, ColumnType::text);
      for (const SweepTask& task : plan.tasks)
        c.texts.push_back(p < task.parameters.size() ? task.parameters[p].text : "");
      summary.columns.push_back(std::move(c));
    }
  }

  // 3. Every scalar any complete task reported, by name; text if any task gave a string.
  std::map<std::string, bool> summary_keys;  // key -> is text
  for (const TaskRecord& r : records)
    for (const auto& [key, value] : r.scalars)
      if (!is_duplicate_of_task_column(key)) summary_keys[key] = summary_keys[key] || value.is_string();
  // A summary key that is also a task or parameter column (a swept "engine" and the engine the
  // run reports) is kept as "summary.<key>": one name, one column.
  std::set<std::string> taken = {"error", "task"};
  for (const SummaryColumn& c : summary.columns) taken.insert(c.key);
  for (const auto& [key, is_text] : summary_keys) {
    const std::string name = taken.count(key) > 0 ? "summary." + key : key;
    SummaryColumn c = make_column(name, name, is_text ? "" : summary_key_unit(key), ColumnRole::summary,
                                  is_text ? ColumnType::text : ColumnType::number);
    for (const TaskRecord& r : records) {
      const auto it = r.scalars.find(key);
      if (is_text)
        c.texts.push_back(it == r.scalars.end() ? "" : json_as_text(it->second));
      else
        c.numbers.push_back(it == r.scalars.end() ? not_a_number : json_as_number(it->second));
    }
    summary.columns.push_back(std::move(c));
  }

  // 4. The error of failed tasks last: long text.
  SummaryColumn error = make_column("error", "error", "", ColumnRole::task, ColumnType::text);
  for (const TaskRecord& r : records) error.texts.push_back(r.error);
  summary.columns.push_back(std::move(error));
  return summary;
}

void write_summary_csv(const SweepSummary& summary, const fs::path& path) {
  std::ostringstream out;
  for (std::size_t c = 0; c < summary.columns.size(); ++c)
    out << (c > 0 ? "," : "") << csv_field(summary.columns[c].name);
  out << '\n';
  for (std::size_t row = 0; row < summary.n_rows; ++row) {
    for (std::size_t c = 0; c < summary.columns.size(); ++c) {
      const SummaryColumn& column = summary.columns[c];
      if (c > 0) out << ',';
      switch (column.type) {
        case ColumnType::unsigned_integer:
          out << column.integers[row];
          break;
        case ColumnType::number:
          out << fmt::format("{}", column.numbers[row]);  // shortest round-trip; "nan"
          break;
        case ColumnType::text:
          out << csv_field(column.texts[row]);
          break;
      }
    }
    out << '\n';
  }
  io::write_text_atomic(path, out.str());
}

void write_summary_h5(const SweepSummary& summary, const SweepPlan& plan, const fs::path& path) {
  io::commit_atomic(path, [&](const fs::path& tmp) {
    const hdf5::ErrorSilencer silence;
    hdf5::File file = hdf5::create_file(tmp);
    const hid_t root = file.get();
    hdf5::write_attribute(root, "title", "voidsim sweep summary: one row per task");
    hdf5::write_attribute(root, "software", std::string(build_info::software) + " collect");
    hdf5::write_attribute(root, "version", std::string(build_info::version));
    hdf5::write_attribute(root, "git_commit", std::string(build_info::git_commit));
    hdf5::write_attribute(root, "sweep_file", plan.sweep_file.string());
    hdf5::write_attribute(root, "n_tasks", static_cast<std::uint64_t>(summary.n_rows));
    hdf5::write_attribute(root, "n_complete", static_cast<std::uint64_t>(summary.n_complete));
    hdf5::write_attribute(root, "n_failed", static_cast<std::uint64_t>(summary.n_failed));
    hdf5::write_attribute(root, "n_missing", static_cast<std::uint64_t>(summary.n_missing));

    // The index column first: it becomes the dimension scale every other column is attached to.
    std::vector<const SummaryColumn*> ordered;
    for (const SummaryColumn& c : summary.columns)
      if (c.key == "index")
        ordered.insert(ordered.begin(), &c);
      else
        ordered.push_back(&c);
    if (ordered.empty() || ordered.front()->key != "index")
      throw IoError(hdf5::where(path, "/task") + ": the table has no index column");

    hdf5::Dataset scale;
    for (const SummaryColumn* column : ordered) {
      hdf5::Dataset d = write_column(root, *column, summary.n_rows);
      if (!column->unit.empty()) hdf5::write_attribute(d.get(), "units", column->unit);
      hdf5::write_attribute(d.get(), "key", column->key);
      hdf5::write_attribute(d.get(), "name", column->name);
      hdf5::write_attribute(d.get(), "role", role_name(column->role));
      if (column == ordered.front()) {
        hdf5::check_status(H5DSset_scale(d.get(), "task"), hdf5::where(path, "/task") + ": dimension scale");
        scale = std::move(d);
      } else {
        std::string object = "/";  // appended piecewise: "/" + std::string trips GCC 12's -Wrestrict
        object += dataset_name(*column);
        hdf5::check_status(H5DSattach_scale(d.get(), scale.get(), 0),
                           hdf5::where(path, object) + ": attach dimension scale");
      }
    }
    scale.reset();
    hdf5::close_file(file, tmp);
  });
}

}  // namespace voidsim::sweep
