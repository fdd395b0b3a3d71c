#include "sweep/sweep_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/units.hpp"
#include "io/yaml_diagnostics.hpp"
#include "io/yaml_text.hpp"
#include "sweep/parameter_sampling.hpp"

namespace voidsim::sweep {

namespace fs = std::filesystem;

namespace {

using Where = io::YamlPlace;

Where at(const YAML::Mark& mark) { return io::place_of(mark); }

enum class Combine { product, zip, latin_hypercube, sobol };

// One swept value with the place in the file it comes from.
struct SweptValue {
  std::string text;
  Where where;
};

// A parameter as written: a list of values (explicit or a range), or bounds for a sampler.
struct ParameterSpec {
  std::string key;
  Where where;  // the parameter's value node
  bool has_bounds = false;
  std::vector<SweptValue> values;
  Bounds bounds;
  std::string unit;  // user's unit of the bounds
  bool integer = false;
};

// The text handed to the scenario loader for one YAML value: scalars as written (quoted when
// YAML would read them differently), sequences in flow style.
std::string override_text(const YAML::Node& node) {
  if (node.IsSequence()) {
    std::vector<std::string> items;
    for (const auto& element : node) items.push_back(override_text(element));
    return "[" + io::comma_list(items) + "]";
  }
  const std::string& s = node.Scalar();
  try {
    const YAML::Node again = YAML::Load(s);
    if (again.IsScalar() && again.Scalar() == s && s.find_first_of(",[]{}") == std::string::npos) return s;
  } catch (const YAML::Exception&) {
  }
  YAML::Emitter out;
  out << YAML::DoubleQuoted << s;
  return out.c_str();
}

std::optional<double> si_value_of(const std::string& text) {
  try {
    return parse_quantity(text).si_value;
  } catch (const UnitParseError&) {
    return std::nullopt;
  }
}

std::optional<std::string> read_text(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class SweepReader : io::YamlDiagnostics {
 public:
  SweepReader(fs::path file, const SweepFileChecks& checks)
      : YamlDiagnostics(std::move(file)), checks_(checks) {}

  SweepDefinition read() {
    const auto text = read_text(file_);
    if (!text) throw IoError("cannot read sweep file '" + file_.string() + "'");
    YAML::Node root;
    try {
      root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      add(at(e.mark), "", "YAML syntax error: " + e.msg);
      throw_if_any();
    }
    SweepDefinition def;
    def.plan.sweep_file = fs::absolute(file_).lexically_normal();
    def.slurm.job_name = file_.stem().string();
    if (!root.IsMap()) {
      add(at(root.Mark()), "",
          "a sweep file is a mapping with one key, sweep:, got " + io::yaml_node_kind(root));
      throw_if_any();
    }
    YAML::Node sweep;
    for (const auto& entry : keys_of(root, "", {"sweep"})) sweep = entry.second;
    if (!sweep.IsDefined() || !sweep.IsMap()) {
      add(at(root.Mark()), "sweep", "missing the sweep: block (a mapping)");
      throw_if_any();
    }
    sweep_mark_ = at(sweep.Mark());
    read_sweep_block(sweep, def);
    throw_if_any();
    expand(def.plan);
    throw_if_any();
    validate_points(def.plan);
    throw_if_any();
    return def;
  }

 private:
  std::optional<long long> whole_number(const YAML::Node& node, const std::string& key, long long minimum) {
    const auto text = scalar(node, key);
    if (!text) return std::nullopt;
    try {
      std::size_t used = 0;
      const long long value = std::stoll(*text, &used);
      if (used != text->size()) throw std::invalid_argument("trailing text");
      if (value < minimum) {
        add(at(node.Mark()), key, "must be at least " + std::to_string(minimum) + ", got " + *text);
        return std::nullopt;
      }
      return value;
    } catch (const std::exception&) {
      add(at(node.Mark()), key, "expected a whole number, got '" + *text + "'");
      return std::nullopt;
    }
  }

  void read_sweep_block(const YAML::Node& sweep, SweepDefinition& def) {
    SweepPlan& plan = def.plan;
    const std::vector<std::string> allowed = {"description", "scenario",    "set",
                                              "parameters",  "combine",     "samples",
                                              "replicates",  "master_seed", "slurm"};
    YAML::Node parameters;
    for (const auto& [name, value] : keys_of(sweep, "sweep", allowed)) {
      const std::string key = "sweep." + name;
      if (name == "description") {
        if (auto s = scalar(value, key)) def.description = *s;
      } else if (name == "scenario") {
        if (auto s = scalar(value, key)) {
          const fs::path base = (fs::absolute(file_).parent_path() / *s).lexically_normal();
          std::error_code ec;
          if (!fs::is_regular_file(base, ec))
            add(at(value.Mark()), key, "cannot read base scenario '" + base.string() + "'",
                "the path is relative to the sweep file");
          else
            plan.base_scenario = base;
        }
      } else if (name == "set") {
        if (!value.IsMap()) {
          if (!value.IsNull())
            add(at(value.Mark()), key,
                "expected a mapping of scenario keys, got " + io::yaml_node_kind(value));
        } else {
          read_fixed(value, "", plan);
        }
      } else if (name == "parameters") {
        parameters = value;
      } else if (name == "combine") {
        if (auto s = scalar(value, key)) {
          static const std::map<std::string, Combine> names = {{"product", Combine::product},
                                                               {"zip", Combine::zip},
                                                               {"latin_hypercube", Combine::latin_hypercube},
                                                               {"sobol", Combine::sobol}};
          if (const auto it = names.find(*s); it != names.end()) {
            combine_ = it->second;
          } else {
            const auto close = closest_match(*s, {"product", "zip", "latin_hypercube", "sobol"});
            add(at(value.Mark()), key, "unknown way to combine '" + *s + "'",
                close ? "did you mean '" + *close + "'?" : "one of product, zip, latin_hypercube, sobol");
          }
        }
        combine_where_ = at(value.Mark());
      } else if (name == "samples") {
        if (auto n = whole_number(value, key, 1)) samples_ = static_cast<std::size_t>(*n);
        samples_where_ = at(value.Mark());
      } else if (name == "replicates") {
        if (auto n = whole_number(value, key, 1)) plan.replicates = static_cast<std::size_t>(*n);
        replicates_where_ = at(value.Mark());
      } else if (name == "master_seed") {
        if (auto n = whole_number(value, key, 0)) plan.master_seed = static_cast<std::uint64_t>(*n);
        seed_where_ = at(value.Mark());
      } else if (name == "slurm") {
        read_slurm(value, def.slurm);
      }
    }
    if (parameters.IsDefined() && !parameters.IsNull()) {
      if (!parameters.IsMap())
        add(at(parameters.Mark()), "sweep.parameters",
            "expected a mapping of scenario keys to values, got " + io::yaml_node_kind(parameters));
      else
        read_parameters(parameters);
    }
    const bool sampler = combine_ == Combine::latin_hypercube || combine_ == Combine::sobol;
    if (sampler && samples_ == 0)
      add(combine_where_, "sweep.samples",
          "latin_hypercube and sobol need samples: N (the number of points)");
    if (!sampler && samples_ > 0)
      add(samples_where_, "sweep.samples", "samples: only applies to combine: latin_hypercube or sobol");
  }

  // set: a mapping of dotted keys or nested sections.
  void read_fixed(const YAML::Node& map, const std::string& prefix, SweepPlan& plan) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        add(at(it->first.Mark()), "sweep.set", "a key must be a plain name");
        continue;
      }
      const std::string path = prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar();
      const Where key_where = at(it->first.Mark());
      if (!seen.insert(path).second) {
        add(key_where, "sweep.set." + path, "duplicate key");
        continue;
      }
      const YAML::Node value = it->second;  // a copy: the iterator yields a temporary pair
      const bool section = checks_.schema != nullptr ? checks_.schema->is_section(path) : value.IsMap();
      if (section && value.IsMap()) {
        read_fixed(value, path, plan);
        continue;
      }
      if (!known_key(path, key_where, "sweep.set")) continue;
      if (path == "run.seed") {
        add(key_where, "sweep.set.run.seed", "each task's run.seed is derived from master_seed",
            "set sweep.master_seed, or sweep run.seed under parameters:");
        continue;
      }
      if (value.IsNull() || value.IsMap()) {
        add(at(value.Mark()), "sweep.set." + path, "expected a value, got " + io::yaml_node_kind(value));
        continue;
      }
      fixed_where_.push_back(at(value.Mark()));
      fixed_keys_.push_back(path);
      plan.fixed_overrides.push_back(path + "=" + override_text(value));
    }
  }

  // True if `path` is a declared scenario key (or keys are not checked); reports it otherwise.
  bool known_key(const std::string& path, Where where, const std::string& block) {
    if (checks_.schema == nullptr || checks_.schema->find(path) != nullptr) return true;
    if (checks_.schema->is_section(path)) {
      add(where, block + "." + path, "'" + path + "' is a section, not a scenario key",
          "keys in this section: " + io::comma_list(checks_.schema->children(path)));
    } else {
      const auto close = checks_.schema->suggest(path);
      add(where, block + "." + path, "unknown scenario key '" + path + "'",
          close ? "did you mean '" + *close + "'?" : "voidsim check --explain SECTION lists the keys");
    }
    return false;
  }

  void read_parameters(const YAML::Node& map) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) {
        add(at(it->first.Mark()), "sweep.parameters", "a key must be a plain name");
        continue;
      }
      const std::string key = it->first.Scalar();
      const std::string where_key = "sweep.parameters." + key;
      const Where key_where = at(it->first.Mark());
      if (!seen.insert(key).second) {
        add(key_where, where_key, "duplicate key");
        continue;
      }
      if (!known_key(key, key_where, "sweep.parameters")) continue;
      if (std::find(fixed_keys_.begin(), fixed_keys_.end(), key) != fixed_keys_.end()) {
        add(key_where, where_key, "'" + key + "' is both fixed (set:) and swept",
            "remove it from one of them");
        continue;
      }
      ParameterSpec spec;
      spec.key = key;
      spec.where = at(it->second.Mark());
      if (checks_.schema != nullptr)
        if (const KeyDeclaration* decl = checks_.schema->find(key))
          spec.integer = decl->kind == ValueKind::integer;
      if (read_parameter(it->second, where_key, spec)) specs_.push_back(std::move(spec));
    }
  }

  bool read_parameter(const YAML::Node& value, const std::string& key, ParameterSpec& spec) {
    if (value.IsSequence()) {
      if (value.size() == 0) {
        add(spec.where, key, "an empty list of values");
        return false;
      }
      for (const auto& element : value) {
        if (element.IsMap() || element.IsNull()) {
          add(at(element.Mark()), key, "list elements must be values, got " + io::yaml_node_kind(element));
          return false;
        }
        spec.values.push_back({override_text(element), at(element.Mark())});
      }
      return true;
    }
    if (!value.IsMap()) {
      add(spec.where, key,
          "expected a list of values, {linspace: [from, to, count]}, "
          "{logspace: [from, to, count]} or {min: a, max: b}, got " +
              io::yaml_node_kind(value),
          "a value that does not vary belongs under set:");
      return false;
    }
    // std::optional: a default-constructed YAML::Node is a defined null node, not "absent".
    std::optional<YAML::Node> range, min, max, scale;
    bool log_range = false;
    for (const auto& [name, v] : keys_of(value, key, {"linspace", "logspace", "min", "max", "scale"})) {
      if (name == "linspace" || name == "logspace") {
        if (range) {
          add(at(v.Mark()), key + "." + name, "give one of linspace or logspace");
          return false;
        }
        range = v;
        log_range = name == "logspace";
      }
      if (name == "min") min = v;
      if (name == "max") max = v;
      if (name == "scale") scale = v;
    }
    if (range) {
      if (min || max || scale) {
        add(spec.where, key, "a range (linspace/logspace) takes no min, max or scale");
        return false;
      }
      return read_range(*range, key + (log_range ? ".logspace" : ".linspace"), log_range, spec);
    }
    if (!min || !max) {
      add(spec.where, key,
          "expected {linspace: [from, to, count]}, {logspace: [from, to, count]} or bounds {min: a, max: b}");
      return false;
    }
    return read_bounds(*min, *max, scale, key, spec);
  }

  // Two quantities in one unit (the first one's): the second is converted if written in another.
  std::optional<std::pair<UserQuantity, UserQuantity>> two_quantities(const YAML::Node& a,
                                                                      const YAML::Node& b,
                                                                      const std::string& key) {
    std::optional<UserQuantity> qa, qb;
    for (const auto* node : {&a, &b}) {
      if (!node->IsScalar()) {
        add(at(node->Mark()), key,
            "expected a number with an optional unit, got " + io::yaml_node_kind(*node));
        return std::nullopt;
      }
      try {
        (node == &a ? qa : qb) = split_user_quantity(node->Scalar());
      } catch (const UnitParseError& e) {
        Where w = at(node->Mark());
        w.column += static_cast<int>(e.offset()) + (node->Tag() == "!" ? 1 : 0);
        add(w, key, "'" + node->Scalar() + "': " + e.what());
        return std::nullopt;
      }
    }
    if (qa->unit != qb->unit) {
      const Quantity ua = parse_unit(qa->unit.empty() ? "1" : qa->unit);
      const Quantity ub = parse_unit(qb->unit.empty() ? "1" : qb->unit);
      if (!(ua.dimension == ub.dimension)) {
        add(at(b.Mark()), key,
            "'" + b.Scalar() + "' is " + describe_dimension(ub.dimension).name + ", '" + a.Scalar() +
                "' is " + describe_dimension(ua.dimension).name);
        return std::nullopt;
      }
      qb->value = qb->value * ub.si_value / ua.si_value;  // now in the first one's unit
      qb->unit = qa->unit;
    }
    return std::make_pair(*qa, *qb);
  }

  bool read_range(const YAML::Node& range, const std::string& key, bool log, ParameterSpec& spec) {
    if (!range.IsSequence() || range.size() != 3) {
      add(at(range.Mark()), key,
          "expected [from, to, count], got " + io::yaml_node_kind(range) +
              (range.IsSequence() ? " of " + std::to_string(range.size()) : ""),
          "e.g. [\"4.5 V\", \"4.9 V\", 5]");
      return false;
    }
    const auto ends = two_quantities(range[0], range[1], key);
    const auto count = whole_number(range[2], key, 1);
    if (!ends || !count) return false;
    const auto& [from, to] = *ends;
    if (log && !(from.value > 0.0 && to.value > 0.0)) {
      add(at(range.Mark()), key, "logspace needs positive end points");
      return false;
    }
    const auto n = static_cast<std::size_t>(*count);
    if (n > max_sweep_tasks) {
      add(at(range[2].Mark()), key, "more values than the limit of " + std::to_string(max_sweep_tasks));
      return false;
    }
    const std::vector<double> values =
        log ? logspace(from.value, to.value, n) : linspace(from.value, to.value, n);
    for (double v : values)
      spec.values.push_back({number_text(v, from.unit, spec.integer), at(range.Mark())});
    return true;
  }

  bool read_bounds(const YAML::Node& min, const YAML::Node& max, const std::optional<YAML::Node>& scale,
                   const std::string& key, ParameterSpec& spec) {
    const auto ends = two_quantities(min, max, key);
    if (!ends) return false;
    spec.has_bounds = true;
    spec.bounds.min = ends->first.value;
    spec.bounds.max = ends->second.value;
    spec.unit = ends->first.unit;
    if (scale) {
      const auto s = scalar(*scale, key + ".scale");
      if (!s) return false;
      if (*s == "log") {
        spec.bounds.scale = Scale::log;
      } else if (*s != "linear") {
        add(at(scale->Mark()), key + ".scale", "expected linear or log, got '" + *s + "'");
        return false;
      }
    }
    if (!(spec.bounds.max > spec.bounds.min)) {
      add(at(max.Mark()), key + ".max", "max must be greater than min");
      return false;
    }
    if (spec.bounds.scale == Scale::log && !(spec.bounds.min > 0.0)) {
      add(at(min.Mark()), key + ".min", "a log scale needs positive bounds");
      return false;
    }
    return true;
  }

  static std::string number_text(double value, const std::string& unit, bool integer) {
    if (integer) return std::to_string(std::llround(value));
    return format_user_quantity(value, unit);
  }

  void read_slurm(const YAML::Node& block, SlurmSettings& slurm) {
    if (!block.IsMap()) {
      add(at(block.Mark()), "sweep.slurm", "expected a mapping, got " + io::yaml_node_kind(block));
      return;
    }
    const std::vector<std::string> allowed = {"job_name", "partition", "account",       "qos",
                                              "time",     "memory",    "cpus_per_task", "max_concurrent",
                                              "sbatch",   "setup"};
    for (const auto& entry : keys_of(block, "sweep.slurm", allowed)) {
      // Not a structured binding: the lambdas below capture the node (clang 14 cannot capture
      // structured bindings, the fuzz build uses clang).
      const std::string& name = entry.first;
      const YAML::Node& value = entry.second;
      const std::string key = "sweep.slurm." + name;
      auto text = [&](std::string& out) {
        if (auto s = scalar(value, key)) {
          // One word: sbatch splits #SBATCH lines at white space.
          if (s->empty() || s->find_first_of(" \t\n\r'\"") != std::string::npos)
            add(at(value.Mark()), key, "must be one word without spaces or quotes, got '" + *s + "'");
          else
            out = *s;
        }
      };
      auto lines = [&](std::vector<std::string>& out) {
        if (!value.IsSequence()) {
          add(at(value.Mark()), key, "expected a list of lines, got " + io::yaml_node_kind(value));
          return;
        }
        for (const auto& line : value) {
          if (!line.IsScalar() || line.Scalar().find_first_of("\n\r") != std::string::npos) {
            add(at(line.Mark()), key, "each entry must be one line of text");
            continue;
          }
          out.push_back(line.Scalar());
        }
      };
      if (name == "job_name") text(slurm.job_name);
      if (name == "partition") text(slurm.partition);
      if (name == "account") text(slurm.account);
      if (name == "qos") text(slurm.qos);
      if (name == "time") text(slurm.time);
      if (name == "memory") text(slurm.memory);
      if (name == "cpus_per_task")
        if (auto n = whole_number(value, key, 1)) slurm.cpus_per_task = static_cast<int>(*n);
      if (name == "max_concurrent")
        if (auto n = whole_number(value, key, 1)) slurm.max_concurrent = static_cast<std::size_t>(*n);
      if (name == "sbatch") lines(slurm.sbatch);
      if (name == "setup") lines(slurm.setup);
    }
  }

  // Points from the specs; then tasks (point-major, replicates inner) with their seeds.
  void expand(SweepPlan& plan) {
    const bool sampler = combine_ == Combine::latin_hypercube || combine_ == Combine::sobol;
    for (const auto& spec : specs_) {
      if (sampler && !spec.has_bounds)
        add(spec.where, "sweep.parameters." + spec.key,
            "latin_hypercube and sobol sample within bounds: write {min: a, max: b} (scale: log optional)");
      if (!sampler && spec.has_bounds)
        add(spec.where, "sweep.parameters." + spec.key,
            "bounds {min, max} need combine: latin_hypercube or sobol with samples: N",
            "for evenly spaced values use {linspace: [from, to, count]}");
    }
    if (sampler && specs_.empty())
      add(combine_where_, "sweep.parameters", "nothing to sample: no parameters");
    if (!diagnostics_.empty()) return;
    std::vector<std::vector<SweptValue>> point_values;  // [point][parameter]
    if (combine_ == Combine::product) {
      std::vector<std::size_t> sizes;
      double total = 1.0;
      for (const auto& spec : specs_) {
        sizes.push_back(spec.values.size());
        total *= static_cast<double>(spec.values.size());
      }
      if (total * static_cast<double>(plan.replicates) > static_cast<double>(max_sweep_tasks)) {
        add(sweep_mark_, "sweep.parameters",
            "the product has more tasks than the limit of " + std::to_string(max_sweep_tasks));
        return;
      }
      for (const auto& tuple : cartesian_product(sizes)) {
        std::vector<SweptValue> values;
        for (std::size_t k = 0; k < specs_.size(); ++k) values.push_back(specs_[k].values[tuple[k]]);
        point_values.push_back(std::move(values));
      }
    } else if (combine_ == Combine::zip) {
      const std::size_t n = specs_.empty() ? 0 : specs_.front().values.size();
      for (const auto& spec : specs_) {
        if (spec.values.size() != n)
          add(spec.where, "sweep.parameters." + spec.key,
              "zip needs lists of one length: " + std::to_string(spec.values.size()) + " values here, " +
                  std::to_string(n) + " for " + specs_.front().key);
      }
      if (specs_.empty()) add(combine_where_, "sweep.parameters", "nothing to zip: no parameters");
      if (!diagnostics_.empty()) return;
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<SweptValue> values;
        for (const auto& spec : specs_) values.push_back(spec.values[i]);
        point_values.push_back(std::move(values));
      }
    } else {
      if (samples_ * plan.replicates > max_sweep_tasks) {
        add(samples_where_, "sweep.samples",
            "more tasks than the limit of " + std::to_string(max_sweep_tasks));
        return;
      }
      if (combine_ == Combine::sobol && specs_.size() > 3667) {
        add(combine_where_, "sweep.combine", "Sobol points have at most 3667 dimensions");
        return;
      }
      const auto unit_points = combine_ == Combine::sobol
                                   ? sobol_points(samples_, specs_.size())
                                   : latin_hypercube(samples_, specs_.size(), plan.master_seed);
      for (const auto& u : unit_points) {
        std::vector<SweptValue> values;
        for (std::size_t k = 0; k < specs_.size(); ++k)
          values.push_back(
              {number_text(map_to_bounds(u[k], specs_[k].bounds), specs_[k].unit, specs_[k].integer),
               specs_[k].where});
        point_values.push_back(std::move(values));
      }
    }

    const bool seed_swept =
        std::any_of(specs_.begin(), specs_.end(), [](const ParameterSpec& s) { return s.key == "run.seed"; });
    if (seed_swept && plan.replicates > 1) {
      add(replicates_where_.line > 0 ? replicates_where_ : sweep_mark_, "sweep.replicates",
          "run.seed is swept, so replicates would repeat the same runs", "use replicates: 1");
      return;
    }
    for (const auto& spec : specs_) plan.parameter_keys.push_back(spec.key);
    plan.points = point_values.size();
    point_where_ = point_values;
    for (std::size_t point = 0; point < plan.points; ++point) {
      for (std::size_t replicate = 0; replicate < plan.replicates; ++replicate) {
        SweepTask task;
        task.index = plan.tasks.size();
        task.point = point;
        task.replicate = replicate;
        task.seed = derive_task_seed(plan.master_seed, point, replicate);
        for (std::size_t k = 0; k < specs_.size(); ++k) {
          const std::string& text = point_values[point][k].text;
          task.parameters.push_back({specs_[k].key, text, si_value_of(text)});
          if (specs_[k].key == "run.seed") {
            try {
              task.seed = std::stoull(text);
            } catch (const std::exception&) {
              add(point_values[point][k].where, "sweep.parameters.run.seed", "'" + text + "' is not a seed");
            }
          }
        }
        plan.tasks.push_back(std::move(task));
      }
    }
  }

  // Each point's scenario through the app's loader and validation; diagnostics about "--set"
  // entries point back into the sweep file.
  void validate_points(const SweepPlan& plan) {
    if (!checks_.validate_point) return;
    std::set<std::string> reported;
    for (std::size_t point = 0; point < plan.points; ++point) {
      const SweepTask& task = plan.tasks[point * plan.replicates];
      const std::vector<std::string> overrides = task_overrides(plan, task);
      try {
        checks_.validate_point(plan.base_scenario, overrides);
      } catch (const InputError& e) {
        for (Diagnostic d : e.diagnostics()) {
          if (d.file == "--set" && d.line >= 1 && static_cast<std::size_t>(d.line) <= overrides.size()) {
            const auto i = static_cast<std::size_t>(d.line - 1);
            Where w = sweep_mark_;
            std::string context;
            if (i < fixed_where_.size()) {
              w = fixed_where_[i];
            } else if (i < fixed_where_.size() + plan.parameter_keys.size()) {
              const std::size_t k = i - fixed_where_.size();
              w = point_where_[point][k].where;
              context = "point " + std::to_string(point) + ": " + overrides[i];
            } else {
              w = seed_where_.line > 0 ? seed_where_ : sweep_mark_;
            }
            d.file = file_.string();
            d.line = w.line;
            d.column = w.column;
            if (!context.empty()) d.hint = d.hint.empty() ? context : d.hint + "; " + context;
          }
          // The same problem at the same place is reported once, with the first point showing it.
          Diagnostic without_hint = d;
          without_hint.hint.clear();
          if (reported.insert(without_hint.format()).second) diagnostics_.push_back(std::move(d));
        }
        if (reported.size() >= 20) break;  // enough to fix before trying again
      }
    }
  }

  const SweepFileChecks& checks_;
  Combine combine_ = Combine::product;
  std::size_t samples_ = 0;
  Where sweep_mark_, combine_where_, samples_where_, replicates_where_, seed_where_;
  std::vector<Where> fixed_where_;
  std::vector<std::string> fixed_keys_;
  std::vector<ParameterSpec> specs_;
  std::vector<std::vector<SweptValue>> point_where_;
};

}  // namespace

SweepDefinition read_sweep_file(const fs::path& file, const SweepFileChecks& checks) {
  return SweepReader(file, checks).read();
}

SweepPlan load_sweep_file(const fs::path& file, const SweepFileChecks& checks) {
  return read_sweep_file(file, checks).plan;
}

}  // namespace voidsim::sweep
