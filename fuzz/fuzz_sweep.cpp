// Fuzz target: sweep files as `voidsim sweep SWEEP.yaml --dry-run` reads them: YAML text -> the
// sweep block, every key under set: and parameters: checked against the app's schema, values,
// ranges and samplers expanded into tasks. (The per-point scenario validation, which loads the
// base scenario once per point, is left out: the scenario target covers that reader.)
//
// The reader may only succeed or throw InputError whose every diagnostic says what is wrong; IoError
// only if the file cannot be read. A plan that is read must be consistent: tasks numbered 0..n-1,
// point-major, one value per swept key, and it must survive its JSON round trip.
#include <cstddef>
#include <cstdint>

#include "app/scenario_schema.hpp"
#include "core/error.hpp"
#include "fuzz/fuzz_checks.hpp"
#include "fuzz/fuzz_input_file.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep/sweep_plan_json.hpp"

using voidsim::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = voidsim::fuzz::write_input("sweep.yaml", data, size);
  voidsim::sweep::SweepFileChecks checks;
  checks.schema = &voidsim::app::scenario_schema();
  voidsim::sweep::SweepPlan plan;
  try {
    plan = voidsim::sweep::load_sweep_file(path, checks);
  } catch (const voidsim::InputError& e) {
    voidsim::fuzz::require_described(e);
    return 0;
  } catch (const voidsim::IoError&) {
    return 0;
  }
  require(plan.tasks.size() == plan.points * plan.replicates);
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const auto& t = plan.tasks[i];
    require(t.index == i && t.point * plan.replicates + t.replicate == i);
    require(t.parameters.size() == plan.parameter_keys.size());
  }
  const auto again = voidsim::sweep::plan_from_json(voidsim::sweep::plan_to_json(plan), path);
  require(!voidsim::sweep::plan_difference(again, plan).has_value());
  return 0;
}
