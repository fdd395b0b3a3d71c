#pragma once
// Physical quantities written with their units in scenario files ("250 nm", "1e-14 cm^2/s",
// "30 pA/cm^2"). Everything inside voidsim is SI; this is the only place units are interpreted.
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace voidsim {

/// Exponents of the SI base dimensions, in openPMD's unitDimension order:
/// length, mass, time, electric current, temperature, amount of substance, luminous intensity.
struct Dimension {
  std::array<int, 7> exponent{};

  static constexpr Dimension none() { return {}; }
  static constexpr Dimension length() { return {{1, 0, 0, 0, 0, 0, 0}}; }
  static constexpr Dimension time() { return {{0, 0, 1, 0, 0, 0, 0}}; }
  static constexpr Dimension temperature() { return {{0, 0, 0, 0, 1, 0, 0}}; }
  static constexpr Dimension current() { return {{0, 0, 0, 1, 0, 0, 0}}; }

  friend constexpr bool operator==(const Dimension&, const Dimension&) = default;
  friend constexpr Dimension operator*(Dimension a, const Dimension& b) {
    for (std::size_t i = 0; i < 7; ++i) a.exponent[i] += b.exponent[i];
    return a;
  }
  friend constexpr Dimension operator/(Dimension a, const Dimension& b) {
    for (std::size_t i = 0; i < 7; ++i) a.exponent[i] -= b.exponent[i];
    return a;
  }
  [[nodiscard]] constexpr Dimension pow(int p) const {
    Dimension d = *this;
    for (auto& e : d.exponent) e *= p;
    return d;
  }
  /// Exponents as doubles, the openPMD "unitDimension" attribute.
  [[nodiscard]] std::array<double, 7> as_openpmd() const;
  /// Human-readable SI form, e.g. "m^2 s^-1"; "1" for dimensionless.
  [[nodiscard]] std::string to_string() const;
};

/// A value in SI with its dimension.
struct Quantity {
  double si_value = 0.0;
  Dimension dimension;
};

/// Thrown by the parsers with the 0-based character offset of the problem inside the text, so
/// the scenario loader can point at the exact column.
class UnitParseError : public std::runtime_error {
 public:
  UnitParseError(std::string message, std::size_t offset)
      : std::runtime_error(std::move(message)), offset_(offset) {}
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

/// Parses a unit expression such as "cm^2/s", "pA/cm^2", "ohm cm^2", "S/cm", "mAh/g", "nm^-3",
/// "1/s" into its SI scale factor and dimension. Products by space, '*' or '.', one or more '/'
/// (each divides the factor that follows), integer exponents with '^' (negative allowed), SI
/// prefixes (q r y z a f p n u µ m c d da h k M G T P E), and the units listed in units.cpp.
/// Temperatures are absolute: "K" only ("degC" is rejected as it is affine, not a scale).
[[nodiscard]] Quantity parse_unit(std::string_view text);

/// Parses "<number> [unit]": "250 nm", "4.8 V", "1e-14 cm^2/s", "0.3" (dimensionless).
[[nodiscard]] Quantity parse_quantity(std::string_view text);

/// The value of a bare number without unit ("2.5e-7", " 3 "); nullopt if `text` has a unit or
/// is not a number (parse_quantity then says why).
[[nodiscard]] std::optional<double> parse_plain_number(std::string_view text);

/// Parses a quantity and checks its dimension; the error message names both dimensions and an
/// example unit ("expected a length (e.g. 'nm'), got a time ('s')").
[[nodiscard]] double parse_quantity_as(std::string_view text, const Dimension& expected);

/// Parses a dimension given as a unit expression ("m^2/s" -> L^2 T^-1); used by declarations.
[[nodiscard]] Dimension dimension_of(std::string_view unit_text);

/// Formats an SI value in a display unit: format_in_unit(2.5e-7, "nm") == "250 nm". The text
/// parses back (parse_quantity) to exactly `si_value`; if no decimal in the display unit does,
/// the value is written in SI base units instead. An empty unit gives a plain number.
[[nodiscard]] std::string format_in_unit(double si_value, std::string_view unit_text);

/// Friendly name of a dimension with an article and an example unit, e.g. {"a length", "nm"};
/// {"a quantity in m^2 kg", "m^2 kg"} for dimensions without a common name.
struct DimensionName {
  std::string name;
  std::string example_unit;
};
[[nodiscard]] DimensionName describe_dimension(const Dimension& dimension);

}  // namespace voidsim
