#pragma once
// A fully resolved scenario: every declared key has a value (from the file, an `extends` base,
// a --set override or the default), already converted to SI and validated. Physics code reads
// typed values from it; nothing here knows about YAML.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
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

// Text <-> value conversion by declaration, shared by the defaults, the YAML loader and --set.

/// Converts the text of one scalar to the declared (non-list) kind, quantities to SI; a plain
/// number for a quantity is taken as SI. Throws UnitParseError with the offset inside `text`
/// (wrong unit dimension, not a number, choice not in the list, ...). Does not check the range.
[[nodiscard]] ScenarioValue parse_scalar_value(const KeyDeclaration& decl, std::string_view text);
/// One element of a quantity_list or real_list, in SI; errors as parse_scalar_value.
[[nodiscard]] double parse_list_element(const KeyDeclaration& decl, std::string_view text);
/// The declared default as a value; std::logic_error (naming the key) if it does not parse or is
/// out of the declared range.
[[nodiscard]] ScenarioValue parse_default_value(const KeyDeclaration& decl);
/// Why `si_value` violates the declared range ("must be > 0 nm"), empty if it does not.
[[nodiscard]] std::string range_violation(const KeyDeclaration& decl, double si_value);
/// YAML text of a value in the declared display unit ("250 nm", "[3.5 V, 4 V]", "\"out\"") that
/// parses back to exactly the same value.
[[nodiscard]] std::string format_value(const KeyDeclaration& decl, const ScenarioValue& value);

class Scenario {
 public:
  Scenario() = default;
  explicit Scenario(const Schema& schema);  // every key at its default; logic_error if one is bad

  void set(const std::string& path, ScenarioValue value, ValueOrigin origin = {});

  // Typed access; a wrong kind or unknown path is a programming error (std::logic_error).
  [[nodiscard]] double real(std::string_view path) const;  // real or quantity, SI
  [[nodiscard]] long long integer(std::string_view path) const;
  [[nodiscard]] bool boolean(std::string_view path) const;
  [[nodiscard]] const std::string& string(std::string_view path) const;        // string or choice
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
