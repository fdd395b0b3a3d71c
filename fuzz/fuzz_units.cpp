// Fuzz target: the unit and quantity parser (core/units.hpp), the only place units of user input
// are interpreted. Beyond "no crash, no UB": every UnitParseError points inside the text, a
// parsed quantity is finite, and format_in_unit's promise holds (its text parses back to
// exactly the same double).
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/units.hpp"
#include "fuzz/fuzz_checks.hpp"

namespace {

using namespace voidsim;

using voidsim::fuzz::require;

// Display units that scenario keys declare, plus a few with non-decimal factors (h, deg, eV).
constexpr std::string_view display_units[] = {"",    "nm",       "s",     "V",     "cm^2/s",  "mA/cm^2",
                                              "eV",  "K",        "%",     "deg",   "1/s",     "h",
                                              "min", "ohm cm^2", "mAh/g", "nm^-3", "uF/cm^2", "\u00c5"};

// format_in_unit promises that its text parses back to exactly `si_value`.
void check_round_trip(double si_value, std::string_view unit) {
  if (!std::isfinite(si_value)) return;
  const std::string text = format_in_unit(si_value, unit);
  const Quantity back = parse_quantity(text);
  require(std::bit_cast<std::uint64_t>(back.si_value) == std::bit_cast<std::uint64_t>(si_value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  try {
    const Quantity q = parse_quantity(text);
    require(std::isfinite(q.si_value));
    check_round_trip(q.si_value, display_units[size % std::size(display_units)]);
    (void)describe_dimension(q.dimension);
    (void)q.dimension.to_string();
  } catch (const UnitParseError& e) {
    require(e.offset() <= size);
    require(*e.what() != '\0');
  }

  try {
    (void)parse_unit(text);
    (void)dimension_of(text);
    // A unit expression that parses is a display unit format_in_unit accepts; its output must
    // parse back exactly (the SI fallback included).
    check_round_trip(1.2345e-7, text);
    check_round_trip(-3.0, text);
  } catch (const UnitParseError& e) {
    require(e.offset() <= size);
  }

  if (const auto number = parse_plain_number(text)) require(std::isfinite(*number));

  try {
    (void)parse_quantity_as(text, Dimension::length());
  } catch (const UnitParseError& e) {
    require(e.offset() <= size);
  }
  return 0;
}
