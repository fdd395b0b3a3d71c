#pragma once
// Wording shared by the YAML readers (scenario files, sweep files) so their error messages read
// the same: what kind of node a user wrote, and lists of keys.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace voidsim::io {

/// "a mapping", "a sequence", "nothing" or "a single value": what the user wrote where a message
/// says what was expected instead.
[[nodiscard]] inline std::string yaml_node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a sequence";
  if (node.IsNull()) return "nothing";
  return "a single value";
}

/// "a, b, c": keys listed in a hint.
[[nodiscard]] inline std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace voidsim::io
