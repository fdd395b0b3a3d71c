// Unit expressions and quantities (core/units.cpp). Values written with SI prefixes are compared
// with == on purpose: the parser folds the power of ten into the decimal before rounding, so
// "1e-14 cm^2/s" must be the double 1e-18 exactly, not merely close to it.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "core/units.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;

namespace {
constexpr Dimension dim(int length, int mass, int time, int current, int temperature = 0, int amount = 0) {
  return {{length, mass, time, current, temperature, amount, 0}};
}

// The offset reported for a text that fails to parse, or npos if it parses.
std::size_t error_offset(std::string_view text) {
  try {
    (void)parse_quantity(text);
  } catch (const UnitParseError& e) {
    return e.offset();
  }
  return std::string_view::npos;
}
}  // namespace

TEST_CASE("scenario example quantities convert to exact SI doubles") {
  CHECK(parse_quantity("250 nm").si_value == 2.5e-7);
  CHECK(parse_quantity("250 nm").dimension == Dimension::length());
  CHECK(parse_quantity("4.8 V").si_value == 4.8);
  CHECK(parse_quantity("4.8 V").dimension == dim(2, 1, -3, -1));

  const Quantity diffusivity = parse_quantity("1e-14 cm^2/s");
  CHECK(diffusivity.si_value == 1e-18);
  CHECK(diffusivity.dimension == dim(2, 0, -1, 0));

  const Quantity current_density = parse_quantity("30 pA/cm^2");
  CHECK(current_density.si_value == 3e-7);
  CHECK(current_density.dimension == dim(-2, 0, 0, 1));

  const Quantity asr = parse_quantity("8 ohm cm^2");
  CHECK(asr.si_value == 8e-4);
  CHECK(asr.dimension == dim(4, 1, -3, -2));
  CHECK(parse_quantity("8 \u03a9 cm^2").si_value == 8e-4);
  CHECK(parse_quantity("8 \u03a9*cm^2").si_value == 8e-4);

  const Quantity conductivity = parse_quantity("1e-6 S/cm");
  CHECK(conductivity.si_value == 1e-4);
  CHECK(conductivity.dimension == dim(-3, -1, 3, 2));

  // 378 mAh/g = 0.378 A * 3600 s / 1e-3 kg = 1.3608e6 C/kg
  const Quantity capacity = parse_quantity("378 mAh/g");
  CHECK(capacity.si_value == 1.3608e6);
  CHECK(capacity.dimension == dim(0, -1, 1, 1));

  const Quantity density = parse_quantity("59.4 nm^-3");
  CHECK(density.si_value == 5.94e28);
  CHECK(density.dimension == dim(-3, 0, 0, 0));

  // eV is defined by the exact SI elementary charge; 0.5 * x is exact in binary.
  const Quantity energy = parse_quantity("0.5 eV");
  CHECK(energy.si_value == 0.5 * 1.602176634e-19);
  CHECK(energy.dimension == dim(2, 1, -2, 0));
}

TEST_CASE("units: base units, prefixes and exact names") {
  CHECK(parse_unit("m").si_value == 1.0);
  CHECK(parse_unit("g").si_value == 1e-3);
  CHECK(parse_unit("kg").si_value == 1.0);
  CHECK(parse_unit("min").si_value == 60.0);               // minute, not milli-inch
  CHECK(parse_unit("mm").si_value == 1e-3);                // millimetre
  CHECK(parse_unit("Pa").dimension == dim(-1, 1, -2, 0));  // pascal, not peta-year
  CHECK(parse_unit("cd").dimension.exponent[6] == 1);      // candela, not centi-day
  CHECK(parse_unit("h").si_value == 3600.0);
  CHECK(parse_unit("hr").si_value == 3600.0);
  CHECK(parse_unit("hPa").si_value == 100.0);
  CHECK(parse_unit("dam").si_value == 10.0);
  CHECK(parse_unit("\u00b5m").si_value == 1e-6);
  CHECK(parse_unit("um").si_value == 1e-6);
  CHECK(parse_unit("\u00c5").si_value == 1e-10);
  CHECK(parse_unit("angstrom").si_value == 1e-10);
  CHECK(parse_unit("%").si_value == 0.01);
  CHECK(parse_unit("%").dimension == Dimension::none());
  CHECK(parse_unit("rad").dimension == Dimension::none());
  // pi/180 is one rounded division; compare with round-off tolerance.
  CHECK(testing::close(parse_unit("deg").si_value, std::numbers::pi / 180.0, testing::round_off));
  CHECK(parse_unit("L").si_value == 1e-3);
  CHECK(
      testing::close(parse_unit("mL").si_value, 1e-6, testing::round_off));  // "1e-6" decimal, exact or 1 ulp
  CHECK(parse_unit("kHz").dimension == dim(0, 0, -1, 0));
  CHECK(parse_unit("kJ/mol").dimension == dim(2, 1, -2, 0, 0, -1));
  CHECK(parse_unit("uF").dimension == dim(-2, -1, 4, 2));
  CHECK(parse_unit("mS").dimension == dim(-2, -1, 3, 2));
  CHECK(parse_unit("N.m").dimension == dim(2, 1, -2, 0));
  CHECK(parse_unit("J/mol/K").dimension == dim(2, 1, -2, 0, -1, -1));  // each '/' divides one factor
  CHECK(parse_unit("1/s").dimension == dim(0, 0, -1, 0));
  CHECK(parse_unit("1 / s").si_value == 1.0);
  CHECK(parse_unit("W").dimension == dim(2, 1, -3, 0));
  CHECK(parse_unit("C").dimension == dim(0, 0, 1, 1));
  CHECK(parse_unit("K").dimension == Dimension::temperature());
  CHECK(parse_unit("mol").dimension.exponent[5] == 1);
  CHECK(parse_unit("N").dimension == dim(1, 1, -2, 0));
  CHECK(parse_unit("A").dimension == Dimension::current());
  CHECK(parse_quantity("2 h").si_value == 7200.0);
  CHECK(parse_quantity("1.5 min").si_value == 90.0);
  CHECK(parse_quantity("2eV").si_value == 2 * 1.602176634e-19);  // 'e' without digits starts the unit
  CHECK(parse_quantity("250nm").si_value == 2.5e-7);
  CHECK(parse_quantity("0.3").dimension == Dimension::none());
  CHECK(parse_quantity("-1.5e3 mV").si_value == -1.5);
  CHECK(parse_quantity("30 %").si_value == 0.3);
}

TEST_CASE("units: malformed text is rejected with the offset of the problem") {
  CHECK_THROWS_AS((void)parse_quantity("250 furlongs"), UnitParseError);
  CHECK(error_offset("250 furlongs") == 4);
  CHECK(error_offset("abc") == 0);         // not a number
  CHECK(error_offset("1.2.3 m") == 3);     // a stray '.' where a unit must start
  CHECK(error_offset("250 nm )") == 7);    // trailing garbage
  CHECK(error_offset("250 nm foo") == 7);  // an unknown trailing word
  CHECK(error_offset("nan") == 0);
  CHECK(error_offset("inf m") == 0);
  CHECK(error_offset("-Infinity") == 0);
  CHECK(error_offset("1e999 m") == 0);   // overflows a double
  CHECK(error_offset("300 degC") == 4);  // affine
  CHECK(error_offset("25 \u00b0C") == 3);
  CHECK(error_offset("5 m2") == 3);  // exponent without '^'
  CHECK(error_offset("5 m^") == 4);
  CHECK(error_offset("5 m/") == 3);
  CHECK(error_offset("5 /s") == 2);
  CHECK(error_offset("5 1") == 2);  // a lone "1" is only a unit by itself
  CHECK(error_offset("") == 0);

  try {
    (void)parse_quantity("300 degC");
    FAIL("degC must be rejected");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()).find("K") != std::string::npos);
  }
  try {
    (void)parse_quantity("5 m2");
    FAIL("m2 must be rejected");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()).find("m^2") != std::string::npos);
  }
}

TEST_CASE("units: parse_quantity_as names both dimensions") {
  CHECK(parse_quantity_as("250 nm", Dimension::length()) == 2.5e-7);
  try {
    (void)parse_quantity_as("3 s", Dimension::length());
    FAIL("a time is not a length");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()) == "expected a length (e.g. 'nm'), got a time ('s')");
    CHECK(e.offset() == 2);
  }
  try {
    (void)parse_quantity_as("30 pA/cm", dim(-2, 0, 0, 1));
    FAIL("A/m is not a current density");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()) ==
          "expected a current density (e.g. 'mA/cm^2'), got a quantity in m^-1 A ('pA/cm')");
  }
  try {
    (void)parse_quantity_as("8 ohm", dim(4, 1, -3, -2));
    FAIL("ohm is not an area-specific resistance");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()) ==
          "expected an area-specific resistance (e.g. 'ohm cm^2'), got a resistance ('ohm')");
  }
  try {
    (void)parse_quantity_as("5", Dimension::temperature());
    FAIL("a bare number is not a temperature");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()) == "expected a temperature (e.g. 'K'), got a number without a unit");
  }
  CHECK(describe_dimension(dim(2, 0, -1, 0)).name == "a diffusivity");
  CHECK(describe_dimension(dim(-3, -1, 3, 2)).name == "a conductivity");
  CHECK(describe_dimension(dim(2, 1, -2, 0)).name == "an energy");
  CHECK(describe_dimension(dim(2, 1, -3, -1)).name == "a voltage");
  CHECK(describe_dimension(dim(5, 0, 0, 0)).name == "a quantity in m^5");
}

TEST_CASE("units: dimension strings and openPMD exponents") {
  CHECK(dimension_of("cm^2/s").to_string() == "m^2 s^-1");
  CHECK(dimension_of("mAh/g").to_string() == "kg^-1 s A");
  CHECK(dimension_of("").to_string() == "1");
  CHECK(dimension_of("1") == Dimension::none());
  // The SI form parses back to the same dimension with scale exactly 1.
  const Quantity si = parse_unit(dimension_of("ohm cm^2").to_string());
  CHECK(si.si_value == 1.0);
  CHECK(si.dimension == dimension_of("ohm cm^2"));
  const auto openpmd = dimension_of("V").as_openpmd();
  CHECK(openpmd == std::array<double, 7>{2, 1, -3, -1, 0, 0, 0});
}

TEST_CASE("units: format_in_unit round-trips exactly") {
  CHECK(format_in_unit(2.5e-7, "nm") == "250 nm");
  CHECK(format_in_unit(1e-18, "cm^2/s") == "1e-14 cm^2/s");
  CHECK(format_in_unit(3e-7, "pA/cm^2") == "30 pA/cm^2");
  CHECK(format_in_unit(1.3608e6, "mAh/g") == "378 mAh/g");
  CHECK(format_in_unit(0.3, "") == "0.3");
  CHECK(format_in_unit(0.0, "V") == "0 V");
  CHECK(format_in_unit(-1.5, "mV") == "-1500 mV");
  CHECK(format_in_unit(7200.0, "h") == "2 h");
  // Values that are not short decimals in the display unit (division by 3600, pi/180, eV).
  for (const char* unit : {"nm", "h", "deg", "eV", "mAh/g", "cm^2/s", "K", "S/cm", "%", "min", "uF/cm^2"}) {
    const Dimension d = dimension_of(unit);
    for (double v : {1.0 / 3.0, 2.5e-7, 1.3608e6, 0.1 + 0.2, 6.02214076e23, 1.602176634e-19, 123456.789e-9}) {
      const std::string text = format_in_unit(v, unit);
      const Quantity back = parse_quantity(text);
      CHECK_MESSAGE(back.si_value == v, text);
      CHECK(back.dimension == d);
    }
  }
}

// Regressions from fuzz/fuzz_units (docs/robustness.md lists every finding).
TEST_CASE("units: fuzz findings stay fixed") {
  // A display unit "1" (dimensionless, as Dimension::to_string writes it) gave "0.5 1", which
  // parse_quantity rejects; the value is now written bare and parses back exactly.
  CHECK(format_in_unit(0.5, "1") == "0.5");
  CHECK(parse_quantity(format_in_unit(1.2345e-7, " 1 ")).si_value == 1.2345e-7);
  CHECK(format_in_unit(2.0, "1/s") == "2 1/s");  // "1/" still is a unit numerator

  // "eV^866" scaled by 1.6e-19^866 = 0 (underflow): a value in it could not be converted, and
  // format_in_unit fell back to "m^1732 ...", which does not parse back. Such units are now
  // rejected at the factor that leaves the range, naming the unit so far.
  try {
    (void)parse_unit("eV^866");
    FAIL("eV^866 must be rejected");
  } catch (const UnitParseError& e) {
    CHECK(std::string(e.what()) ==
          "unit 'eV^866' has a factor outside the range of a double; use a smaller exponent");
    CHECK(e.offset() == 0);
  }
  CHECK_THROWS_AS((void)parse_quantity("1 h^99"), UnitParseError);   // 3600^99 overflows
  CHECK_THROWS_AS((void)parse_quantity("1 Qm^11"), UnitParseError);  // 1e330
  CHECK_THROWS_AS((void)parse_unit("m^999 m^999"), UnitParseError);  // m^1998: 4-digit exponent
  try {
    (void)parse_quantity("3 nm s^900 s^200");
    FAIL("s^1100 must be rejected");
  } catch (const UnitParseError& e) {
    CHECK(e.offset() == 11);  // the factor that crosses the limit: "s^200" starts at column 12
  }
  // Large but representable units still work, and cancel exactly.
  CHECK(parse_quantity("2 Qm^10").si_value == 2e300);
  CHECK(parse_unit("m^999/m^999").dimension == Dimension::none());
}
