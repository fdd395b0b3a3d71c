// Schema declarations, "did you mean" hints and `check --explain` text (core/schema.cpp).
#include <doctest/doctest.h>

#include <stdexcept>

#include "core/error.hpp"
#include "core/scenario.hpp"
#include "core/schema.hpp"

using namespace voidsim;

namespace {
Schema small_schema() {
  Schema schema;
  schema.quantity("electrolyte.thickness", "250 nm", "nm", "LiPON film thickness")
      .min(0, true)
      .max(1e-5)
      .source("MODEL.md table 1");
  schema.quantity("electrolyte.conductivity", "1e-6 S/cm", "S/cm", "Li-ion conductivity").min(0, true);
  schema.choice("run.engine", "phase_field", {"phase_field", "kmc"}, "simulation engine");
  schema.integer("run.steps", 100, "number of steps").min(1);
  schema.real("cathode.porosity", 0.3, "pore volume fraction").min(0).max(1);
  return schema;
}
}  // namespace

TEST_CASE("schema: find, sections and children follow the declarations") {
  const Schema schema = small_schema();
  REQUIRE(schema.find("electrolyte.thickness") != nullptr);
  CHECK(schema.find("electrolyte.thickness")->unit == "nm");
  CHECK(schema.find("electrolyte") == nullptr);
  CHECK(schema.is_section("electrolyte"));
  CHECK(schema.is_section(""));
  CHECK_FALSE(schema.is_section("electrolyte.thickness"));
  CHECK_FALSE(schema.is_section("electro"));  // a prefix of a name is not a section
  CHECK(schema.children("") == std::vector<std::string>{"electrolyte", "run", "cathode"});
  CHECK(schema.children("electrolyte") == std::vector<std::string>{"thickness", "conductivity"});
  CHECK(schema.find("cathode.porosity")->default_value == "0.3");
  CHECK(schema.find("run.steps")->minimum == 1.0);
}

TEST_CASE("schema: programming errors in declarations are logic_errors") {
  Schema schema = small_schema();
  CHECK_THROWS_AS(schema.real("run.steps", 1.0, "twice"), std::logic_error);
  CHECK_THROWS_AS(schema.real("electrolyte", 1.0, "a section cannot be a key"), std::logic_error);
  CHECK_THROWS_AS(schema.real("run.steps.inner", 1.0, "a key cannot be a section"), std::logic_error);
  CHECK_THROWS_AS(schema.real("run..x", 1.0, "empty name"), std::logic_error);
  CHECK_THROWS_AS(schema.choice("run.mode", "a", {}, "no choices"), std::logic_error);
  CHECK_THROWS_AS(schema.quantity("run.length", "1 m", "furlong", "unknown unit"), std::logic_error);
  CHECK_THROWS_AS(schema.real("extends", 1.0, "reserved"), std::logic_error);
  CHECK(schema.keys().size() == 5);  // nothing was added by the failed declarations
}

TEST_CASE("schema: edit distance and closest match") {
  CHECK(edit_distance("thickness", "thickness") == 0);
  CHECK(edit_distance("thicknes", "thickness") == 1);
  CHECK(edit_distance("thikcness", "thickness") == 1);  // one transposition
  CHECK(edit_distance("", "abc") == 3);
  CHECK(closest_match("thicknes", {"conductivity", "thickness"}) == "thickness");
  CHECK_FALSE(closest_match("voltage", {"conductivity", "thickness"}).has_value());
  const Schema schema = small_schema();
  CHECK(schema.suggest("electrolyte.thicknes") == "electrolyte.thickness");
  CHECK(schema.suggest("thickness") == "electrolyte.thickness");  // section forgotten
  CHECK(schema.suggest("run.porosity") == "cathode.porosity");    // wrong section
  CHECK(schema.suggest("electrolite") == "electrolyte");          // a section
  CHECK_FALSE(schema.suggest("temperature").has_value());
}

TEST_CASE("schema: explain a key") {
  const Schema schema = small_schema();
  const std::string text = schema.explain("electrolyte.thickness");
  CHECK(text ==
        "electrolyte.thickness\n"
        "  type:         quantity (a length, display unit 'nm')\n"
        "  unit:         nm  [SI: m]\n"
        "  default:      250 nm\n"
        "  range:        > 0 nm and <= 10000 nm\n"
        "  description:  LiPON film thickness\n"
        "  source:       MODEL.md table 1\n");
  const std::string choice = schema.explain("run.engine");
  CHECK(choice.find("choices:      phase_field, kmc\n") != std::string::npos);
  CHECK(choice.find("default:      phase_field\n") != std::string::npos);
}

TEST_CASE("schema: explain a section lists every key under it") {
  const Schema schema = small_schema();
  const std::string text = schema.explain("electrolyte");
  CHECK(text.starts_with("section 'electrolyte': 2 keys\n"));
  CHECK(text.find("\nelectrolyte.thickness\n") != std::string::npos);
  CHECK(text.find("\nelectrolyte.conductivity\n") != std::string::npos);
  CHECK(text.find("run.engine") == std::string::npos);
  CHECK(schema.explain("").find("cathode.porosity") != std::string::npos);
}

TEST_CASE("schema: explain of an unknown key is an InputError with a hint") {
  const Schema schema = small_schema();
  try {
    (void)schema.explain("electrolyte.thicknes");
    FAIL("unknown key must throw");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].key == "electrolyte.thicknes");
    CHECK(e.diagnostics()[0].hint == "did you mean 'electrolyte.thickness'?");
  }
  try {
    (void)schema.explain("engine");
    FAIL("unknown key must throw");
  } catch (const InputError& e) {
    CHECK(e.diagnostics()[0].hint == "did you mean 'run.engine'?");
  }
}

// Regression from fuzz/fuzz_scenario (docs/robustness.md): "did you mean" hints compared an
// unknown key with every declared key by a quadratic edit distance, so long unknown keys in a
// scenario or --set made loading crawl (9 inputs/s under the fuzzer; about 6e9 table cells for
// this test). Keys whose lengths differ by more than three edits are now skipped unexamined.
TEST_CASE("schema: hints for very long unknown keys are instant" * doctest::timeout(2.0)) {
  const Schema schema = small_schema();
  const std::string long_key(256 * 1024, 'x');
  for (int i = 0; i < 20; ++i) {
    CHECK_FALSE(schema.suggest(long_key).has_value());
    CHECK_FALSE(schema.suggest("electrolyte." + long_key).has_value());
    CHECK_FALSE(closest_match(long_key, {"thickness", "conductivity"}).has_value());
  }
  // The rolling-row distance agrees with the full table on classic cases (OSA: "ca" -> "abc" is
  // 3, not Damerau's 2).
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("abcdef", "badcfe") == 3);
  CHECK(edit_distance("ca", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  // Typos within three edits are still found, whole path and by name.
  CHECK(schema.suggest("electrolyte.thicknes") == "electrolyte.thickness");
  CHECK(closest_match("thicknes", {"thickness", "conductivity"}) == "thickness");
}
