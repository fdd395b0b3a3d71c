#include "core/scenario.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <type_traits>

namespace voidsim {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::size_t leading_space(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  return i;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool is_list_kind(ValueKind kind) { return kind == ValueKind::quantity_list || kind == ValueKind::real_list; }

// Elements of a default written as a flow sequence "[a, b]" (no nesting; quotes stripped).
std::vector<std::string> split_flow_list(std::string_view text) {
  text = trim(text);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']')
    throw UnitParseError("a list default must be a flow sequence such as [1, 2]", 0);
  std::vector<std::string> elements;
  const std::string_view inner = trim(text.substr(1, text.size() - 2));
  if (inner.empty()) return elements;
  std::size_t start = 0;
  while (true) {
    const auto comma = inner.find(',', start);
    std::string_view element =
        trim(inner.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (element.size() >= 2 && (element.front() == '"' || element.front() == '\'') &&
        element.back() == element.front())
      element = element.substr(1, element.size() - 2);
    elements.emplace_back(element);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return elements;
}

std::string yaml_double_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char hex[] = "0123456789abcdef";
          out += "\\x";
          out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
          out += hex[static_cast<unsigned char>(c) & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// A choice is written plain when YAML reads it back as the same string.
bool plain_safe(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  static constexpr std::string_view special[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"};
  for (auto word : special) {
    if (text.size() != word.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < word.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(text[i])) == word[i];
    if (same) return false;
  }
  return true;
}

Dimension declared_dimension(const KeyDeclaration& decl) { return dimension_of(decl.unit); }

}  // namespace

ScenarioValue parse_scalar_value(const KeyDeclaration& decl, std::string_view text) {
  const std::size_t lead = leading_space(text);
  const std::string_view value = trim(text);
  switch (decl.kind) {
    case ValueKind::real:
      return parse_quantity_as(text, Dimension::none());
    case ValueKind::integer: {
      std::string_view digits = value;
      if (digits.starts_with('+')) digits.remove_prefix(1);
      long long result = 0;
      const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), result);
      if (digits.empty() || parsed.ec != std::errc() || parsed.ptr != digits.data() + digits.size())
        throw UnitParseError("expected a whole number, got '" + std::string(value) + "'", lead);
      return result;
    }
    case ValueKind::boolean: {
      if (value == "true" || value == "True" || value == "TRUE") return true;
      if (value == "false" || value == "False" || value == "FALSE") return false;
      throw UnitParseError("expected true or false, got '" + std::string(value) + "'", lead);
    }
    case ValueKind::string:
      return std::string(text);
    case ValueKind::choice: {
      for (const auto& choice : decl.choices)
        if (choice == value) return choice;
      throw UnitParseError(
          "'" + std::string(value) + "' is not one of the allowed choices: " + join(decl.choices), lead);
    }
    case ValueKind::quantity:
      return parse_list_element(decl, text);
    case ValueKind::quantity_list:
    case ValueKind::real_list:
      throw UnitParseError("expected a list such as [" + std::string(value) + "]", lead);
  }
  throw std::logic_error("parse_scalar_value: unhandled kind");
}

double parse_list_element(const KeyDeclaration& decl, std::string_view text) {
  if (decl.kind == ValueKind::real_list || decl.kind == ValueKind::real)
    return parse_quantity_as(text, Dimension::none());
  // Quantities: "250 nm" in any unit of the declared dimension, or a bare number taken as SI.
  if (const auto plain = parse_plain_number(text)) return *plain;
  return parse_quantity_as(text, declared_dimension(decl));
}

std::string range_violation(const KeyDeclaration& decl, double si_value) {
  const bool quantity = decl.kind == ValueKind::quantity || decl.kind == ValueKind::quantity_list;
  const auto show = [&](double v) { return format_in_unit(v, quantity ? decl.unit : ""); };
  if (decl.minimum) {
    if (decl.exclusive_minimum && !(si_value > *decl.minimum)) return "must be > " + show(*decl.minimum);
    if (!decl.exclusive_minimum && !(si_value >= *decl.minimum)) return "must be >= " + show(*decl.minimum);
  }
  if (decl.maximum && !(si_value <= *decl.maximum)) return "must be <= " + show(*decl.maximum);
  return {};
}

ScenarioValue parse_default_value(const KeyDeclaration& decl) {
  const auto fail = [&](const std::string& why) {
    throw std::logic_error("schema default of '" + decl.path + "' ('" + decl.default_value + "'): " + why);
  };
  ScenarioValue value;
  try {
    if (is_list_kind(decl.kind)) {
      std::vector<double> list;
      for (const auto& element : split_flow_list(decl.default_value))
        list.push_back(parse_list_element(decl, element));
      value = std::move(list);
    } else {
      value = parse_scalar_value(decl, decl.default_value);
    }
  } catch (const UnitParseError& e) {
    fail(e.what());
  }
  if (const auto* number = std::get_if<double>(&value)) {
    if (auto why = range_violation(decl, *number); !why.empty()) fail(why);
  } else if (const auto* integer = std::get_if<long long>(&value)) {
    if (auto why = range_violation(decl, static_cast<double>(*integer)); !why.empty()) fail(why);
  } else if (const auto* list = std::get_if<std::vector<double>>(&value)) {
    for (double element : *list)
      if (auto why = range_violation(decl, element); !why.empty()) fail(why);
  }
  return value;
}

std::string format_value(const KeyDeclaration& decl, const ScenarioValue& value) {
  const std::string unit =
      (decl.kind == ValueKind::quantity || decl.kind == ValueKind::quantity_list) ? decl.unit : "";
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>) {
          return format_in_unit(v, unit);
        } else if constexpr (std::is_same_v<T, long long>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return decl.kind == ValueKind::choice && plain_safe(v) ? v : yaml_double_quoted(v);
        } else {
          std::string out = "[";
          for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : ", ") + format_in_unit(v[i], unit);
          return out + "]";
        }
      },
      value);
}

Scenario::Scenario(const Schema& schema) {
  for (const auto& decl : schema.keys()) set(decl.path, parse_default_value(decl));
}

void Scenario::set(const std::string& path, ScenarioValue value, ValueOrigin origin) {
  values_[path] = std::move(value);
  origins_[path] = std::move(origin);
}

namespace {
template <typename T>
const T& typed(const std::map<std::string, ScenarioValue, std::less<>>& values, std::string_view path,
               const char* kind) {
  const auto it = values.find(path);
  if (it == values.end()) throw std::logic_error("scenario has no key '" + std::string(path) + "'");
  const T* value = std::get_if<T>(&it->second);
  if (value == nullptr) throw std::logic_error("scenario key '" + std::string(path) + "' is not " + kind);
  return *value;
}
}  // namespace

double Scenario::real(std::string_view path) const {
  return typed<double>(values_, path, "a real or quantity");
}
long long Scenario::integer(std::string_view path) const {
  return typed<long long>(values_, path, "an integer");
}
bool Scenario::boolean(std::string_view path) const { return typed<bool>(values_, path, "a boolean"); }
const std::string& Scenario::string(std::string_view path) const {
  return typed<std::string>(values_, path, "a string or choice");
}
const std::vector<double>& Scenario::list(std::string_view path) const {
  return typed<std::vector<double>>(values_, path, "a list");
}

const ValueOrigin& Scenario::origin(std::string_view path) const {
  const auto it = origins_.find(path);
  if (it == origins_.end()) throw std::logic_error("scenario has no key '" + std::string(path) + "'");
  return it->second;
}

bool Scenario::contains(std::string_view path) const { return values_.find(path) != values_.end(); }

Diagnostic Scenario::diagnostic(std::string_view path, std::string message) const {
  Diagnostic result;
  result.key = std::string(path);
  result.message = std::move(message);
  if (const auto it = origins_.find(path); it != origins_.end()) {
    result.file = it->second.file.empty() ? "(default)" : it->second.file;
    result.line = it->second.line;
    result.column = it->second.column;
  }
  return result;
}

}  // namespace voidsim
