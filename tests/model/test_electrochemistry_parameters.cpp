#include <doctest/doctest.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/schema.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/physical_constants.hpp"
#include "tests/tolerance.hpp"

using voidsim::ElectrochemistryParameters;
using voidsim::Scenario;
using voidsim::Schema;
using voidsim::testing::close;
using voidsim::testing::round_off;

namespace {
Schema electrochemistry_schema() {
  Schema schema;
  ElectrochemistryParameters::declare(schema);
  return schema;
}
}  // namespace

TEST_CASE("electrochemistry parameters defaults resolve to SI") {
  // The defaults are written with units in the schema ("250 nm", "2e-6 S/cm", "0.55 eV",
  // "8 ohm cm^2", "1 um^2"); their SI values are checked to round-off of the unit parser.
  const Schema schema = electrochemistry_schema();
  const Scenario scenario(schema);
  CHECK(ElectrochemistryParameters::validate(scenario).empty());
  const auto p = ElectrochemistryParameters::from(scenario);
  CHECK(p.bias.mode == voidsim::BiasMode::potentiostatic);
  CHECK(close(p.bias.bias, 4.8, round_off));
  CHECK(close(p.resistances.electrolyte_thickness, 250e-9, round_off));
  CHECK(close(p.resistances.electrolyte_conductivity, 2e-4, round_off));
  CHECK(close(p.resistances.electrolyte_activation_energy, 0.55 * voidsim::constants::electron_volt,
              round_off));
  CHECK(close(p.resistances.interface_resistance, 8e-4, round_off));
  CHECK(close(p.electrode_area, 1e-12, round_off));
  CHECK(close(p.bias.ramp_rate, 1e-3, round_off));
  CHECK(close(p.temperature, 298.15, round_off));
  CHECK(close(p.kinetics.temperature, 298.15, round_off));
  // The LiPON film resistance of MODEL.md section 3 from the declared defaults: 12.5 ohm cm^2.
  CHECK(close(p.resistances.electrolyte_area_resistance(p.temperature), 12.5e-4, round_off));
  // The OCV table keys default to exactly the code's default table.
  REQUIRE(p.ocv_x.size() == voidsim::default_ocv_x().size());
  REQUIRE(p.ocv_voltage.size() == voidsim::default_ocv_voltage().size());
  for (std::size_t k = 0; k < p.ocv_x.size(); ++k) {
    CHECK(p.ocv_x[k] == voidsim::default_ocv_x()[k]);
    CHECK(close(p.ocv_voltage[k], voidsim::default_ocv_voltage()[k], round_off));
  }
  REQUIRE(p.bias.step_voltages.size() == 5);
  CHECK(close(p.bias.step_voltages.back(), 4.8, round_off));
}

TEST_CASE("electrochemistry parameters every key is declared with a description and source") {
  const Schema schema = electrochemistry_schema();
  int n_keys = 0;
  for (const auto& key : schema.keys()) {
    CHECK(key.path.rfind("electrochemistry.", 0) == 0);
    CHECK_FALSE(key.description.empty());
    ++n_keys;
  }
  CHECK(n_keys >= 25);
  for (const char* path :
       {"electrochemistry.electrolyte.conductivity", "electrochemistry.interface_resistance",
        "electrochemistry.electrolyte.activation_energy", "electrochemistry.ocv.voltage"}) {
    REQUIRE(schema.find(path) != nullptr);
    CHECK(schema.find(path)->source.find("MODEL.md") != std::string::npos);
  }
}

TEST_CASE("electrochemistry parameters validate names the offending key") {
  const Schema schema = electrochemistry_schema();
  {
    Scenario scenario(schema);
    scenario.set("electrochemistry.ocv.voltage", std::vector<double>{4.5, 4.0});  // 13 x, 2 U
    const auto problems = ElectrochemistryParameters::validate(scenario);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "electrochemistry.ocv.voltage");
  }
  {
    Scenario scenario(schema);
    scenario.set("electrochemistry.ocv.x", std::vector<double>{0.0, 0.6, 0.5});
    scenario.set("electrochemistry.ocv.voltage", std::vector<double>{4.6, 4.5, 4.0});
    const auto problems = ElectrochemistryParameters::validate(scenario);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "electrochemistry.ocv.x");
  }
  {
    Scenario scenario(schema);
    scenario.set("electrochemistry.mode", std::string("bias_steps"));
    scenario.set("electrochemistry.bias_steps.voltages", std::vector<double>{});
    const auto problems = ElectrochemistryParameters::validate(scenario);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "electrochemistry.bias_steps.voltages");
  }
  {
    Scenario scenario(schema);
    scenario.set("electrochemistry.kinetics.composition_floor", 0.0);
    const auto problems = ElectrochemistryParameters::validate(scenario);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "electrochemistry.kinetics.composition_floor");
    CHECK_FALSE(problems[0].hint.empty());
  }
}
