// Sweep files: expansion into tasks (product, zip, ranges with units, samplers, replicates) and
// diagnostics with file:line:column and key.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "sweep/parameter_sampling.hpp"
#include "sweep/sweep_file.hpp"
#include "tests/tolerance.hpp"

using namespace voidsim;
using namespace voidsim::sweep;
namespace fs = std::filesystem;
using voidsim::testing::close;
using voidsim::testing::round_off;

namespace {

const Schema& test_schema() {
  static const Schema schema = [] {
    Schema s;
    s.quantity("electrochemistry.bias", "4.8 V", "V", "bias");
    s.real("vacancy_source.loss_fraction", 0.5, "irreversible share");
    s.integer("domain.nx", 256, "cells along x");
    s.choice("engine", "phase_field", {"phase_field", "kmc"}, "engine");
    s.integer("run.seed", 1, "seed");
    s.quantity("run.duration", "2400 s", "s", "duration");
    return s;
  }();
  return schema;
}

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::path(VOIDSIM_BINARY_DIR) / "tests" / "sweep" / "files";
  fs::create_directories(dir);
  std::ofstream(dir / "base.yaml") << "engine: phase_field\n";
  const fs::path file = dir / name;
  std::ofstream(file) << text;
  return file;
}

SweepDefinition read(const std::string& name, const std::string& text) {
  SweepFileChecks checks;
  checks.schema = &test_schema();
  return read_sweep_file(write_file(name, text), checks);
}

std::vector<Diagnostic> errors_of(const std::string& name, const std::string& text,
                                  SweepFileChecks checks = {}) {
  if (checks.schema == nullptr) checks.schema = &test_schema();
  try {
    (void)read_sweep_file(write_file(name, text), checks);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  FAIL("no error for " << name);
  return {};
}

std::vector<std::string> texts(const SweepPlan& plan, std::size_t k) {
  std::vector<std::string> out;
  for (std::size_t p = 0; p < plan.points; ++p)
    out.push_back(plan.tasks[p * plan.replicates].parameters[k].text);
  return out;
}

}  // namespace

TEST_CASE("product of a list and a linspace with units, with replicates and fixed overrides") {
  const SweepDefinition def = read("product.yaml", R"(sweep:
  scenario: base.yaml
  set:
    domain: {nx: 64}
    run.duration: 600 s
  parameters:
    vacancy_source.loss_fraction: [0.25, 0.5]
    electrochemistry.bias: {linspace: [4.5 V, 4.9 V, 3]}
  replicates: 2
  master_seed: 3
)");
  const SweepPlan& plan = def.plan;
  CHECK(plan.base_scenario.filename() == "base.yaml");
  CHECK(plan.base_scenario.is_absolute());
  CHECK(plan.fixed_overrides == std::vector<std::string>{"domain.nx=64", "run.duration=600 s"});
  CHECK(plan.parameter_keys ==
        std::vector<std::string>{"vacancy_source.loss_fraction", "electrochemistry.bias"});
  CHECK(plan.points == 6);
  REQUIRE(plan.tasks.size() == 12);
  // First key slowest; ranges keep the user's unit.
  CHECK(texts(plan, 0) == std::vector<std::string>{"0.25", "0.25", "0.25", "0.5", "0.5", "0.5"});
  CHECK(texts(plan, 1) == std::vector<std::string>{"4.5 V", "4.7 V", "4.9 V", "4.5 V", "4.7 V", "4.9 V"});
  const SweepTask& t = plan.tasks[7];  // point 3, replicate 1
  CHECK(t.point == 3);
  CHECK(t.replicate == 1);
  CHECK(t.seed == derive_task_seed(3, 3, 1));
  CHECK(t.parameters[1].si_value.value() == doctest::Approx(4.5).epsilon(1e-15));
  CHECK(def.slurm.job_name == "product");
}

TEST_CASE("zip, logspace, mixed units and integer keys") {
  const SweepPlan zip = read("zip.yaml", R"(sweep:
  parameters:
    electrochemistry.bias: [4.6 V, 4.7 V, 4.8 V]
    engine: [kmc, phase_field, kmc]
  combine: zip
)")
                            .plan;
  CHECK(zip.points == 3);
  CHECK(texts(zip, 1) == std::vector<std::string>{"kmc", "phase_field", "kmc"});
  CHECK_FALSE(zip.tasks[0].parameters[1].si_value.has_value());
  CHECK(zip.base_scenario.empty());  // the built-in default scenario

  const SweepPlan log = read("log.yaml", R"(sweep:
  parameters:
    vacancy_source.loss_fraction: {logspace: [0.01, 1, 3]}
    electrochemistry.bias: {linspace: ["4500 mV", "4.9 V", 3]}
    domain.nx: {linspace: [16, 64, 4]}
)")
                            .plan;
  CHECK(log.points == 36);
  const SweepTask& last = log.tasks.back();
  CHECK(last.parameters[0].text == "1");
  CHECK(log.tasks[12].parameters[0].text == "0.1");
  // The second end is converted into the first one's unit.
  CHECK(last.parameters[1].text == "4900 mV");
  CHECK(close(last.parameters[1].si_value.value(), 4.9, round_off));
  std::vector<std::string> nx;
  for (std::size_t i = 0; i < 4; ++i) nx.push_back(log.tasks[i].parameters[2].text);
  CHECK(nx == std::vector<std::string>{"16", "32", "48", "64"});
}

TEST_CASE("Latin hypercube and Sobol within bounds, log scale") {
  const SweepPlan lhs = read("lhs.yaml", R"(sweep:
  parameters:
    electrochemistry.bias: {min: 4.5 V, max: 4.9 V}
    vacancy_source.loss_fraction: {min: 0.01, max: 1, scale: log}
  combine: latin_hypercube
  samples: 8
  master_seed: 9
)")
                            .plan;
  REQUIRE(lhs.points == 8);
  std::vector<int> bias_strata, loss_strata;
  for (const auto& task : lhs.tasks) {
    const double bias = task.parameters[0].si_value.value();
    const double loss = task.parameters[1].si_value.value();
    CHECK(bias >= 4.5);
    CHECK(bias <= 4.9);
    bias_strata.push_back(static_cast<int>(std::floor((bias - 4.5) / 0.4 * 8)));
    // Log scale: strata are even in log(loss) (12 printed digits move a value by < 1e-11).
    loss_strata.push_back(static_cast<int>(std::floor(std::log(loss / 0.01) / std::log(100.0) * 8 + 1e-9)));
  }
  std::sort(bias_strata.begin(), bias_strata.end());
  std::sort(loss_strata.begin(), loss_strata.end());
  CHECK(bias_strata == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
  CHECK(loss_strata == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});

  const SweepPlan sobol = read("sobol.yaml", R"(sweep:
  parameters:
    electrochemistry.bias: {min: 4.5 V, max: 4.9 V}
    vacancy_source.loss_fraction: {min: 0, max: 1}
  combine: sobol
  samples: 3
)")
                              .plan;
  // Sobol points (0.5, 0.5), (0.75, 0.25), (0.25, 0.75) on the bounds.
  CHECK(texts(sobol, 0) == std::vector<std::string>{"4.7 V", "4.8 V", "4.6 V"});
  CHECK(texts(sobol, 1) == std::vector<std::string>{"0.5", "0.25", "0.75"});
}

TEST_CASE("diagnostics name file, line, column and key") {
  const auto d = errors_of("typos.yaml", R"(sweep:
  replicats: 2
  parameters:
    electrochemistry.bais: [4.6 V]
    run.duration: {linspace: [10 s, 20 Vx, 3]}
  set:
    run.seed: 4
)");
  REQUIRE(d.size() == 4);
  CHECK(d[0].file.find("typos.yaml") != std::string::npos);
  CHECK(d[0].line == 2);
  CHECK(d[0].column == 3);
  CHECK(d[0].key == "sweep.replicats");
  CHECK(d[0].hint == "did you mean 'replicates'?");
  CHECK(d[1].line == 7);  // set: is read before parameters:
  CHECK(d[1].key == "sweep.set.run.seed");
  CHECK(d[2].line == 4);
  CHECK(d[2].column == 5);
  CHECK(d[2].key == "sweep.parameters.electrochemistry.bais");
  CHECK(d[2].hint == "did you mean 'electrochemistry.bias'?");
  CHECK(d[3].line == 5);
  CHECK(d[3].column == 40);  // at the bad unit inside "20 Vx"
  CHECK(d[3].key == "sweep.parameters.run.duration.linspace");

  const auto bounds = errors_of("bounds.yaml", R"(sweep:
  parameters:
    vacancy_source.loss_fraction: {min: 0.1, max: 0.9}
)");
  REQUIRE(bounds.size() == 1);
  CHECK(bounds[0].line == 3);
  CHECK(bounds[0].column == 35);
  CHECK(bounds[0].message.find("need combine: latin_hypercube or sobol") != std::string::npos);

  const auto zip = errors_of("zip_bad.yaml", R"(sweep:
  parameters:
    electrochemistry.bias: [4.6 V, 4.7 V]
    engine: [kmc]
  combine: zip
)");
  REQUIRE(zip.size() == 1);
  CHECK(zip[0].line == 4);
  CHECK(zip[0].column == 13);
  CHECK(zip[0].message.find("1 values here, 2 for electrochemistry.bias") != std::string::npos);
}

TEST_CASE("scenario validation of each point reports at the sweep file's line") {
  SweepFileChecks checks;
  // Stands in for the app's load_and_validate: override 2 (the bias) of point 1 is "invalid".
  checks.validate_point = [](const fs::path&, const std::vector<std::string>& overrides) {
    if (overrides.at(1) == "electrochemistry.bias=5.5 V")
      throw InputError(Diagnostic{"--set", 2, 23, "electrochemistry.bias", "value 5.5 V out of range", ""});
  };
  const auto d = errors_of("invalid_point.yaml", R"(sweep:
  set:
    domain.nx: 32
  parameters:
    electrochemistry.bias: [4.6 V, 5.5 V]
)",
                           checks);
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 5);
  CHECK(d[0].column == 36);
  CHECK(d[0].key == "electrochemistry.bias");
  CHECK(d[0].hint == "point 1: electrochemistry.bias=5.5 V");
}
