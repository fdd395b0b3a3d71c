#include "core/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

namespace voidsim {

namespace {

// A unit expression evaluates to mantissa * 10^decimal_exponent SI units. Keeping the power of
// ten apart from the mantissa lets "1e-14 cm^2/s" become the decimal 1e-18 before it is rounded
// to a double, so values written with SI prefixes are exactly the double of their SI decimal
// (and format_in_unit round-trips): 30 pA/cm^2 == 3e-7 A/m^2 bit for bit.
struct Scale {
  double mantissa = 1.0;
  int decimal_exponent = 0;
  Dimension dimension;
};

constexpr Dimension dim(int length, int mass, int time, int current, int temperature = 0, int amount = 0,
                        int luminous = 0) {
  return {{length, mass, time, current, temperature, amount, luminous}};
}

struct UnitEntry {
  std::string_view symbol;
  double mantissa;
  int decimal_exponent;
  Dimension dimension;
  bool prefixable;
};

// CODATA 2018 exact value of the elementary charge (SI 2019 definition).
constexpr double electron_volt_joule = 1.602176634e-19;

constexpr UnitEntry unit_table[] = {
    {"m", 1.0, 0, dim(1, 0, 0, 0), true},
    {"kg", 1.0, 0, dim(0, 1, 0, 0), false},  // exact entry so the SI form "kg" has mantissa 1
    {"g", 1.0, -3, dim(0, 1, 0, 0), true},
    {"s", 1.0, 0, dim(0, 0, 1, 0), true},
    {"min", 60.0, 0, dim(0, 0, 1, 0), false},
    {"h", 3600.0, 0, dim(0, 0, 1, 0), false},
    {"hr", 3600.0, 0, dim(0, 0, 1, 0), false},
    {"A", 1.0, 0, dim(0, 0, 0, 1), true},
    {"K", 1.0, 0, dim(0, 0, 0, 0, 1), true},
    {"mol", 1.0, 0, dim(0, 0, 0, 0, 0, 1), true},
    {"cd", 1.0, 0, dim(0, 0, 0, 0, 0, 0, 1), true},
    {"Hz", 1.0, 0, dim(0, 0, -1, 0), true},
    {"N", 1.0, 0, dim(1, 1, -2, 0), true},
    {"Pa", 1.0, 0, dim(-1, 1, -2, 0), true},
    {"J", 1.0, 0, dim(2, 1, -2, 0), true},
    {"W", 1.0, 0, dim(2, 1, -3, 0), true},
    {"C", 1.0, 0, dim(0, 0, 1, 1), true},
    {"V", 1.0, 0, dim(2, 1, -3, -1), true},
    {"F", 1.0, 0, dim(-2, -1, 4, 2), true},
    {"ohm", 1.0, 0, dim(2, 1, -3, -2), true},
    {"\u03a9", 1.0, 0, dim(2, 1, -3, -2), true},  // Greek capital omega
    {"\u2126", 1.0, 0, dim(2, 1, -3, -2), true},  // ohm sign
    {"S", 1.0, 0, dim(-2, -1, 3, 2), true},
    {"eV", electron_volt_joule, 0, dim(2, 1, -2, 0), true},
    {"Ah", 3600.0, 0, dim(0, 0, 1, 1), true},
    {"\u00c5", 1.0, -10, dim(1, 0, 0, 0), false},  // A with ring
    {"\u212b", 1.0, -10, dim(1, 0, 0, 0), false},  // angstrom sign
    {"angstrom", 1.0, -10, dim(1, 0, 0, 0), false},
    {"%", 1.0, -2, Dimension::none(), false},
    {"deg", std::numbers::pi / 180.0, 0, Dimension::none(), false},
    {"rad", 1.0, 0, Dimension::none(), true},
    {"L", 1.0, -3, dim(3, 0, 0, 0), true},
};

struct Prefix {
  std::string_view symbol;
  int decimal_exponent;
};

// Two-character prefixes first so "da" wins over "d".
constexpr Prefix prefix_table[] = {
    {"da", 1},  {"\u00b5", -6}, {"\u03bc", -6}, {"Q", 30},  {"R", 27},  {"Y", 24},  {"Z", 21},
    {"E", 18},  {"P", 15},      {"T", 12},      {"G", 9},   {"M", 6},   {"k", 3},   {"h", 2},
    {"d", -1},  {"c", -2},      {"m", -3},      {"u", -6},  {"n", -9},  {"p", -12}, {"f", -15},
    {"a", -18}, {"z", -21},     {"y", -24},     {"r", -27}, {"q", -30},
};

constexpr std::string_view affine_units[] = {"degC",       "degF",       "\u00b0C", "\u00b0F",
                                             "\u2103",     "\u2109",     "celsius", "Celsius",
                                             "fahrenheit", "Fahrenheit", "oC",      "degree_Celsius"};

const UnitEntry* find_unit(std::string_view symbol) {
  for (const auto& entry : unit_table)
    if (entry.symbol == symbol) return &entry;
  return nullptr;
}

Scale resolve_symbol(std::string_view symbol, std::size_t offset) {
  for (auto affine : affine_units)
    if (symbol == affine)
      throw UnitParseError("'" + std::string(symbol) +
                               "' is an affine temperature scale, not a unit factor; give absolute "
                               "temperatures in K (e.g. '298.15 K')",
                           offset);
  if (const auto* entry = find_unit(symbol))
    return {entry->mantissa, entry->decimal_exponent, entry->dimension};
  for (const auto& prefix : prefix_table) {
    if (symbol.size() <= prefix.symbol.size() || !symbol.starts_with(prefix.symbol)) continue;
    const auto* entry = find_unit(symbol.substr(prefix.symbol.size()));
    if (entry != nullptr && entry->prefixable)
      return {entry->mantissa, entry->decimal_exponent + prefix.decimal_exponent, entry->dimension};
  }
  throw UnitParseError("unknown unit '" + std::string(symbol) + "'", offset);
}

bool is_symbol_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80 || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

double integer_power(double base, int exponent) {
  double result = 1.0;
  for (int i = 0; i < std::abs(exponent); ++i) result *= base;
  return exponent < 0 ? 1.0 / result : result;
}

// A unit must scale by a finite, non-zero double and keep every dimension exponent writable
// with the three digits the parser reads back ("eV^866" underflows, "m^999 m^999" is m^1998):
// otherwise values in it cannot be converted or formatted (found by fuzz/fuzz_units).
void check_scale(const Scale& scale, std::string_view unit_so_far, std::size_t offset) {
  constexpr int max_dimension_exponent = 999;
  const double log10_factor = std::log10(scale.mantissa) + scale.decimal_exponent;
  if (!std::isfinite(scale.mantissa) || !(scale.mantissa > 0.0) || std::abs(log10_factor) > 300.0)
    throw UnitParseError("unit '" + std::string(unit_so_far) +
                             "' has a factor outside the range of a double; use a smaller exponent",
                         offset);
  for (const int e : scale.dimension.exponent)
    if (std::abs(e) > max_dimension_exponent)
      throw UnitParseError("unit '" + std::string(unit_so_far) + "' has a dimension exponent beyond " +
                               std::to_string(max_dimension_exponent),
                           offset);
}

// Parses a unit expression; offsets in errors are relative to the text that `text` is a suffix
// of, shifted by `base_offset`.
// A lone "1" (dimensionless, as Dimension::to_string writes it) only where a unit alone is
// parsed; after a number it would hide a typo such as "5 1".
Scale parse_unit_expression(std::string_view text, std::size_t base_offset, bool allow_lone_one) {
  Scale scale;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto skip_space = [&] {
    while (i < n && is_space(text[i])) ++i;
  };
  skip_space();
  bool have_factor = false;
  bool pending_operator = false;
  bool divide_next = false;
  std::size_t operator_offset = 0;
  if (i < n && text[i] == '1') {  // "1/s": a unit numerator
    std::size_t j = i + 1;
    while (j < n && is_space(text[j])) ++j;
    if ((j == n && allow_lone_one) || (j < n && text[j] == '/')) {
      i = j;
      have_factor = true;
    }
  }
  while (true) {
    skip_space();
    if (i == n) {
      if (pending_operator)
        throw UnitParseError("expected a unit after '" + std::string(1, text[operator_offset]) + "'",
                             base_offset + operator_offset);
      break;
    }
    const char c = text[i];
    if (c == '/' || c == '*' || c == '.') {
      if (!have_factor || pending_operator)
        throw UnitParseError(std::string("unexpected '") + c + "' in unit", base_offset + i);
      pending_operator = true;
      divide_next = c == '/';
      operator_offset = i;
      ++i;
      continue;
    }
    if (c == '%' || is_symbol_char(c)) {
      const std::size_t start = i;
      if (c == '%') {
        ++i;
      } else {
        while (i < n && is_symbol_char(text[i])) ++i;
      }
      const std::string_view symbol = text.substr(start, i - start);
      const Scale unit = resolve_symbol(symbol, base_offset + start);
      int exponent = 1;
      if (i < n && text[i] == '^') {
        const std::size_t exponent_start = ++i;
        if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
        const std::size_t digits_start = i;
        while (i < n && is_digit(text[i])) ++i;
        if (i == digits_start || i - digits_start > 3)
          throw UnitParseError("expected a small integer exponent after '^'", base_offset + exponent_start);
        exponent = std::stoi(std::string(text.substr(digits_start, i - digits_start)));
        if (text[exponent_start] == '-') exponent = -exponent;
      } else if (i < n && is_digit(text[i])) {
        throw UnitParseError("unexpected '" + std::string(1, text[i]) + "' after '" + std::string(symbol) +
                                 "' (write exponents with '^', e.g. '" + std::string(symbol) + "^" +
                                 std::string(1, text[i]) + "')",
                             base_offset + i);
      }
      if (divide_next) exponent = -exponent;
      scale.mantissa *= integer_power(unit.mantissa, exponent);
      scale.decimal_exponent += unit.decimal_exponent * exponent;
      scale.dimension = scale.dimension * unit.dimension.pow(exponent);
      check_scale(scale, text.substr(0, i), base_offset + start);
      have_factor = true;
      pending_operator = false;
      divide_next = false;
      continue;
    }
    if (is_digit(c))
      throw UnitParseError("unexpected number '" + std::string(1, c) + "' in unit", base_offset + i);
    throw UnitParseError("unexpected character '" + std::string(1, c) + "'", base_offset + i);
  }
  return scale;
}

double power_of_ten(int exponent) {
  const std::string text = "1e" + std::to_string(exponent);
  double value = 0.0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

struct ParsedQuantity {
  double si_value;
  Dimension dimension;
  std::string_view unit_text;  // the unit part as written ("" for a plain number)
  std::size_t unit_offset;     // where it starts (or where the number starts if there is none)
};

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

ParsedQuantity parse_quantity_detail(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n && is_space(text[i])) ++i;
  const std::size_t number_start = i;
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int decimal_exponent = 0;
  while (i < n && is_digit(text[i])) digits += text[i++];
  bool any_digit = !digits.empty();
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && is_digit(text[i])) {
      digits += text[i++];
      --decimal_exponent;
      any_digit = true;
    }
  }
  if (!any_digit) {
    std::size_t word_end = i;
    while (word_end < n && is_symbol_char(text[word_end])) ++word_end;
    const auto word = text.substr(i, word_end - i);
    if (equals_ignore_case(word, "nan") || equals_ignore_case(word, "inf") ||
        equals_ignore_case(word, "infinity") || equals_ignore_case(word, ".nan") ||
        equals_ignore_case(word, ".inf"))
      throw UnitParseError("NaN and infinity are not allowed; give a finite number", number_start);
    if (i == n && number_start == n)
      throw UnitParseError("expected a number, got an empty value", number_start);
    throw UnitParseError("expected a number at '" + std::string(text.substr(number_start)) + "'",
                         number_start);
  }
  // An exponent only if 'e' is followed by digits: "2eV" is 2 electron volts.
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool exponent_negative = false;
    if (j < n && (text[j] == '+' || text[j] == '-')) exponent_negative = text[j++] == '-';
    const std::size_t exponent_digits = j;
    long long exponent = 0;
    while (j < n && is_digit(text[j])) {
      if (exponent < 100000) exponent = exponent * 10 + (text[j] - '0');
      ++j;
    }
    if (j > exponent_digits) {
      decimal_exponent += static_cast<int>(exponent_negative ? -exponent : exponent);
      i = j;
    }
  }
  const std::size_t number_end = i;
  std::size_t unit_start = i;
  while (unit_start < n && is_space(text[unit_start])) ++unit_start;
  std::string_view unit_text = text.substr(unit_start);
  while (!unit_text.empty() && is_space(unit_text.back())) unit_text.remove_suffix(1);
  const Scale scale = parse_unit_expression(unit_text, unit_start, false);

  const std::string normalized =
      (negative ? "-" : "") + digits + "e" + std::to_string(decimal_exponent + scale.decimal_exponent);
  double value = 0.0;
  const auto result = std::from_chars(normalized.data(), normalized.data() + normalized.size(), value);
  const bool is_zero = digits.find_first_not_of('0') == std::string::npos;
  if (result.ec != std::errc() && !is_zero)
    throw UnitParseError("number '" + std::string(text.substr(number_start, number_end - number_start)) +
                             "' is out of the range of a double",
                         number_start);
  if (is_zero) value = negative ? -0.0 : 0.0;
  value *= scale.mantissa;
  if (!std::isfinite(value))
    throw UnitParseError("value overflows a double after unit conversion", number_start);
  return {value, scale.dimension, unit_text, unit_text.empty() ? number_start : unit_start};
}

// Renders sign, significant digits and a decimal exponent (value = d.ddd * 10^exponent).
std::string render_decimal(bool negative, std::string digits, int exponent) {
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = negative ? "-" : "";
  if (exponent >= -5 && exponent <= 6) {
    if (exponent >= 0) {
      const auto n_int = static_cast<std::size_t>(exponent) + 1;
      if (digits.size() <= n_int) {
        out += digits + std::string(n_int - digits.size(), '0');
      } else {
        out += digits.substr(0, n_int) + "." + digits.substr(n_int);
      }
    } else {
      out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += 'e';
  out += std::to_string(exponent);
  return out;
}

// Shortest decimal of `value` shifted by 10^-shift, as text; empty if not finite.
std::string shortest_decimal_shifted(double value, int shift) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const bool negative = text.front() == '-';
  const auto e_pos = text.find('e');
  std::string digits;
  for (char c : text.substr(negative ? 1 : 0, e_pos - (negative ? 1 : 0)))
    if (c != '.') digits += c;
  const int exponent = std::stoi(std::string(text.substr(e_pos + 1)));
  return render_decimal(negative, digits, exponent - shift);
}

struct NamedDimension {
  Dimension dimension;
  std::string_view name;
  std::string_view example_unit;
};

// Common dimensions in voidsim scenarios, for messages a user understands at a glance.
const NamedDimension named_dimensions[] = {
    {Dimension::none(), "a dimensionless number", ""},
    {dim(1, 0, 0, 0), "a length", "nm"},
    {dim(0, 1, 0, 0), "a mass", "g"},
    {dim(0, 0, 1, 0), "a time", "s"},
    {dim(0, 0, 0, 1), "a current", "A"},
    {dim(0, 0, 0, 0, 1), "a temperature", "K"},
    {dim(0, 0, 0, 0, 0, 1), "an amount of substance", "mol"},
    {dim(2, 0, 0, 0), "an area", "nm^2"},
    {dim(3, 0, 0, 0), "a volume", "nm^3"},
    {dim(-3, 0, 0, 0), "a number density", "nm^-3"},
    {dim(-2, 0, 0, 0), "an areal number density", "nm^-2"},
    {dim(-3, 0, 0, 0, 0, 1), "a concentration", "mol/L"},
    {dim(3, 0, 0, 0, 0, -1), "a molar volume", "cm^3/mol"},
    {dim(0, 0, -1, 0), "a rate", "1/s"},
    {dim(1, 0, -1, 0), "a velocity", "nm/s"},
    {dim(2, 0, -1, 0), "a diffusivity", "cm^2/s"},
    {dim(2, 1, -2, 0), "an energy", "eV"},
    {dim(2, 1, -3, 0), "a power", "W"},
    {dim(1, 1, -2, 0), "a force or energy per length", "N"},
    {dim(0, 1, -2, 0), "an interface energy", "J/m^2"},
    {dim(-1, 1, -2, 0), "a pressure or energy density", "Pa"},
    {dim(-3, 1, 0, 0), "a mass density", "g/cm^3"},
    {dim(0, 0, 1, 1), "a charge", "C"},
    {dim(2, 1, -3, -1), "a voltage", "V"},
    {dim(-2, -1, 4, 2), "a capacitance", "F"},
    {dim(-4, -1, 4, 2), "an areal capacitance", "uF/cm^2"},
    {dim(2, 1, -3, -2), "a resistance", "ohm"},
    {dim(-2, -1, 3, 2), "a conductance", "S"},
    {dim(-3, -1, 3, 2), "a conductivity", "S/cm"},
    {dim(4, 1, -3, -2), "an area-specific resistance", "ohm cm^2"},
    {dim(-2, 0, 0, 1), "a current density", "mA/cm^2"},
    {dim(0, -1, 1, 1), "a specific capacity", "mAh/g"},
    {dim(-2, 0, 1, 1), "an areal charge", "mAh/cm^2"},
    {dim(-3, 0, 1, 1), "a charge density", "C/m^3"},
    {dim(0, 0, 1, 1, 0, -1), "a molar charge", "C/mol"},
    {dim(2, 1, -2, 0, 0, -1), "a molar energy", "J/mol"},
    {dim(2, 1, -2, 0, -1), "an energy per temperature", "J/K"},
};

}  // namespace

std::array<double, 7> Dimension::as_openpmd() const {
  std::array<double, 7> result{};
  for (std::size_t i = 0; i < 7; ++i) result[i] = exponent[i];
  return result;
}

std::string Dimension::to_string() const {
  static constexpr std::array<std::string_view, 7> symbols = {"m", "kg", "s", "A", "K", "mol", "cd"};
  std::string out;
  for (std::size_t i = 0; i < 7; ++i) {
    if (exponent[i] == 0) continue;
    if (!out.empty()) out += ' ';
    out += symbols[i];
    if (exponent[i] != 1) {
      out += '^';  // appended piecewise: "^" + std::string trips GCC 12's false -Wrestrict
      out += std::to_string(exponent[i]);
    }
  }
  return out.empty() ? "1" : out;
}

DimensionName describe_dimension(const Dimension& dimension) {
  for (const auto& named : named_dimensions)
    if (named.dimension == dimension) return {std::string(named.name), std::string(named.example_unit)};
  const std::string si = dimension.to_string();
  return {"a quantity in " + si, si};
}

Quantity parse_unit(std::string_view text) {
  const Scale scale = parse_unit_expression(text, 0, true);
  return {scale.mantissa * power_of_ten(scale.decimal_exponent), scale.dimension};
}

Quantity parse_quantity(std::string_view text) {
  const ParsedQuantity parsed = parse_quantity_detail(text);
  return {parsed.si_value, parsed.dimension};
}

std::optional<double> parse_plain_number(std::string_view text) {
  try {
    const ParsedQuantity parsed = parse_quantity_detail(text);
    if (parsed.unit_text.empty()) return parsed.si_value;
  } catch (const UnitParseError&) {
  }
  return std::nullopt;
}

double parse_quantity_as(std::string_view text, const Dimension& expected) {
  const ParsedQuantity parsed = parse_quantity_detail(text);
  if (parsed.dimension == expected) return parsed.si_value;
  const DimensionName want = describe_dimension(expected);
  const DimensionName got = describe_dimension(parsed.dimension);
  std::string message = "expected " + want.name;
  if (!want.example_unit.empty()) message += " (e.g. '" + want.example_unit + "')";
  if (parsed.unit_text.empty()) {
    message += ", got a number without a unit";
  } else {
    message += ", got " + got.name + " ('" + std::string(parsed.unit_text) + "')";
  }
  throw UnitParseError(message, parsed.unit_offset);
}

Dimension dimension_of(std::string_view unit_text) {
  return parse_unit_expression(unit_text, 0, true).dimension;
}

std::string format_in_unit(double si_value, std::string_view unit_text) {
  const Scale scale = parse_unit_expression(unit_text, 0, true);
  std::string_view unit = unit_text;
  while (!unit.empty() && is_space(unit.front())) unit.remove_prefix(1);
  while (!unit.empty() && is_space(unit.back())) unit.remove_suffix(1);
  // A lone "1" (dimensionless, as Dimension::to_string writes it) is accepted as a display unit
  // but cannot follow a number ("5 1" reads as a typo), so the value is written bare; found by
  // fuzz/fuzz_units.
  if (unit == "1") unit = {};
  const auto with_unit = [&](std::string number) {
    return unit.empty() ? number : number + " " + std::string(unit);
  };
  if (!std::isfinite(si_value))
    return with_unit(std::isnan(si_value) ? "nan" : (si_value > 0 ? "inf" : "-inf"));
  if (si_value == 0.0) return with_unit(std::signbit(si_value) ? "-0" : "0");
  // value_in_unit = x * 10^-decimal_exponent with x * mantissa == si_value exactly; x is the
  // rounded quotient or one of its neighbours. The decimal shift itself is exact (text).
  const double quotient = si_value / scale.mantissa;
  double candidate = quotient;
  for (int step = 0; step < 9; ++step) {
    if (std::isfinite(candidate) && candidate * scale.mantissa == si_value)
      return with_unit(shortest_decimal_shifted(candidate, scale.decimal_exponent));
    // Visit quotient, +1 ulp, -1 ulp, +2 ulp, -2 ulp, ...
    const int distance = step / 2 + 1;
    candidate = quotient;
    const double direction =
        step % 2 == 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    for (int k = 0; k < distance; ++k) candidate = std::nextafter(candidate, direction);
  }
  // No decimal in the display unit maps back to this double: fall back to SI base units.
  const std::string si_unit = scale.dimension == Dimension::none() ? "" : scale.dimension.to_string();
  const std::string number = shortest_decimal_shifted(si_value, 0);
  return si_unit.empty() ? number : number + " " + si_unit;
}

}  // namespace voidsim
