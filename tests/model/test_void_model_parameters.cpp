// The schema declarations and from()/validate() of the void-model parameter blocks.
#include <doctest/doctest.h>

#include "core/scenario.hpp"
#include "model/defect_density.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/physical_constants.hpp"
#include "model/vacancy_sources.hpp"
#include "model/void_free_energy.hpp"
#include "model/void_nucleation.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using voidsim::testing::close;

namespace {
Schema void_schema() {
  Schema schema;
  VoidModelParameters::declare(schema);
  NucleationParameters::declare(schema);
  VacancySourceParameters::declare(schema);
  DefectParameters::declare(schema);
  ElectrochemistryParameters::declare(schema);  // the specimen temperature lives there
  return schema;
}
}  // namespace

TEST_CASE("parameter blocks: declared defaults parse back to the documented values") {
  const Schema schema = void_schema();  // throws on a duplicate key
  const Scenario scenario(schema);
  const auto v = VoidModelParameters::from(scenario);
  CHECK(close(v.formation_energy, 0.6 * constants::electron_volt, 1e-12));
  CHECK(close(v.surface_energy, 1.0, 1e-12));
  CHECK(close(v.interface_width, 2e-9, 1e-12));
  CHECK(close(v.site_density, 59.4e27, 1e-12));
  CHECK(close(v.vacancy_diffusivity, 1e-18, 1e-12));
  CHECK(close(v.void_well, 1e10, 1e-12));
  CHECK(close(v.allen_cahn_mobility, 3e-9, 1e-12));
  // One specimen temperature: the void model reads electrochemistry.temperature.
  CHECK(close(v.temperature, 298.15, 1e-15));
  const auto n = NucleationParameters::from(scenario);
  CHECK(close(n.exclusion_distance, 5e-9, 1e-12));
  CHECK(close(n.prefactor, 1e28, 1e-12));
  CHECK(n.cross_section == CrossSectionNucleus::sphere_in_slab);
  const auto s = VacancySourceParameters::from(scenario);
  CHECK(close(s.beam.current_density, 30e-12 / 1e-4, 1e-12));
  CHECK(close(s.oxygen_redox.onset, 0.8, 1e-15));
  const auto d = DefectParameters::from(scenario);
  CHECK(close(d.model.core_radius, 0.5e-9, 1e-12));
  CHECK(d.model.escape_enabled == false);
  CHECK(VoidModelParameters::validate(scenario).empty());
  CHECK(NucleationParameters::validate(scenario).empty());
  CHECK(VacancySourceParameters::validate(scenario).empty());
  CHECK(DefectParameters::validate(scenario).empty());
}

TEST_CASE("parameter blocks: validate() names the key of a physics problem") {
  const Schema schema = void_schema();
  Scenario scenario(schema);
  // The DFT 2.3 eV makes c_v_eq ~ 1e-39: rejected with the key named.
  scenario.set("void_model.vacancy_formation_energy", 2.3 * constants::electron_volt);
  auto problems = VoidModelParameters::validate(scenario);
  bool named = false;
  for (const auto& d : problems) named = named || d.key == "void_model.vacancy_formation_energy";
  CHECK(named);
  scenario.set("vacancy_source.oxygen_redox.onset_width", 0.2);
  problems = VacancySourceParameters::validate(scenario);
  REQUIRE(problems.size() == 1);
  CHECK(problems.front().key == "vacancy_source.oxygen_redox.onset_width");
}
