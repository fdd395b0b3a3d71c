#pragma once
// A fully resolved scenario: every declared key has a value (from the file, an `extends` base,
// a --set override or the default), already converted to SI and validated. Physics code reads
// typed values from it; nothing here knows about YAML.
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace voidsim {

/// Where a value came from, for error messages raised after loading (e.g. a physics validate()).
struct ValueOrigin {
  std::string file;  // empty: default; "--set": command line
  int line = 0;
  int column = 0;
};

using ScenarioValue = std::variant<double, long long, bool, std::string, std::vector<double>>;

class Scenario {
 public:
  Scenario() = default;
  explicit Scenario(const Schema& schema);  // every key at its default

  void set(const std::string& path, ScenarioValue value, ValueOrigin origin = {});

  // Typed access; a wrong kind or unknown path is a programming error (std::logic_error).
  [[nodiscard]] double real(std::string_view path) const;  // real or quantity, SI
  [[nodiscard]] long long integer(std::string_view path) const;
  [[nodiscard]] bool boolean(std::string_view path) const;
  [[nodiscard]] const std::string& string(std::string_view path) const;  // string or choice
  [[nodiscard]] const std::vector<double>& list(std::string_view path) const;  // SI
  [[nodiscard]] const ValueOrigin& origin(std::string_view path) const;
  [[nodiscard]] bool contains(std::string_view path) const;

  /// A located error for a value that passed the schema but fails a cross-key physics check.
  [[nodiscard]] Diagnostic diagnostic(std::string_view path, std::string message) const;

  [[nodiscard]] const std::map<std::string, ScenarioValue, std::less<>>& values() const noexcept {
    return values_;
  }

  /// Path of the main scenario file, "" for the built-in default.
  std::string source_file;
  /// The resolved scenario as YAML text (set by the loader), stored with every run.
  std::string resolved_yaml;

 private:
  std::map<std::string, ScenarioValue, std::less<>> values_;
  std::map<std::string, ValueOrigin, std::less<>> origins_;
};

}  // namespace voidsim
