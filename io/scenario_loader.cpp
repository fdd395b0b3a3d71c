#include "io/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "io/yaml_text.hpp"

namespace voidsim::io {

namespace {

namespace fs = std::filesystem;

struct Assigned {
  ScenarioValue value;
  ValueOrigin origin;
};
using Assignments = std::map<std::string, Assigned>;

// Maps yaml-cpp marks (0-based) to 1-based diagnostic positions. A --set override is parsed on
// its own, so its "line" is the override's position among all --set options and its columns are
// shifted to count from the start of "KEY=VALUE".
struct Source {
  std::string file;
  int fixed_line = 0;  // > 0: use this line for every mark
  int column_shift = 0;

  [[nodiscard]] ValueOrigin at(const YAML::Mark& mark) const {
    return {file, fixed_line > 0 ? fixed_line : mark.line + 1, mark.column + 1 + column_shift};
  }
};

bool is_list_kind(ValueKind kind) { return kind == ValueKind::quantity_list || kind == ValueKind::real_list; }

std::string size_limit_message(std::uintmax_t size) {
  return std::to_string(size) + " bytes, more than the " + std::to_string(max_scenario_bytes) +
         " bytes a scenario may have (is it the right file?)";
}

// The file's text, or nullopt with the reason in `why`. At most max_scenario_bytes are read, also
// from files that report no size (/proc) or grow while being read.
std::optional<std::string> read_text(const fs::path& file, std::string& why) {
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (!fs::is_regular_file(status)) {
    why = status.type() == fs::file_type::not_found ? "no such file"
          : ec                                      ? ec.message()
                                                    : "not a regular file";
    return std::nullopt;
  }
  if (const auto size = fs::file_size(file, ec); !ec && size > max_scenario_bytes) {
    why = size_limit_message(size);
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    why = "cannot open it";
    return std::nullopt;
  }
  // In blocks, up to one byte past the limit: the size reported above may be 0 (/proc) or stale.
  std::string text;
  char block[16384];
  while (text.size() <= max_scenario_bytes && in.read(block, sizeof block).gcount() > 0)
    text.append(block, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  if (text.size() > max_scenario_bytes) {
    why = "more than " + std::to_string(max_scenario_bytes) + " bytes (is it the right file?)";
    return std::nullopt;
  }
  return text;
}

class Loader {
 public:
  explicit Loader(const Schema& schema) : schema_(schema) {}

  // Loads one document and, first, its `extends` chain into `out`. `chain` holds the canonical
  // paths of the documents currently being loaded, to detect cycles.
  void load_document(std::string_view text, const std::string& display_name, const fs::path& base_dir,
                     std::vector<std::pair<fs::path, std::string>> chain, Assignments& out) {
    const Source source{display_name};
    if (text.size() > max_scenario_bytes) {
      add({display_name, 1, 1}, "", "the scenario text is " + size_limit_message(text.size()));
      return;
    }
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      add(source.at(e.mark), "", "YAML syntax error: " + e.msg);
      return;
    }
    if (root.IsNull()) return;  // an empty file: every key at its default
    if (!root.IsMap()) {
      add(source.at(root.Mark()), "", "a scenario must be a mapping of keys, got " + yaml_node_kind(root));
      return;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == "extends") {
        load_base(it->first, it->second, source, base_dir, chain, out);
        break;  // a duplicate `extends` is reported by the walk below
      }
    }
    walk_mapping(root, "", source, out);
  }

  void apply_override(const std::string& text, int index, Assignments& out) {
    const ValueOrigin start{"--set", index, 1};
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      add(start, "", "expected KEY=VALUE (e.g. electrolyte.thickness=250nm), got '" + text + "'");
      return;
    }
    std::size_t key_begin = 0;
    while (key_begin < eq && text[key_begin] == ' ') ++key_begin;
    std::size_t key_end = eq;
    while (key_end > key_begin && text[key_end - 1] == ' ') --key_end;
    const std::string key = text.substr(key_begin, key_end - key_begin);
    const ValueOrigin key_origin{"--set", index, static_cast<int>(key_begin) + 1};
    const KeyDeclaration* decl = schema_.find(key);
    if (decl == nullptr) {
      if (schema_.is_section(key)) {
        add(key_origin, key, "'" + key + "' is a section; --set needs one of its keys",
            "keys in this section: " + comma_list(schema_.children(key)));
      } else {
        const auto suggestion = full() ? std::nullopt : schema_.suggest(key);
        add(key_origin, key, "unknown key '" + key + "'",
            suggestion ? "did you mean '" + *suggestion + "'?" : std::string());
      }
      return;
    }
    const Source source{"--set", index, static_cast<int>(eq) + 1};
    YAML::Node value;
    try {
      value = YAML::Load(text.substr(eq + 1));
    } catch (const YAML::Exception& e) {
      add(source.at(e.mark), key, "YAML syntax error in the value: " + e.msg);
      return;
    }
    assign(*decl, value, {"--set", index, static_cast<int>(eq) + 2}, source, out);
  }

  /// Every diagnostic, the last one saying how many were left out past max_diagnostics.
  [[nodiscard]] std::vector<Diagnostic>& diagnostics() {
    if (suppressed_ > 0) {
      Diagnostic more = diagnostics_.back();
      more.key.clear();
      more.hint.clear();
      more.message = "stopped listing after " + std::to_string(max_diagnostics) + " problems (" +
                     std::to_string(suppressed_) + " more); fix these first";
      diagnostics_.push_back(std::move(more));
      suppressed_ = 0;
    }
    return diagnostics_;
  }

 private:
  // A file that is not a scenario at all (a log, a data table) can have thousands of "unknown
  // keys"; listing them, and computing a hint for each, helps nobody and made loading slow
  // (found by fuzz/fuzz_scenario). Past this many, problems are only counted.
  static constexpr std::size_t max_diagnostics = 100;
  [[nodiscard]] bool full() const { return diagnostics_.size() >= max_diagnostics; }

  void add(const ValueOrigin& where, std::string key, std::string message, std::string hint = {}) {
    if (full()) {
      ++suppressed_;
      return;
    }
    Diagnostic d;
    d.file = where.file;
    d.line = where.line;
    d.column = where.column;
    d.key = std::move(key);
    d.message = std::move(message);
    d.hint = std::move(hint);
    diagnostics_.push_back(std::move(d));
  }

  void load_base(const YAML::Node& key, const YAML::Node& value, const Source& source,
                 const fs::path& base_dir, std::vector<std::pair<fs::path, std::string>> chain,
                 Assignments& out) {
    const ValueOrigin where = value.IsNull() ? source.at(key.Mark()) : source.at(value.Mark());
    if (!value.IsScalar() || value.Scalar().empty()) {
      add(where, "extends", "extends takes one file name, got " + yaml_node_kind(value));
      return;
    }
    const fs::path base_path = (base_dir / value.Scalar()).lexically_normal();
    const std::string base_name = base_path.string();
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(base_path, ec);
    for (std::size_t i = 0; i < chain.size(); ++i) {
      if (chain[i].first != canonical) continue;
      std::string cycle;
      for (std::size_t j = i; j < chain.size(); ++j) cycle += chain[j].second + " -> ";
      add(where, "extends", "extends cycle: " + cycle + base_name);
      return;
    }
    std::string why;
    const auto text = read_text(base_path, why);
    if (!text) {
      add(where, "extends", "cannot read base scenario '" + base_name + "': " + why);
      return;
    }
    chain.emplace_back(canonical, base_name);
    load_document(*text, base_name, base_path.parent_path(), std::move(chain), out);
  }

  void walk_mapping(const YAML::Node& map, const std::string& prefix, const Source& source,
                    Assignments& out) {
    std::map<std::string, int> first_line;  // yaml-cpp keeps duplicate keys; we reject them
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies, not references: yaml-cpp's iterator-> returns a temporary proxy, so a reference
      // to it->first dangles at the end of the statement (ASan stack-use-after-scope, found by
      // fuzz/fuzz_scenario). Nodes are handles; copying one is cheap.
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      const ValueOrigin key_origin = source.at(key.Mark());
      if (!key.IsScalar()) {
        add(key_origin, prefix, "a key must be a plain name, got " + yaml_node_kind(key));
        continue;
      }
      const std::string& name = key.Scalar();
      const std::string path = prefix.empty() ? name : prefix + "." + name;
      if (const auto seen = first_line.find(name); seen != first_line.end()) {
        add(key_origin, path, "duplicate key '" + name + "'",
            "first defined at line " + std::to_string(seen->second));
        continue;
      }
      first_line.emplace(name, key_origin.line);
      if (prefix.empty() && name == "extends") continue;  // handled by load_document
      if (const KeyDeclaration* decl = schema_.find(path)) {
        assign(*decl, value, key_origin, source, out);
      } else if (schema_.is_section(path)) {
        if (value.IsMap()) {
          walk_mapping(value, path, source, out);
        } else if (!value.IsNull()) {  // "section:" with nothing under it is an empty section
          add(source.at(value.Mark()), path,
              "'" + path + "' is a section; expected a mapping of its keys, got " + yaml_node_kind(value),
              "keys in this section: " + comma_list(schema_.children(path)));
        }
      } else {
        add(key_origin, path, "unknown key '" + name + "'",
            full() ? std::string() : unknown_key_hint(prefix, name, path));
      }
    }
  }

  [[nodiscard]] std::string unknown_key_hint(const std::string& prefix, const std::string& name,
                                             const std::string& path) const {
    auto siblings = schema_.children(prefix);
    if (prefix.empty()) siblings.emplace_back("extends");
    if (const auto sibling = closest_match(name, siblings)) return "did you mean '" + *sibling + "'?";
    if (const auto anywhere = schema_.suggest(path)) return "did you mean '" + *anywhere + "'?";
    if (!siblings.empty() && siblings.size() <= 12)
      return "known keys " + (prefix.empty() ? std::string("at the top level") : "in '" + prefix + "'") +
             ": " + comma_list(siblings);
    return {};
  }

  // Column of a problem at `offset` inside a scalar: quoted scalars start one column later.
  static ValueOrigin inside(const ValueOrigin& scalar_start, const YAML::Node& scalar, std::size_t offset) {
    ValueOrigin where = scalar_start;
    const bool quoted = scalar.Tag() == "!";
    where.column += static_cast<int>(offset) + (quoted ? 1 : 0);
    return where;
  }

  // Converts one YAML value of a declared key; records a diagnostic instead if it does not fit.
  void assign(const KeyDeclaration& decl, const YAML::Node& value, const ValueOrigin& key_origin,
              const Source& source, Assignments& out) {
    const std::string& path = decl.path;
    if (!value.IsDefined() || value.IsNull()) {
      add(key_origin, path, "missing value; expected " + describe_kind(decl));
      return;
    }
    const ValueOrigin where = source.at(value.Mark());
    if (is_list_kind(decl.kind)) {
      if (!value.IsSequence()) {
        add(where, path,
            "expected " + describe_kind(decl) + " as a sequence such as [a, b], got " +
                yaml_node_kind(value));
        return;
      }
      std::vector<double> list;
      bool ok = true;
      for (const auto& element : value) {
        const ValueOrigin element_origin = source.at(element.Mark());
        if (!element.IsScalar()) {
          add(element_origin, path, "list elements must be single values, got " + yaml_node_kind(element));
          ok = false;
          continue;
        }
        try {
          const double number = parse_list_element(decl, element.Scalar());
          if (auto why = range_violation(decl, number); !why.empty()) {
            add(element_origin, path, "value " + element.Scalar() + " out of range: " + why);
            ok = false;
          }
          list.push_back(number);
        } catch (const UnitParseError& e) {
          add(inside(element_origin, element, e.offset()), path, e.what());
          ok = false;
        }
      }
      if (ok) out[path] = {std::move(list), where};
      return;
    }
    if (!value.IsScalar()) {
      add(where, path, "expected " + describe_kind(decl) + ", got " + yaml_node_kind(value));
      return;
    }
    const std::string& text = value.Scalar();
    ScenarioValue converted;
    try {
      converted = parse_scalar_value(decl, text);
    } catch (const UnitParseError& e) {
      std::string hint;
      if (decl.kind == ValueKind::choice)
        if (auto close = closest_match(text, decl.choices)) hint = "did you mean '" + *close + "'?";
      add(inside(where, value, e.offset()), path, e.what(), hint);
      return;
    }
    std::string why;
    if (const auto* number = std::get_if<double>(&converted)) why = range_violation(decl, *number);
    if (const auto* integer = std::get_if<long long>(&converted))
      why = range_violation(decl, static_cast<double>(*integer));
    if (!why.empty()) {
      add(where, path, "value " + text + " out of range: " + why);
      return;
    }
    out[path] = {std::move(converted), where};
  }

  const Schema& schema_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t suppressed_ = 0;
};

Scenario finish(Loader& loader, Assignments& assigned, const std::vector<std::string>& set_overrides,
                const Schema& schema, const std::string& source_file) {
  for (std::size_t i = 0; i < set_overrides.size(); ++i)
    loader.apply_override(set_overrides[i], static_cast<int>(i) + 1, assigned);
  if (!loader.diagnostics().empty()) throw InputError(std::move(loader.diagnostics()));
  Scenario scenario(schema);
  for (auto& [path, entry] : assigned) scenario.set(path, std::move(entry.value), std::move(entry.origin));
  scenario.source_file = source_file;
  scenario.resolved_yaml = resolved_yaml(scenario, schema);
  return scenario;
}

struct TreeNode {
  std::string name;
  const KeyDeclaration* decl = nullptr;
  std::vector<TreeNode> children;
};

void insert(TreeNode& root, const KeyDeclaration& decl) {
  TreeNode* node = &root;
  std::size_t start = 0;
  while (true) {
    const auto dot = decl.path.find('.', start);
    const std::string name =
        decl.path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    auto it = std::find_if(node->children.begin(), node->children.end(),
                           [&](const TreeNode& child) { return child.name == name; });
    if (it == node->children.end()) {
      node->children.push_back({name, nullptr, {}});
      it = std::prev(node->children.end());
    }
    node = &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  node->decl = &decl;
}

void emit(std::ostringstream& out, const TreeNode& node, const Scenario& scenario, int depth) {
  const std::string indent(static_cast<std::size_t>(2 * depth), ' ');
  for (const auto& child : node.children) {
    if (child.decl != nullptr) {
      std::string description = child.decl->description;
      std::replace(description.begin(), description.end(), '\n', ' ');
      if (!description.empty()) out << indent << "# " << description << '\n';
      const auto it = scenario.values().find(child.decl->path);
      if (it == scenario.values().end())
        throw std::logic_error("resolved_yaml: scenario has no value for '" + child.decl->path + "'");
      out << indent << child.name << ": " << format_value(*child.decl, it->second) << '\n';
    } else {
      out << indent << child.name << ":\n";
      emit(out, child, scenario, depth + 1);
    }
  }
}

}  // namespace

Scenario load_scenario(const fs::path& file, const Schema& schema,
                       const std::vector<std::string>& set_overrides) {
  std::string why;
  const auto text = read_text(file, why);
  if (!text) throw IoError("cannot read scenario file '" + file.string() + "': " + why);
  Loader loader(schema);
  Assignments assigned;
  std::error_code ec;
  const std::string name = file.string();
  loader.load_document(*text, name, file.parent_path(), {{fs::weakly_canonical(file, ec), name}}, assigned);
  return finish(loader, assigned, set_overrides, schema, name);
}

Scenario load_scenario_text(std::string_view yaml_text, const std::string& display_name, const Schema& schema,
                            const std::vector<std::string>& set_overrides) {
  Loader loader(schema);
  Assignments assigned;
  loader.load_document(yaml_text, display_name, fs::path(), {}, assigned);
  return finish(loader, assigned, set_overrides, schema, "");
}

std::string resolved_yaml(const Scenario& scenario, const Schema& schema) {
  TreeNode root;
  for (const auto& decl : schema.keys()) insert(root, decl);
  std::ostringstream out;
  out << "# voidsim resolved scenario: every declared key, defaults included, in display units.\n";
  emit(out, root, scenario, 0);
  return out.str();
}

}  // namespace voidsim::io
