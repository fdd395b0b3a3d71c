// The resolved Scenario and the text <-> value conversions by declaration (core/scenario.cpp).
#include <doctest/doctest.h>

#include <stdexcept>

#include "core/scenario.hpp"

using namespace voidsim;

namespace {
Schema defaults_schema() {
  Schema schema;
  schema.quantity("electrolyte.thickness", "250 nm", "nm", "LiPON film thickness").min(0, true);
  schema.quantity_list("cycling.cutoffs", "[2.0 V, 4800 mV]", "V", "cutoff voltages");
  schema.real_list("run.weights", "[0.25, 0.75]", "weights");
  schema.integer("run.steps", 100, "number of steps").min(1);
  schema.boolean("run.checkpoint", true, "write checkpoints");
  schema.string("run.output", "out dir", "output directory");
  schema.choice("run.engine", "kmc", {"phase_field", "kmc"}, "simulation engine");
  schema.real("cathode.porosity", 0.3, "pore volume fraction").min(0).max(1);
  return schema;
}
}  // namespace

TEST_CASE("scenario: the schema constructor fills every key with its parsed default") {
  const Schema schema = defaults_schema();
  const Scenario scenario(schema);
  CHECK(scenario.values().size() == schema.keys().size());
  CHECK(scenario.real("electrolyte.thickness") == 2.5e-7);
  CHECK(scenario.list("cycling.cutoffs") == std::vector<double>{2.0, 4.8});
  CHECK(scenario.list("run.weights") == std::vector<double>{0.25, 0.75});
  CHECK(scenario.integer("run.steps") == 100);
  CHECK(scenario.boolean("run.checkpoint"));
  CHECK(scenario.string("run.output") == "out dir");
  CHECK(scenario.string("run.engine") == "kmc");
  CHECK(scenario.real("cathode.porosity") == 0.3);
  CHECK(scenario.origin("run.steps").file.empty());  // a default
}

TEST_CASE("scenario: a default that does not parse or is out of range is a logic_error") {
  Schema bad_unit;
  bad_unit.quantity("a.length", "3 s", "nm", "a time given for a length");
  CHECK_THROWS_AS(Scenario{bad_unit}, std::logic_error);
  Schema bad_range;
  bad_range.real("a.fraction", 1.5, "above its maximum").max(1);
  CHECK_THROWS_AS(Scenario{bad_range}, std::logic_error);
  Schema bad_choice;
  bad_choice.choice("a.mode", "fast", {"slow"}, "not among the choices");
  CHECK_THROWS_AS(Scenario{bad_choice}, std::logic_error);
  Schema bad_list;
  bad_list.real_list("a.list", "1, 2", "not a flow sequence");
  CHECK_THROWS_AS(Scenario{bad_list}, std::logic_error);
}

TEST_CASE("scenario: typed access of a wrong kind or unknown key is a logic_error") {
  const Scenario scenario(defaults_schema());
  CHECK_THROWS_AS((void)scenario.integer("electrolyte.thickness"), std::logic_error);
  CHECK_THROWS_AS((void)scenario.real("no.such.key"), std::logic_error);
  CHECK_FALSE(scenario.contains("no.such.key"));
  CHECK(scenario.contains("run.steps"));
}

TEST_CASE("scenario: set records the origin and diagnostic() points at it") {
  Scenario scenario(defaults_schema());
  scenario.set("run.steps", 7LL, {"case.yaml", 12, 10});
  CHECK(scenario.integer("run.steps") == 7);
  const Diagnostic d = scenario.diagnostic("run.steps", "too few steps for the output interval");
  CHECK(d.format() == "case.yaml:12:10: run.steps: too few steps for the output interval");
}

TEST_CASE("scenario: value conversions by declaration") {
  const Schema schema = defaults_schema();
  const auto& thickness = *schema.find("electrolyte.thickness");
  CHECK(std::get<double>(parse_scalar_value(thickness, "0.25 um")) == 2.5e-7);
  CHECK(std::get<double>(parse_scalar_value(thickness, "2.5e-7")) == 2.5e-7);  // a bare number is SI
  CHECK_THROWS_AS((void)parse_scalar_value(thickness, "3 s"), UnitParseError);
  CHECK_THROWS_AS((void)parse_scalar_value(*schema.find("run.steps"), "2.5"), UnitParseError);
  CHECK_THROWS_AS((void)parse_scalar_value(*schema.find("run.checkpoint"), "maybe"), UnitParseError);
  CHECK_THROWS_AS((void)parse_scalar_value(*schema.find("run.engine"), "monte_carlo"), UnitParseError);
  CHECK(range_violation(thickness, 0.0) == "must be > 0 nm");
  CHECK(range_violation(thickness, 1e-9).empty());
  CHECK(range_violation(*schema.find("cathode.porosity"), 1.5) == "must be <= 1");
  const Scenario scenario(schema);
  CHECK(format_value(thickness, scenario.values().at("electrolyte.thickness")) == "250 nm");
  CHECK(format_value(*schema.find("cycling.cutoffs"), scenario.values().at("cycling.cutoffs")) ==
        "[2 V, 4.8 V]");
  CHECK(format_value(*schema.find("run.output"), scenario.values().at("run.output")) == "\"out dir\"");
  CHECK(format_value(*schema.find("run.engine"), scenario.values().at("run.engine")) == "kmc");
}
