#include "app/calibration_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/scenario.hpp"
#include "core/units.hpp"
#include "io/yaml_diagnostics.hpp"
#include "io/yaml_text.hpp"

namespace voidsim::app {

namespace fs = std::filesystem;

namespace {

using Where = io::YamlPlace;
Where at(const YAML::Mark& mark) { return io::place_of(mark); }

class CalibrationReader : io::YamlDiagnostics {
 public:
  CalibrationReader(fs::path file, const Schema& schema)
      : YamlDiagnostics(std::move(file)), schema_(schema) {}

  CalibrationDefinition read() {
    std::ifstream in(file_, std::ios::binary);
    std::error_code ec;
    if (!in || !fs::is_regular_file(file_, ec))
      throw IoError("cannot read calibration file '" + file_.string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    YAML::Node root;
    try {
      root = YAML::Load(text.str());
    } catch (const YAML::Exception& e) {
      add(at(e.mark), "", "YAML syntax error: " + e.msg);
      throw_if_any();
    }
    CalibrationDefinition def;
    def.file = file_;
    YAML::Node block;
    if (root.IsMap())
      for (const auto& entry : keys_of(root, "", {"calibration"})) block = entry.second;
    if (!block.IsDefined() || !block.IsMap()) {
      add(at(root.Mark()), "calibration", "missing the calibration: block (a mapping)");
      throw_if_any();
    }
    const std::vector<std::string> allowed = {"scenario",   "set",   "dataset",   "experiment",
                                              "parameters", "seeds", "optimizer", "profile_points"};
    bool has_dataset = false, has_parameters = false;
    for (const auto& [name, value] : keys_of(block, "calibration", allowed)) {
      const std::string key = "calibration." + name;
      if (name == "scenario") {
        if (const auto s = scalar(value, key)) def.scenario = relative_file(*s, value, key);
      } else if (name == "dataset") {
        has_dataset = true;
        if (const auto s = scalar(value, key)) def.dataset = (base_dir() / *s).lexically_normal();
      } else if (name == "experiment") {
        def.experiment = scalar(value, key).value_or("");
      } else if (name == "set") {
        read_set(value, key, def);
      } else if (name == "parameters") {
        has_parameters = true;
        read_parameters(value, key, def);
      } else if (name == "seeds") {
        read_seeds(value, key, def);
      } else if (name == "optimizer") {
        read_optimizer(value, key, def);
      } else if (name == "profile_points") {
        if (const auto n = whole(value, key, 0, 50)) def.profile_points = static_cast<std::size_t>(*n);
      }
    }
    if (!has_dataset) add(at(block.Mark()), "calibration.dataset", "missing: the measured dataset to fit");
    if (!has_parameters) add(at(block.Mark()), "calibration.parameters", "missing: the parameters to fit");
    throw_if_any();
    return def;
  }

 private:
  fs::path base_dir() const { return fs::absolute(file_).parent_path(); }

  fs::path relative_file(const std::string& text, const YAML::Node& node, const std::string& key) {
    const fs::path path = (base_dir() / text).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      add(at(node.Mark()), key, "cannot read '" + path.string() + "'",
          "the path is relative to the calibration file");
    return path;
  }

  std::optional<long long> whole(const YAML::Node& node, const std::string& key, long long lo, long long hi) {
    const auto text = scalar(node, key);
    if (!text) return std::nullopt;
    try {
      std::size_t used = 0;
      const long long v = std::stoll(*text, &used);
      if (used == text->size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    add(at(node.Mark()), key,
        "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" +
            *text + "'");
    return std::nullopt;
  }

  // set: a mapping of dotted scenario keys to values, passed as --set overrides.
  void read_set(const YAML::Node& node, const std::string& key, CalibrationDefinition& def) {
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      add(at(node.Mark()), key, "expected a mapping of scenario keys, got " + io::yaml_node_kind(node));
      return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string name = it->first.Scalar();
      if (!schema_.find(name)) {
        const auto close = schema_.suggest(name);
        add(at(it->first.Mark()), key + "." + name, "not a scenario key",
            close ? "did you mean '" + *close + "'?" : "");
        continue;
      }
      if (const auto v = scalar(it->second, key + "." + name)) def.overrides.push_back(name + "=" + *v);
    }
  }

  void read_parameters(const YAML::Node& node, const std::string& key, CalibrationDefinition& def) {
    if (!node.IsMap() || node.size() == 0) {
      add(at(node.Mark()), key, "expected a mapping of scenario keys to {min:, max:, start:}");
      return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string name = it->first.Scalar();
      const std::string k = key + "." + name;
      const KeyDeclaration* decl = schema_.find(name);
      if (!decl || (decl->kind != ValueKind::real && decl->kind != ValueKind::quantity)) {
        const auto close = decl ? std::nullopt : schema_.suggest(name);
        add(at(it->first.Mark()), k,
            decl ? "only real and quantity keys can be calibrated" : "not a scenario key",
            close ? "did you mean '" + *close + "'?" : "");
        continue;
      }
      if (!it->second.IsMap()) {
        add(at(it->second.Mark()), k,
            "expected {min:, max:, start:, scale:}, got " + io::yaml_node_kind(it->second));
        continue;
      }
      CalibratedParameter p;
      p.key = name;
      p.unit = decl->kind == ValueKind::quantity ? decl->unit : "";
      bool has_min = false, has_max = false, has_start = false, ok = true;
      for (const auto& [field, value] : keys_of(it->second, k, {"min", "max", "start", "scale"})) {
        if (field == "scale") {
          const auto s = scalar(value, k + ".scale");
          if (s && (*s == "log" || *s == "linear"))
            p.log_scale = *s == "log";
          else if (s)
            add(at(value.Mark()), k + ".scale", "unknown scale '" + *s + "'", "linear or log");
          continue;
        }
        const auto v = value_of(value, k + "." + field, *decl);
        ok = ok && v.has_value();
        if (!v) continue;
        if (field == "min") p.min = *v, has_min = true;
        if (field == "max") p.max = *v, has_max = true;
        if (field == "start") p.start = *v, has_start = true;
      }
      if (!ok) continue;
      const Where here = at(it->second.Mark());
      if (!has_min || !has_max || !has_start) {
        add(here, k, "give min:, max: and start:");
        continue;
      }
      if (!(p.min < p.max)) add(here, k, "min must be below max");
      if (p.start < p.min || p.start > p.max) add(here, k + ".start", "start must lie within [min, max]");
      if (p.log_scale && !(p.min > 0.0)) add(here, k + ".scale", "a log scale needs min > 0");
      for (double v : {p.min, p.max})
        if (const std::string why = range_violation(*decl, v); !why.empty()) add(here, k, "bound " + why);
      def.parameters.push_back(std::move(p));
    }
  }

  std::optional<double> value_of(const YAML::Node& node, const std::string& key, const KeyDeclaration& decl) {
    const auto text = scalar(node, key);
    if (!text) return std::nullopt;
    try {
      const ScenarioValue v = parse_scalar_value(decl, *text);
      return std::get<double>(v);
    } catch (const UnitParseError& e) {
      add(at(node.Mark()), key, std::string(e.what()) + " in '" + *text + "'");
    } catch (const std::bad_variant_access&) {
      add(at(node.Mark()), key, "expected a number");
    }
    return std::nullopt;
  }

  void read_seeds(const YAML::Node& node, const std::string& key, CalibrationDefinition& def) {
    if (!node.IsSequence() || node.size() == 0 || node.size() > 64) {
      add(at(node.Mark()), key, "expected a list of 1 to 64 seeds, e.g. [1, 2, 3]");
      return;
    }
    def.seeds.clear();
    for (const auto& s : node)
      if (const auto v = whole(s, key, 0, 9007199254740991LL)) def.seeds.push_back(*v);
  }

  void read_optimizer(const YAML::Node& node, const std::string& key, CalibrationDefinition& def) {
    if (!node.IsMap()) {
      add(at(node.Mark()), key, "expected {algorithm:, max_evaluations:, xtol_rel:, initial_grid:}");
      return;
    }
    for (const auto& [field, value] :
         keys_of(node, key, {"algorithm", "max_evaluations", "xtol_rel", "initial_grid"})) {
      const std::string k = key + "." + field;
      if (field == "algorithm") {
        const auto s = scalar(value, k);
        const auto& known = calibration_algorithms();
        if (s && std::find(known.begin(), known.end(), *s) != known.end())
          def.algorithm = *s;
        else if (s)
          add(at(value.Mark()), k, "unknown algorithm '" + *s + "'", "one of " + io::comma_list(known));
      } else if (field == "max_evaluations") {
        if (const auto n = whole(value, k, 1, 100000)) def.max_evaluations = static_cast<std::size_t>(*n);
      } else if (field == "initial_grid") {
        if (const auto n = whole(value, k, 0, 20)) def.initial_grid = static_cast<std::size_t>(*n);
        if (def.initial_grid == 1)
          add(at(value.Mark()), k, "a grid needs at least 2 points per parameter (0: none)");
      } else if (field == "xtol_rel") {
        const auto s = scalar(value, k);
        const auto v = s ? parse_plain_number(*s) : std::nullopt;
        if (v && *v > 0.0 && *v < 1.0)
          def.xtol_rel = *v;
        else if (s)
          add(at(value.Mark()), k, "expected a number between 0 and 1, got '" + *s + "'");
      }
    }
  }

  const Schema& schema_;
};

}  // namespace

const std::vector<std::string>& calibration_algorithms() {
  static const std::vector<std::string> names = {"LN_SBPLX", "LN_NELDERMEAD", "LN_BOBYQA", "LN_COBYLA"};
  return names;
}

CalibrationDefinition read_calibration_file(const fs::path& file, const Schema& schema) {
  return CalibrationReader(file, schema).read();
}

}  // namespace voidsim::app
