#pragma once
// The located-error half of the YAML readers that are not scenario files (sweep files, measured
// datasets): every problem is collected as a Diagnostic (file, 1-based line and column, dotted key,
// message, hint) and all of them are thrown together as one InputError, so a user fixes a file in
// one pass. Readers derive from YamlDiagnostics and use its helpers for the common checks.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace voidsim::io {

/// 1-based line and column of a YAML node (yaml-cpp marks are 0-based).
struct YamlPlace {
  int line = 0;
  int column = 0;
};

[[nodiscard]] inline YamlPlace place_of(const YAML::Mark& mark) { return {mark.line + 1, mark.column + 1}; }

class YamlDiagnostics {
 public:
  explicit YamlDiagnostics(std::filesystem::path file) : file_(std::move(file)) {}

 protected:
  void add(YamlPlace where, std::string key, std::string message, std::string hint = {});
  /// Throws every diagnostic collected so far as one InputError; nothing if there is none.
  void throw_if_any();

  /// The entries of a mapping whose keys are all in `allowed`, in file order; unknown keys (with a
  /// "did you mean" hint), duplicates and non-scalar keys are reported. `section` prefixes the key
  /// path of the messages ("sweep", "observations.onset").
  [[nodiscard]] std::vector<std::pair<std::string, YAML::Node>> keys_of(
      const YAML::Node& map, const std::string& section, const std::vector<std::string>& allowed);
  /// The scalar text of `node`, or a diagnostic at it naming what was written instead.
  [[nodiscard]] std::optional<std::string> scalar(const YAML::Node& node, const std::string& key);

  std::filesystem::path file_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace voidsim::io
