#include "app/scenario_schema.hpp"

#include "app/run_parameters.hpp"
#include "io/scenario_loader.hpp"
#include "model/defect_density.hpp"
#include "model/domain_parameters.hpp"
#include "model/electrochemistry_parameters.hpp"
#include "model/kmc_coupling_parameters.hpp"
#include "model/lattice_defects.hpp"
#include "model/li_diffusivity.hpp"
#include "model/phase_field_numerics.hpp"
#include "model/surface_layer_parameters.hpp"
#include "model/vacancy_lattice_model.hpp"
#include "model/vacancy_sources.hpp"
#include "model/void_free_energy.hpp"
#include "model/void_nucleation.hpp"
#include "voidsim/default_scenario.hpp"

namespace voidsim::app {

namespace {

// The explicit registry of parameter blocks (STYLE.md: one list per kind, no self-registration).
struct ParameterBlock {
  void (*declare)(Schema&);
  std::vector<Diagnostic> (*validate)(const Scenario&);
};
const ParameterBlock parameter_blocks[] = {
    {RunParameters::declare, RunParameters::validate},
    {DomainParameters::declare, DomainParameters::validate},
    {PhaseFieldNumerics::declare, PhaseFieldNumerics::validate},
    {LiTransportParameters::declare, LiTransportParameters::validate},
    {ElectrochemistryParameters::declare, ElectrochemistryParameters::validate},
    {VacancySourceParameters::declare, VacancySourceParameters::validate},
    {DefectParameters::declare, DefectParameters::validate},
    {VoidModelParameters::declare, VoidModelParameters::validate},
    {NucleationParameters::declare, NucleationParameters::validate},
    {VacancyLatticeParameters::declare, VacancyLatticeParameters::validate},
    {LatticeDefectParameters::declare, LatticeDefectParameters::validate},
    {KmcCouplingParameters::declare, KmcCouplingParameters::validate},
    {SurfaceLayerParameters::declare, SurfaceLayerParameters::validate},
};

}  // namespace

const Schema& scenario_schema() {
  static const Schema schema = [] {
    Schema s;
    for (const auto& block : parameter_blocks) block.declare(s);
    return s;
  }();
  return schema;
}

Scenario load_and_validate(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  Scenario scenario = file.empty() ? io::load_scenario_text(default_scenario_yaml, builtin_scenario_name,
                                                            scenario_schema(), overrides)
                                   : io::load_scenario(file, scenario_schema(), overrides);
  std::vector<Diagnostic> problems;
  for (const auto& block : parameter_blocks) {
    auto found = block.validate(scenario);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return scenario;
}

}  // namespace voidsim::app
