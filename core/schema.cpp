#include "core/schema.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"

namespace voidsim {

namespace {

std::string last_name(std::string_view path) {
  const auto dot = path.rfind('.');
  return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

// A typo is plausible if it needs few edits relative to the word's length: 1 edit for short
// names, up to 3 for long ones ("electrolyte" vs "electrolite").
constexpr std::size_t max_typo_edits = 3;

bool plausible_typo(std::size_t distance, std::size_t length) {
  const std::size_t allowed = std::clamp<std::size_t>(length / 3, 1, max_typo_edits);
  return distance <= allowed;
}

// The edit distance is at least the difference in length, so words whose lengths differ by more
// than max_typo_edits are never plausible typos of each other. Checking that first keeps hints
// linear in the input: a 4 kB unknown key cost 139 quadratic comparisons (fuzz/fuzz_scenario ran
// at 9 inputs/s), and a 1 MiB one would have taken minutes.
bool lengths_allow_typo(std::size_t a, std::size_t b) { return (a > b ? a - b : b - a) <= max_typo_edits; }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string format_bound(const KeyDeclaration& decl, double si_value) {
  if (decl.kind == ValueKind::quantity || decl.kind == ValueKind::quantity_list)
    return format_in_unit(si_value, decl.unit);
  return format_in_unit(si_value, "");
}

std::string range_text(const KeyDeclaration& decl) {
  std::vector<std::string> parts;
  if (decl.minimum)
    parts.push_back((decl.exclusive_minimum ? "> " : ">= ") + format_bound(decl, *decl.minimum));
  if (decl.maximum) parts.push_back("<= " + format_bound(decl, *decl.maximum));
  return join(parts, " and ");
}

void explain_key(std::ostringstream& out, const KeyDeclaration& decl) {
  constexpr int width = 14;
  const auto line = [&](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    out << "  " << label << std::string(width - label.size(), ' ') << value << '\n';
  };
  out << decl.path << '\n';
  line("type:", describe_kind(decl));
  if (decl.kind == ValueKind::quantity || decl.kind == ValueKind::quantity_list) {
    const Dimension dimension = dimension_of(decl.unit);
    line("unit:",
         (decl.unit.empty() ? std::string("(none)") : decl.unit) + "  [SI: " + dimension.to_string() + "]");
  }
  line("default:", decl.default_value.empty() ? std::string("\"\"") : decl.default_value);
  line("range:", range_text(decl));
  line("choices:", join(decl.choices, ", "));
  line("description:", decl.description);
  line("source:", decl.source);
}

KeyDeclaration make_declaration(std::string path, ValueKind kind, std::string default_value,
                                std::string description) {
  KeyDeclaration decl;
  decl.path = std::move(path);
  decl.kind = kind;
  decl.default_value = std::move(default_value);
  decl.description = std::move(description);
  return decl;
}

}  // namespace

std::string describe_kind(const KeyDeclaration& decl) {
  switch (decl.kind) {
    case ValueKind::real:
      return "real (a plain number)";
    case ValueKind::integer:
      return "integer (a whole number)";
    case ValueKind::boolean:
      return "boolean (true or false)";
    case ValueKind::string:
      return "string";
    case ValueKind::choice:
      return "choice (one of: " + join(decl.choices, ", ") + ")";
    case ValueKind::quantity:
    case ValueKind::quantity_list: {
      const DimensionName name = describe_dimension(dimension_of(decl.unit));
      const std::string what = name.name + (decl.unit.empty() ? "" : ", display unit '" + decl.unit + "'");
      return decl.kind == ValueKind::quantity ? "quantity (" + what + ")"
                                              : "list of quantities (each " + what + ")";
    }
    case ValueKind::real_list:
      return "list of real numbers";
  }
  return "unknown";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus transposition of two adjacent characters. Three
  // rolling rows (the transposition looks two rows back) instead of an (n+1) x (m+1) table: hints
  // are computed for up to 100 unknown keys against every declared key.
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    if (!lengths_allow_typo(word.size(), candidate.size())) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (!plausible_typo(distance, std::max(word.size(), candidate.size()))) continue;
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

DeclarationBuilder& DeclarationBuilder::min(double si_value, bool exclusive) {
  decl_->minimum = si_value;
  decl_->exclusive_minimum = exclusive;
  return *this;
}

DeclarationBuilder& DeclarationBuilder::max(double si_value) {
  decl_->maximum = si_value;
  return *this;
}

DeclarationBuilder& DeclarationBuilder::source(std::string text) {
  decl_->source = std::move(text);
  return *this;
}

DeclarationBuilder Schema::real(std::string path, double default_value, std::string description) {
  return declare(make_declaration(std::move(path), ValueKind::real, format_in_unit(default_value, ""),
                                  std::move(description)));
}

DeclarationBuilder Schema::integer(std::string path, long long default_value, std::string description) {
  return declare(make_declaration(std::move(path), ValueKind::integer, std::to_string(default_value),
                                  std::move(description)));
}

DeclarationBuilder Schema::boolean(std::string path, bool default_value, std::string description) {
  return declare(make_declaration(std::move(path), ValueKind::boolean, default_value ? "true" : "false",
                                  std::move(description)));
}

DeclarationBuilder Schema::string(std::string path, std::string default_value, std::string description) {
  return declare(
      make_declaration(std::move(path), ValueKind::string, std::move(default_value), std::move(description)));
}

DeclarationBuilder Schema::choice(std::string path, std::string default_value,
                                  std::vector<std::string> choices, std::string description) {
  auto decl =
      make_declaration(std::move(path), ValueKind::choice, std::move(default_value), std::move(description));
  decl.choices = std::move(choices);
  return declare(std::move(decl));
}

DeclarationBuilder Schema::quantity(std::string path, std::string default_value, std::string unit,
                                    std::string description) {
  auto decl = make_declaration(std::move(path), ValueKind::quantity, std::move(default_value),
                               std::move(description));
  decl.unit = std::move(unit);
  return declare(std::move(decl));
}

DeclarationBuilder Schema::quantity_list(std::string path, std::string default_value, std::string unit,
                                         std::string description) {
  auto decl = make_declaration(std::move(path), ValueKind::quantity_list, std::move(default_value),
                               std::move(description));
  decl.unit = std::move(unit);
  return declare(std::move(decl));
}

DeclarationBuilder Schema::real_list(std::string path, std::string default_value, std::string description) {
  return declare(make_declaration(std::move(path), ValueKind::real_list, std::move(default_value),
                                  std::move(description)));
}

DeclarationBuilder Schema::declare(KeyDeclaration decl) {
  const std::string& path = decl.path;
  const auto fail = [&](const std::string& why) {
    throw std::logic_error("schema declaration of '" + path + "': " + why);
  };
  if (path.empty()) fail("empty path");
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const auto name =
        std::string_view(path).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (name.empty()) fail("empty name between dots");
    if (name == "extends" && start == 0) fail("'extends' is reserved for scenario inheritance");
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (find(path) != nullptr) fail("declared twice");
  if (is_section(path)) fail("it is already a section of other keys");
  for (const auto& other : keys_)
    if (path.starts_with(other.path + "."))
      fail("'" + other.path + "' is already a key, it cannot be a section");
  if (decl.kind == ValueKind::choice && decl.choices.empty()) fail("a choice needs a list of choices");
  if (decl.kind == ValueKind::quantity || decl.kind == ValueKind::quantity_list) {
    try {
      (void)dimension_of(decl.unit);
    } catch (const UnitParseError& e) {
      fail("display unit '" + decl.unit + "': " + e.what());
    }
  }
  keys_.push_back(std::move(decl));
  return DeclarationBuilder(keys_.back());
}

const KeyDeclaration* Schema::find(std::string_view path) const {
  for (const auto& decl : keys_)
    if (decl.path == path) return &decl;
  return nullptr;
}

bool Schema::is_section(std::string_view path) const {
  if (path.empty()) return !keys_.empty();
  for (const auto& decl : keys_)
    if (decl.path.size() > path.size() && decl.path.starts_with(path) && decl.path[path.size()] == '.')
      return true;
  return false;
}

std::vector<std::string> Schema::children(std::string_view section) const {
  std::vector<std::string> names;
  const std::string prefix = section.empty() ? std::string() : std::string(section) + ".";
  for (const auto& decl : keys_) {
    if (!decl.path.starts_with(prefix) || decl.path.size() == prefix.size()) continue;
    const std::string rest = decl.path.substr(prefix.size());
    std::string name = rest.substr(0, rest.find('.'));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  return names;
}

std::optional<std::string> Schema::suggest(std::string_view path) const {
  // Candidates: every key and every section path, compared whole and by last name (a key put
  // under the wrong section, or written without its section, is found by its name).
  std::vector<std::string> candidates;
  for (const auto& decl : keys_) {
    std::size_t dot = decl.path.find('.');
    while (dot != std::string::npos) {
      std::string section = decl.path.substr(0, dot);
      if (std::find(candidates.begin(), candidates.end(), section) == candidates.end())
        candidates.push_back(std::move(section));
      dot = decl.path.find('.', dot + 1);
    }
    candidates.push_back(decl.path);
  }
  const std::string leaf = last_name(path);
  std::optional<std::string> best;
  std::size_t best_score = 0;
  for (const auto& candidate : candidates) {
    if (candidate == path) continue;
    // Score in half edits so a whole-path match wins a tie with a name match.
    std::optional<std::size_t> score;
    if (lengths_allow_typo(path.size(), candidate.size())) {
      const std::size_t whole = edit_distance(path, candidate);
      if (plausible_typo(whole, std::max(path.size(), candidate.size()))) score = 2 * whole;
    }
    const std::string candidate_leaf = last_name(candidate);
    if (lengths_allow_typo(leaf.size(), candidate_leaf.size())) {
      const std::size_t by_name = edit_distance(leaf, candidate_leaf);
      if (plausible_typo(by_name, std::max(leaf.size(), candidate_leaf.size())) &&
          (!score || 2 * by_name + 1 < *score))
        score = 2 * by_name + 1;
    }
    if (score && (!best || *score < best_score)) {
      best = candidate;
      best_score = *score;
    }
  }
  return best;
}

std::string Schema::explain(std::string_view path) const {
  std::ostringstream out;
  if (const auto* decl = find(path)) {
    explain_key(out, *decl);
    return out.str();
  }
  if (is_section(path)) {
    const std::string prefix = path.empty() ? std::string() : std::string(path) + ".";
    std::vector<const KeyDeclaration*> members;
    for (const auto& decl : keys_)
      if (decl.path.starts_with(prefix)) members.push_back(&decl);
    out << "section '" << (path.empty() ? std::string("(top level)") : std::string(path))
        << "': " << members.size() << (members.size() == 1 ? " key" : " keys") << '\n';
    for (const auto* decl : members) {
      out << '\n';
      explain_key(out, *decl);
    }
    return out.str();
  }
  Diagnostic diagnostic;
  diagnostic.file = "--explain";
  diagnostic.key = std::string(path);
  diagnostic.message = "no key or section '" + std::string(path) + "' is declared";
  if (auto hint = suggest(path)) diagnostic.hint = "did you mean '" + *hint + "'?";
  throw InputError(std::move(diagnostic));
}

}  // namespace voidsim
