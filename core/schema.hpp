#pragma once
// The scenario schema: every key a scenario may contain, declared once with its type, unit,
// default, range and a one-line description (the deal.II declare_entry pattern). The loader
// validates files against it, `voidsim check --explain KEY` prints it, and docs are generated
// from it. Physics parameter blocks declare their own keys (model/), the app collects them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/units.hpp"

namespace voidsim {

enum class ValueKind {
  real,           // plain number, dimensionless
  integer,        // whole number
  boolean,        // true/false
  string,         // free text (file names, labels)
  choice,         // one of `choices`
  quantity,       // number with unit, e.g. "250 nm"; stored in SI
  quantity_list,  // list of quantities of one dimension, e.g. ["3.5 V", "4.0 V"] or [3.5, 4.0]
  real_list,      // list of plain numbers
};

/// One declared key. `path` is dotted ("electrolyte.thickness"). Defaults are written as YAML
/// scalars the way a user would ("250 nm"), so the resolved scenario reads like an input file.
struct KeyDeclaration {
  std::string path;
  ValueKind kind = ValueKind::real;
  std::string default_value;         // YAML text; for lists a flow sequence "[0, 1.2]"; strings raw
  std::string description;           // one line, ends without a period
  std::string unit;                  // display unit for quantities ("nm"); defines the dimension
  std::optional<double> minimum;     // inclusive bound in SI, if any
  std::optional<double> maximum;     // inclusive bound in SI, if any
  std::vector<std::string> choices;  // for ValueKind::choice
  std::string source;                // where the default comes from (MODEL.md table, paper)
  bool exclusive_minimum = false;    // true: value must be > minimum
};

/// Human-readable kind of a declared key: "quantity (a length, display unit 'nm')".
[[nodiscard]] std::string describe_kind(const KeyDeclaration& decl);

/// Damerau-Levenshtein (optimal string alignment) distance, for "did you mean" hints.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is a plausible typo of it (a few edits, scaled with the
/// length), else nullopt. Ties go to the earlier candidate.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       const std::vector<std::string>& candidates);

/// Fluent helper so declarations read as one line per key in model/ files:
///   schema.quantity("electrolyte.thickness", "250 nm", "nm", "LiPON film thickness").min(0, true);
class DeclarationBuilder {
 public:
  explicit DeclarationBuilder(KeyDeclaration& decl) : decl_(&decl) {}
  DeclarationBuilder& min(double si_value, bool exclusive = false);
  DeclarationBuilder& max(double si_value);
  DeclarationBuilder& source(std::string text);

 private:
  KeyDeclaration* decl_;
};

class Schema {
 public:
  DeclarationBuilder real(std::string path, double default_value, std::string description);
  DeclarationBuilder integer(std::string path, long long default_value, std::string description);
  DeclarationBuilder boolean(std::string path, bool default_value, std::string description);
  DeclarationBuilder string(std::string path, std::string default_value, std::string description);
  DeclarationBuilder choice(std::string path, std::string default_value, std::vector<std::string> choices,
                            std::string description);
  DeclarationBuilder quantity(std::string path, std::string default_value, std::string unit,
                              std::string description);
  DeclarationBuilder quantity_list(std::string path, std::string default_value, std::string unit,
                                   std::string description);
  DeclarationBuilder real_list(std::string path, std::string default_value, std::string description);

  /// Declares a key; throws std::logic_error if the path is declared twice or a prefix of
  /// another key is also a leaf (a programming error, caught by the schema unit test). Also a
  /// logic_error: an empty path component, a choice without choices, a unit that does not parse.
  /// The returned builder refers into the schema: use it in the same statement.
  DeclarationBuilder declare(KeyDeclaration decl);

  [[nodiscard]] const KeyDeclaration* find(std::string_view path) const;
  [[nodiscard]] const std::vector<KeyDeclaration>& keys() const noexcept { return keys_; }
  /// True if `path` is a section (a proper prefix of some declared key).
  [[nodiscard]] bool is_section(std::string_view path) const;
  /// Declared direct children names of a section ("" for top level), for "did you mean" hints.
  [[nodiscard]] std::vector<std::string> children(std::string_view section) const;
  /// A declared key or section path close to `path` (whole path or its last name), for hints.
  [[nodiscard]] std::optional<std::string> suggest(std::string_view path) const;
  /// Text for `voidsim check --explain KEY`: type, unit, default, range, choices, description,
  /// source. A section explains all its keys. Throws InputError (with a hint) for unknown keys.
  [[nodiscard]] std::string explain(std::string_view path) const;

 private:
  std::vector<KeyDeclaration> keys_;
};

}  // namespace voidsim
