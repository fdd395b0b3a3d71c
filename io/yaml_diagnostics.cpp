#include "io/yaml_diagnostics.hpp"

#include <algorithm>
#include <set>

#include "core/schema.hpp"
#include "io/yaml_text.hpp"

namespace voidsim::io {

void YamlDiagnostics::add(YamlPlace where, std::string key, std::string message, std::string hint) {
  diagnostics_.push_back(Diagnostic{file_.string(), where.line, where.column, std::move(key),
                                    std::move(message), std::move(hint)});
}

void YamlDiagnostics::throw_if_any() {
  if (!diagnostics_.empty()) throw InputError(std::move(diagnostics_));
}

std::vector<std::pair<std::string, YAML::Node>> YamlDiagnostics::keys_of(
    const YAML::Node& map, const std::string& section, const std::vector<std::string>& allowed) {
  std::vector<std::pair<std::string, YAML::Node>> entries;
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) {
      add(place_of(it->first.Mark()), section, "a key must be a plain name");
      continue;
    }
    const std::string& name = it->first.Scalar();
    const std::string path = section.empty() ? name : section + "." + name;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      const auto close = closest_match(name, allowed);
      add(place_of(it->first.Mark()), path, "unknown key '" + name + "'",
          close ? "did you mean '" + *close + "'?" : "known keys: " + comma_list(allowed));
      continue;
    }
    if (!seen.insert(name).second) {
      add(place_of(it->first.Mark()), path, "duplicate key '" + name + "'");
      continue;
    }
    entries.emplace_back(name, it->second);
  }
  return entries;
}

std::optional<std::string> YamlDiagnostics::scalar(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) {
    add(place_of(node.Mark()), key, "expected a single value, got " + yaml_node_kind(node));
    return std::nullopt;
  }
  return node.Scalar();
}

}  // namespace voidsim::io
