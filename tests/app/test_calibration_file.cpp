// Tests of app/calibration_file.cpp: a calibration file reads into SI bounds checked against the
// scenario schema, and a bad one is refused with every problem located.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/calibration_file.hpp"
#include "app/scenario_schema.hpp"
#include "core/error.hpp"

using namespace voidsim;
using namespace voidsim::app;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "voidsim_calibration_file_test";
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  std::ofstream(dir / "dataset.yaml") << "dataset: {name: d}\n";  // only its path is read here
  return dir / name;
}

std::vector<Diagnostic> diagnostics_of(const fs::path& file) {
  try {
    (void)read_calibration_file(file, scenario_schema());
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

bool has(const std::vector<Diagnostic>& ds, int line, const std::string& key, const std::string& words) {
  for (const auto& d : ds)
    if (d.line == line && d.key == key && (d.message + " " + d.hint).find(words) != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("a calibration file reads into SI with its optimiser settings") {
  const fs::path file =
      write_file("good.yaml",
                 "calibration:\n"
                 "  set: {domain.nx: 64, run.duration: \"600 s\"}\n"
                 "  dataset: dataset.yaml\n"
                 "  parameters:\n"
                 "    vacancy_source.oxygen_redox.loss_fraction: {min: 0.2, max: 1, start: 0.35}\n"
                 "    electrochemistry.interface_resistance:\n"
                 "      {min: \"5e3 ohm cm^2\", max: \"3e4 ohm cm^2\", start: \"2e4 ohm cm^2\", scale: log}\n"
                 "  seeds: [3, 4, 5]\n"
                 "  optimizer: {algorithm: LN_BOBYQA, max_evaluations: 12, xtol_rel: 0.05, initial_grid: 3}\n"
                 "  profile_points: 0\n");
  const CalibrationDefinition def = read_calibration_file(file, scenario_schema());
  CHECK(def.scenario.empty());  // the built-in default scenario
  CHECK(def.overrides == std::vector<std::string>{"domain.nx=64", "run.duration=600 s"});
  CHECK(def.dataset == file.parent_path() / "dataset.yaml");
  REQUIRE(def.parameters.size() == 2);
  CHECK(def.parameters[0].start == 0.35);
  CHECK_FALSE(def.parameters[0].log_scale);
  CHECK(def.parameters[1].min == doctest::Approx(0.5));  // 5e3 ohm cm^2 = 0.5 ohm m^2
  CHECK(def.parameters[1].max == doctest::Approx(3.0));
  CHECK(def.parameters[1].log_scale);
  CHECK(def.parameters[1].unit == "ohm cm^2");
  CHECK(def.seeds == std::vector<long long>{3, 4, 5});
  CHECK(def.algorithm == "LN_BOBYQA");
  CHECK(def.max_evaluations == 12);
  CHECK(def.xtol_rel == 0.05);
  CHECK(def.initial_grid == 3);
  CHECK(def.profile_points == 0);
}

TEST_CASE("a bad calibration file is refused with every problem located") {
  const fs::path file =
      write_file("bad.yaml",
                 "calibration:\n"                                                                 // 1
                 "  dataset: dataset.yaml\n"                                                      // 2
                 "  parameters:\n"                                                                // 3
                 "    void_model.surface_enrgy: {min: 0.3, max: 1, start: 0.5}\n"                 // 4
                 "    electrochemistry.interface_resistance:\n"                                   // 5
                 "      {min: \"5 nm\", max: \"3e4 ohm cm^2\", start: 1}\n"                       // 6
                 "    vacancy_source.oxygen_redox.loss_fraction: {min: 0.2, max: 1, start: 2}\n"  // 7
                 "  optimizer: {algorithm: LN_SIMPLEX}\n"                                         // 8
                 "  seedz: [1]\n");                                                               // 9
  const auto ds = diagnostics_of(file);
  CHECK(has(ds, 4, "calibration.parameters.void_model.surface_enrgy",
            "did you mean 'void_model.surface_energy'"));
  CHECK(has(ds, 6, "calibration.parameters.electrochemistry.interface_resistance.min", "nm"));
  CHECK(has(ds, 7, "calibration.parameters.vacancy_source.oxygen_redox.loss_fraction.start",
            "within [min, max]"));
  CHECK(has(ds, 8, "calibration.optimizer.algorithm", "LN_SBPLX"));
  CHECK(has(ds, 9, "calibration.seedz", "did you mean 'seeds'"));
  for (const auto& d : ds) CHECK(d.file == file.string());
}
